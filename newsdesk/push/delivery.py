"""Delivering pushes, in the worker (a chore of newsroom/scheduler.py).

A round, under the "push" lock:

0. queues the pushes of breaking stories that went live by their date alone;
1. stops the pushes whose article is no longer published and breaking (unpublished, or
   the mark taken off, before its delivery was over);
2. makes a delivery row for each subscription a queued push goes to (``expand()``);
3. sends the due deliveries in batches, claimed a few at a time (as many as requests may
   go out at once) by one UPDATE committed before their requests go out: a row another
   worker claimed is never sent by this one, and a worker that stops (or dies) halfway
   leaves the rows it recorded marked sent, and the next round goes on with the rest. The
   requests go out concurrently, up to ``PUSH_CONCURRENCY`` at once, each from a thread of
   a pool; claims, answers and retries are written by the worker's own thread (one
   connection, SQLite's one writer), the answers that came back together in one
   transaction. Only the rows in flight at a crash, claimed and their answers unrecorded,
   are tried again once their claim lapses; their ``Topic`` header makes the push service
   replace, not add to, an undelivered first copy, and the service worker shows one
   notification per article (its ``tag``). Once a round's time is up it claims no more and
   waits for the requests in flight (each bounded by ``TIMEOUT``);
4. finishes the pushes with nothing left to send, keeping their counts and dropping their
   delivery rows (a push to every subscriber would otherwise leave a row per subscriber).

Each request is encrypted (aes128gcm, RFC 8291) and signed (VAPID, RFC 8292) by pywebpush.
429 and 5xx answers, and no answer, are tried again later (``RETRY_AFTER``, or the service's
Retry-After if longer), up to ``MAX_ATTEMPTS``; 404 and 410 mean the subscription is gone:
it is deleted. Any other answer counts the delivery failed.
"""

import json
import logging
import threading
import time
from collections import Counter, defaultdict
from concurrent import futures
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush

from newsdesk.content.models import Article
from newsdesk.languages import bcp47
from newsdesk.locks import exclusive
from newsdesk.push.models import Delivery, Push, Subscription, check_endpoint
from newsdesk.push.vapid import vapid
from newsdesk.reader.structured_data import absolute

# Lines read "newsdesk.worker: push: ...", as the worker's other chores.
logger = logging.getLogger("newsdesk.worker")

# Deliveries read at a time, and how long a round goes on claiming: breaking news should
# not wait for the next round, nor hold up the worker's other chores long. A push service
# takes 50-200 ms to answer, so requests go out PUSH_CONCURRENCY at a time; a list of
# subscribers too large for one round still takes several.
BATCH = 100
ROUND_SECONDS = 20
# Seconds a push service keeps an alert for a phone that is off: stale news after that.
TTL = 6 * 3600
# A request without an answer by then counts as no answer (tried again).
TIMEOUT = 10
# How long to wait after each failed try; the push service's Retry-After when longer.
RETRY_AFTER = [
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(minutes=30),
]
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
# Never wait longer than this for a service that asks to: the news would be stale.
LONGEST_WAIT = timedelta(hours=2)
# A claimed delivery that no worker reported on (it died sending) is tried again after this.
CLAIM_SECONDS = 300
# Subscriptions read at a time when making a push's delivery rows.
EXPAND_CHUNK = 1000

State = Delivery.State
# The push's count each end adds to.
COUNTERS = {State.SENT: "sent", State.FAILED: "failed", State.REMOVED: "removed"}


