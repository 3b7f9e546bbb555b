"""Related articles over a large archive: what the worker's rounds cost, in time and memory.

    bash bench/related           (or: python -m bench.related [--articles N] [--module M])

Uses the benchmark database of ``bash bench/run`` (NEWSDESK_VAR_DIR, by default
bench/results/var/; ``bench/related`` makes it when missing: migrate, demo, generate
BENCH_ARTICLES articles). For each language it times:

- building the corpus (the CANDIDATES newest published articles, vectorized once per
  round), three times;
- computing the lists of ``--articles`` articles with that corpus: half the newest (what
  a round after publishing does), half spread over the whole archive, older than the
  corpus (what the first run over an old archive does; their tagged candidates are read
  and vectorized too);
- one cold ``compute_related`` (the corpus built inside), as a first round pays.

Nothing is stored by those. Then it runs ``newsdesk worker --once`` (one publishing round
and one round of related lists, which it stores, as ``newsdesk serve``'s worker would)
and reads its peak RSS from ``getrusage``. Prints a table, then the figures as JSON on the
last line, also written to bench/results/related.json with the lists found (article ids),
so that two implementations can be compared list by list.

``--module`` names the module to time: ``newsdesk.related.lists`` by default. The
scikit-learn implementation it replaced, at commit 61f6426, was
``newsdesk.trending.related``, with the same functions.
"""

import argparse
import importlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench.figures import summary

RESULTS = Path(__file__).resolve().parent / "results"
os.environ.setdefault("NEWSDESK_VAR_DIR", str(RESULTS / "var"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def sample(language: str, count: int, corpus_size: int) -> list:
    """The ``count // 2`` newest published articles of ``language``, and as many spread
    evenly over those older than the corpus."""
    from newsdesk.content.models import Article

    published = Article.objects.published().in_language(language).order_by("-published_at")
    newest = list(published[: count // 2])
    total = published.count()
    older = max(0, total - corpus_size)
    step = max(1, older // max(1, count - len(newest)))
    offsets = range(corpus_size, total, step)[: count - len(newest)]
    return newest + [published[offset] for offset in offsets]


def measure_language(lists, language: str, count: int) -> dict:
    corpus_ms, corpus = [], None
    for _ in range(3):
        ms, corpus = timed(lambda: lists.Corpus.build(language))
        corpus_ms.append(ms)
    articles = sample(language, count, lists.CANDIDATES)
    if not articles:
        return {}
    lists.compute_related(articles[0], corpus)  # warm up
    newest, oldest, found = [], [], {}
    for index, article in enumerate(articles):
        ms, related = timed(lambda a=article: lists.compute_related(a, corpus))
        (newest if index < count // 2 else oldest).append(ms)
        found[article.pk] = [other.pk for other, _ in related]
    cold_ms, _ = timed(lambda: lists.compute_related(articles[0]))
    return {
        "corpus_articles": len(corpus.ids),
        "corpus_build": summary(corpus_ms, 1),
        "compute_newest": summary(newest, 1),
        "compute_archive": summary(oldest, 1) if oldest else None,
        "compute_cold_ms": round(cold_ms, 1),
        "listed": round(sum(1 for ids in found.values() if ids) / len(found), 2),
        "lists": found,
    }


def worker_round() -> dict:
    """Peak RSS and wall time of ``newsdesk worker --once``, in a process of its own."""
    command = [str(Path(sys.executable).with_name("newsdesk")), "worker", "--once"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode != 0:
        raise SystemExit(f"bench.related: newsdesk worker --once failed:\n{done.stderr}")
    log = [line for line in done.stderr.splitlines() if "related lists" in line]
    return {
        "peak_rss_mb": round(max(peak, before) / 1024, 1),
        "wall_s": round(seconds, 1),
        "log": log[-1] if log else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.related")
    parser.add_argument("--articles", type=int, default=40, help="articles timed per language")
    parser.add_argument("--module", default="newsdesk.related.lists", help="what to time")
    options = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    from newsdesk.content.models import Article

    lists = importlib.import_module(options.module)
    facts = {
        "module": options.module,
        "articles": Article.objects.count(),
        "published": Article.objects.published().count(),
    }
    print(f"== {options.module}: {facts['articles']:,} articles, {facts['published']:,} published")
    figures = {}
    for language, _ in settings.LANGUAGES:
        figures[language] = measure_language(lists, language, options.articles)
    worker = worker_round()

    print(f"\n{'language':10} {'corpus':>7} {'build p50':>10} {'newest p50/p95':>16} "
          f"{'archive p50/p95':>16} {'cold':>8} {'listed':>7}")  # fmt: skip
    for language, row in figures.items():
        if not row:
            continue
        archive = row["compute_archive"] or {"p50_ms": 0, "p95_ms": 0}
        print(
            f"{language:10} {row['corpus_articles']:>7,} {row['corpus_build']['p50_ms']:>7.0f} ms "
            f"{row['compute_newest']['p50_ms']:>6.1f}/{row['compute_newest']['p95_ms']:<6.1f} ms "
            f"{archive['p50_ms']:>6.1f}/{archive['p95_ms']:<6.1f} ms "
            f"{row['compute_cold_ms']:>5.0f} ms {row['listed']:>7.0%}"
        )
    print(f"\nnewsdesk worker --once: peak RSS {worker['peak_rss_mb']} MB, {worker['wall_s']} s")
    print(f"   {worker['log']}")

    result = {**facts, "languages": figures, "worker": worker}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "related.json").write_text(json.dumps(result, indent=1))
    short = {
        **facts,
        "languages": {
            language: {key: value for key, value in row.items() if key != "lists"}
            for language, row in figures.items()
        },
        "worker": worker,
    }
    print(json.dumps(short))


if __name__ == "__main__":
    main()
