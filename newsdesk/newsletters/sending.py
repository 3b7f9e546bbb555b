"""The worker's newsletter chores (newsroom/scheduler.py ``chores()``): emailing the
confirmation links, forgetting addresses never confirmed, and sending each edition's
daily issue once its hour has come in its time zone.

An issue is sent once per edition and local day, to confirmed subscribers only. Each
message is claimed before it goes out, by a Delivery row committed on its own (SENDING),
and marked SENT after: a worker that stops halfway leaves the rest to the next round,
and never sends the same subscriber the same issue twice (a row it left SENDING may have
gone out, so it is not tried again). A message the server refuses is tried again later
(``RETRY_AFTER``), and given up after ``MAX_ATTEMPTS`` (logged).
"""

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Max, OuterRef
from django.utils import timezone

from newsdesk.emails import refused, send_each
from newsdesk.languages import edition_codes
from newsdesk.locks import exclusive
from newsdesk.newsletters.digest import Contents, choose, confirmation_message, edition_zone
from newsdesk.newsletters.models import Delivery, Issue, Subscriber

# Lines read "newsdesk.worker: newsletter ...", as the worker's other chores.
logger = logging.getLogger("newsdesk.worker")

# Messages per worker round, at most: a round also publishes, and must not wait long.
CONFIRMATIONS_PER_ROUND = 50
DIGESTS_PER_ROUND = 200
# How long a Redis lock outlives a worker that died holding it: longer than a round.
LOCK_SECONDS = 600
# How long to wait after each failure to send a digest, before giving up.
RETRY_AFTER = [timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
# How long the record of who was sent each issue is kept.
DELIVERIES_KEPT_DAYS = 7
# After a failure an issue's sending waits this long before it tries anyone again.
PAUSE_AFTER_FAILURE = RETRY_AFTER[0]
# A confirmation the server refused is tried again this much later (the address is
# forgotten after CONFIRM_DAYS in any case).
CONFIRMATION_RETRY = timedelta(minutes=5)

State = Delivery.State


# Confirmations --------------------------------------------------------------------------


def send_confirmations(now: datetime | None = None) -> str | None:
    """Email the confirmation links that are due, and delete the pending addresses whose
    link ran out. Returns a line for the log, or None when there was nothing to do."""
    now = now or timezone.now()
    _count, deleted = Subscriber.objects.expired(now).delete()
    forgotten = deleted.get(Subscriber._meta.label, 0)
    sent = failed = 0
    with exclusive("newsletter-confirmations", wait=False, timeout=LOCK_SECONDS) as acquired:
        if acquired:
            sent, failed = _send_confirmations(now)
    if not (sent or failed or forgotten):
        return None
    return (
        f"newsletter confirmations: {sent} sent, {failed} to try again, "
        f"{forgotten} unconfirmed addresses forgotten"
    )


def _send_confirmations(now: datetime) -> tuple[int, int]:
    due = Subscriber.objects.confirmation_due(now).order_by("pk")

    def claim(pk: int) -> Subscriber | None:
        if not due.filter(pk=pk).update(confirmation_due_at=None):
            return None  # confirmed, or taken by another worker, meanwhile
        return Subscriber.objects.get(pk=pk)

    def sent(subscriber: Subscriber) -> None:
        Subscriber.objects.filter(pk=subscriber.pk).update(
            confirmation_sent_at=now, confirmations_sent=F("confirmations_sent") + 1
        )

    def failed(subscriber: Subscriber, error: Exception) -> None:
        if not refused(error):
            Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
                confirmation_due_at=now + CONFIRMATION_RETRY
            )
        logger.warning(
            "newsletter: could not email the confirmation link to %s: %s%s",
            subscriber.email,
            error,
            "" if refused(error) else " (trying again shortly)",
        )

    return send_each(
        due.values_list("pk", flat=True)[:CONFIRMATIONS_PER_ROUND],
        claim=claim,
        message=confirmation_message,
        sent=sent,
        failed=failed,
    )


# The daily issues -----------------------------------------------------------------------


def local_day(language: str, now: datetime) -> tuple[date, int]:
    """The date and hour it is at ``now`` in ``language``'s edition's time zone."""
    local = now.astimezone(edition_zone(language))
    return local.date(), local.hour


def send_issues(now: datetime | None = None, *, limit: int = DIGESTS_PER_ROUND) -> str | None:
    """Make and send each edition's issue of the day once NEWSLETTER_HOUR has come in its
    time zone; ``limit`` messages at most. Returns a line for the log, or None."""
    now = now or timezone.now()
    lines = []
    with exclusive("newsletters", wait=False, timeout=LOCK_SECONDS) as acquired:
        if not acquired:
            return None
        for language in edition_codes():
            day, hour = local_day(language, now)
            if hour < settings.NEWSLETTER_HOUR:
                continue
            issue, line = issue_of(language, day, now)
            if issue.finished_at is None and limit > 0:
                sent, line = send_issue(issue, now, limit)
                limit -= sent
            if line:
                lines.append(line)
    return "; ".join(lines) or None


