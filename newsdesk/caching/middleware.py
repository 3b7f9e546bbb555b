"""Stores the pages Django renders for anonymous readers; keeps staff pages private."""

from django.conf import settings

from newsdesk.caching.front import page_key
from newsdesk.caching.headers import never_cache_publicly
from newsdesk.caching.store import Entry, get_store


class PageCacheMiddleware:
    """Outermost Django middleware: sees each response as the reader will get it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        storable = request.method in ("GET", "HEAD")
        token = get_store().start() if storable else None
        response = self.get_response(request)
        keys = getattr(response, "surrogate_keys", None)
        if not keys:
            return response
        if request.user.is_authenticated:
            response["X-Cache"] = "bypass"
            return never_cache_publicly(response)
        if (
            storable
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            entry = Entry.build(
                f"{response.status_code} {response.reason_phrase}",
                list(response.items()),
                response.content,
                keys,
                get_store().lifetime,
            )
            get_store().put(page_key(request.META), entry, token)
            response["ETag"] = entry.etag
            response["Vary"] = dict(entry.headers)["Vary"]
        response["X-Cache"] = "miss"
        return response
