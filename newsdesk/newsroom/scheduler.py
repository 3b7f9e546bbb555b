"""The scheduler: scheduled articles go live when their time comes, with nobody at the desk.

``newsdesk worker`` calls ``run()``; ``newsdesk serve`` starts that command beside the web
server. Each round takes the "scheduler" lock, so any number of workers can run without
publishing anything twice. After publishing, a round computes the related articles of
articles published or edited since (related/lists.py): work kept out of the web server.
"""

import logging
import time
from collections.abc import Callable

from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from newsdesk.content.models import Article
from newsdesk.locks import exclusive
from newsdesk.newsroom.workflow import publish_due
from newsdesk.related.lists import refresh_stale

# Named after the command whose log it is: lines read "newsdesk.worker: published ...".
logger = logging.getLogger("newsdesk.worker")

# How long a Redis lock outlives a worker that died holding it: longer than a round takes.
LOCK_SECONDS = 300
# How quickly a worker that was asked to stop notices it between rounds.
TICK_SECONDS = 0.2
# Related lists computed per round, at most: about a second's work, so a long backlog (an
# import, a first run over an old archive) never holds up the next publishing round long.
RELATED_PER_ROUND = 20


def publish_round() -> list[Article]:
    """Publish what is due and log it; nothing when another worker is doing it right now."""
    with exclusive("scheduler", wait=False, timeout=LOCK_SECONDS) as acquired:
        if not acquired:
            return []
        published = publish_due()
    for article in published:
        when = timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M:%S %Z")
        logger.info("published %r (id %s) scheduled for %s", article.headline, article.pk, when)
    return published


def run(
    interval: float, *, once: bool = False, stopping: Callable[[], bool] = lambda: False
) -> bool:
    """Run a round every ``interval`` seconds until ``stopping()`` is true (after one if ``once``).

    A round that fails is logged and the next one tried: a database that is briefly away
    must not stop publication, nor, under ``newsdesk serve``, the site. A stop asked for
    during a round takes effect when the round is over. Returns whether the last round
    succeeded.
    """
    while True:
        # What Django does around each request: drop a connection that broke or aged.
        close_old_connections()
        try:
            publish_round()
            succeeded = True
        except DatabaseError as error:
            logger.exception("could not publish: %s (trying again in %g s)", error, interval)
            succeeded = False
        except Exception:
            logger.exception("could not publish (trying again in %g s)", interval)
            succeeded = False
        related_round(interval)
        if once or _wait(interval, stopping):
            return succeeded


def related_round(interval: float) -> None:
    """Compute stale related lists; a failure is logged and never stops publication."""
    try:
        started = time.monotonic()
        refreshed = refresh_stale(limit=RELATED_PER_ROUND)
        if refreshed:
            seconds = time.monotonic() - started
            logger.info("related lists: %d computed in %.1f s", len(refreshed), seconds)
    except DatabaseError as error:
        logger.exception(
            "could not compute related articles: %s (trying again in %g s)", error, interval
        )
    except Exception:
        logger.exception("could not compute related articles (trying again in %g s)", interval)


def _wait(seconds: float, stopping: Callable[[], bool]) -> bool:
    """Sleep ``seconds``, or less if ``stopping()`` turns true; returns whether it did."""
    deadline = time.monotonic() + seconds
    while not stopping():
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        time.sleep(min(left, TICK_SECONDS))
    return True
