"""Cold renders: what a page costs when the page store misses, timed in one process.

Each render goes through ``newsdesk.wsgi.application`` exactly as granian calls it (the
page-store front, Django's whole middleware stack, storing the page, closing the database
connection at the end of the request), only without the HTTP server. Every measured render
is a real miss: article pages are all different articles spread over the archive, the page
store is emptied before each request (untimed; a query string no view reads would only be
dropped and hit the stored page), and the ``X-Cache`` header of each answer is checked to
be ``miss``.

    python -m bench.cold [--renders N] [--after-purge] [--profile PAGE] [PAGE ...]

Run by ``bench/pages.py``; by hand, from the repository root, after ``bash bench/run`` made
the benchmark database (NEWSDESK_VAR_DIR defaults to bench/results/var). Prints its figures
as JSON on stdout. ``--profile`` prints the
cProfile statistics of the renders of one page instead.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import unquote_to_bytes

from bench.figures import timed_queries

# bench/run sets these; the same defaults when this module is run by hand.
os.environ.setdefault("NEWSDESK_VAR_DIR", str(Path(__file__).parent / "results" / "var"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

WARMUP = 5  # renders of each page before measuring: imports, templates, URL resolver


def environ_for(url: str) -> dict:
    """A WSGI environ for a GET of ``url`` (path and query), as granian would give it."""
    path, _, query = url.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT_ENCODING": "gzip",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def get(application, url: str) -> tuple[float, str, dict, bytes]:
    """Seconds taken, status, headers and body of one request through the WSGI app, with
    the page store emptied first so that it is a render."""
    from newsdesk.caching.store import get_store

    # Dropped as the store drops what it has no room for, not purged: answers kept until
    # a purge (caching/memo.py) stay, as they do when a page is evicted.
    get_store().drop_pages()
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    started = time.perf_counter()
    result = application(environ_for(url), start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()  # request_finished: Django closes the database connection
    return time.perf_counter() - started, answer["status"], answer["headers"], body


# The deep page measured: page 500 of a section, addressed as its "Older" link names it.
DEEP_PAGE = 500


def sample_urls(renders: int) -> dict[str, list[str]]:
    """URLs to render cold (the store is emptied before each) for each page: ``WARMUP`` to warm up,
    ``renders`` to time and a last one to count the queries of. Lists are taken where they
    are longest (the biggest section, column, tag and author)."""
    from django.conf import settings
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation

    from newsdesk.content.models import Article, Column, Person, Section, Tag
    from newsdesk.reader.pagination import Position

    count = WARMUP + renders + 1
    ids = list(Article.objects.published().order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // count)
    chosen = Article.objects.in_bulk(ids[::step][:count])
    articles = [chosen[pk].get_absolute_url() for pk in sorted(chosen)]
    english = Article.objects.published().in_language("en")
    # "article": the page of an article kept (content/cards.py ArticlePage), as every
    # article's is once read or published; "article, first render": none kept.
    urls = {"article": articles, "article, first render": articles, "home": ["/en/"] * count}
    with translation.override("en"):
        biggest = {
            "section": (Section, "section"),
            "column": (Column, "column"),
            "tag": (Tag, "tags"),
            "author": (Person, "authors"),
        }
        for page, (model, field) in biggest.items():
            named = english.exclude(**{f"{field}__isnull": True})  # most have no column
            row = named.values(field).annotate(n=Count("pk")).order_by("-n").first()
            if row is not None and row[field] is not None:
                urls[page] = [model.objects.get(pk=row[field]).get_absolute_url()] * count
        top = english.values("section").annotate(n=Count("pk")).order_by("-n").first()
        section = Section.objects.get(pk=top["section"])
        deep = (DEEP_PAGE - 1) * settings.ARTICLES_PER_PAGE - 1
        listing = english.filter(section=section).order_by("-published_at", "-pk")
        last_before = listing[deep : deep + 1].first()
        if last_before is not None:
            position = Position.of(last_before)
            urls["section p500"] = [f"{section.get_absolute_url()}?before={position}"] * count
        urls["feed"] = [reverse("feeds:edition-rss")] * count
    month = (
        english.order_by("-published_at")
        .values_list("published_at", flat=True)[
            settings.ARTICLES_PER_PAGE * 200 : settings.ARTICLES_PER_PAGE * 200 + 1
        ]
        .first()
    )
    if month is not None:  # a full month, a little back from the newest (its first page)
        urls["sitemap month"] = [f"/sitemaps/articles-{month:%Y-%m}.xml"] * count
    urls["sitemap index"] = ["/sitemap.xml"] * count
    return urls


def summary(seconds: list[float]) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    return {
        "renders": len(ms),
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 2),
        "min_ms": round(ms[0], 2),
        "max_ms": round(ms[-1], 2),
        "mean_ms": round(statistics.fmean(ms), 2),
    }


def check_miss(url: str, status: str, headers: dict) -> None:
    if not status.startswith("200") or headers.get("X-Cache") != "miss":
        raise SystemExit(f"bench.cold: {url} answered {status}, X-Cache {headers.get('X-Cache')}")


def queries_of(application, url: str) -> dict:
    """The SQL a cold render of ``url`` runs: how many, their total time, the slowest."""
    with timed_queries() as timed:
        _, status, headers, _ = get(application, url)
    check_miss(url, status, headers)
    timed.sort(reverse=True)
    return {
        "queries": len(timed),
        "sql_ms": round(sum(seconds for seconds, _ in timed) * 1000, 2),
        "slowest": [{"ms": round(s * 1000, 2), "sql": sql[:400]} for s, sql in timed[:3]],
    }


def prepare(application, page: str, url: str) -> None:
    """Untimed, before each render: an article's page kept, or not kept."""
    from newsdesk.content.cards import ArticlePage

    if page == "article":
        get(application, url)
    elif page == "article, first render":
        ArticlePage.objects.all().delete()