def send_due(
    now: datetime | None = None,
    *,
    batch: int = BATCH,
    batches: int | None = None,
    seconds: float = ROUND_SECONDS,
) -> str | None:
    """Do a round of delivery (see the module); a worker chore. ``batches``: at most that
    many batches this round. Returns a line for the log, or None when there was nothing."""
    now = now or timezone.now()
    with exclusive("push", wait=False, timeout=CLAIM_SECONDS) as acquired:
        if not acquired:
            return None
        queue_went_live(now)
        stopped = stop_withdrawn(now)
        expanded = [expand(push, now) for push in Push.objects.filter(state=Push.State.QUEUED)]
        counts = Counter()
        started, done = time.monotonic(), 0
        with Sending(now) as sending:
            while batches is None or done < batches:
                due = list(
                    Delivery.objects.filter(
                        state=State.PENDING,
                        due_at__lte=now,
                        push__state=Push.State.SENDING,
                    )
                    .order_by("due_at", "pk")
                    .values_list("pk", flat=True)[:batch]
                )
                if not due:
                    break
                while due:
                    counts.update(sending.wait(most=sending.limit - 1))
                    # Rows are claimed only as requests may go out, as many as there are
                    # free slots: those left unclaimed wait for the next round, so a slow
                    # service never keeps a round (or its lock) long, and a crash leaves
                    # claimed only the rows whose requests were in flight.
                    if time.monotonic() - started >= seconds:
                        break
                    free = sending.limit - len(sending.in_flight)
                    sending.start(due[:free])
                    due = due[free:]
                done += 1
                if time.monotonic() - started >= seconds:
                    break
            counts.update(sending.wait(most=0))
        finished = finish(now)
    if not (stopped or expanded or counts or finished):
        return None
    parts = [f"{counts[s]} {s}" for s in ("sent", "retrying", "failed", "removed") if counts[s]]
    parts += [f"stopped {len(stopped)}"] if stopped else []
    parts += [f"finished {len(finished)}"] if finished else []
    return "push: " + (", ".join(parts) or f"queued {len(expanded)}")


def queue_went_live(now: datetime) -> list[Push]:
    """Queue the pushes of breaking stories that went live by their date alone (published
    with a date to come, which nothing saves when it comes), within the last hour."""
    went_live = Article.objects.published().filter(
        breaking=True, published_at__gt=now - timedelta(hours=1), push__isnull=True
    )
    return [push for article in went_live if (push := Push.queue_for(article, "scheduler"))]


def stop_withdrawn(now: datetime) -> list[Push]:
    """Stop the unfinished pushes whose article readers no longer see, or that is no longer
    marked breaking: only a published article is pushed."""
    still = Article.objects.published().filter(breaking=True).values("pk")
    withdrawn = list(Push.objects.unfinished().exclude(article__in=still))
    for push in withdrawn:
        with transaction.atomic():
            push.deliveries.filter(state=State.PENDING).delete()
            Push.objects.filter(pk=push.pk).update(state=Push.State.CANCELLED, finished_at=now)
        logger.info(
            "push: stopped %r (id %s): no longer published and breaking", str(push), push.pk
        )
    return withdrawn


def expand(push: Push, now: datetime) -> Push:
    """A delivery row for each subscription ``push`` goes to, then it is sending. Done
    again after a crash, it adds only the rows missing."""
    subscriptions = Subscription.objects.matching(push.article).order_by("pk")
    with transaction.atomic():
        after = 0
        while True:
            ids = list(
                subscriptions.filter(pk__gt=after).values_list("pk", flat=True)[:EXPAND_CHUNK]
            )
            if not ids:
                break
            Delivery.objects.bulk_create(
                [Delivery(push=push, subscription_id=pk, due_at=now) for pk in ids],
                ignore_conflicts=True,
            )
            after = ids[-1]
        push.subscribers = push.deliveries.count()
        push.expanded = True
        push.state = Push.State.SENDING
        push.save(update_fields=["subscribers", "expanded", "state"])
    return push


def claim(pks: list[int], now: datetime) -> list[Delivery]:
    """Those of the deliveries ``pks`` that are due and this worker won (committed), in
    the order of ``pks``, read with their subscription, push and article."""
    if not pks:
        return []
    # One UPDATE ... RETURNING: the rows it moved ahead are this worker's, as another
    # worker's UPDATE of the same row finds it no longer due (SQLite 3.35+, PostgreSQL).
    # Django 5.2's QuerySet.update() returns a count, not the rows, hence raw SQL.
    meta, quote = Delivery._meta, connection.ops.quote_name
    pk, state, due_at, attempts = (
        quote(meta.get_field(name).column) for name in ("id", "state", "due_at", "attempts")
    )
    when = meta.get_field("due_at").get_db_prep_value
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(meta.db_table)} SET {due_at} = %s, {attempts} = {attempts} + 1"
            f" WHERE {pk} IN ({', '.join(['%s'] * len(pks))})"
            f" AND {state} = %s AND {due_at} <= %s RETURNING {pk}",
            [
                when(now + timedelta(seconds=CLAIM_SECONDS), connection),
                *pks,
                State.PENDING,
                when(now, connection),
            ],
        )
        won = {row[0] for row in cursor.fetchall()}
    if not won:
        return []
    rows = Delivery.objects.select_related("subscription", "push__article").in_bulk(won)
    return [rows[pk] for pk in pks if pk in rows]


