"""Breaking-news push: subscribing, queuing once, delivering to a real push service on
loopback (VAPID checked, payload decrypted), retries, removals, the hourly limit."""

import json
import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.content.models import Article
from newsdesk.newsroom.workflow import publish_due, take_step
from newsdesk.push import delivery
from newsdesk.push.models import Delivery, Push, Subscription
from newsdesk.push.vapid import KEY_FILE, application_server_key
from tests.factories import make_article, make_section
from tests.newsroom_forms import article_form, change_url
from tests.push_service import Subscriber, start_push_service

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://news.example.org"


@pytest.fixture(autouse=True)
def push_settings(settings):
    settings.PUBLIC_URL = PUBLIC_URL
    settings.PUSH_ALLOW_HTTP_ENDPOINTS = True
    settings.PUSH_MAX_PER_HOUR = 3


@pytest.fixture
def service():
    service, stop = start_push_service()
    yield service
    stop()


def subscribe(service, subscriber, *, language="en", sections=()) -> Subscription:
    subscription = Subscription.objects.create(
        endpoint=service.endpoint(subscriber),
        p256dh=subscriber.p256dh,
        auth=subscriber.auth,
        language=language,
    )
    subscription.sections.set(sections)
    return subscription


def draft(**fields) -> Article:
    return make_article(status=Article.Status.DRAFT, **fields)


def later(minutes: float):
    return timezone.now() + timedelta(minutes=minutes)


# Delivery --------------------------------------------------------------------------------


def test_a_breaking_story_reaches_its_editions_subscribers_signed_and_encrypted(service, editor):
    politics, sport = make_section(), make_section()
    everything, politics_reader, sport_reader, chinese_reader = (
        Subscriber(name) for name in ["all", "politics", "sport", "zh"]
    )
    subscribe(service, everything)
    subscribe(service, politics_reader, sections=[politics])
    subscribe(service, sport_reader, sections=[sport])
    subscribe(service, chinese_reader, language="zh-hans")
    article = draft(section=politics, breaking=True, headline="Harbour bridge closes")

    take_step(article, "published", editor)
    assert delivery.send_due() is not None

    key = application_server_key()
    for reader in (everything, politics_reader):
        (received,) = service.to(reader)
        payload = service.open_push(received, reader, key)
        assert payload["title"] == "Harbour bridge closes"
        assert payload["url"] == f"{PUBLIC_URL}{article.get_absolute_url()}"
        assert payload["tag"] == f"article-{article.pk}"
        assert received.headers["urgency"] == "high"
        assert received.headers["topic"] == f"article-{article.pk}"
    assert service.to(sport_reader) == service.to(chinese_reader) == []
    push = Push.objects.get(article=article)
    assert (push.state, push.subscribers, push.sent, push.failed, push.removed) == (
        Push.State.DONE, 2, 2, 0, 0,
    )  # fmt: skip
    assert push.queued_by == "Edith Okafor"
    assert not Delivery.objects.exists(), "a finished push keeps its counts, not its rows"


def test_a_story_is_pushed_once_however_often_it_is_published_or_saved(service, editor):
    reader = Subscriber("once")
    subscribe(service, reader)
    article = draft(breaking=True)
    take_step(article, "published", editor)
    delivery.send_due()
    take_step(article, "unpublished", editor)
    article.publish(editor)
    article.save()
    delivery.send_due()
    delivery.send_due()
    assert len(service.to(reader)) == 1
    assert Push.objects.count() == 1


def test_drafts_scheduled_and_unmarked_stories_are_never_pushed(service, editor):
    reader = Subscriber("nothing")
    subscribe(service, reader)
    draft(breaking=True).save()
    take_step(draft(), "published", editor)  # published, not breaking
    scheduled = draft(breaking=True)
    take_step(scheduled, "scheduled", editor, when=later(60))
    delivery.send_due()
    assert service.to(reader) == []
    assert not Push.objects.exists()

    # Its time comes: the scheduler publishes it, and then it is pushed.
    Article.objects.filter(pk=scheduled.pk).update(published_at=later(-1))
    publish_due()
    delivery.send_due()
    assert Push.objects.get().article_id == scheduled.pk
    assert len(service.to(reader)) == 1


