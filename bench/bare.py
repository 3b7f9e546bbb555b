"""A bare WSGI callable answering the saved pages: what granian alone can do.

``bench/pages.py`` serves it with granian (same workers as newsdesk) as a reference between
newsdesk and nginx: the share of nginx's requests/s that the HTTP server and WSGI leave to
any Python application. Pages come from BENCH_BARE_DIR: each file ``<name>`` answers
``/<name>``, with the content type listed in ``content-types.json`` there.
"""

import json
import os
from pathlib import Path

directory = Path(os.environ["BENCH_BARE_DIR"])
types = json.loads((directory / "content-types.json").read_text())
pages = {
    f"/{name}": (
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
        body,
    )
    for name, content_type in types.items()
    for body in [(directory / name).read_bytes()]
}
first = next(iter(pages.values()))


def application(environ, start_response):
    headers, body = pages.get(environ.get("PATH_INFO", "/"), first)
    start_response("200 OK", headers)
    return [body]
