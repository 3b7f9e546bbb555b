"""Logging: every 500 and every failed background job reaches standard error, traceback
and all (settings.LOGGING), as `newsdesk serve` runs in production.

The fault is real, not mocked: the articles table is dropped from under a running site.
"""

import os
import sqlite3
import subprocess
import urllib.error
import urllib.request

import pytest

from tests.serving import NEWSDESK, WAIT_SECONDS, start_serve, stop

pytestmark = pytest.mark.embedded

FAILED_ROUND = "newsdesk.worker: could not publish"


@pytest.fixture
def site_env(tmp_path):
    """A migrated site of its own (the embedded SQLite file), its worker quick to retry."""
    env = {**os.environ, "NEWSDESK_VAR_DIR": str(tmp_path), "WORKER_INTERVAL_SECONDS": "1"}
    for name in ["DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "LOG_LEVEL"]:
        env.pop(name, None)
    subprocess.run([*NEWSDESK, "migrate", "-v0"], env=env, check=True, timeout=WAIT_SECONDS)
    return env


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=WAIT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def drop_articles(env) -> None:
    with sqlite3.connect(f"{env['NEWSDESK_VAR_DIR']}/newsdesk.sqlite3") as database:
        database.execute("DROP TABLE content_article")


def test_500s_and_failed_worker_rounds_are_logged_with_tracebacks_and_the_worker_goes_on(
    site_env,
):
    server, output, base = start_serve(site_env)
    try:
        drop_articles(site_env)
        assert status_of(f"{base}/api/v1/articles") == 500
        assert status_of(f"{base}/en/") == 500
        assert status_of(f"{base}/en/nothing-here/") == 404
        output.wait_for("Internal Server Error: /api/v1/articles")
        output.wait_for("Internal Server Error: /en/")
        # The worker logs each failed round and tries again: a second failure is logged.
        with output.changed:
            output.changed.wait_for(
                lambda: str(output).count(FAILED_ROUND) >= 2 or output.ended,
                timeout=WAIT_SECONDS,
            )
    finally:
        text = stop(server, output)
    assert text.count(FAILED_ROUND) >= 2, text
    for logged in [
        "[ERROR] django.request: Internal Server Error: /api/v1/articles",
        "[ERROR] django.request: Internal Server Error: /en/",
        f"[ERROR] {FAILED_ROUND}",
    ]:
        # Each with its traceback, down to the cause.
        after = text.split(logged, 1)[1]
        assert after.split("\n", 2)[1] == "Traceback (most recent call last):", text
        assert "no such table: content_article" in after, text
    assert "Not Found" not in text  # 4xx stay out of the log: the proxy logs them
    assert server.returncode == 0, text
