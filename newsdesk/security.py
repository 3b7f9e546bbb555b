"""Security in front of everything: response headers, the HTTPS redirect, body limits.

The page store answers hits before Django's middleware stack runs (caching/front.py), and
the read beacon is answered before it too (trending/front.py). Headers set by a Django
middleware alone would miss those answers, or come from whenever a page was stored. So
``SecureFront`` wraps the whole WSGI application (newsdesk/wsgi.py) and sets them on every
response as it leaves; ``SecurityHeadersMiddleware`` sets the same headers on what Django
renders, for servers that do not go through newsdesk/wsgi.py (the test client, the live
server of the browser tests).

Why not django-csp: its middleware sees only what Django renders, and its nonces cannot
work with a page store that answers the same bytes to every reader. The policy here is
one fixed string: scripts and styles come from our own static files, and the one inline
script (the app banner's, which must run before the page is painted) is allowed by its
hash, computed from its template so that the two cannot drift apart.
"""

import base64
import hashlib
import io
from functools import cache

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http.request import split_domain_port, validate_host
from django.template.loader import get_template
from django.utils.encoding import escape_uri_path

# Inline <script> elements, each a template included as the element's whole text.
INLINE_SCRIPTS = ["reader/includes/banner_reveal.js"]

# Browser features newsdesk never uses, refused to every page and anything it embeds
# (each one Chromium knows: it reports an unknown name as an error, test_browser_csp.py).
DENIED_FEATURES = [
    "accelerometer", "autoplay", "browsing-topics", "camera",
    "display-capture", "encrypted-media", "gamepad", "geolocation", "gyroscope", "hid",
    "idle-detection", "magnetometer", "microphone", "midi", "payment",
    "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "serial",
    "sync-xhr", "usb", "xr-spatial-tracking",
]  # fmt: skip


def script_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@cache
def content_security_policy(https: bool) -> str:
    """The policy of every response, the newsroom's (Django's admin) included.

    No 'unsafe-inline' and no 'unsafe-eval'; JSON-LD <script type="application/ld+json">
    is data, never executed, so the policy does not concern it. ``data:`` images are
    the icons Swagger UI and the admin draw in their style sheets.
    """
    inline = [script_hash(get_template(name).template.source) for name in INLINE_SCRIPTS]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *inline],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    if https:
        directives["upgrade-insecure-requests"] = []
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


@cache
def permissions_policy() -> str:
    return ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


