"""Stores the pages Django renders for anonymous readers; keeps staff pages private."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language_from_path

from newsdesk.caching.headers import never_cache_publicly
from newsdesk.caching.query import canonical, page_key, pairs, shapes
from newsdesk.caching.store import Entry, get_store


def renders_the_key(request, response) -> bool:
    """Is the page exactly what its key names: the query as the view rendered it, and no
    Vary the key does not account for (the store gzips itself; the key has the language
    only outside an edition's paths)?"""
    rendered = {k: v for k, v in getattr(response, "cache_query", {}).items() if v is not None}
    asked = pairs(request.META.get("QUERY_STRING", ""))
    if canonical(asked) != canonical(rendered.items()) or len(asked) != len(rendered):
        return False
    accounted = {"accept-encoding"}
    if get_language_from_path(request.path_info) is None:
        accounted.add("accept-language")
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
    return vary <= accounted


class PageCacheMiddleware:
    """Outermost Django middleware: sees each response as the reader will get it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        storable = request.method in ("GET", "HEAD")
        token = get_store().start() if storable else None
        request.page_store_token = token  # for what else a page keeps (content/cards.py)
        response = self.get_response(request)
        keys = getattr(response, "surrogate_keys", None)
        if not keys:
            return response
        if storable:
            shapes.learn(request.path_info, getattr(response, "cache_query", {}))
        if request.user.is_authenticated:
            response["X-Cache"] = "bypass"
            return never_cache_publicly(response)
        if not (
            storable
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and renders_the_key(request, response)
        ):
            response["X-Cache"] = "pass"  # answered, not stored: nothing is evicted
            return response
        entry = Entry.build(
            f"{response.status_code} {response.reason_phrase}",
            list(response.items()),
            response.content,
            keys,
            min(get_store().lifetime, getattr(response, "cache_lifetime", get_store().lifetime)),
        )
        get_store().put(page_key(request.META, getattr(response, "cache_query", {})), entry, token)
        response["ETag"] = entry.etag
        response["Vary"] = dict(entry.headers)["Vary"]
        response["X-Cache"] = "miss"
        if entry.gzipped is not None and "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", ""):
            # The store's gzip, as a hit answers: CompressText would compress it again
            # (16 ms of a month's sitemap of 800 KB).
            response.content = entry.gzipped
            response["Content-Encoding"] = "gzip"
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(entry.gzipped))
        return response


# Text is worth compressing; pictures, archives and fonts are compressed already.
COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/javascript",
                "application/manifest+json", "application/rss+xml", "application/atom+xml",
                "application/feed+json", "image/svg+xml")  # fmt: skip


class CompressText(GZipMiddleware):
    """Gzips what Django answers (misses, search, the API) for readers who accept it.

    Hits are gzipped by the store; this is the rest. Outermost, so the page store keeps
    the plain bytes. Django's middleware pads compressed bodies against BREACH.
    """

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
