"""The page store under a crawl of distinct URLs: does memory stay bounded?

Issues N distinct URLs (default one million) through ``newsdesk.wsgi.application`` in one
process, as a crawler or a bot following tracking links would: the site's real pages with
tracking parameters (``utm_*``, ``fbclid``...), unknown parameters (``?v=<i>``) and, one in
a thousand, a page number that is not a page (``?page=<junk>``, rendered and not stored).
Prints the store's size before and after (Redis ``used_memory`` and key count under the
store's prefix, or the in-process store's entries and bytes), answers per X-Cache value and
requests per second, as JSON.

    python -m bench.store_crawl [--urls 1000000] [--store redis|local] [--layer wsgi|store]

``--layer wsgi`` sends every URL through the whole WSGI application (about 1,000 a second
on one idle core). ``--layer store`` runs, for each URL, what the front does before it
answers (drop parameters, compute the key) and looks the key up in the store, a thousand
look-ups per Redis round trip; a URL whose key is not stored goes through the WSGI
application as a real request, so whatever a miss would store is stored.

``--store redis`` uses REDIS_URL (default redis://127.0.0.1:6379/5) under its own prefix;
the database is a fresh SQLite file in a temporary NEWSDESK_VAR_DIR with a few articles.
"""

import argparse
import collections
import io
import json
import os
import sys
import tempfile
import time


def setup(store: str) -> None:
    os.environ["NEWSDESK_VAR_DIR"] = tempfile.mkdtemp(prefix="store-crawl-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsdesk.settings"
    os.environ.pop("DATABASE_URL", None)
    if store == "redis":
        os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")
    else:
        os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PAGE_STORE_REDIS_PREFIX = "newsdesk-store-crawl:page:"
    # No collected static files in a scratch directory: plain static URLs, as the tests do.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)


def real_pages() -> list[str]:
    from tests.factories import make_article, make_section

    section = make_section(name="Harbour", slug="harbour")
    articles = [make_article(headline=f"Story {n}", section=section) for n in range(30)]
    return [
        "/en/",
        "/en/section/harbour/",
        *(article.get_absolute_url() for article in articles[:8]),
        "/api/v1/articles?language=en",
    ]


def get(application, url: str) -> str:
    path, _, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1:8000",
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": False,
        "wsgi.run_once": False, "wsgi.version": (1, 0),
    }  # fmt: skip
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    result = application(environ, start_response)
    try:
        b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    if not answer["status"].startswith("200"):
        raise SystemExit(f"{url} answered {answer['status']}")
    return answer["headers"].get("X-Cache", "")


def crawl_url(pages: list[str], number: int) -> str:
    page = pages[number % len(pages)]
    joiner = "&" if "?" in page else "?"
    if number % 1000 == 999:
        return f"{page}{joiner}page={number}" if "section" in page else f"{page}{joiner}v={number}"
    kind = number % 4
    if kind == 0:
        return f"{page}{joiner}utm_source=crawl{number}&utm_medium=social"
    if kind == 1:
        return f"{page}{joiner}fbclid={number:x}"
    if kind == 2:
        return f"{page}{joiner}v={number}"
    return f"{page}{joiner}ref={number}&gclid={number}"


def crawl_store_layer(application, pages: list[str], count: int, answers) -> None:
    from newsdesk.caching.front import cut_query
    from newsdesk.caching.query import page_key
    from newsdesk.caching.store import Entry, LocalStore, get_store

    store = get_store()
    for first in range(0, count, 1000):
        urls = [crawl_url(pages, n) for n in range(first, min(count, first + 1000))]
        keys = []
        for url in urls:
            path, _, query = url.partition("?")
            environ = {"PATH_INFO": path, "QUERY_STRING": query, "HTTP_HOST": "127.0.0.1:8000",
                       "wsgi.url_scheme": "http", "REQUEST_METHOD": "GET"}  # fmt: skip
            keys.append(page_key(environ, cut_query(environ)))
        if isinstance(store, LocalStore):
            found = [store.get(key) is not None for key in keys]
        else:
            with store.redis.pipeline(transaction=False) as pipe:
                for key in keys:
                    pipe.get(store.prefix + key)
                found = [bool(data) and Entry.load(data) is not None for data in pipe.execute()]
        for url, hit in zip(urls, found, strict=True):
            answers["hit" if hit else get(application, url)] += 1


def size_of_store() -> dict:
    from newsdesk.caching.store import LocalStore, get_store

    store = get_store()
    if isinstance(store, LocalStore):
        return {"entries": len(store.entries), "bytes": store.bytes, "max_bytes": store.max_bytes}
    keys = sum(1 for _ in store.redis.scan_iter(store.prefix + "*", count=1000))
    used = store.redis.info("memory")["used_memory"]
    return {"redis_keys_under_prefix": keys, "redis_used_memory": used}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.store_crawl", description=__doc__)
    parser.add_argument("--urls", type=int, default=1_000_000)
    parser.add_argument("--store", choices=["redis", "local"], default="redis")
    parser.add_argument("--layer", choices=["wsgi", "store"], default="wsgi")
    options = parser.parse_args()
    setup(options.store)
    from newsdesk.caching.store import get_store
    from newsdesk.wsgi import application

    get_store().clear()
    pages = real_pages()
    before = size_of_store()
    for page in pages:
        get(application, page)
    warmed = size_of_store()
    answers = collections.Counter()
    started = time.perf_counter()
    if options.layer == "store":
        crawl_store_layer(application, pages, options.urls, answers)
    else:
        for number in range(options.urls):
            answers[get(application, crawl_url(pages, number))] += 1
    seconds = time.perf_counter() - started
    after = size_of_store()
    get_store().clear()
    print(json.dumps({
        "store": options.store, "layer": options.layer, "urls": options.urls,
        "seconds": round(seconds, 1),
        "requests_per_second": round(options.urls / seconds),
        "x_cache": dict(answers), "before": before, "warmed": warmed, "after": after,
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
