"""Search latency over a large archive: p50 and p95 of English and Chinese queries.

    bash bench/search            (or: python -m bench.search [--rounds N])

Uses the benchmark database of ``bash bench/run`` (NEWSDESK_VAR_DIR, by default
bench/results/var/; ``bench/search`` makes it when missing: migrate, demo, generate
BENCH_ARTICLES articles) and brings its search index up to date first (``newsdesk reindex``,
timed, when the index does not hold every published article).

Each query of QUERIES is run once to warm up, then ``--rounds`` times, in turn, through
``newsdesk.search.query.search`` (what the page and the API call: the full-text query,
ranking, loading the 20 articles of the first page and their snippets); the latencies of
every run make the percentiles. Then the search page itself, through the WSGI application
as granian calls it (page-store front, middleware, template), for each query once per round.
Prints a table, then the figures as JSON on the last line, also written to
bench/results/search.json.
"""

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.figures import summary

RESULTS = Path(__file__).resolve().parent / "results"
os.environ.setdefault("NEWSDESK_VAR_DIR", str(RESULTS / "var"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

TARGET_P95_MS = 50.0

# (query, language, filters): words of the generated archive, common and rare, phrases,
# names, words that match most articles, and nothing at all; Chinese of 1 to 6 characters.
QUERIES = [
    ("ferry", "en", {}),
    ("ferries", "en", {}),
    ("council", "en", {}),
    ("said", "en", {}),
    ("Redhythe", "en", {}),
    ("Port Halden", "en", {}),
    ("tourist levy", "en", {}),
    ('"city budget"', "en", {}),
    ("coastal rescue volunteers", "en", {}),
    ("school meals", "en", {}),
    ("cruise season", "en", {}),
    ("Amber Delta farmers", "en", {}),
    ("strait dollars", "en", {}),
    ("lighthouse", "en", {}),
    ("zeppelin", "en", {}),
    ("ferry", "en", {"section": "business"}),
    ("council", "en", {"days": 30}),
    ("港", "zh-hans", {}),
    ("税", "zh-hans", {}),
    ("议会", "zh-hans", {}),
    ("渡轮", "zh-hans", {}),
    ("邮轮", "zh-hans", {}),
    ("旅游税", "zh-hans", {}),
    ("哈尔登", "zh-hans", {}),
    ("哈尔登港", "zh-hans", {}),
    ("阿什比湾", "zh-hans", {}),
    ("海岸救援", "zh-hans", {}),
    ("琥珀三角洲", "zh-hans", {}),
    ("市政预算", "zh-hans", {}),
    ("志愿救援队员", "zh-hans", {}),
    ("学校 午餐", "zh-hans", {}),
    ("Halden 港务局", "zh-hans", {}),
    ("议会", "zh-hans", {"section": "business"}),
]


def prepare() -> dict:
    """Bring the search index up to date; the archive's size and the index's."""
    from django.db import connection

    from newsdesk.content.models import Article
    from newsdesk.search.index import reindex
    from newsdesk.search.models import SearchEntry

    published = Article.objects.filter(status=Article.Status.PUBLISHED).count()
    facts = {"articles": Article.objects.count(), "published": published}
    if SearchEntry.objects.count() != published:
        print(f"   indexing {published:,} published articles (newsdesk reindex) ...", flush=True)
        started = time.perf_counter()
        reindex()
        facts["reindex_s"] = round(time.perf_counter() - started, 1)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search%' "
            "OR name LIKE 'sqlite_autoindex_search%'"
        )
        facts["index_mb"] = round((cursor.fetchone()[0] or 0) / 1e6)
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        facts["database_mb"] = round(pages * cursor.fetchone()[0] / 1e6)
    return facts


def arguments_of(language: str, filters: dict) -> dict:
    from django.utils import timezone

    from newsdesk.content.models import Section

    arguments = {"language": language}
    if "section" in filters:
        arguments["section"] = Section.objects.get(slug=filters["section"])
    if "days" in filters:
        arguments["since"] = timezone.localdate() - timezone.timedelta(days=filters["days"])
    return arguments


def page_url(q: str, language: str, filters: dict) -> str:
    params = {"q": q, **({"section": filters["section"]} if "section" in filters else {})}
    return f"/{language}/search/?{urlencode(params)}"


def measure(rounds: int) -> dict:
    from bench.cold import get
    from newsdesk.search.query import search
    from newsdesk.wsgi import application

    calls = [
        (q, language, filters, arguments_of(language, filters)) for q, language, filters in QUERIES
    ]
    times = {index: [] for index in range(len(calls))}
    found = {}
    for index, (q, _, _, arguments) in enumerate(calls):  # warm up
        results = search(q, **arguments)
        found[index] = (results.total, results.more)
    for _ in range(rounds):
        for index, (q, _, _, arguments) in enumerate(calls):
            started = time.perf_counter()
            search(q, **arguments)
            times[index].append((time.perf_counter() - started) * 1000)
    page_times = []
    for round_number in range(rounds + 1):
        for q, language, filters, _ in calls:
            seconds, status, _, _ = get(application, page_url(q, language, filters))
            if not status.startswith("200"):
                raise SystemExit(
                    f"bench.search: {page_url(q, language, filters)} answered {status}"
                )
            if round_number:  # the first round warms up
                page_times.append(seconds * 1000)
    per_query = []
    for index, (q, language, filters, _) in enumerate(calls):
        total, more = found[index]
        per_query.append(
            {"q": q, "language": language, "filters": filters,
             "found": f"{total}+" if more else str(total),
             "p50_ms": round(statistics.median(times[index]), 2),
             "max_ms": round(max(times[index]), 2)}
        )  # fmt: skip
    english = [t for i, c in enumerate(calls) if c[1] == "en" for t in times[i]]
    chinese = [t for i, c in enumerate(calls) if c[1] != "en" for t in times[i]]
    return {
        "queries": per_query,
        "search_en": summary(english),
        "search_zh": summary(chinese),
        "search_all": summary(english + chinese),
        "page_all": summary(page_times),
    }


def report(facts: dict, figures: dict) -> None:
    print(f"\n{'query':30} {'lang':8} {'found':>6} {'p50 ms':>8} {'max ms':>8}")
    for row in figures["queries"]:
        label = row["q"] + "".join(f" [{k}={v}]" for k, v in row["filters"].items())
        print(
            f"{label:30} {row['language']:8} {row['found']:>6} "
            f"{row['p50_ms']:8.1f} {row['max_ms']:8.1f}"
        )
    print()
    labels = {
        "search_en": "search(), English",
        "search_zh": "search(), Chinese",
        "search_all": "search(), all",
        "page_all": "search page (WSGI)",
    }
    for key, label in labels.items():
        s = figures[key]
        print(
            f"{label:22} p50 {s['p50_ms']:6.1f} ms   p95 {s['p95_ms']:6.1f} ms   ({s['runs']} runs)"
        )
    verdict = "met" if figures["search_all"]["p95_ms"] < TARGET_P95_MS else "MISSED"
    print(f"target: p95 under {TARGET_P95_MS:.0f} ms at 100,000 articles on SQLite: {verdict}")
    print(
        f"archive: {facts['articles']:,} articles, {facts['published']:,} published; "
        f"database {facts['database_mb']:,} MB, of which the search index {facts['index_mb']:,} MB"
        + (f"; reindexed in {facts['reindex_s']} s" if "reindex_s" in facts else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=int(os.environ.get("BENCH_SEARCH_ROUNDS", "20"))
    )
    options = parser.parse_args()
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "sqlite":
        raise SystemExit("bench.search measures the embedded SQLite database: unset DATABASE_URL")
    facts = prepare()
    figures = measure(max(1, options.rounds))
    report(facts, figures)
    result = {"facts": facts, **figures}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "search.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