def test_a_push_whose_story_is_unpublished_before_delivery_stops(service, editor):
    reader = Subscriber("stopped")
    subscribe(service, reader)
    article = draft(breaking=True)
    take_step(article, "published", editor)
    take_step(article, "unpublished", editor)
    assert delivery.send_due() == "push: stopped 1"
    assert service.to(reader) == []
    assert Push.objects.get().state == Push.State.CANCELLED


def test_a_subscription_the_service_says_is_gone_is_removed(service, editor):
    gone, also_gone, kept = Subscriber("gone"), Subscriber("404"), Subscriber("kept")
    for reader in (gone, also_gone, kept):
        subscribe(service, reader)
    service.answer(gone, (410, {}))
    service.answer(also_gone, (404, {}))
    take_step(draft(breaking=True), "published", editor)
    delivery.send_due()
    assert list(Subscription.objects.values_list("endpoint", flat=True)) == [service.endpoint(kept)]
    push = Push.objects.get()
    assert (push.sent, push.failed, push.removed, push.state) == (1, 0, 2, Push.State.DONE)


def test_a_busy_or_failing_service_is_tried_again_later_then_delivered(service, editor):
    busy, failing = Subscriber("busy"), Subscriber("failing")
    subscribe(service, busy)
    subscribe(service, failing)
    service.answer(busy, (429, {"Retry-After": "300"}))
    service.answer(failing, (503, {}), (502, {}))
    take_step(draft(breaking=True), "published", editor)

    delivery.send_due()
    push = Push.objects.get()
    assert (push.state, push.sent, push.pending) == (Push.State.SENDING, 0, 2)
    # Backoff: the failing one's first wait (30 s) passes, the busy one asked for 5 minutes.
    delivery.send_due(later(1))
    assert len(service.to(failing)) == 2 and len(service.to(busy)) == 1
    delivery.send_due(later(4))  # the failing one waits 2 minutes after its second try
    assert len(service.to(failing)) == 3 and len(service.to(busy)) == 1
    delivery.send_due(later(6))
    assert len(service.to(busy)) == 2
    push.refresh_from_db()
    assert (push.state, push.sent, push.failed, push.removed) == (Push.State.DONE, 2, 0, 0)
    key = application_server_key()
    assert service.open_push(service.to(busy)[-1], busy, key)["title"] == push.article.headline


def test_a_redirect_is_not_followed_and_counts_failed(service, editor):
    reader = Subscriber("moved")
    subscribe(service, reader)
    service.answer(reader, (307, {"Location": f"{service.url}/push/elsewhere"}))
    take_step(draft(breaking=True), "published", editor)
    delivery.send_due()
    assert [r.path for r in service.received] == ["/push/moved"]
    push = Push.objects.get()
    assert (push.state, push.sent, push.failed) == (Push.State.DONE, 0, 1)


def test_a_service_that_keeps_failing_is_given_up_and_counted_failed(service, editor):
    reader = Subscriber("down")
    subscribe(service, reader)
    service.answer(reader, *[(500, {})] * delivery.MAX_ATTEMPTS)
    take_step(draft(breaking=True), "published", editor)
    for hours in range(delivery.MAX_ATTEMPTS):
        delivery.send_due(later(60 * hours))
    push = Push.objects.get()
    assert len(service.to(reader)) == delivery.MAX_ATTEMPTS
    assert (push.state, push.sent, push.failed) == (Push.State.DONE, 0, 1)
    assert Subscription.objects.count() == 1, "a failing service is not a gone subscription"


def test_a_worker_stopped_after_a_batch_goes_on_and_sends_each_reader_exactly_once(service, editor):
    readers = [Subscriber(f"reader-{n}") for n in range(5)]
    for reader in readers:
        subscribe(service, reader)
    take_step(draft(breaking=True), "published", editor)

    delivery.send_due(batch=2, batches=1)  # the worker stops here
    assert len(service.received) == 2
    assert Push.objects.get().pending == 3
    delivery.send_due(batch=2)  # restarted
    assert sorted(r.path for r in service.received) == sorted(
        f"/push/{reader.name}" for reader in readers
    )
    delivery.send_due()
    assert len(service.received) == 5
    assert Push.objects.get().sent == 5


