"""Which query parameters a stored page is keyed on, and the reader's language.

A cacheable view declares the parameters it reads (``cache_publicly(..., query=...)``).
Each process remembers those names per path (``shapes``) from the first response it
renders there; from then on the front drops every other parameter before Django sees the
request, so ``/en/?v=123`` and ``/en/?utm_source=x`` are answered with the page stored for
``/en/``, and the view renders exactly what the key says. Tracking parameters are dropped
everywhere, even before a path's shape is known.
"""

import threading
from collections import OrderedDict
from functools import lru_cache
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlencode

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import parse_cookie
from django.utils.translation import get_language_from_path, get_language_from_request

# Added by social networks, newsletters and ad platforms; never read by a view.
TRACKING = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "ttclid", "igshid", "li_fat_id", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc",
        "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "wickedid",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_",)


def is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING or name.startswith(TRACKING_PREFIXES)


def pairs(query_string: str) -> list[tuple[str, str]]:
    """The query's parameters in order, tracking parameters left out."""
    return [
        (name, value)
        for name, value in parse_qsl(query_string, keep_blank_values=True)
        if not is_tracking(name)
    ]


def canonical(items, accepted=None) -> str:
    """One value per name (the last, as ``QueryDict.get`` reads it), sorted by name.

    With ``accepted``, only those names are kept.
    """
    last = {name: value for name, value in items if accepted is None or name in accepted}
    return urlencode(sorted(last.items()))


class Shapes:
    """The accepted parameter names of the paths this process has rendered (LRU-bounded)."""

    def __init__(self, max_paths: int = 20_000):
        self.max_paths = max_paths
        self.names: OrderedDict[str, frozenset[str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, path: str) -> frozenset[str] | None:
        return self.names.get(path)

    def learn(self, path: str, names) -> None:
        names = frozenset(names)
        if self.names.get(path) == names:
            return
        with self._lock:
            self.names[path] = names
            while len(self.names) > self.max_paths:
                self.names.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self.names.clear()


shapes = Shapes()


def language_of(environ) -> str:
    """The edition Django picks for a path without a language prefix (cookie, then
    Accept-Language, then the default): pages there vary by it, and it has few values."""
    cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
    return get_language_from_request(SimpleNamespace(COOKIES=cookies, META=environ))


def page_key(environ, accepted=None) -> str:
    """The store key of a request: scheme, host, path, canonical query and, for paths
    outside an edition, the negotiated language."""
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    path = environ.get("PATH_INFO", "")
    query = environ.get("QUERY_STRING", "")
    if query:
        query = canonical(pairs(query), accepted)
    key = f"{environ.get('wsgi.url_scheme', 'http')}://{host}{path}?{query}"
    if edition_of(path.split("/", 2)[1] if path.count("/") > 1 else path[1:]) is None:
        key += f"#{language_of(environ)}"
    return key


@lru_cache(maxsize=1024)  # the first segments of paths asked for: bounded, any may come
def edition_of(first_segment: str) -> str | None:
    """The edition a path starting /<first_segment>/ is in, as Django's i18n URLs say."""
    return get_language_from_path(f"/{first_segment}/")


@receiver(setting_changed)
def forget_editions(*, setting, **kwargs) -> None:
    if setting in ("LANGUAGES", "LANGUAGE_CODE"):
        edition_of.cache_clear()
