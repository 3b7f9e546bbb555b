"""The cache-hit path: answers stored pages before Django's middleware stack runs.

A reader's GET or HEAD without a session cookie is looked up in the page store; a hit is
answered here (a 304 when the reader's copy is current, gzip when accepted). Everything
else, and every miss, goes to Django, where ``PageCacheMiddleware`` stores what it may.
"""

from django.conf import settings
from django.utils.http import parse_http_date_safe

from newsdesk.caching.store import get_store


def page_key(environ) -> str:
    """The store key of a request: scheme, host, path and query string."""
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    query = environ.get("QUERY_STRING", "")
    path = environ.get("PATH_INFO", "")
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}{path}?{query}"


def may_use_cache(environ, session_cookie: str) -> bool:
    """Anonymous readers only: anyone with a session may be staff and see more."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    return session_cookie not in environ.get("HTTP_COOKIE", "")


def is_current(environ, entry) -> bool:
    """Does the reader's conditional GET name this very entry?"""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return entry.etag in tags or "*" in tags
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since is None:
        return False
    since = parse_http_date_safe(if_modified_since)
    modified = parse_http_date_safe(entry.last_modified)
    return since is not None and modified is not None and modified <= since


VALIDATOR_HEADERS = {"cache-control", "etag", "last-modified", "vary", "surrogate-key"}


class CachedPages:
    """WSGI middleware in front of Django that answers page-store hits."""

    def __init__(self, app):
        self.app = app
        self.session_cookie = settings.SESSION_COOKIE_NAME + "="

    def __call__(self, environ, start_response):
        if may_use_cache(environ, self.session_cookie):
            store = get_store()
            store.sync()
            entry = store.get(page_key(environ))
            if entry is not None:
                return self.answer(entry, environ, start_response)
        return self.app(environ, start_response)

    def answer(self, entry, environ, start_response):
        if is_current(environ, entry):
            headers = [(k, v) for k, v in entry.headers if k.lower() in VALIDATOR_HEADERS]
            start_response("304 Not Modified", [*headers, ("X-Cache", "hit")])
            return [b""]
        body = entry.body
        headers = list(entry.headers)
        if entry.gzipped is not None and "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
            body = entry.gzipped
            headers.append(("Content-Encoding", "gzip"))
        headers += [("Content-Length", str(len(body))), ("X-Cache", "hit")]
        start_response(entry.status, headers)
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]
