"""Request bodies are bounded at the server: `newsdesk serve` refuses oversized ones early.

Each test talks HTTP/1.1 on a raw socket, so that it can send a body's headers and only
part of it: an answer can then only come from a server that refused without reading on.
"""

import os
import socket
import subprocess

import pytest

from tests.serving import NEWSDESK, WAIT_SECONDS, start_serve, stop

pytestmark = pytest.mark.embedded

MB = 1024 * 1024


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    env = {**os.environ, "NEWSDESK_VAR_DIR": str(tmp_path_factory.mktemp("var"))}
    for name in ["DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"]:
        env.pop(name, None)  # the embedded SQLite file, never a real PostgreSQL database
    subprocess.run([*NEWSDESK, "migrate", "-v0"], env=env, check=True, timeout=WAIT_SECONDS)
    process, output, base = start_serve(env, worker=False)
    try:
        yield int(base.rsplit(":", 1)[1])
    finally:
        stop(process, output)


def status_of(port: int, head: bytes, body_parts=()) -> int:
    """Send ``head`` and then each of ``body_parts``; the status of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT_SECONDS) as sock:
        sock.sendall(head)
        for part in body_parts:
            sock.sendall(part)
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    return int(answer.split(b" ", 2)[1])


def post_head(path: str, length: int) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {length}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n\r\n"
    ).encode()


@pytest.mark.parametrize("path", ["/en/", "/read/1", "/api/v1/articles", "/admin/login/"])
def test_a_100_mb_body_is_refused_before_it_is_sent(site, path):
    # Only 64 KB of the announced 100 MB ever leaves: the answer is the refusal.
    assert status_of(site, post_head(path, 100 * MB), [b"x" * 65536]) == 413


def test_a_chunked_body_is_refused_once_past_the_limit(site):
    head = (
        b"POST /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n\r\n"
    )
    chunks = [b"x" * 65536] * 16 + [b"x"]
    # One byte past 1 MB, and never the final empty chunk.
    assert status_of(site, head, [b"%x\r\n%s\r\n" % (len(c), c) for c in chunks]) == 413


def test_a_small_chunked_body_still_reaches_the_site(site):
    head = (
        b"POST /read/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n\r\n"
    )
    assert status_of(site, head, [b"9\r\nr=example\r\n0\r\n\r\n"]) == 204


def test_the_newsroom_takes_larger_bodies_than_the_public_site(site):
    body = b"x" * (2 * MB)
    assert status_of(site, post_head("/en/", len(body)), [body[:65536]]) == 413
    # Past the public limit, within the newsroom's: Django reads it (a CSRF refusal).
    assert status_of(site, post_head("/admin/login/", len(body)), [body]) == 403
