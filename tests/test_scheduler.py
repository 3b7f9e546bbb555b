"""Scheduled articles go live on time with nobody present: `newsdesk worker`."""

import logging
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.utils import timezone

from newsdesk.caching import keys
from newsdesk.content.models import Article
from newsdesk.locks import exclusive
from newsdesk.newsroom import scheduler
from newsdesk.newsroom.models import AuditEntry
from newsdesk.newsroom.workflow import publish_due
from tests.factories import make_article
from tests.serving import ROOT, WORKER_STARTED, Output, run_python, serving, stop
from tests.test_purge_across_processes import get, prepare_site
from tests.wsgi_client import fetch

NEWSDESK = [sys.executable, "-m", "newsdesk.cli"]
SCHEDULER_LOG = "newsdesk.worker"


@pytest.fixture(autouse=True)
def file_lock(settings):
    """The scheduler lock in this test's own folder: in Redis, parallel tests would share it."""
    settings.REDIS_URL = ""


def status(article) -> str:
    article.refresh_from_db()
    return article.status


def due(**fields) -> Article:
    return make_article(
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() - timedelta(minutes=1),
        **fields,
    )


# The in-process tests commit (transactional_db): each round is a transaction of its own,
# and the worker drops stale connections between rounds, as Django does between requests.


def test_a_round_publishes_due_articles_and_leaves_future_ones_and_drafts_alone(
    transactional_db, caplog
):
    caplog.set_level(logging.INFO, logger=SCHEDULER_LOG)
    article = due(headline="Tide tables for the week")
    later = make_article(status="scheduled", published_at=timezone.now() + timedelta(hours=1))
    draft = make_article(status="draft", published_at=timezone.now() - timedelta(hours=1))

    assert scheduler.run(5, once=True) is True

    assert (status(article), status(later), status(draft)) == ("published", "scheduled", "draft")
    entry = AuditEntry.objects.get(article=article, action=AuditEntry.Action.PUBLISHED)
    assert (entry.actor, entry.actor_name) == (None, "scheduler")
    assert f"published 'Tide tables for the week' (id {article.pk}) scheduled for " in caplog.text


@pytest.mark.parametrize(
    "error",
    [OperationalError("database is locked"), RuntimeError("purge hook failed")],
    ids=["database", "other"],
)
def test_a_failed_round_is_logged_and_the_next_round_publishes(
    transactional_db, monkeypatch, caplog, error
):
    article = due()
    rounds = []

    def failing_once(now=None):
        rounds.append(1)
        if len(rounds) == 1:
            raise error
        return publish_due()

    monkeypatch.setattr(scheduler, "publish_due", failing_once)
    assert scheduler.run(0.01, stopping=lambda: len(rounds) >= 2) is True
    assert status(article) == "published"
    assert "could not publish" in caplog.text and str(error) in caplog.text
    assert "trying again in 0.01 s" in caplog.text
    failure = next(r for r in caplog.records if "could not publish" in r.getMessage())
    assert failure.levelname == "ERROR" and failure.exc_info[1] is error  # with its traceback


def test_a_round_leaves_the_articles_to_the_worker_holding_the_lock(transactional_db):
    article = due()
    with exclusive("scheduler", wait=False) as acquired:
        assert acquired
        assert scheduler.publish_round() is None
    assert status(article) == "scheduled"
    assert [a.pk for a in scheduler.publish_round()] == [article.pk]


class Clock:
    """The scheduler's clock, in the test's hands: sleeping only moves it on."""

    def __init__(self):
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_a_stop_between_rounds_ends_the_worker_without_waiting_for_the_interval(
    transactional_db, monkeypatch
):
    clock = Clock()
    monkeypatch.setattr(scheduler, "time", clock)
    assert scheduler.run(60, stopping=lambda: clock.now >= 1) is True
    assert clock.now == pytest.approx(1)  # noticed at the next tick, not 60 s on


def test_worker_once_fails_when_its_round_failed(transactional_db, monkeypatch):
    def broken(now=None):
        raise OperationalError("no such table: content_article")

    monkeypatch.setattr(scheduler, "publish_due", broken)
    with pytest.raises(CommandError, match="round failed"):
        call_command("worker", once=True)


def between_rounds(monkeypatch, *steps):
    """A ``stopping`` for ``scheduler.run()`` that takes ``steps`` in turn, one after each
    round, on the test's clock, and stops the worker after the last."""
    monkeypatch.setattr(scheduler, "time", Clock())
    rounds = []
    real_round = scheduler.publish_round

    def counted(*args):
        rounds.append(real_round(*args))
        return rounds[-1]

    monkeypatch.setattr(scheduler, "publish_round", counted)
    done = []

    def stopping():
        if len(done) < len(rounds):
            steps[len(done)]()
            done.append(1)
        return len(done) == len(steps)

    return stopping


PURGED = []


def recording_hook(purged_keys):
    PURGED.append(purged_keys)