class Sending:
    """A round's requests: at most ``PUSH_CONCURRENCY`` in flight, each sent by a thread of
    a pool with a session of its own (``requests.Session`` is not known to be thread-safe).
    Everything else, the database above all, is done by the thread that made it."""

    def __init__(self, now: datetime):
        self.now = now
        self.limit = settings.PUSH_CONCURRENCY
        self.payloads = {}  # by push: made once a round
        self.key = None  # read on this thread, the first time a request goes out
        self.in_flight = {}  # future: its delivery
        self.answered = []  # deliveries concluded, their answers not yet written
        self.local = threading.local()
        self.sessions = []
        self.pool = futures.ThreadPoolExecutor(
            self.limit, thread_name_prefix="push", initializer=self.open_session
        )

    def open_session(self) -> None:
        session = requests.Session()
        # A push service answers; it never sends us elsewhere (an endpoint is the reader's
        # to give: no redirect into our own network).
        session.max_redirects = 0
        self.local.session = session
        self.sessions.append(session)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        # Requests still in flight after an error are left claimed, as a crash leaves them.
        self.pool.shutdown(wait=True, cancel_futures=True)
        for session in self.sessions:
            session.close()

    def start(self, pks: list[int]) -> None:
        """Claim the deliveries ``pks`` and send them; those another worker had are left
        alone, and those that take no request are recorded with the next answers."""
        for delivery in claim(pks, self.now):
            push, subscription = delivery.push, delivery.subscription
            if subscription is None:  # unsubscribed since the push was queued
                self.answered.append(ended(delivery, State.REMOVED, None))
                continue
            try:
                check_endpoint(subscription.endpoint)
            except ValidationError:  # not a push service this site posts to (PUSH_SERVICE_HOSTS)
                self.answered.append(ended(delivery, State.REMOVED, None))
                continue
            if push.pk not in self.payloads:
                self.payloads[push.pk] = payload(push.article)
            if self.key is None:
                self.key = vapid()
            future = self.pool.submit(self.post, subscription, push, self.payloads[push.pk])
            self.in_flight[future] = delivery

    def post(self, subscription: Subscription, push: Push, data: str) -> tuple[int, timedelta]:
        """In a thread of the pool."""
        return send(subscription, push, data, self.local.session, self.key)

    def wait(self, most: int) -> list[str]:
        """Until at most ``most`` requests are in flight: what became of those answered
        (and of those that took no request), recorded together."""
        while len(self.in_flight) > most:
            answered, _ = futures.wait(self.in_flight, return_when=futures.FIRST_COMPLETED)
            for future in answered:
                delivery = self.in_flight.pop(future)
                self.answered.append(conclude(delivery, self.now, *future.result()))
        outcomes = record(self.answered)
        self.answered = []
        return outcomes


def conclude(delivery: Delivery, now: datetime, status: int, wait: timedelta) -> Delivery:
    """The service's answer to a delivery's request, set on it for ``record()``: sent,
    failed, removed, or pending again with its next try."""
    push, subscription = delivery.push, delivery.subscription
    if 200 <= status < 300:
        return ended(delivery, State.SENT, status)
    if status in (404, 410):
        return ended(delivery, State.REMOVED, status)
    if status == 0 or status == 429 or status >= 500:
        if delivery.attempts < MAX_ATTEMPTS:
            retry = max(RETRY_AFTER[delivery.attempts - 1], min(wait, LONGEST_WAIT))
            delivery.due_at, delivery.status_code = now + retry, status
            return delivery
        logger.warning(
            "push: gave up on subscription %s of push %s after %d attempts (last answer %s)",
            subscription.pk, push.pk, delivery.attempts, status or "none",
        )  # fmt: skip
    else:
        # 400, 403 (a key the service does not know: VAPID_PRIVATE_KEY changed?), 413…
        logger.warning(
            "push: subscription %s refused push %s with %s", subscription.pk, push.pk, status
        )
    return ended(delivery, State.FAILED, status)


def ended(delivery: Delivery, state: str, status: int | None) -> Delivery:
    """The delivery, its end (sent, failed or removed) set on it for ``record()``."""
    delivery.state, delivery.status_code = state, status
    return delivery