def test_requests_to_the_push_service_are_in_flight_together(
    service, editor, settings, monkeypatch
):
    # The service answers none until four requests wait for it at once. Sent one at a time,
    # the first would wait 30 s for the others, and then every request be answered 500.
    settings.PUSH_CONCURRENCY = 4
    monkeypatch.setattr(delivery, "TIMEOUT", 60)  # the barrier answers first, not the client
    service.barrier = threading.Barrier(4, timeout=30)
    readers = [Subscriber(f"together-{n}") for n in range(8)]
    for reader in readers:
        subscribe(service, reader)
    take_step(draft(breaking=True), "published", editor)
    assert delivery.send_due() == "push: 8 sent, finished 1"
    assert not service.barrier.broken
    assert sorted(r.path for r in service.received) == sorted(
        f"/push/{reader.name}" for reader in readers
    )
    assert Push.objects.get().sent == 8


def test_one_request_at_a_time_still_sends_every_push_in_order(service, editor, settings):
    settings.PUSH_CONCURRENCY = 1
    readers = [Subscriber(f"one-{n}") for n in range(5)]
    for reader in readers:
        subscribe(service, reader)
    take_step(draft(breaking=True), "published", editor)
    assert delivery.send_due() == "push: 5 sent, finished 1"
    assert [r.path for r in service.received] == [f"/push/{reader.name}" for reader in readers]


def test_requests_in_flight_together_count_every_answer_right(service, editor, settings):
    settings.PUSH_CONCURRENCY = 4
    service.barrier = threading.Barrier(4, timeout=30)  # two rounds of four at once
    readers = {
        name: Subscriber(name) for name in ["a", "b", "c", "d", "busy", "gone", "404", "bad"]
    }
    for reader in readers.values():
        subscribe(service, reader)
    service.answer(readers["busy"], (429, {}))
    service.answer(readers["gone"], (410, {}))
    service.answer(readers["404"], (404, {}))
    service.answer(readers["bad"], (400, {}))
    take_step(draft(breaking=True), "published", editor)

    assert delivery.send_due() == "push: 4 sent, 1 retrying, 1 failed, 2 removed"
    assert not service.barrier.broken
    assert all(len(service.to(reader)) == 1 for reader in readers.values())
    push = Push.objects.get()
    assert (push.state, push.sent, push.failed, push.removed, push.pending) == (
        Push.State.SENDING, 4, 1, 2, 1,
    )  # fmt: skip
    busy = Delivery.objects.get(state=Delivery.State.PENDING)
    assert (busy.subscription.endpoint, busy.attempts, busy.status_code) == (
        service.endpoint(readers["busy"]), 1, 429,
    )  # fmt: skip
    assert Subscription.objects.count() == 6

    service.barrier = None
    assert delivery.send_due(later(1)) == "push: 1 sent, finished 1"
    assert len(service.to(readers["busy"])) == 2
    push.refresh_from_db()
    assert (push.state, push.sent, push.failed, push.removed) == (Push.State.DONE, 5, 1, 2)


def test_a_worker_dying_with_requests_in_flight_sends_again_only_those(
    service, editor, settings, monkeypatch
):
    settings.PUSH_CONCURRENCY = 4
    service.barrier = threading.Barrier(4, timeout=30)  # no answer before four are sent
    readers = [Subscriber(f"dies-{n}") for n in range(8)]
    for reader in readers:
        subscribe(service, reader)
    take_step(draft(breaking=True), "published", editor)

    def dies(*args):
        raise SystemExit("killed")

    with monkeypatch.context() as patched:
        patched.setattr(delivery, "conclude", dies)  # as the first answer comes back
        with pytest.raises(SystemExit):
            delivery.send_due()
    claimed = Delivery.objects.filter(attempts=1, state=Delivery.State.PENDING)
    assert claimed.count() == 4, "claimed, sent and unrecorded: only those in flight"
    assert Delivery.objects.filter(attempts=0).count() == 4

    service.barrier = None
    delivery.send_due()
    assert len(service.received) == 8, "the claimed ones wait for their claim to lapse"
    delivery.send_due(later(delivery.CLAIM_SECONDS / 60 + 1))
    assert sorted(len(service.to(reader)) for reader in readers) == [1] * 4 + [2] * 4
    assert Push.objects.get().state == Push.State.DONE


def deliveries_to(service, count: int, editor, name: str) -> list[int]:
    """A breaking story's delivery rows to ``count`` new readers, due now, by id."""
    for n in range(count):
        subscribe(service, Subscriber(f"{name}-{n}"))
    take_step(draft(breaking=True), "published", editor)
    delivery.expand(Push.objects.get(), timezone.now())
    return list(Delivery.objects.order_by("pk").values_list("pk", flat=True))


