"""The `newsdesk` command line."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from newsdesk.cli import granian_command, serve_options


def test_serve_defaults_to_loopback_port_8000_and_a_worker_per_cpu(monkeypatch):
    for name in ["HOST", "PORT", "WEB_CONCURRENCY"]:
        monkeypatch.delenv(name, raising=False)
    options = serve_options([])
    assert (options.host, options.port, options.workers) == ("127.0.0.1", 8000, os.cpu_count())


def test_serve_options_come_from_arguments_or_environment(monkeypatch):
    monkeypatch.setenv("PORT", "9000")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    options = serve_options(["--host", "0.0.0.0"])
    command = granian_command(options)
    assert command[:3] == [sys.executable, "-m", "granian"]
    assert command[command.index("--interface") + 1] == "wsgi"
    assert command[command.index("--host") + 1] == "0.0.0.0"
    assert command[command.index("--port") + 1] == "9000"
    assert command[command.index("--workers") + 1] == "3"
    assert command[command.index("--blocking-threads") + 1] == "4"
    assert command[-1] == "newsdesk.wsgi:application"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode(), response.headers


def test_newsdesk_serve_serves_the_site_with_hashed_static_files(tmp_path):
    """What `make run` does, on an empty database: migrate, then serve."""
    env = {**os.environ, "NEWSDESK_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    newsdesk = [sys.executable, "-m", "newsdesk.cli"]
    subprocess.run([*newsdesk, "migrate", "-v0"], env=env, check=True, timeout=120)
    port = free_port()
    server = subprocess.Popen(
        [*newsdesk, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, page, _ = get(f"http://127.0.0.1:{port}/en/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("the server did not start: " + server.stdout.read1().decode())
                time.sleep(0.2)
        assert status == 200
        assert "Nothing has been published in this edition yet." in page
        css = page.split('rel="stylesheet" href="')[1].split('"')[0]
        assert (
            css.startswith("/static/reader/site.") and css.endswith(".css") and css.count(".") == 2
        )
        status, _, headers = get(f"http://127.0.0.1:{port}{css}")
        assert status == 200
        assert "max-age=315360000" in headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=10)
