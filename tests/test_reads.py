"""Read beacons from outside: ids bounded where they enter, and a flush that one bad read,
or a database gone away, cannot stop for ever."""

import logging
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.content.models import Article
from newsdesk.trending import buffer as buffer_module
from newsdesk.trending import dashboard
from newsdesk.trending.buffer import FLUSH_TRIES, MemoryReads, RedisReads, flush, get_buffer
from newsdesk.trending.models import DailyReads, ReferrerReads
from tests.factories import make_article
from tests.wsgi_client import fetch

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
PAST_THE_RANGE = str(2**63)  # one more than the biggest BigAutoField
HUGE = "9" * 5000  # past Python's limit for turning digits into an int

BAD_IDS = [PAST_THE_RANGE, "99999999999999999999", HUGE, "0"]


def reads(article) -> int:
    return sum(DailyReads.objects.filter(article=article).values_list("reads", flat=True))


def buffered(buffer) -> int:
    """The reads waiting in ``buffer`` (in memory or in Redis), left there."""
    counts, referrers = buffer.take()
    buffer.give_back(counts, referrers)
    return sum(counts.values())


@pytest.mark.parametrize("digits", BAD_IDS)
def test_a_beacon_for_an_id_past_the_database_range_is_a_404_in_django(client, digits):
    assert client.post(f"/read/{digits}", {"r": ""}, HTTP_USER_AGENT=BROWSER).status_code == 404
    assert client.get(f"/read/{digits}.gif", HTTP_USER_AGENT=BROWSER).status_code == 404
    assert get_buffer().take() == ({}, {})


@pytest.mark.parametrize("digits", BAD_IDS)
def test_a_beacon_for_an_id_past_the_database_range_is_a_404_in_front_of_django(digits):
    assert fetch(f"/read/{digits}", method="POST", user_agent=BROWSER).status == 404
    assert fetch(f"/read/{digits}.gif", user_agent=BROWSER).status == 404
    assert get_buffer().take() == ({}, {})


def test_the_biggest_id_is_still_answered_as_a_beacon(client):
    biggest = str(2**63 - 1)
    assert client.post(f"/read/{biggest}", {"r": ""}, HTTP_USER_AGENT=BROWSER).status_code == 204
    assert fetch(f"/read/{biggest}.gif", user_agent=BROWSER + " Other/1.0").status == 200
    assert flush() == 0  # no such article


def test_an_id_past_the_range_in_the_buffer_does_not_stop_later_reads_being_written():
    article = make_article()
    buffer = get_buffer()
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    # As a buffer filled before ids were bounded had them.
    buffer.give_back(
        Counter({(2**63, hour): 1}), Counter({(hour.date(), 10**20, "news.example.org"): 1})
    )
    buffer.add(article.pk, "203.0.113.7", BROWSER, "", timezone.now())
    assert flush(buffer) == 1
    buffer.add(article.pk, "198.51.100.4", BROWSER, "", timezone.now())
    assert flush(buffer) == 1
    assert reads(article) == 2
    assert buffer.take() == ({}, {})
    assert not ReferrerReads.objects.exists()


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.UNPUBLISHED])
def test_a_read_of_an_unpublished_article_leaves_no_referrer_on_the_dashboard(
    client, editor, status
):
    hidden = make_article(status=status)
    published = make_article()
    for article, domain in [(hidden, "hidden.example.org"), (published, "shown.example.org")]:
        client.post(f"/read/{article.pk}", {"r": domain}, HTTP_USER_AGENT=BROWSER)
    client.post("/read/999999", {"r": "unknown.example.org"}, HTTP_USER_AGENT=BROWSER)
    assert flush() == 1
    assert dashboard.top_referrers(1) == [("shown.example.org", 1)]
    client.force_login(editor)
    page = client.get("/admin/trending/dailyreads/").content.decode()
    assert "shown.example.org" in page
    assert "hidden.example.org" not in page and "unknown.example.org" not in page


def test_a_failed_flush_keeps_its_counts_for_a_retry_but_not_for_ever(monkeypatch, caplog):
    article = make_article()
    buffer = get_buffer()
    buffer.add(article.pk, "203.0.113.7", BROWSER, "news.example.org", timezone.now())

    def broken(*args):
        raise RuntimeError("database away")

    monkeypatch.setattr(buffer_module, "_add", broken)
    with caplog.at_level(logging.WARNING, logger="newsdesk.trending.buffer"):
        for _ in range(FLUSH_TRIES - 1):
            with pytest.raises(RuntimeError):
                flush(buffer)
            assert buffered(buffer) == 1  # kept for the next try
        assert "could not write 1 reads (RuntimeError('database away'))" in caplog.text
        with pytest.raises(RuntimeError):
            flush(buffer)
    assert buffer.take() == ({}, {})  # the last try drops them
    assert caplog.records[-1].levelname == "ERROR"
    assert f"in {FLUSH_TRIES} tries" in caplog.records[-1].getMessage()
    monkeypatch.undo()
    buffer.add(article.pk, "198.51.100.4", BROWSER, "", timezone.now())
    assert flush(buffer) == 1  # and the next reads are written


def test_a_success_starts_the_count_of_failed_flushes_again(monkeypatch):
    article = make_article()
    buffer = MemoryReads(window_seconds=60)
    buffer.failed_flushes = FLUSH_TRIES - 2
    buffer.add(article.pk, "203.0.113.7", BROWSER, "", timezone.now())
    assert flush(buffer) == 1
    assert buffer.failed_flushes == 0


def test_redis_keeps_referrers_per_article_and_drops_counters_it_cannot_read(
    redis_url, settings, caplog
):
    published, draft = make_article(), make_article(status=Article.Status.DRAFT)
    prefix = settings.READS_REDIS_PREFIX + "reads-test:"
    reads_ = RedisReads(redis_url, prefix, 60)
    reads_.redis.delete(*reads_.redis.keys(prefix + "*") or ["none"])
    now = timezone.now()
    assert reads_.add(published.pk, "203.0.113.7", BROWSER, "shown.example.org", now)
    assert reads_.add(draft.pk, "203.0.113.7", BROWSER, "hidden.example.org", now)
    day = (now - timedelta(days=1)).date().isoformat()
    reads_.redis.hincrby(f"{prefix}referrers", f"{day}:old-format.example.org", 1)
    reads_.redis.hincrby(f"{prefix}counts", f"{'9' * 30}:not-an-hour", 1)
    with caplog.at_level(logging.WARNING, logger="newsdesk.trending.buffer"):
        assert flush(reads_) == 1
    assert "does not parse" in caplog.text
    assert list(ReferrerReads.objects.values_list("domain", "reads")) == [("shown.example.org", 1)]