@cache
def security_headers(secure: bool) -> tuple[tuple[str, str], ...]:
    """The headers every response carries; ``secure``: the request came over HTTPS.

    Made once per process (every response of the cache-hit path sends them); a test that
    changes a setting they read clears them (``forget_security_headers``).
    """
    headers = [
        ("Content-Security-Policy", content_security_policy(settings.HTTPS)),
        ("Permissions-Policy", permissions_policy()),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", settings.SECURE_REFERRER_POLICY),
        ("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY),
        ("X-Frame-Options", settings.X_FRAME_OPTIONS),
    ]
    if secure and settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers.append(("Strict-Transport-Security", hsts))
    return tuple(headers)


@cache
def security_header_names(secure: bool) -> frozenset[str]:
    return frozenset(name.lower() for name, _ in security_headers(secure))


@cache
def front_settings() -> tuple[str | None, str | None, bool]:
    """What ``SecureFront`` reads of the settings on every request, read once: the
    proxy's HTTPS header and its value (None, None: none trusted), and the HTTPS redirect.
    (A Django setting read costs more than the rest of a cache hit's checks.)"""
    header, value = settings.SECURE_PROXY_SSL_HEADER or (None, None)
    return header, value, bool(settings.SECURE_SSL_REDIRECT)


@receiver(setting_changed)
def forget_security_headers(**kwargs) -> None:
    for made in (security_headers, security_header_names, content_security_policy, front_settings):
        made.cache_clear()


class AnsweredHeaders(list):
    """Headers answered again and again (a stored page's): they keep what
    ``with_security_headers`` made of them, until the security headers change."""

    __slots__ = ("secured",)

    def __init__(self, headers):
        super().__init__(headers)
        self.secured: dict[bool, tuple] = {}


def with_security_headers(headers, secure: bool) -> list[tuple[str, str]]:
    """``headers`` (name, value pairs) with ours in place of any of the same names."""
    ours = security_headers(secure)
    made = getattr(headers, "secured", None)
    if made is not None and (known := made.get(secure)) and known[0] is ours:
        return known[1]
    names = security_header_names(secure)
    kept = [(k, v) for k, v in headers if k.lower() not in names]
    kept += ours
    if made is not None:
        made[secure] = (ours, kept)
    return kept


class SecurityHeadersMiddleware:
    """The security headers on every response Django renders (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in security_headers(request.is_secure()):
            response[name] = value
        return response


def is_secure(environ) -> bool:
    """As Django's ``request.is_secure()``, from the WSGI environ."""
    header, value, _ = front_settings()
    if header is not None:
        forwarded = environ.get(header)
        if forwarded is not None:
            return forwarded.split(",", 1)[0].strip() == value
    return environ.get("wsgi.url_scheme") == "https"


def body_limit(path: str) -> int:
    """The largest request body a path accepts: the newsroom uploads images and long
    articles (a megabyte more than either limit, for the form's other fields)."""
    if path.startswith("/admin/"):
        largest = max(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, settings.MAX_IMAGE_UPLOAD_BYTES)
        return largest + 1024 * 1024
    return settings.MAX_REQUEST_BODY


class SecureFront:
    """WSGI middleware in front of everything, cached pages and beacons included.

    - Requests over plain HTTP when HTTPS is on are redirected before anything else.
    - A body larger than the path's limit is refused with 413 before any of it is read:
      a Content-Length over it at once, a chunked body once that much has arrived.
    - Every response leaves with the security headers.
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        secure = is_secure(environ)

        def start(status, headers, exc_info=None):
            headers = with_security_headers(headers, secure)
            if exc_info is None:  # as the caller was called: some take two arguments only
                return start_response(status, headers)
            return start_response(status, headers, exc_info)

        if not secure and front_settings()[2]:
            location = https_location(environ)
            if location is not None:
                start("301 Moved Permanently", [("Location", location), ("Content-Length", "0")])
                return [b""]
        refusal = self.limit_body(environ)
        if refusal is not None:
            start("413 Content Too Large", [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(refusal))),
                # The unread body is not ours to drain: the connection ends here.
                ("Connection", "close"),
            ])  # fmt: skip
            return [refusal]
        return self.app(environ, start)

    def limit_body(self, environ) -> bytes | None:
        """None when the body is within the limit (a chunked one is then read here)."""
        length = environ.get("CONTENT_LENGTH")
        if not length and "HTTP_TRANSFER_ENCODING" not in environ:
            return None  # no body: most requests
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not length and not chunked:
            return None
        limit = body_limit(environ.get("PATH_INFO", ""))
        too_large = f"Request body too large: at most {limit} bytes here.\n".encode()
        if length:
            try:
                return too_large if int(length) > limit else None
            except ValueError:
                return None  # Django answers a malformed length as it always has
        # No length given: read at most one byte past the limit, then hand Django what
        # came with its length, so that it reads the body at all.
        body = LimitedStream(environ["wsgi.input"], limit + 1).read()
        if len(body) > limit:
            return too_large
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return None


def https_location(environ) -> str | None:
    """The https:// address of the request, if its host is one we answer to."""
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    domain, _ = split_domain_port(host)
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    if not domain or not validate_host(domain, allowed):
        return None  # Django refuses the host (400) further in
    path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")
    query = environ.get("QUERY_STRING", "")
    return f"https://{host}{escape_uri_path(path)}" + (f"?{query}" if query else "")