def test_rows_are_claimed_together_and_a_second_claim_wins_none_the_first_holds(
    service, editor, django_assert_num_queries
):
    pks = deliveries_to(service, 6, editor, "claim")
    now = timezone.now()
    with django_assert_num_queries(2):  # one UPDATE … RETURNING, one SELECT with the joins
        first = delivery.claim(pks[:4], now)
    assert [d.pk for d in first] == pks[:4]
    article = Push.objects.get().article_id
    with django_assert_num_queries(0):  # read with the claim
        assert [d.push.article.pk for d in first] == [article] * 4
        assert all(d.subscription.endpoint.startswith(service.url) for d in first)
    # Another worker, asking for every row while the first holds four, wins only the others.
    assert [d.pk for d in delivery.claim(list(reversed(pks)), now)] == pks[:3:-1]
    assert delivery.claim(pks, now) == []
    assert list(Delivery.objects.values_list("attempts", flat=True)) == [1] * 6
    # Once the claims lapse, the rows are due again, for one worker only.
    lapsed = now + timedelta(seconds=delivery.CLAIM_SECONDS)
    assert [d.pk for d in delivery.claim(pks, lapsed)] == pks
    assert delivery.claim(pks, lapsed) == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_never_win_the_same_row(service, editor):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time: no two claims at once")
    pks = deliveries_to(service, 6, editor, "race")
    now = timezone.now()
    first_claimed, commit_first, won = threading.Event(), threading.Event(), {}

    def worker(name, pks, *, hold=False):
        try:
            with transaction.atomic():
                won[name] = [d.pk for d in delivery.claim(pks, now)]
                if hold:  # claimed, not committed yet
                    first_claimed.set()
                    commit_first.wait(30)
        finally:
            connection.close()

    first = threading.Thread(target=worker, args=["first", pks[:4]], kwargs={"hold": True})
    first.start()
    assert first_claimed.wait(30)
    second = threading.Thread(target=worker, args=["second", list(reversed(pks))])
    second.start()
    waiting = "SELECT count(*) FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted"
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while True:  # until the second worker's UPDATE waits for the first's rows
            cursor.execute(waiting)
            if cursor.fetchone()[0]:
                break
            assert time.monotonic() < deadline, "the second worker never waited"
            time.sleep(0.05)
    commit_first.set()
    first.join(30)
    second.join(30)
    assert won == {"first": pks[:4], "second": pks[:3:-1]}
    assert list(Delivery.objects.values_list("attempts", flat=True)) == [1] * 6


def test_answers_are_recorded_together_and_counted_exactly(service, editor):
    pks = deliveries_to(service, 5, editor, "record")
    now = timezone.now()
    claimed = delivery.claim(pks[:4], now)
    answers = [(201, timedelta(0)), (201, timedelta(0)), (410, timedelta(0)), (503, timedelta(0))]
    concluded = [
        delivery.conclude(d, now, *answer) for d, answer in zip(claimed, answers, strict=True)
    ]
    with CaptureQueriesContext(connection) as queries:
        outcomes = delivery.record(concluded)
    assert outcomes == ["sent", "sent", "removed", "retrying"]
    sql = [q["sql"] for q in queries.captured_queries]
    # A statement per state and answer (sent 201, removed 410, retrying 503), one for the
    # push's counts, not three a row; the gone reader's subscription deleted (rows kept).
    assert sum(q.startswith('UPDATE "push_delivery" SET "state"') for q in sql) == 3, sql
    assert sum(q.startswith('UPDATE "push_push"') for q in sql) == 1, sql
    assert sum(q.startswith('DELETE FROM "push_subscription"') for q in sql) == 1, sql
    push = Push.objects.get()
    assert (push.sent, push.failed, push.removed, push.pending) == (2, 0, 1, 2)
    states = dict(Delivery.objects.values_list("pk", "state"))
    assert [states[pk] for pk in pks] == ["sent", "sent", "removed", "pending", "pending"]
    retrying = Delivery.objects.get(pk=pks[3])
    assert (retrying.status_code, retrying.due_at) == (503, now + delivery.RETRY_AFTER[0])
    assert Subscription.objects.count() == 4
    # Recorded, never sent again: the next round sends the unclaimed row only, and the one
    # retrying once its wait is over.
    delivery.send_due(now)
    assert [r.path for r in service.received] == ["/push/record-4"]
    delivery.send_due(now + delivery.RETRY_AFTER[0])
    assert [r.path for r in service.received] == ["/push/record-4", "/push/record-3"]
    push.refresh_from_db()
    assert (push.state, push.sent, push.failed, push.removed) == (Push.State.DONE, 4, 0, 1)


