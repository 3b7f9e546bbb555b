"""A publish from another process reaches every server worker on the very next request.

Runs the real server (`newsdesk serve`, two workers) on a file database, warms its page
stores, publishes from a separate process (as the scheduler or `newsdesk import` would),
then checks that every following answer shows the change.
"""

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest

from tests.serving import run_python, serving

REQUESTS = 40


def get(url: str):
    request = urllib.request.Request(url, headers={"Connection": "close"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("X-Cache"), response.read().decode()


# The embedded site prepare_site() makes, made once per test process and copied: migrating
# a new SQLite file takes seconds, and a dozen tests start such a site.
_prepared: list[Path] = []


def prepare_site(env: dict) -> None:
    """Migrate ``env``'s database and add a section with a published and a draft story."""
    if "DATABASE_URL" in env:
        _prepare(env)
        return
    if not _prepared:
        folder = Path(tempfile.mkdtemp(prefix="newsdesk-site-"))
        _prepare({**env, "NEWSDESK_VAR_DIR": str(folder)})
        _prepared.append(folder)
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    # Only the database: the rest of the data directory (keys, media) stays the test's own.
    var = Path(env["NEWSDESK_VAR_DIR"])
    var.mkdir(parents=True, exist_ok=True)
    for path in _prepared[0].glob("newsdesk.sqlite3*"):  # its -wal, if one was left
        shutil.copyfile(path, var / path.name)


def _prepare(env: dict) -> None:
    subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", "migrate", "-v0"], env=env, check=True, timeout=120
    )
    run_python(
        "from tests.factories import make_article, make_section\n"
        "section = make_section(name='Harbour', slug='harbour')\n"
        "make_article(headline='Tides are high', section=section, slug='tides')\n"
        "make_article(headline='Lighthouse relit', section=section, slug='light', status='draft')",
        env,
    )


def publish_elsewhere(slug: str, env: dict) -> None:
    """Publish an article from a separate process, as the scheduler or an import would."""
    run_python(
        "from newsdesk.content.models import Article\n"
        f"article = Article.objects.get(slug={slug!r})\n"
        "article.status = 'published'\n"
        "article.save()",
        env,
    )


@pytest.fixture
def server(tmp_path):
    env = {**os.environ, "NEWSDESK_VAR_DIR": str(tmp_path)}
    for name in ["DJANGO_SETTINGS_MODULE", "DATABASE_URL"]:
        env.pop(name, None)  # a file SQLite database that both processes share
    prepare_site(env)
    with serving(env, workers=2) as base:
        yield base, env


def test_a_publish_from_another_process_reaches_every_worker(server):
    base, env = server
    pages = ["/en/", "/en/section/harbour/"]
    for page in pages:
        answers = [get(base + page) for _ in range(REQUESTS)]
        assert all("Tides are high" in body for _, body in answers)
        assert [cache for cache, _ in answers].count("hit") >= REQUESTS - 2

    publish_elsewhere("light", env)
    for page in pages:
        answers = [get(base + page) for _ in range(REQUESTS)]
        stale = [cache for cache, body in answers if "Lighthouse relit" not in body]
        assert not stale, f"{len(stale)} of {REQUESTS} answers on {page} were stale"

    run_python(
        "from newsdesk.content.models import Article\nArticle.objects.get(slug='tides').delete()",
        env,
    )
    for page in pages:
        assert all("Tides are high" not in get(base + page)[1] for _ in range(REQUESTS))
