"""Cache headers, set by one helper for every public response.

Browsers revalidate every time (``max-age=0``): they cannot be purged, and a revalidation
is a cheap 304. Shared caches (our page store, a reverse proxy, a CDN) keep a page for
``s-maxage`` seconds and are purged by surrogate key when what it shows changes.
"""

import math
import time
from datetime import datetime

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

# Stands for a parameter given in a spelling the view did not render (``page=abc``,
# ``page=999999``, ``limit=020``, a cursor): such a page is answered but never stored.
NOT_AS_GIVEN = "\x00"


def given(request, **parsed) -> dict[str, str | None]:
    """The query a view rendered, for ``cache_publicly(query=...)``.

    ``parsed`` maps each parameter the view reads to the value it used (None: it read
    none, or the parameter is one a page must never be stored for). A parameter counts
    as given only in its canonical spelling, so odd spellings cannot fill the store.
    """
    query = {}
    for name, value in parsed.items():
        raw = request.GET.get(name)
        if raw is None:
            query[name] = None
        elif value is not None and raw == str(value):
            query[name] = raw
        else:
            query[name] = NOT_AS_GIVEN
    return query


def cache_publicly(
    response, keys, *, query=None, now: float | None = None, until: datetime | None = None
):
    """Mark ``response`` as a public page carrying the surrogate ``keys``.

    ``query`` names the query parameters the view reads, each with the value the page
    was rendered for (see ``given``); the page store drops every other parameter before
    the view runs and stores the page only when the request gave exactly these values.
    ``until``: when what the page shows changes by itself (a front page placement that
    stops); no cache keeps the page past it, even if no purge reaches it.
    """
    response.cache_query = dict(query or {})
    keys = sorted(set(keys) | {"all"})
    lifetime = settings.PAGE_CACHE_SECONDS
    if until is not None:
        left = math.ceil(until.timestamp() - (now or time.time()))
        lifetime = max(1, min(lifetime, left))
        response.cache_lifetime = lifetime
    response["Cache-Control"] = (
        f"public, max-age=0, s-maxage={lifetime}, "
        f"stale-while-revalidate={settings.STALE_WHILE_REVALIDATE_SECONDS}"
    )
    # nginx reads its cache lifetime from here (and drops the header): see deploy/.
    response["X-Accel-Expires"] = str(lifetime)
    response["Surrogate-Key"] = " ".join(keys)
    response["Last-Modified"] = http_date(now or time.time())
    response.surrogate_keys = frozenset(keys)
    return response


def never_cache_publicly(response):
    """For responses to signed-in staff: no shared cache may keep or serve them."""
    for header in ("Surrogate-Key", "Last-Modified", "X-Accel-Expires"):
        if header in response:
            del response[header]
    response.headers.pop("Cache-Control", None)
    patch_cache_control(response, private=True, no_cache=True, no_store=True, max_age=0)
    response.surrogate_keys = frozenset()
    return response
