"""The cache-hit path: answers stored pages before Django's middleware stack runs.

A reader's GET or HEAD is looked up in the page store unless it carries a valid staff
session; a hit is answered here (a 304 when the reader's copy is current, gzip when
accepted). Before that the query is cut to what the path's view reads (see ``query``), so
Django renders exactly the page the key names. Everything else, and every miss, goes to
Django, where ``PageCacheMiddleware`` stores what it may.
"""

from importlib import import_module
from types import SimpleNamespace
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.db import DatabaseError
from django.http import parse_cookie
from django.utils.http import parse_http_date_safe

from newsdesk.caching.query import canonical, page_key, pairs, shapes
from newsdesk.caching.store import get_store


def has_staff_session(environ) -> bool:
    """Does the request carry the session of an active staff member?

    Staff see pages readers do not (previews, the admin bar) and are never answered from
    the store; a made-up or expired session cookie is a reader's. Two indexed look-ups,
    and only for requests that carry a session cookie at all.
    """
    cookies = environ.get("HTTP_COOKIE")
    key = cookies and parse_cookie(cookies).get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    session = import_module(settings.SESSION_ENGINE).SessionStore(key)
    try:
        user = auth.get_user(SimpleNamespace(session=session))
    except DatabaseError:
        return False  # the public page is still right for staff; Django decides the rest
    return user.is_active and user.is_staff


# Previews of unpublished articles (newsroom/preview.py): never answered from the store.
NEVER_STORED = ("/preview/",)


def may_use_cache(environ) -> bool:
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    if environ.get("PATH_INFO", "").startswith(NEVER_STORED):
        return False
    return "HTTP_COOKIE" not in environ or not has_staff_session(environ)


def cut_query(environ) -> frozenset[str] | None:
    """Drop tracking parameters, and every parameter the path's view does not read once
    its shape is known; return the accepted names (None: not known yet)."""
    query = environ.get("QUERY_STRING", "")
    if not query:
        return shapes.get(environ.get("PATH_INFO", ""))
    accepted = shapes.get(environ.get("PATH_INFO", ""))
    if accepted is None:
        environ["QUERY_STRING"] = urlencode(pairs(query))
    else:
        environ["QUERY_STRING"] = canonical(pairs(query), accepted)
    return accepted


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

    def __call__(self, environ, start_response):
        if may_use_cache(environ):
            # Without a query there is nothing to cut, and the key needs no shape.
            accepted = cut_query(environ) if environ.get("QUERY_STRING") else None
            store = get_store()
            store.sync()
            entry = store.get(page_key(environ, accepted))
            if entry is not None:
                return self.answer(entry, environ, start_response)
        return self.app(environ, start_response)

    def answer(self, entry, environ, start_response):
        # Most hits are unconditional: two membership tests rule out a 304.
        conditional = "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ
        if conditional and is_current(environ, entry):
            headers = [(k, v) for k, v in entry.headers if k.lower() in VALIDATOR_HEADERS]
            start_response("304 Not Modified", [*headers, ("X-Cache", "hit")])
            return [b""]
        if entry.gzipped is not None and "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
            start_response(entry.status, entry.answered_headers(True))
            body = entry.gzipped
        else:
            start_response(entry.status, entry.answered_headers(False))
            body = entry.body
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]