def test_a_crash_after_a_bulk_claim_leaves_exactly_the_claimed_rows_tried_again_later(
    service, editor, settings, monkeypatch
):
    settings.PUSH_CONCURRENCY = 4
    readers = [Subscriber(f"crash-{n}") for n in range(7)]
    for reader in readers:
        subscribe(service, reader)
    take_step(draft(breaking=True), "published", editor)

    def fails(*args):
        raise RuntimeError("the worker fails before any request reaches the service")

    with monkeypatch.context() as patched:
        patched.setattr(delivery, "send", fails)
        with pytest.raises(RuntimeError):
            delivery.send_due()
    assert service.received == []
    claimed = list(Delivery.objects.filter(attempts=1).order_by("pk"))
    assert len(claimed) == 4, "one chunk claimed: as many as may be in flight"
    assert all(d.state == Delivery.State.PENDING for d in claimed)
    assert Delivery.objects.filter(attempts=0).count() == 3

    delivery.send_due()
    assert sorted(r.path for r in service.received) == [f"/push/crash-{n}" for n in range(4, 7)]
    delivery.send_due(later(delivery.CLAIM_SECONDS / 60 + 1))
    assert [len(service.to(reader)) for reader in readers] == [1] * 7
    push = Push.objects.get()
    assert (push.state, push.sent, push.failed) == (Push.State.DONE, 7, 0)


def test_the_worker_round_pushes(transactional_db, service, editor):
    # Committed, as test_scheduler.py's rounds are: the worker drops stale connections.
    from newsdesk.newsroom import scheduler

    reader = Subscriber("round")
    subscribe(service, reader)
    take_step(draft(breaking=True), "published", editor)
    assert "push breaking news" in dict(scheduler.chores())
    scheduler.run(0, once=True)
    assert len(service.to(reader)) == 1


# The article form, the hourly limit and the Admin's override ------------------------------


def test_marking_a_published_story_breaking_in_the_form_pushes_it_and_says_so(
    client, service, editor
):
    reader = Subscriber("form")
    subscribe(service, reader)
    article = make_article()
    client.force_login(editor)
    response = client.post(
        change_url(article), article_form(article, dates=True, breaking="on"), follow=True
    )
    assert "the alert is queued" in response.content.decode()
    assert Article.objects.get(pk=article.pk).breaking
    delivery.send_due()
    assert len(service.to(reader)) == 1

    page = client.get(change_url(article)).content.decode()
    assert "Breaking-news alert" in page
    assert 'data-count="sent">1<' in page


def test_a_draft_marked_breaking_says_when_its_alert_goes(client, editor):
    article = draft(breaking=True)
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert "the alert goes out when the article is published" in page


def test_writers_have_no_breaking_mark(client, writer):
    client.force_login(writer)
    assert 'name="breaking"' not in client.get("/admin/content/article/add/").content.decode()


def test_over_the_hourly_limit_an_editor_is_refused_and_an_admin_may_send_anyway(
    client, settings, service, editor, site_admin
):
    settings.PUSH_MAX_PER_HOUR = 2
    reader = Subscriber("limit")
    subscribe(service, reader)
    for _ in range(2):
        take_step(draft(breaking=True), "published", editor)
    chinese = draft(breaking=True, language="zh-hans")
    take_step(chinese, "published", editor)  # another edition, another limit
    article = make_article()
    client.force_login(editor)
    response = client.post(
        change_url(article), article_form(article, dates=True, breaking="on"), follow=True
    )
    assert "reached its limit of breaking-news pushes in an hour (2)" in response.content.decode()
    push = Push.objects.get(article=article)
    assert push.state == Push.State.REFUSED
    assert Push.objects.get(article=chinese).state == Push.State.QUEUED
    assert "Send anyway" not in client.get(change_url(article)).content.decode()
    assert client.post(f"/admin/push/push/{push.pk}/send-anyway/").status_code == 403
    delivery.send_due()
    assert len(service.to(reader)) == 2

    client.force_login(site_admin)
    assert "Send anyway" in client.get(change_url(article)).content.decode()
    client.post(f"/admin/push/push/{push.pk}/send-anyway/")
    push.refresh_from_db()
    assert (push.state, push.overridden_by) == (Push.State.QUEUED, "Ada Reyes")
    delivery.send_due()
    assert len(service.to(reader)) == 3
    # The override counts: the next one this hour is refused too.
    take_step(draft(breaking=True), "published", editor)
    assert Push.objects.latest("pk").state == Push.State.REFUSED


