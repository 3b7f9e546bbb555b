"""Purge hooks for reverse proxies and CDNs, named in the PURGE_HOOKS setting.

Each is called with the set of purged surrogate keys after the page store dropped them.
"""

import logging
import os
import threading
import urllib.parse
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.utils import translation

from newsdesk.content.models import Article, Column, Person, Section, Tag

log = logging.getLogger(__name__)


def purge_by_key(keys) -> None:
    """Ask a key-aware proxy (Varnish with xkey, Fastly-style APIs) to drop the keys.

    Sends ``PURGE /`` to PROXY_PURGE_URL with the keys in a Surrogate-Key header.
    """
    request = urllib.request.Request(
        settings.PROXY_PURGE_URL.rstrip("/") + "/",
        method="PURGE",
        headers={"Surrogate-Key": " ".join(sorted(keys))},
    )
    urllib.request.urlopen(request, timeout=5).close()


# Purges waiting for the refresh thread, at most: a proxy that is down or slow must not
# make a process hold an ever longer list. Past it, refreshes are dropped with a warning
# and those pages expire by s-maxage.
REFRESH_QUEUE = 100


class Refresher:
    """One thread that sends refreshes to the proxy, so no editor waits for them.

    concurrent.futures runs every queued refresh before the interpreter exits, so a
    process that publishes and exits normally (a script, ``newsdesk worker``) refreshes
    its pages first; one killed outright loses what is queued, pages that then expire
    by s-maxage.
    """

    def __init__(self, size: int = REFRESH_QUEUE):
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="proxy-refresh")
        self.slots = threading.BoundedSemaphore(size)
        self.pid = os.getpid()

    def submit(self, paths: list[str]) -> Future | None:
        if not self.slots.acquire(blocking=False):
            log.warning("proxy refresh queue full: not refreshing %s", ", ".join(paths))
            return None
        future = self.executor.submit(send_refreshes, paths)
        future.add_done_callback(lambda _: self.slots.release())
        return future


_refresher: Refresher | None = None
_making_refresher = threading.Lock()


def refresher() -> Refresher:
    """This process's refresher (a forked server worker gets its own thread)."""
    global _refresher
    with _making_refresher:
        if _refresher is None or _refresher.pid != os.getpid():
            _refresher = Refresher()
        return _refresher


def refresh_proxy(keys) -> Future | None:
    """Make a URL-keyed proxy (nginx proxy_cache, see deploy/) fetch the pages again.

    nginx cannot drop pages by key, so this names the pages the keys stand for and has the
    refresh thread send each one to PROXY_PURGE_URL with an ``X-Refresh`` header, which the
    reference nginx configuration answers by fetching the page anew (accepted from loopback
    only). Returns at once, with the refresh's future (None when there was nothing to do).
    """
    paths = sorted(paths_for_keys(keys))
    return refresher().submit(paths) if paths else None


# Each copy of a page a proxy keeps: readers who accept gzip, and those who do not.
REFRESHED_ENCODINGS = ("gzip", "identity")


def send_refreshes(paths: list[str]) -> None:
    """Ask the proxy for each page anew, as a reader would: on the public host.

    The proxy keys its cache on the Host readers send, PUBLIC_URL's; any other host would
    refresh a copy no reader is given.
    """
    base = settings.PROXY_PURGE_URL.rstrip("/")
    host = urllib.parse.urlsplit(settings.PUBLIC_URL).netloc
    for path in paths:
        # Twice: the proxy keeps a gzipped and a plain copy (deploy/nginx.conf).
        for encoding in REFRESHED_ENCODINGS:
            request = urllib.request.Request(
                base + path,
                headers={"X-Refresh": "1", "Host": host, "Connection": "close",
                         "Accept-Encoding": encoding},
            )  # fmt: skip
            try:
                urllib.request.urlopen(request, timeout=5).close()
            except OSError as error:
                log.warning("could not refresh %s%s on the proxy: %s", host, path, error)


def paths_for_keys(keys) -> set[str]:
    """The first pages of every list and every article page the keys stand for.

    Later pages of long lists are not named: the proxy keeps them ``s-maxage`` at most.
    """
    paths: set[str] = set()
    editions = [code for code, _ in settings.LANGUAGES]

    def in_every_edition(obj):
        for code in editions:
            with translation.override(code):
                paths.add(obj.get_absolute_url())

    for key in keys:
        kind, _, rest = key.partition("-")
        number = rest.removesuffix("-list")
        if key in {"all", "nav"}:
            paths.update(f"/{code}/" for code in editions)
        elif kind == "home":
            paths.add(f"/{rest}/")
        elif kind == "article" and number.isdigit():
            article = Article.objects.published().filter(pk=number).first()
            if article is not None:
                paths.add(article.get_absolute_url())
        elif number.isdigit():
            model = {"section": Section, "column": Column, "person": Person, "tag": Tag}.get(kind)
            obj = model.objects.filter(pk=number).first() if model else None
            if obj is not None:
                in_every_edition(obj)
    return paths