def record(deliveries: list[Delivery]) -> list[str]:
    """Write what became of ``deliveries`` (set by ``conclude()``) in one transaction: a
    statement per state and answer rather than per row, one UPDATE of each push's counts,
    the gone subscriptions deleted. Returns "sent", "retrying", "failed" or "removed" for
    each."""
    outcomes, updates, counts, gone = [], defaultdict(list), defaultdict(Counter), []
    for delivery in deliveries:
        if delivery.state == State.PENDING:
            fields = (State.PENDING, delivery.status_code, delivery.due_at)
            updates[fields].append(delivery.pk)
            outcomes.append("retrying")
            continue
        counter = COUNTERS[delivery.state]
        updates[(delivery.state, delivery.status_code, None)].append(delivery.pk)
        counts[delivery.push_id][counter] += 1
        outcomes.append(counter)
        if delivery.state == State.REMOVED and delivery.subscription_id is not None:
            gone.append(delivery.subscription_id)
    if not deliveries:
        return outcomes
    with transaction.atomic():
        for (state, status, due_at), pks in updates.items():
            fields = {"state": state, "status_code": status}
            if due_at is not None:  # tried again later
                fields["due_at"] = due_at
            Delivery.objects.filter(pk__in=pks).update(**fields)
        for push_id, counted in counts.items():
            Push.objects.filter(pk=push_id).update(**{c: F(c) + n for c, n in counted.items()})
        if gone:
            Subscription.objects.filter(pk__in=gone).delete()
    return outcomes


def send(
    subscription: Subscription, push: Push, data: str, session: requests.Session, key: Vapid02
) -> tuple[int, timedelta]:
    """POST the push to the subscription's service, signed with ``key``: its answer's
    status (0: none) and how long it asked us to wait (Retry-After). Run by a thread of a
    pool: it reads only fields already loaded, never the database."""
    try:
        response = webpush(
            subscription.info(),
            data=data,
            vapid_private_key=key,
            # A new dict each time: pywebpush fills in the audience (the endpoint's origin).
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=TTL,
            timeout=TIMEOUT,
            headers={"Urgency": "high", "Topic": f"article-{push.article_id}"},
            requests_session=session,
        )
    except WebPushException as error:
        response = error.response
        if response is None:
            return 0, timedelta(0)
    except requests.TooManyRedirects as error:  # max_redirects = 0: never followed
        return (error.response.status_code if error.response is not None else 0), timedelta(0)
    except (requests.RequestException, ValueError) as error:
        logger.info("push: no answer from subscription %s: %s", subscription.pk, error)
        return 0, timedelta(0)
    return response.status_code, retry_after(response.headers.get("Retry-After"))


def retry_after(value: str | None) -> timedelta:
    """Retry-After as a wait: seconds, or an HTTP date."""
    if not value:
        return timedelta(0)
    value = value.strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        return max(parsedate_to_datetime(value) - timezone.now(), timedelta(0))
    except (TypeError, ValueError):
        return timedelta(0)


def payload(article: Article) -> str:
    """What the service worker shows (reader/sw.js): the headline, the standfirst and the
    article's address on the public site, well under the 4 kB a push may carry."""
    from newsdesk.reader.pwa import icon_url

    return json.dumps(
        {
            "title": article.headline[:200],
            "body": " ".join(article.standfirst.split())[:300],
            "url": absolute(article.get_absolute_url()),
            "tag": f"article-{article.pk}",
            "lang": bcp47(article.language),
            "icon": absolute(icon_url("icon-192")),
        },
        ensure_ascii=False,
    )


def finish(now: datetime) -> list[Push]:
    """Pushes with nothing left to send are done; their counts stay, their rows go."""
    finished = []
    for push in Push.objects.filter(state=Push.State.SENDING):
        if push.deliveries.filter(state=State.PENDING).exists():
            continue
        with transaction.atomic():
            Push.objects.filter(pk=push.pk).update(state=Push.State.DONE, finished_at=now)
            push.deliveries.all().delete()
        push.refresh_from_db()
        logger.info(
            "push: %r (id %s) to %d subscriptions: %d sent, %d failed, %d removed",
            str(push), push.pk, push.subscribers, push.sent, push.failed, push.removed,
        )  # fmt: skip
        finished.append(push)
    return finished
