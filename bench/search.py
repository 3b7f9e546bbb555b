"""Search latency over a large archive: p50 and p95 by kind of query and language.

    bash bench/search            (or: python -m bench.search [--rounds N] [--no-pages])

Runs on the database the settings name: the SQLite file in NEWSDESK_VAR_DIR (by default
bench/results/var/, the benchmark database of ``bash bench/run``; ``bench/search`` makes
it when missing: migrate, demo, generate BENCH_ARTICLES articles), or PostgreSQL with
DATABASE_URL set (``env $(python -m tests.backends) bash bench/search``, with a
database of your own in DATABASE_URL). The search index is brought up to date first
(``newsdesk reindex``, timed, when it does not hold every published article).

Each query of QUERIES is run once to warm up, then ``--rounds`` times, in turn, through
``newsdesk.search.query.search`` (what the page and the API call: the full-text query,
ranking, loading the 20 articles of the page and their snippets); the latencies of
every run make the percentiles, by kind of query (common words, phrases, rare words,
date or section filters, a later page) and language. CPU time is reported beside wall
clock time, as the mean per query (for each query too, in the table): this process's,
and on PostgreSQL the server backend's too (read from /proc, on the same machine, in
ticks of 10 ms), so that a busy machine can be told from slow code. On PostgreSQL each
query's statements are then replayed once under EXPLAIN (ANALYZE, BUFFERS), in a
transaction rolled back, for the shared buffers one search touches: a count that a busy
machine does not change, unlike times. Then the search page
itself, through the WSGI application as granian calls it (page-store front, middleware,
template), for each query once per round. Prints a table and the size of the index,
then the figures as JSON on the last line, also written to bench/results/search.json.
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

# (kind, query, language, filters): words of the generated archive. "common": words that
# match most articles; "phrase": words that must appear together ("quoted", or Chinese);
# "rare": a few hundredths of the archive, or nothing; "filtered": a section or the last
# days; "page 5": a later page of common words. Filters: section (a slug), days (since
# that many days ago), page.
QUERIES = [
    ("common", "said", "en", {}),
    ("common", "council", "en", {}),
    ("common", "the city", "en", {}),
    ("common", "ferries", "en", {}),
    ("common", "Port Halden", "en", {}),
    ("common", "Amber Delta farmers", "en", {}),
    ("common", "strait dollars", "en", {}),
    ("phrase", '"the city"', "en", {}),
    ("phrase", '"city budget"', "en", {}),
    ("phrase", '"said the"', "en", {}),
    ("phrase", "tourist levy", "en", {}),
    ("phrase", "coastal rescue volunteers", "en", {}),
    ("phrase", "school meals", "en", {}),
    ("phrase", "cruise season", "en", {}),
    ("rare", "Redhythe", "en", {}),
    ("rare", "lighthouse", "en", {}),
    ("rare", "zeppelin", "en", {}),
    ("filtered", "ferry", "en", {"section": "business"}),
    ("filtered", "council", "en", {"days": 30}),
    ("filtered", "said", "en", {"days": 365}),
    ("filtered", '"the city"', "en", {"days": 30}),
    ("filtered", "lighthouse", "en", {"days": 365}),
    ("page 5", "said", "en", {"page": 5}),
    ("page 5", "council", "en", {"page": 5, "days": 365}),
    ("common", "港", "zh-hans", {}),
    ("common", "议会", "zh-hans", {}),
    ("common", "哈尔登", "zh-hans", {}),
    ("common", "琥珀三角洲", "zh-hans", {}),
    ("phrase", "哈尔登港", "zh-hans", {}),
    ("phrase", "阿什比湾", "zh-hans", {}),
    ("phrase", "海岸救援", "zh-hans", {}),
    ("phrase", "市政预算", "zh-hans", {}),
    ("phrase", "志愿救援队员", "zh-hans", {}),
    ("phrase", "学校 午餐", "zh-hans", {}),
    ("phrase", "Halden 港务局", "zh-hans", {}),
    ("rare", "税", "zh-hans", {}),
    ("rare", "渡轮", "zh-hans", {}),
    ("rare", "邮轮", "zh-hans", {}),
    ("rare", "旅游税", "zh-hans", {}),
    ("filtered", "议会", "zh-hans", {"section": "business"}),
    ("filtered", "议会", "zh-hans", {"days": 30}),
    ("filtered", "港", "zh-hans", {"days": 365}),
    ("page 5", "议会", "zh-hans", {"page": 5}),
]
KINDS = ["common", "phrase", "rare", "filtered", "page 5"]


def prepare() -> dict:
    """Bring the search index up to date; the archive's size and the index's."""
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
    facts.update(index_sizes())
    return facts


def index_sizes() -> dict:
    """Megabytes of the database, of the full-text index proper, and of the tables it is
    built from (entries and documents, with their own indexes)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # FTS5 keeps its index in shadow tables search_fts_*: the content is external.
            cursor.execute(
                "SELECT SUM(CASE WHEN name LIKE 'search_fts%' THEN pgsize END), "
                "SUM(CASE WHEN name NOT LIKE 'search_fts%' THEN pgsize END) FROM dbstat "
                "WHERE name LIKE 'search%' OR name LIKE 'sqlite_autoindex_search%'"
            )
            full_text, tables = cursor.fetchone()
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            database = pages * cursor.fetchone()[0]
        else:
            cursor.execute(
                "SELECT pg_relation_size('search_document_vector'), "
                "pg_total_relation_size('search_searchdocument') "
                "+ pg_total_relation_size('search_searchentry') "
                "- pg_relation_size('search_document_vector'), "
                "pg_database_size(current_database())"
            )
            full_text, tables, database = cursor.fetchone()
    return {
        "database_mb": round(database / 1e6),
        "full_text_index_mb": round((full_text or 0) / 1e6),
        "index_tables_mb": round((tables or 0) / 1e6),
    }