def measure(renders: int, pages=None, after_purge=False) -> dict:
    """Cold renders of each page (of ``pages``, all by default); with ``after_purge``,
    each right after a purge of a key no page shows, as after any publication elsewhere:
    what is kept until a purge (caching/memo.py) is read again."""
    from newsdesk.caching.store import get_store
    from newsdesk.wsgi import application

    urls = sample_urls(renders)
    results = {}
    for page, page_urls in urls.items():
        if pages and page not in pages:
            continue
        for url in page_urls[:WARMUP]:
            get(application, url)
        seconds, cpu, sizes = [], [], []
        for url in page_urls[WARMUP:-1]:
            prepare(application, page, url)
            if after_purge:
                get_store().purge({"bench-unrelated"})
            started = time.process_time()
            elapsed, status, headers, body = get(application, url)
            cpu.append(time.process_time() - started)
            check_miss(url, status, headers)
            seconds.append(elapsed)
            sizes.append(len(body))
        prepare(application, page, page_urls[-1])
        by_cpu = summary(cpu)  # steadier than wall time on a busy machine
        results[page] = {
            **summary(seconds),
            "cpu_median_ms": by_cpu["median_ms"],
            "cpu_p95_ms": by_cpu["p95_ms"],
            "body_bytes_median": int(statistics.median(sizes)),
            "example_url": page_urls[WARMUP],
            **queries_of(application, page_urls[-1]),
        }
    return results


def profile(page: str, renders: int) -> None:
    from newsdesk.wsgi import application

    page_urls = sample_urls(renders)[page]
    for url in page_urls[:WARMUP]:
        get(application, url)
    profiler = cProfile.Profile()
    profiler.enable()
    for url in page_urls[WARMUP:-1]:
        profiler.disable()
        prepare(application, page, url)
        profiler.enable()
        get(application, url)
    profiler.disable()
    for order in ("cumulative", "tottime"):
        print(f"== {page}: {renders} cold renders, by {order}")
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(30)
        print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.cold", description=__doc__)
    parser.add_argument("--renders", type=int, default=50, help="measured renders per page")
    parser.add_argument(
        "--profile",
        choices=["article", "article, first render", "home", "section", "column", "tag",
                 "author", "section p500", "feed", "sitemap month", "sitemap index"],
    )  # fmt: skip
    parser.add_argument("pages", nargs="*", help="the pages to measure (all by default)")
    parser.add_argument(
        "--after-purge", action="store_true", help="each render right after a purge"
    )
    options = parser.parse_args()
    import django

    django.setup()
    if options.profile:
        profile(options.profile, options.renders)
    else:
        results = measure(options.renders, options.pages, options.after_purge)
        json.dump(results, sys.stdout, indent=2)
        print()


if __name__ == "__main__":
    main()
