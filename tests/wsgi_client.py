"""Requests through the whole WSGI application, page-cache front included.

Django's test client calls Django directly; these go through ``newsdesk.wsgi``, as a
server would.
"""

import io
from dataclasses import dataclass
from wsgiref.util import setup_testing_defaults

from django.core import signals
from django.db import close_old_connections


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    @property
    def cache(self) -> str:
        return self.headers.get("x-cache", "")


def fetch(path: str, method: str = "GET", **headers) -> Answer:
    from newsdesk.wsgi import application

    path, _, query = path.partition("?")
    environ = {"PATH_INFO": path, "QUERY_STRING": query, "REQUEST_METHOD": method,
               "HTTP_HOST": "testserver", "wsgi.input": io.BytesIO()}  # fmt: skip
    for name, value in headers.items():
        environ["HTTP_" + name.upper()] = value
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started["status"] = int(status.split()[0])
        started["headers"] = {k.lower(): v for k, v in response_headers}

    # As Django's test client does: keep the test's database connection open.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        chunks = application(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return Answer(started["status"], started["headers"], body)
