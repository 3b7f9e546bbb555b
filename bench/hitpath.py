"""CPU per cache hit: newsdesk's WSGI stack against a bare callable, in one process.

    PYTHONPATH=$PWD .venv/bin/python -m bench.hitpath [--hits N] [--rounds R]

Requests/s under wrk depend on everything else the machine does; the CPU time one process
spends answering a hit does much less. Each page of the benchmark database (home, an
article, a section) is stored by a first request, then answered ``--hits`` times through
``newsdesk.wsgi.application`` (security headers, read beacons, the page store) and through
a bare WSGI callable returning the same bytes, in turn, ``--rounds`` times; printed are the
median microseconds of CPU per request of each, and their difference: what the hit path
costs over the Python limit; then the 95th percentile of newsdesk's requests timed one by
one (``--hits`` of them; each timing adds a clock read, under a microsecond). Uses
NEWSDESK_VAR_DIR (by default bench/results/var/, the database of ``bash bench/run``).

With REDIS_URL the page store is Redis with a first level in this process, measured once
its subscription to purges is made (``--no-first-level``: Redis alone, each hit an MGET).
``--publish-latency N`` measures instead how long a purge takes to reach another process's
first level (wall time from the start of ``purge()``; N purges): how long a purged page
may still be answered.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
os.environ.setdefault("NEWSDESK_VAR_DIR", str(RESULTS / "var"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")


def environ(path: str) -> dict:
    """What granian hands the application for wrk's GET."""
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1:8000",
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr,
    }  # fmt: skip


def start_response(status, headers, exc_info=None):
    return None


def bare_for(body: bytes):
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]

    def application(environ, start_response):
        start_response("200 OK", headers)
        return [body]

    return application


def cpu_per_call(application, path: str, hits: int) -> float:
    """Microseconds of CPU per request."""
    started = time.process_time()
    for _ in range(hits):
        b"".join(application(environ(path), start_response))
    return (time.process_time() - started) / hits * 1e6


def cpu_each(application, path: str, hits: int) -> list[float]:
    """Microseconds of CPU of each request, timed one by one."""
    times = []
    for _ in range(hits):
        started = time.process_time()
        b"".join(application(environ(path), start_response))
        times.append((time.process_time() - started) * 1e6)
    return times


def describe_store() -> str:
    """The page store, and for Redis whether its first level answers (waiting for it)."""
    from newsdesk.caching.store import get_store

    store = get_store()
    local = getattr(store, "local", None)
    if local is None:
        return type(store).__name__
    if local.max_bytes <= 0:
        return f"{type(store).__name__}, no first level"
    local.subscribe()
    if not local.wait(lambda: local.live, 10):
        raise SystemExit("the first level never subscribed to the purge channel")
    return f"{type(store).__name__}, first level of {local.max_bytes // 2**20} MB"


def publish_latency(url: str, purges: int) -> None:
    """Purge N keys here; a forked process reports when its first level forgot each."""
    import multiprocessing
    import uuid

    from newsdesk.caching.store import Entry, RedisStore

    prefix = f"bench-latency-{uuid.uuid4().hex[:8]}:"
    context = multiprocessing.get_context("fork")
    ready, forgotten = context.Queue(), context.Queue()

    def reader():
        store = RedisStore(url, 60, prefix, local_bytes=10_000_000)
        store.local.subscribe()
        store.local.wait(lambda: store.local.live, 10)
        times = []
        for number in range(purges):
            page = Entry.build("200 OK", [], b"page", {f"k{number}"}, 60)
            store.put(f"/{number}", page, store.start())
            ready.put(number)
            store.local.wait(lambda number=number: f"/{number}" not in store.local.entries, 10)
            times.append(time.time())
        forgotten.put(times)

    process = context.Process(target=reader)
    process.start()
    purger = RedisStore(url, 60, prefix)
    sent = []
    for number in range(purges):
        ready.get(timeout=30)
        sent.append(time.time())
        purger.purge({f"k{number}"})
    got = forgotten.get(timeout=30)
    process.join()
    purger.clear()
    waits = sorted((heard - start) * 1e6 for start, heard in zip(sent, got, strict=True))
    p95 = statistics.quantiles(waits, n=20)[-1]
    print(
        f"purge to forgotten in another process, µs: median {statistics.median(waits):.0f}"
        f" p95 {p95:.0f} max {waits[-1]:.0f} ({purges} purges)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hits", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-first-level", action="store_true", help="with REDIS_URL")
    parser.add_argument("--publish-latency", type=int, metavar="N", help="with REDIS_URL")
    options = parser.parse_args()
    if options.publish_latency:
        if not os.environ.get("REDIS_URL"):
            raise SystemExit("--publish-latency needs REDIS_URL")
        publish_latency(os.environ["REDIS_URL"], options.publish_latency)
        return
    if options.no_first_level:
        os.environ["PAGE_CACHE_MAX_MB"] = "0"

    import django

    django.setup()
    from newsdesk.content.models import Article, Section
    from newsdesk.wsgi import application

    article = Article.objects.published().filter(language="en").latest("published_at")
    section = Section.objects.order_by("position").first()
    paths = {"home": "/en/", "article": article.get_absolute_url()}
    if section is not None:
        paths["section"] = f"/en{section.get_absolute_url().removeprefix('/en')}"
    print(f"page store: {describe_store()}")
    print(f"{'page':8} {'newsdesk µs':>12} {'bare µs':>8} {'hit path µs':>12} {'p95 µs':>8}")
    for page, path in paths.items():
        seen = []
        for _ in range(3):  # a miss stores it, then hits
            headers = {}

            def keep(status, response_headers, exc_info=None, headers=headers):
                headers.update(response_headers)

            body = b"".join(application(environ(path), keep))
            seen.append(headers.get("X-Cache"))
        if seen[-1] != "hit":
            raise SystemExit(f"{path} is not answered from the page store: {seen}")
        bare = bare_for(body)
        ours, theirs = [], []
        for _ in range(options.rounds):
            ours.append(cpu_per_call(application, path, options.hits))
            theirs.append(cpu_per_call(bare, path, options.hits))
        n, b = statistics.median(ours), statistics.median(theirs)
        p95 = statistics.quantiles(cpu_each(application, path, options.hits), n=20)[-1]
        print(f"{page:8} {n:12.2f} {b:8.2f} {n - b:12.2f} {p95:8.2f}")


if __name__ == "__main__":
    main()
