"""The read beacon answered in front of Django, as cached pages are.

A beacon is the most frequent request a busy site gets (one per read article), and all
it does is add one to a counter: answering it before Django's middleware stack and
request parsing makes it several times cheaper. Django's own views (views.py) answer
the same addresses under ``runserver`` and the test client.
"""

import re
from urllib.parse import parse_qs

from newsdesk.trending.views import ID_DIGITS, PIXEL, article_id, count_read

BEACON = re.compile(rf"^/read/({ID_DIGITS})(\.gif)?$")
MAX_BODY = 2048  # a referring domain fits many times over


class ReadBeacons:
    """WSGI middleware that counts reads and answers the beacon and the pixel."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith("/read/"):  # every other request: no regex to run
            return self.app(environ, start_response)
        match = BEACON.match(path)
        method = environ.get("REQUEST_METHOD")
        if match is None or method != ("GET" if match.group(2) else "POST"):
            return self.app(environ, start_response)
        number = article_id(match.group(1))
        if number is None:  # Django answers it as it answers any other bad address
            return self.app(environ, start_response)
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        if match.group(2):
            count_read(environ, host, number, "")
            start_response(
                "200 OK",
                [("Content-Type", "image/gif"), ("Content-Length", str(len(PIXEL))),
                 ("Cache-Control", "no-store")],
            )  # fmt: skip
            return [PIXEL]
        count_read(environ, host, number, referrer_from(environ))
        start_response("204 No Content", [("Cache-Control", "no-store")])
        return []


def referrer_from(environ) -> str:
    """The ``r`` field of a urlencoded beacon body (read.js sends URLSearchParams)."""
    if not environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        return ""
    try:
        length = min(int(environ.get("CONTENT_LENGTH") or 0), MAX_BODY)
    except ValueError:
        return ""
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    values = parse_qs(body.decode("latin-1"), max_num_fields=5).get("r", [""])
    return values[0][:300]