def test_publishing_breaking_stories_in_bulk_says_what_became_of_each_alert(
    client, settings, editor
):
    settings.PUSH_MAX_PER_HOUR = 1
    first, second = draft(breaking=True), draft(breaking=True)
    client.force_login(editor)
    response = client.post(
        "/admin/content/article/",
        {"action": "publish_selected", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "the alert is queued" in page
    assert "reached its limit of breaking-news pushes in an hour (1)" in page
    assert sorted(Push.objects.values_list("state", flat=True)) == ["queued", "refused"]


@pytest.mark.django_db(transaction=True)
def test_two_editors_publishing_at_once_do_not_both_pass_the_limit(settings, editor):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time: no two counts at once")
    settings.PUSH_MAX_PER_HOUR = 1
    first, second = draft(breaking=True), draft(breaking=True)
    first_counted, commit_first = threading.Event(), threading.Event()

    def publish(article, *, hold=False):
        try:
            with transaction.atomic():
                take_step(article, "published", editor)
                if hold:  # counted and queued, not committed yet
                    first_counted.set()
                    commit_first.wait(30)
        finally:
            connection.close()

    first_editor = threading.Thread(target=publish, args=[first], kwargs={"hold": True})
    first_editor.start()
    assert first_counted.wait(30)
    second_editor = threading.Thread(target=publish, args=[second])
    second_editor.start()
    waiting = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while True:  # until the second editor waits for the first's lock
            cursor.execute(waiting)
            if cursor.fetchone()[0]:
                break
            assert time.monotonic() < deadline, "the second editor never waited"
            time.sleep(0.05)
    commit_first.set()
    first_editor.join(30)
    second_editor.join(30)
    states = dict(Push.objects.values_list("article_id", "state"))
    assert states == {first.pk: Push.State.QUEUED, second.pk: Push.State.REFUSED}


def test_an_hour_later_the_limit_allows_pushes_again(editor, settings):
    settings.PUSH_MAX_PER_HOUR = 1
    take_step(draft(breaking=True), "published", editor)
    Push.objects.update(queued_at=timezone.now() - timedelta(minutes=61))
    take_step(draft(breaking=True), "published", editor)
    assert Push.objects.latest("pk").state == Push.State.QUEUED


def test_editors_see_the_list_of_pushes_with_their_counts(client, editor, writer):
    take_step(draft(breaking=True, headline="Storm warning"), "published", editor)
    client.force_login(editor)
    page = client.get("/admin/push/push/").content.decode()
    assert "Storm warning" in page
    client.force_login(writer)
    assert client.get("/admin/push/push/").status_code == 403


# Subscribing ---------------------------------------------------------------------------


def post(client, path, data, **headers):
    return client.post(path, json.dumps(data), content_type="application/json", **headers)


def subscription_data(subscriber, address, **changes):
    data = {
        "endpoint": address,
        "keys": {"p256dh": subscriber.p256dh, "auth": subscriber.auth},
        "edition": "en",
        "sections": [],
    }
    return {**data, **changes}


def test_a_reader_subscribes_to_sections_and_changes_her_mind(client):
    politics, sport = make_section(), make_section()
    reader = Subscriber("s")
    endpoint = "https://fcm.googleapis.com/fcm/send/send/abc"
    response = post(client, "/push/subscribe", subscription_data(
        reader, endpoint, sections=[politics.pk, sport.pk]
    ))  # fmt: skip
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    subscription = Subscription.objects.get()
    assert (subscription.endpoint, subscription.p256dh, subscription.auth) == (
        endpoint, reader.p256dh, reader.auth,
    )  # fmt: skip
    assert set(subscription.sections.all()) == {politics, sport}

    response = post(client, "/push/subscribe", subscription_data(reader, endpoint))
    assert response.status_code == 200
    assert Subscription.objects.get().sections.count() == 0  # every breaking story now

    wrong = post(client, "/push/unsubscribe", {"endpoint": endpoint, "keys": {"auth": "x"}})
    assert wrong.status_code == 200 and Subscription.objects.exists()
    post(client, "/push/unsubscribe", {"endpoint": endpoint, "keys": {"auth": reader.auth}})
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    "changes, status",
    [
        ({"endpoint": "http://push.example.net/x"}, 400),
        ({"endpoint": "https://10.0.0.8/x"}, 400),
        ({"endpoint": "https://[::1]/x"}, 400),
        ({"endpoint": "https://localhost/x"}, 400),
        ({"endpoint": "https://fcm.googleapis.com/fcm/send/" + "x" * 1000}, 400),
        ({"endpoint": "https://user:pw@push.example.net/x"}, 400),
        ({"endpoint": 12}, 400),
        ({"keys": {"p256dh": "AAAA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, 400),
        ({"keys": ["no"]}, 400),
        ({"edition": "de"}, 400),
        ({"sections": [999999]}, 400),
        ({"sections": [2**70]}, 400),
        ({"sections": ["1"]}, 400),
        ({"sections": "1"}, 400),
    ],
)
def test_a_malformed_subscription_is_refused(client, changes, status):
    data = subscription_data(Subscriber("bad"), "https://fcm.googleapis.com/fcm/send/x", **changes)
    assert post(client, "/push/subscribe", data).status_code == status
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    "endpoint, status",
    [
        ("https://fcm.googleapis.com/fcm/send/x", 201),
        ("https://updates.push.services.mozilla.com/wpush/v2/x", 201),
        ("https://web.push.apple.com/QGx", 201),
        ("https://wns2-by3p.notify.windows.com/w/?token=x", 201),
        # The worker would post there: a name that may point into this network.
        ("https://push.example.net/x", 400),
        ("https://metadata.internal/x", 400),
        ("https://fcm.googleapis.com.attacker.example/x", 400),
        ("https://notfcm.googleapis.com/x", 400),
    ],
)
def test_only_the_browsers_push_services_are_accepted(client, endpoint, status):
    response = post(client, "/push/subscribe", subscription_data(Subscriber("h"), endpoint))
    assert response.status_code == status
    if status == 400:
        assert response.json() == {"error": "A push endpoint must be a browser's push service."}


def test_an_operator_may_name_another_push_service(client, settings):
    data = subscription_data(Subscriber("o"), "https://push.example.net/x")
    assert post(client, "/push/subscribe", data).status_code == 400
    settings.PUSH_SERVICE_HOSTS = [*settings.PUSH_SERVICE_HOSTS, "example.net"]
    assert post(client, "/push/subscribe", data).status_code == 201


def test_a_subscription_to_a_service_no_longer_allowed_is_removed_unsent(service, editor, settings):
    reader = Subscriber("gone")
    subscribe(service, reader)
    article = draft(breaking=True)
    take_step(article, "published", editor)
    settings.PUSH_ALLOW_HTTP_ENDPOINTS = False  # its loopback service is no longer one
    delivery.send_due()
    assert service.to(reader) == []
    push = Push.objects.get(article=article)
    assert (push.sent, push.removed) == (0, 1) and not Subscription.objects.exists()


def test_plain_http_endpoints_only_on_loopback_and_only_when_allowed(client, settings):
    reader = Subscriber("h")
    data = subscription_data(reader, "http://127.0.0.1:9/push/h")
    settings.PUSH_ALLOW_HTTP_ENDPOINTS = False
    assert post(client, "/push/subscribe", data).status_code == 400
    settings.PUSH_ALLOW_HTTP_ENDPOINTS = True
    assert post(client, "/push/subscribe", data).status_code == 201


def test_only_json_from_this_site_of_bounded_size_is_accepted(client, settings):
    data = subscription_data(Subscriber("c"), "https://fcm.googleapis.com/fcm/send/x")
    form = client.post("/push/subscribe", {"endpoint": "https://fcm.googleapis.com/fcm/send/x"})
    assert form.status_code == 403
    other_site = post(client, "/push/subscribe", data, HTTP_ORIGIN="https://evil.example")
    assert other_site.status_code == 403
    cross = post(client, "/push/subscribe", data, HTTP_SEC_FETCH_SITE="cross-site")
    assert cross.status_code == 403
    huge = post(client, "/push/subscribe", {**data, "padding": "x" * 5000})
    assert huge.status_code == 413
    assert post(client, "/push/subscribe", "[1]").status_code == 400
    assert client.get("/push/subscribe").status_code == 405
    assert not Subscription.objects.exists()
    same_site = post(client, "/push/subscribe", data, HTTP_ORIGIN="http://testserver")
    assert same_site.status_code == 201


def test_subscribing_is_rate_limited_per_address(client, settings):
    settings.API_ANON_RATE_PER_MINUTE = 2
    # The counts live in the cache, which outlives a run on Redis: this minute's and the
    # next one's start from nothing.
    minute = int(time.time() // 60)
    cache.delete_many([f"api-rate:198.51.100.9:{m}" for m in (minute, minute + 1)])
    data = subscription_data(Subscriber("r"), "https://fcm.googleapis.com/fcm/send/x")
    statuses = [
        post(client, "/push/subscribe", data, REMOTE_ADDR="198.51.100.9").status_code
        for _ in range(3)
    ]
    assert statuses[:2] == [201, 200]
    response = post(client, "/push/subscribe", data, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_a_subscription_stores_no_address_user_agent_or_account(client, editor):
    client.force_login(editor)  # signed in or not, nothing ties it to anyone
    data = subscription_data(Subscriber("p"), "https://fcm.googleapis.com/fcm/send/private")
    post(client, "/push/subscribe", data, REMOTE_ADDR="192.0.2.77",
         HTTP_USER_AGENT="Distinctive/4.2")  # fmt: skip
    columns = [f.column for f in Subscription._meta.concrete_fields]
    assert columns == ["id", "endpoint", "p256dh", "auth", "language", "created_at"]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            text = " ".join(" ".join(str(value) for value in row) for row in cursor.fetchall())
            assert "192.0.2.77" not in text and "Distinctive" not in text, table


# Keys ------------------------------------------------------------------------------------


def test_the_vapid_key_is_made_once_and_kept_under_the_data_directory(settings):
    from newsdesk.push.vapid import vapid

    key = application_server_key()
    path = settings.VAR_DIR / KEY_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    vapid.cache_clear()
    assert application_server_key() == key
    assert len(key) == 87  # 65 bytes, base64url: what PushManager.subscribe() takes


def test_backups_keep_the_generated_vapid_key():
    from newsdesk.backups.archive import KEY_FILES

    assert KEY_FILE in KEY_FILES


def test_vapid_keys_may_come_from_the_settings(settings):
    from django.core.exceptions import ImproperlyConfigured
    from py_vapid import Vapid02

    from newsdesk.push.vapid import b64url, public_key_of

    made = Vapid02()
    made.generate_keys()
    private = b64url(made.private_key.private_numbers().private_value.to_bytes(32))
    settings.VAPID_PRIVATE_KEY = private
    settings.VAPID_PUBLIC_KEY = public_key_of(made)
    assert application_server_key() == public_key_of(made)
    assert not (settings.VAR_DIR / KEY_FILE).exists()
    settings.VAPID_PRIVATE_KEY = made.private_pem().decode()
    assert application_server_key() == public_key_of(made)
    settings.VAPID_PUBLIC_KEY = application_server_key()[:-2] + "AA"
    with pytest.raises(ImproperlyConfigured):
        application_server_key()


def test_the_app_page_offers_alerts_with_the_public_key(client):
    make_section(name="Politics")
    page = client.get("/en/app/").content.decode()
    assert f'data-push-key="{application_server_key()}"' in page
    assert "Politics" in page


def test_the_prompt_speaks_the_editions_language(client):
    page = client.get("/zh-hans/app/").content.decode()
    assert "突发新闻提醒" in page and 'data-edition="zh-hans"' in page


def test_a_round_stops_sending_when_its_time_is_up_and_the_next_goes_on(service, editor):
    readers = [Subscriber(f"slow-{n}") for n in range(3)]
    for reader in readers:
        subscribe(service, reader)
    take_step(draft(breaking=True), "published", editor)
    delivery.send_due(seconds=0)  # no time at all: nothing claimed, nothing lost
    assert service.received == []
    assert Delivery.objects.filter(attempts=0).count() == 3
    delivery.send_due()
    assert len(service.received) == 3


def test_every_page_links_the_prompt_from_its_footer(client):
    page = client.get("/en/").content.decode()
    assert '<a href="/en/app/#alerts">Breaking-news alerts</a>' in page