def arguments_of(language: str, filters: dict) -> dict:
    from django.conf import settings
    from django.utils import timezone

    from newsdesk.content.models import Section

    arguments = {"language": language, "limit": settings.ARTICLES_PER_PAGE}
    if "section" in filters:
        arguments["section"] = Section.objects.get(slug=filters["section"])
    if "days" in filters:
        arguments["since"] = timezone.localdate() - timezone.timedelta(days=filters["days"])
    if "page" in filters:
        arguments["offset"] = (filters["page"] - 1) * settings.ARTICLES_PER_PAGE
    return arguments


def page_url(q: str, language: str, filters: dict, arguments: dict) -> str:
    params = {"q": q}
    if "section" in filters:
        params["section"] = filters["section"]
    if "since" in arguments:
        params["from"] = arguments["since"].isoformat()
    if "page" in filters:
        params["page"] = filters["page"]
    return f"/{language}/search/?{urlencode(params)}"


class ServerClock:
    """CPU seconds used by this connection's PostgreSQL backend, from /proc (the server
    runs on this machine); zero on SQLite, which runs in this process."""

    def __init__(self):
        from django.db import connection

        self.stat = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                path = Path(f"/proc/{cursor.fetchone()[0]}/stat")
            self.stat = path if path.exists() else None
        self.ticks = os.sysconf("SC_CLK_TCK")

    def seconds(self) -> float:
        if self.stat is None:
            return 0.0
        fields = self.stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / self.ticks  # utime, stime


def buffers_of(q: str, arguments: dict) -> int | None:
    """The shared buffers (hit or read) that one search() touches on PostgreSQL: its
    statements replayed under EXPLAIN (ANALYZE, BUFFERS), its settings included, in a
    transaction rolled back. None on SQLite."""
    from django.db import connection, transaction

    from newsdesk.search.query import search

    if connection.vendor != "postgresql":
        return None
    statements = []

    def keep(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        search(q, **arguments)
    total = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            if sql.startswith("SET "):
                cursor.execute(sql, params)
            elif sql.lstrip().upper().startswith(("SELECT", "WITH")):
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
                plan = cursor.fetchone()[0][0]["Plan"]
                total += plan["Shared Hit Blocks"] + plan["Shared Read Blocks"]
        transaction.set_rollback(True)
    return total


def measure(rounds: int, pages: bool = True) -> dict:
    from bench.cold import get
    from newsdesk.search.query import search
    from newsdesk.wsgi import application

    calls = [
        (kind, q, language, filters, arguments_of(language, filters))
        for kind, q, language, filters in QUERIES
    ]
    times = {index: [] for index in range(len(calls))}
    query_cpu = {index: [] for index in range(len(calls))}
    found = {}
    for index, (_, q, _, _, arguments) in enumerate(calls):  # warm up
        results = search(q, **arguments)
        found[index] = (results.total, results.more, len(results.hits))
    server = ServerClock()
    cpu_started, server_started = time.process_time(), server.seconds()
    cpu_times = []
    for _ in range(rounds):
        for index, (_, q, _, _, arguments) in enumerate(calls):
            started, cpu, backend = time.perf_counter(), time.process_time(), server.seconds()
            search(q, **arguments)
            times[index].append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu) * 1000)
            query_cpu[index].append(cpu_times[-1] + (server.seconds() - backend) * 1000)
    runs = rounds * len(calls)
    cpu_ms = (time.process_time() - cpu_started) * 1000 / runs
    server_ms = (server.seconds() - server_started) * 1000 / runs
    page_times = []
    for round_number in range(rounds + 1 if pages else 0):
        for _, q, language, filters, arguments in calls:
            url = page_url(q, language, filters, arguments)
            seconds, status, _, _ = get(application, url)
            if not status.startswith("200"):
                raise SystemExit(f"bench.search: {url} answered {status}")
            if round_number:  # the first round warms up
                page_times.append(seconds * 1000)
    per_query = []
    for index, (kind, q, language, filters, arguments) in enumerate(calls):
        total, more, shown = found[index]
        per_query.append(
            {"kind": kind, "q": q, "language": language, "filters": filters,
             "found": f"{total}+" if more else str(total), "shown": shown,
             "p50_ms": round(statistics.median(times[index]), 2),
             "max_ms": round(max(times[index]), 2),
             "cpu_mean_ms": round(statistics.mean(query_cpu[index]), 2),
             "buffers": buffers_of(q, arguments)}
        )  # fmt: skip
    figures = {"queries": per_query}
    if per_query[0]["buffers"] is not None:
        figures["buffers_per_search"] = {
            "total": sum(row["buffers"] for row in per_query),
            "max": max(row["buffers"] for row in per_query),
        }
    for language in ("en", "zh-hans"):
        for kind in KINDS:
            ms = [
                t for i, c in enumerate(calls) if (c[0], c[2]) == (kind, language) for t in times[i]
            ]
            if ms:
                figures[f"search {language} {kind}"] = summary(ms)
        figures[f"search {language}"] = summary(
            [t for i, c in enumerate(calls) if c[2] == language for t in times[i]]
        )
    figures["search all"] = summary([t for ms in times.values() for t in ms])
    if page_times:
        figures["search page (WSGI)"] = summary(page_times)
    # On SQLite the database works in this process: this is all the CPU a search takes.
    figures["search all, CPU of this process"] = summary(cpu_times)
    figures["cpu_ms_per_search"] = {"client": round(cpu_ms, 2), "server": round(server_ms, 2)}
    return figures