def issue_of(language: str, day: date, now: datetime) -> tuple[Issue, str | None]:
    """``language``'s issue of ``day``, made now (its stories chosen) if there is none."""
    issue = Issue.objects.filter(language=language, day=day).first()
    if issue is not None:
        return issue, None
    top, hot = choose(language, now)
    issue, created = Issue.objects.get_or_create(
        language=language,
        day=day,
        defaults={
            "top_ids": top,
            "hot_ids": hot,
            "created_at": now,
            "finished_at": None if (top or hot) else now,
        },
    )
    if not created:
        return issue, None
    # An earlier issue still retrying is yesterday's news: it stops. Who was sent what is
    # kept for a week (to answer "did I get Monday's?"), then forgotten.
    Issue.objects.filter(language=language, day__lt=day, finished_at__isnull=True).update(
        finished_at=now
    )
    Delivery.objects.filter(
        issue__language=language, issue__day__lt=day - timedelta(days=DELIVERIES_KEPT_DAYS)
    ).delete()
    if not issue.has_stories:
        return issue, f"newsletter {language} {day}: no stories, not sent"
    return issue, None


def recipients(issue: Issue):
    """The confirmed subscribers of ``issue``'s edition who have no delivery of it yet."""
    delivered = Delivery.objects.filter(issue=issue, subscriber=OuterRef("pk"))
    return (
        Subscriber.objects.confirmed()
        .filter(language=issue.language)
        .filter(~Exists(delivered))
        .order_by("pk")
    )


def send_issue(issue: Issue, now: datetime, limit: int) -> tuple[int, str | None]:
    """Send ``issue`` to the subscribers not sent it yet (``limit`` at most) and to those
    due a retry; finish it when nobody is left. Returns how many were sent, and a line."""
    if paused(issue, now):
        return 0, None
    retries = Delivery.objects.filter(issue=issue, state=State.FAILED, retry_at__lte=now)
    due = [("retry", pk) for pk in retries.values_list("pk", flat=True)[:limit]]
    due += [
        ("new", pk) for pk in recipients(issue).values_list("pk", flat=True)[: limit - len(due)]
    ]
    contents = Contents.of(issue) if due else None
    if contents is not None and contents.is_empty:  # all unpublished since it was made
        Issue.objects.filter(pk=issue.pk).update(finished_at=now)
        return 0, f"newsletter {issue}: no stories left, not sent"

    def claim_due(kind_and_pk: tuple[str, int]) -> Delivery | None:
        kind, pk = kind_and_pk
        return claim_retry(pk, now) if kind == "retry" else claim(issue, pk, now)

    sent, failed = send_each(
        due,
        claim=claim_due,
        message=lambda delivery, connection: contents.message(delivery.subscriber, connection),
        sent=lambda delivery: mark_sent(delivery, now),
        failed=lambda delivery, error: _failed(delivery, now, error),
    )
    finished = not (
        Delivery.objects.filter(issue=issue, state=State.FAILED, retry_at__isnull=False).exists()
        or recipients(issue).exists()
    )
    line = f"newsletter {issue}: {sent} sent" + (f", {failed} failed" if failed else "")
    if finished:
        Issue.objects.filter(pk=issue.pk).update(finished_at=now)
        delivered = Delivery.objects.filter(issue=issue)
        line += f"; finished, {delivered.filter(state=State.SENT).count()} sent in all"
        unknown = delivered.filter(state=State.SENDING).count()
        if unknown:
            # Claimed by a worker that stopped before it could say: maybe sent, never again.
            line += f", {unknown} left unknown by a stopped worker (not sent again)"
    elif not (sent or failed):
        return 0, None
    return sent, line


def paused(issue: Issue, now: datetime) -> bool:
    """Whether ``issue`` waits after a failure to send: for PAUSE_AFTER_FAILURE after the
    last one, nothing is tried. A server that is away is then asked every few minutes,
    not every round, and its outage costs no subscriber their tries."""
    last = Delivery.objects.filter(
        issue=issue, state=State.FAILED, retry_at__isnull=False
    ).aggregate(last=Max("updated_at"))["last"]
    return last is not None and now < last + PAUSE_AFTER_FAILURE


def claim(issue: Issue, subscriber_id: int, now: datetime) -> Delivery | None:
    """This worker's claim to send ``issue`` to the subscriber, committed before it does;
    None if the subscriber has a delivery of it already, or is gone."""
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                issue=issue, subscriber_id=subscriber_id, state=State.SENDING, updated_at=now
            )
    except IntegrityError:
        return None
    return Delivery.objects.select_related("subscriber", "issue").filter(pk=delivery.pk).first()


def claim_retry(pk: int, now: datetime) -> Delivery | None:
    """A failed delivery due again, claimed for this try; None if it is not (any more)."""
    won = Delivery.objects.filter(pk=pk, state=State.FAILED, retry_at__lte=now).update(
        state=State.SENDING, attempts=F("attempts") + 1, retry_at=None, updated_at=now
    )
    if not won:
        return None
    return Delivery.objects.select_related("subscriber", "issue").filter(pk=pk).first()


def mark_sent(delivery: Delivery, now: datetime) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(state=State.SENT, updated_at=now)


def _failed(delivery: Delivery, now: datetime, error: Exception) -> None:
    email = delivery.subscriber.email
    if refused(error) or delivery.attempts >= MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(
            state=State.FAILED, retry_at=None, updated_at=now
        )
        logger.error(
            "newsletter %s: gave up emailing %s after %d attempts: %s",
            delivery.issue,
            email,
            delivery.attempts,
            error,
        )
        return
    retry = now + RETRY_AFTER[delivery.attempts - 1]
    Delivery.objects.filter(pk=delivery.pk).update(
        state=State.FAILED, retry_at=retry, updated_at=now
    )
    logger.warning(
        "newsletter %s: could not email %s (attempt %d of %d): %s; trying again at %s",
        delivery.issue,
        email,
        delivery.attempts,
        MAX_ATTEMPTS,
        error,
        timezone.localtime(retry).strftime("%H:%M:%S"),
    )
