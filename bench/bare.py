"""A bare WSGI callable answering the saved pages: what granian alone can do.

``bench/pages.py`` serves it with granian (same workers as newsdesk) as a reference between
newsdesk and nginx: the share of nginx's requests/s that the HTTP server and WSGI leave to
any Python application. Pages come from BENCH_BARE_DIR: each file ``<name>`` answers
``/<name>``, with the content type listed in ``content-types.json`` there. When that
directory also holds ``headers.json`` (name -> the header pairs newsdesk answered the page
with), those very headers are answered instead: the same response, headers included,
which tells granian's cost per header apart from newsdesk's own.
"""

import json
import os
from pathlib import Path

directory = Path(os.environ["BENCH_BARE_DIR"])
types = json.loads((directory / "content-types.json").read_text())
full = directory / "headers.json"
answered = json.loads(full.read_text()) if full.exists() else {}


def headers_of(name: str, body: bytes) -> list[tuple[str, str]]:
    if name in answered:
        return [(str(k), str(v)) for k, v in answered[name]]
    return [("Content-Type", types[name]), ("Content-Length", str(len(body)))]


pages = {
    f"/{name}": (headers_of(name, body), body)
    for name in types
    for body in [(directory / name).read_bytes()]
}
first = next(iter(pages.values()))


def application(environ, start_response):
    headers, body = pages.get(environ.get("PATH_INFO", "/"), first)
    start_response("200 OK", headers)
    return [body]