def test_a_published_article_dated_later_appears_on_cached_pages_once_its_time_passes(
    transactional_db, monkeypatch, caplog
):
    """Its save purged the pages, which are cached again without it; nobody saves it then."""
    caplog.set_level(logging.INFO, logger=SCHEDULER_LOG)
    edited = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: edited)
    article = make_article(
        headline="Harbour wall repaired", published_at=edited - timedelta(days=1)
    )
    pages = ["/en/", article.section.get_absolute_url()]

    def edit_it_to_later_and_cache_the_pages():
        article.published_at = edited + timedelta(minutes=10)  # as the admin saves it
        article.save()
        for page in pages:
            fetch(page)
            answer = fetch(page)
            assert answer.cache == "hit" and "Harbour wall repaired" not in answer.text, page

    def let_its_time_pass():
        monkeypatch.setattr(timezone, "now", lambda: edited + timedelta(minutes=11))

    def the_pages_show_it():
        for page in [*pages, article.get_absolute_url()]:
            assert "Harbour wall repaired" in fetch(page).text, page

    def and_later_rounds_do_not_purge_them_again():
        assert caplog.text.count(f"went live, pages purged: ids {article.pk}\n") == 1

    steps = [
        edit_it_to_later_and_cache_the_pages,
        let_its_time_pass,
        the_pages_show_it,
        and_later_rounds_do_not_purge_them_again,
    ]
    assert scheduler.run(1, stopping=between_rounds(monkeypatch, *steps)) is True


def test_a_worker_starting_purges_what_went_live_while_it_was_away(
    transactional_db, settings, monkeypatch
):
    settings.PURGE_HOOKS = ["tests.test_scheduler.recording_hook"]
    now = timezone.now()
    lookback = timedelta(seconds=settings.PAGE_CACHE_SECONDS)

    def saved_at(moment, **fields):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return make_article(**fields)

    recent = saved_at(now - lookback, published_at=now - timedelta(minutes=1))
    saved_at(now - 2 * lookback, published_at=now - lookback - timedelta(minutes=1))
    monkeypatch.setattr(timezone, "now", lambda: now)
    PURGED.clear()
    assert scheduler.run(5, once=True) is True
    assert [k for k in PURGED if "home-en" in k] == [keys.article_change(recent.pk)]


def test_a_round_does_not_purge_again_what_publishing_purged(transactional_db, caplog):
    caplog.set_level(logging.INFO, logger=SCHEDULER_LOG)
    make_article(headline="Published now")
    due(headline="Due now")
    assert scheduler.run(5, once=True) is True
    assert "published 'Due now'" in caplog.text and "went live" not in caplog.text


@pytest.mark.parametrize("interval", ["0", "-1"])
def test_worker_refuses_an_interval_that_is_not_positive(db, interval):
    with pytest.raises(CommandError, match="positive number of seconds"):
        call_command("worker", "--interval", interval)


@pytest.fixture
def site(tmp_path):
    """A file database that separate processes share, with a section called Harbour."""
    env = {**os.environ, "NEWSDESK_VAR_DIR": str(tmp_path)}
    # Redis would share pages and the scheduler lock with tests running in parallel.
    for name in ["DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"]:
        env.pop(name, None)
    prepare_site(env)
    return env


SCHEDULE = """
from datetime import timedelta
from django.utils import timezone
from newsdesk.content.models import Section
from tests.factories import make_article
make_article(
    headline={headline!r}, slug={slug!r}, section=Section.objects.get(slug="harbour"),
    status="scheduled", published_at=timezone.now() + timedelta(seconds={seconds}),
)
"""


@pytest.mark.embedded
def test_worker_once_publishes_a_due_article_and_another_process_shows_it(site):
    run_python(SCHEDULE.format(headline="Ferry timetable", slug="ferry", seconds=-60), site)
    pages = ["/en/", "/en/section/harbour/"]
    with serving(site, worker=False) as base:  # only the worker under test publishes
        for page in pages:
            get(base + page)
            cache, body = get(base + page)
            assert cache == "hit" and "Ferry timetable" not in body

        worker = subprocess.run(
            [*NEWSDESK, "worker", "--once"],
            env=site, cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip

        assert worker.returncode == 0, worker.stderr
        assert "published 'Ferry timetable' (id " in worker.stderr
        for page in pages:
            assert "Ferry timetable" in get(base + page)[1], page


WAIT_FOR_PUBLICATION = """
import time
from newsdesk.caching import keys
from newsdesk.content.models import Article
from newsdesk.newsroom.models import AuditEntry
deadline = time.monotonic() + 120  # never reached unless the worker is broken
while time.monotonic() < deadline:
    article = Article.objects.get(slug="night-ferry")
    if article.status == "published":
        break
    time.sleep(0.1)
entry = AuditEntry.objects.filter(article=article, action="published").first()
late = (entry.at - article.published_at).total_seconds() if entry else None
print(article.status, entry and entry.actor_name, late)
"""


@pytest.mark.embedded
def test_an_article_scheduled_two_seconds_ahead_goes_live_with_nobody_present(site):
    run_python(SCHEDULE.format(headline="Night ferry resumes", slug="night-ferry", seconds=2), site)
    worker = subprocess.Popen(
        [*NEWSDESK, "worker", "--interval", "0.5"],
        env=site, cwd=ROOT, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    output = Output(worker.stderr)
    try:
        output.wait_for(WORKER_STARTED)
        article_status, actor, late = run_python(WAIT_FOR_PUBLICATION, site).split()
    finally:
        log = stop(worker, output)

    assert (article_status, actor) == ("published", "scheduler"), log
    # Not before its time. (How late it may be depends on the machine's load: not tested.)
    assert float(late) >= 0, log
    assert "published 'Night ferry resumes'" in log
    # SIGTERM ends the worker cleanly.
    assert worker.returncode == 0 and log.rstrip().endswith("worker: stopped"), log