def report(facts: dict, figures: dict, vendor: str) -> None:
    print(
        f"\n{'kind':9} {'query':36} {'lang':8} {'found':>6} {'p50 ms':>8} {'max ms':>8}"
        f" {'CPU mean':>8} {'buffers':>8}"
    )
    for row in figures["queries"]:
        label = row["q"] + "".join(f" [{k}={v}]" for k, v in row["filters"].items())
        print(
            f"{row['kind']:9} {label:36} {row['language']:8} {row['found']:>6} "
            f"{row['p50_ms']:8.1f} {row['max_ms']:8.1f} {row['cpu_mean_ms']:8.1f}"
            f" {row['buffers'] if row['buffers'] is not None else '':>8}"
        )
    print()
    for key, s in figures.items():
        if isinstance(s, dict) and "p95_ms" in s:
            print(
                f"{key:32} p50 {s['p50_ms']:6.1f} ms   p95 {s['p95_ms']:6.1f} ms"
                f"   ({s['runs']} runs)"
            )
    cpu = figures["cpu_ms_per_search"]
    print(
        f"CPU per search(), mean: {cpu['client']:.1f} ms in this process"
        + (f" + {cpu['server']:.1f} ms in the PostgreSQL backend" if vendor != "sqlite" else "")
        + f"; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    if "buffers_per_search" in figures:
        buffers = figures["buffers_per_search"]
        print(
            f"shared buffers one search of each query touches: {buffers['total']:,} in all, "
            f"{buffers['max']:,} at most"
        )
    verdict = "met" if figures["search all"]["p95_ms"] <= TARGET_P95_MS else "MISSED"
    print(f"target: p95 at most {TARGET_P95_MS:.0f} ms on {vendor}: {verdict}")
    if vendor == "sqlite":
        # A machine busy with other work stretches wall clock time, not CPU time.
        cpu_p95 = figures["search all, CPU of this process"]["p95_ms"]
        verdict = "met" if cpu_p95 <= TARGET_P95_MS else "MISSED"
        print(f"         in CPU time (all of it, on SQLite): {verdict}")
    print(
        f"archive: {facts['articles']:,} articles, {facts['published']:,} published; "
        f"database {facts['database_mb']:,} MB, of which the full-text index "
        f"{facts['full_text_index_mb']:,} MB and the entries and documents it is built from "
        f"{facts['index_tables_mb']:,} MB"
        + (f"; reindexed in {facts['reindex_s']} s" if "reindex_s" in facts else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=int(os.environ.get("BENCH_SEARCH_ROUNDS", "20"))
    )
    parser.add_argument(
        "--no-pages",
        dest="pages",
        action="store_false",
        help="measure search() only, not the search page as well",
    )
    options = parser.parse_args()
    import django

    django.setup()
    from django.db import connection

    facts = prepare()
    figures = measure(max(1, options.rounds), options.pages)
    facts["load_average"] = [round(x, 2) for x in os.getloadavg()]
    report(facts, figures, connection.vendor)
    result = {"facts": {"database": connection.vendor, **facts}, **figures}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "search.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
