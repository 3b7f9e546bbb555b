"""Purge hooks for reverse proxies and CDNs, named in the PURGE_HOOKS setting.

Each is called with the set of purged surrogate keys after the page store dropped them.
"""

import logging
import urllib.request

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


def refresh_proxy(keys) -> None:
    """Make a URL-keyed proxy (nginx proxy_cache, see deploy/) fetch the pages again.

    nginx cannot drop pages by key, so this names the pages the keys stand for and sends
    each one to PROXY_PURGE_URL with an ``X-Refresh`` header, which the reference nginx
    configuration answers by fetching the page anew (accepted from loopback only).
    """
    base = settings.PROXY_PURGE_URL.rstrip("/")
    for path in sorted(paths_for_keys(keys)):
        request = urllib.request.Request(base + path, headers={"X-Refresh": "1"})
        try:
            urllib.request.urlopen(request, timeout=5).close()
        except OSError as error:
            log.warning("could not refresh %s on the proxy: %s", path, error)


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
