"""The scheduler: scheduled articles go live when their time comes, with nobody at the desk.

``newsdesk worker`` calls ``run()``; ``newsdesk serve`` starts that command beside the web
server. Each round takes the "scheduler" lock, so any number of workers can run without
publishing anything twice. A round also purges the pages of published articles whose
time came since the last round (an editor may date a published article later): nothing
else happens at that moment to drop the pages cached without them. After publishing, a
round does its chores (``chores()``): work kept out of the web server, such as the related
articles of articles published or edited since (related/lists.py).
"""

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections
from django.db.models import F
from django.utils import timezone

from newsdesk.caching import keys
from newsdesk.caching.purge import purge
from newsdesk.content.models import Article
from newsdesk.locks import exclusive
from newsdesk.newsletters import sending as newsletters
from newsdesk.newsroom import front, invitations, notifications
from newsdesk.newsroom.workflow import publish_due
from newsdesk.push import delivery as push_delivery
from newsdesk.reader import kept_pages
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


def publish_round(
    now: datetime | None = None, since: datetime | None = None
) -> list[Article] | None:
    """Publish what is due at ``now`` and purge what went live after ``since``; log it.

    None, having done nothing, when another worker is doing it right now. Without
    ``since``, purges what went live within ``PAGE_CACHE_SECONDS``: no page cached before
    that is still served.
    """
    now = now or timezone.now()
    if since is None:
        since = now - timedelta(seconds=settings.PAGE_CACHE_SECONDS)
    with exclusive("scheduler", wait=False, timeout=LOCK_SECONDS) as acquired:
        if not acquired:
            return None
        published = publish_due(now)
        purge_went_live(since, now)
    for article in published:
        when = timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M:%S %Z")
        logger.info("published %r (id %s) scheduled for %s", article.headline, article.pk, when)
    return published


def purge_went_live(since: datetime, now: datetime) -> list[int]:
    """Purge the pages of published articles dated in (``since``, ``now``] and last saved
    before that date: their save purged while they were still to come, and nothing else
    happened at their time. (Those saved since, ``publish_due()``'s included, were purged
    by that save.) Returns the ids purged.
    """
    went_live = (
        Article.objects.with_public_status()
        .filter(published_at__gt=since, published_at__lte=now, updated_at__lt=F("published_at"))
        .values_list("pk", flat=True)
    )
    ids = list(went_live)
    if ids:
        purge(set().union(*(keys.article_change(pk) for pk in ids)))
        logger.info("went live, pages purged: ids %s", ", ".join(map(str, ids)))
    return ids


def run(
    interval: float, *, once: bool = False, stopping: Callable[[], bool] = lambda: False
) -> bool:
    """Run a round every ``interval`` seconds until ``stopping()`` is true (after one if ``once``).

    A round that fails is logged and the next one tried: a database that is briefly away
    must not stop publication, nor, under ``newsdesk serve``, the site. A stop asked for
    during a round takes effect when the round is over. Returns whether the last round
    succeeded.
    """
    since = None  # the first round looks back PAGE_CACHE_SECONDS: a worker may have been down
    while True:
        # What Django does around each request: drop a connection that broke or aged.
        close_old_connections()
        now = timezone.now()
        try:
            if publish_round(now, since) is not None:
                since = now  # a round failed or left to another worker is covered by the next
            succeeded = True
        except DatabaseError as error:
            logger.exception("could not publish: %s (trying again in %g s)", error, interval)
            succeeded = False
        except Exception:
            logger.exception("could not publish (trying again in %g s)", interval)
            succeeded = False
        chores_round(interval)
        if once or _wait(interval, stopping):
            return succeeded


def chores() -> list[tuple[str, Callable[[], str | None]]]:
    """Work a round does after publishing, each ``(what, do)``: ``do()`` returns a line for
    the log, or None when there was nothing to do. Each feature that needs the worker adds
    its chore here."""
    return [
        ("compute related articles", compute_related),
        ("keep article pages", kept_pages.keep_some),
        ("purge fronts whose placements ended", front.purge_expired),
        ("email invitations", invitations.send_due),
        ("send notifications", notifications.send_due),
        ("push breaking news", push_delivery.send_due),
        ("email newsletter confirmations", newsletters.send_confirmations),
        ("send the daily newsletters", newsletters.send_issues),
    ]


def compute_related() -> str | None:
    started = time.monotonic()
    refreshed = refresh_stale(limit=RELATED_PER_ROUND)
    if refreshed:
        seconds = time.monotonic() - started
        return f"related lists: {len(refreshed)} computed in {seconds:.1f} s"
    return None


def chores_round(interval: float) -> None:
    """Do each chore; one that fails is logged and neither stops the others nor publication."""
    for what, do in chores():
        try:
            done = do()
        except DatabaseError as error:
            logger.exception("could not %s: %s (trying again in %g s)", what, error, interval)
        except Exception:
            logger.exception("could not %s (trying again in %g s)", what, interval)
        else:
            if done:
                logger.info("%s", done)


def _wait(seconds: float, stopping: Callable[[], bool]) -> bool:
    """Sleep ``seconds``, or less if ``stopping()`` turns true; returns whether it did."""
    deadline = time.monotonic() + seconds
    while not stopping():
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        time.sleep(min(left, TICK_SECONDS))
    return True
