"""Readership: honest read counts without personal data, and the Hot Recommended lists."""

import base64
import io
import json
import os
import urllib.request
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from newsdesk.content.models import Article
from newsdesk.newsletters.models import Subscriber
from newsdesk.trending import hot
from newsdesk.trending.buffer import MemoryReads, RedisReads, flush, get_buffer
from newsdesk.trending.front import ReadBeacons
from newsdesk.trending.models import DailyReads, HotList, HourlyReads, ReferrerReads
from newsdesk.trending.visitors import client_address
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


def beacon(client, article, *, agent=BROWSER, address="203.0.113.7", referrer="", **headers):
    return client.post(
        f"/read/{article.pk}",
        {"r": referrer},
        HTTP_USER_AGENT=agent,
        REMOTE_ADDR=address,
        **headers,
    )


def reads(article) -> int:
    return sum(DailyReads.objects.filter(article=article).values_list("reads", flat=True))


# Counting -------------------------------------------------------------------------------


def test_a_read_is_counted_once_flushed_and_the_beacon_answers_204_without_a_cookie(client):
    article = make_article()
    response = beacon(client, article)
    assert response.status_code == 204
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert reads(article) == 0  # nothing written on the request path
    assert flush() == 1
    assert reads(article) == 1
    assert HourlyReads.objects.get(article=article).reads == 1


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "HeadlessChrome/131.0.0.0 Safari/537.36",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "",
    ],
)
def test_robots_are_not_counted(client, agent):
    article = make_article()
    assert beacon(client, article, agent=agent).status_code == 204
    flush()
    assert reads(article) == 0


def test_a_prefetch_is_not_a_read(client):
    article = make_article()
    beacon(client, article, HTTP_SEC_PURPOSE="prefetch")
    flush()
    assert reads(article) == 0


def test_a_reader_reloading_counts_once_per_window_and_two_readers_count_twice(client):
    article = make_article()
    for _ in range(5):
        beacon(client, article)
    beacon(client, article, address="198.51.100.4")
    flush()
    assert reads(article) == 2


# The reader's address behind proxies ------------------------------------------------------


def test_spoofed_then_real_with_one_trusted_proxy_counts_as_the_real_address(settings):
    settings.TRUSTED_PROXIES = 1
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.66, 203.0.113.7"}
    assert client_address(environ) == "203.0.113.7"


def test_with_no_trusted_proxy_the_forwarding_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = 0
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.66, 203.0.113.7"}
    assert client_address(environ) == "127.0.0.1"


def test_with_two_trusted_proxies_the_second_entry_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXIES = 2
    # The client wrote the first, a load balancer appended the client's, nginx the balancer's.
    forwarded = "198.51.100.66, 203.0.113.7, 10.0.0.1"
    environ = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": forwarded}
    assert client_address(environ) == "203.0.113.7"


@pytest.mark.parametrize(
    "forwarded",
    [
        "",  # no header
        "not-an-address",
        "198.51.100.66, 203.0.113.7:4431",  # a port is not an address
        "198.51.100.66, 203.0.113.999",
        "203.0.113.7, ",  # an empty right-most entry
        "203.0.113.7,,",
        "<script>, unknown",
    ],
)
def test_a_missing_or_malformed_forwarded_address_falls_back_to_the_connection(settings, forwarded):
    settings.TRUSTED_PROXIES = 1
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": forwarded}
    assert client_address(environ) == "127.0.0.1"


def test_fewer_entries_than_trusted_proxies_falls_back_to_the_connection(settings):
    # The request did not come through every proxy: its only entry is the client's word.
    settings.TRUSTED_PROXIES = 2
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.66"}
    assert client_address(environ) == "127.0.0.1"


def test_a_forwarded_address_is_written_one_way_whatever_its_spelling(settings):
    settings.TRUSTED_PROXIES = 1
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "2001:DB8:0:0::7"}
    assert client_address(environ) == "2001:db8::7"


def test_rotating_a_spoofed_left_entry_counts_one_read_behind_one_proxy(client, settings):
    settings.TRUSTED_PROXIES = 1
    article = make_article()
    for spoofed in range(5):
        beacon(client, article, address="127.0.0.1",
               HTTP_X_FORWARDED_FOR=f"198.51.100.{spoofed}, 203.0.113.7")  # fmt: skip
    beacon(client, article, address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    flush()
    assert reads(article) == 2


def test_rotating_the_forwarding_header_counts_one_read_with_no_trusted_proxy(client, settings):
    settings.TRUSTED_PROXIES = 0
    article = make_article()
    for spoofed in range(5):
        beacon(client, article, address="127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{spoofed}")
    flush()
    assert reads(article) == 1


def test_after_the_window_the_same_reader_counts_again():
    article = make_article()
    buffer = MemoryReads(window_seconds=0)
    now = timezone.now()
    assert buffer.add(article.pk, "203.0.113.7", BROWSER, "", now)
    assert buffer.add(article.pk, "203.0.113.7", BROWSER, "", now)
    assert flush(buffer) == 2


def test_the_no_javascript_pixel_counts_too(client):
    article = make_article()
    response = client.get(f"/read/{article.pk}.gif", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    assert response["Cache-Control"] == "no-store"
    flush()
    assert reads(article) == 1


def test_the_article_page_carries_the_beacon_and_the_pixel(client):
    article = make_article()
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'data-read-url="/read/{article.pk}"' in page
    assert f'<noscript><img class="read-pixel" src="/read/{article.pk}.gif"' in page
    assert "trending/read.js" in page


def test_reads_of_drafts_and_unknown_articles_are_not_kept(client):
    draft = make_article(status=Article.Status.DRAFT)
    beacon(client, draft)
    client.post("/read/999999", {"r": ""}, HTTP_USER_AGENT=BROWSER)
    assert flush() == 0
    assert not DailyReads.objects.exists() and not HourlyReads.objects.exists()


def test_referrers_are_kept_as_domains_only(client):
    article = make_article()
    beacon(client, article, referrer="https://www.news.example.org/some/path?q=secret")
    beacon(client, article, address="198.51.100.9", referrer="testserver")  # this site
    beacon(client, article, address="198.51.100.10", referrer="javascript:alert(1)")
    flush()
    assert list(ReferrerReads.objects.values_list("domain", "reads")) == [("news.example.org", 1)]


def test_a_failed_flush_keeps_its_counts_for_the_next(monkeypatch):
    article = make_article()
    buffer = get_buffer()
    buffer.add(article.pk, "203.0.113.7", BROWSER, "", timezone.now())
    from newsdesk.trending import buffer as module

    def broken(*args):
        raise RuntimeError("database away")

    monkeypatch.setattr(module, "_add", broken)
    with pytest.raises(RuntimeError):
        flush(buffer)
    monkeypatch.undo()
    assert flush(buffer) == 1


def test_reads_are_counted_in_redis_when_configured(redis_url, settings):
    article = make_article()
    prefix = settings.READS_REDIS_PREFIX + "redis-test:"
    first, second = RedisReads(redis_url, prefix, 60), RedisReads(redis_url, prefix, 60)
    first.redis.delete(*first.redis.keys(prefix + "*") or ["none"])
    now = timezone.now()
    assert first.add(article.pk, "203.0.113.7", BROWSER, "news.example.org", now)
    # Another process sharing Redis recognises the same reader.
    assert not second.add(article.pk, "203.0.113.7", BROWSER, "", now)
    assert second.add(article.pk, "198.51.100.4", BROWSER, "", now)
    assert flush(second) == 2
    assert reads(article) == 2
    assert ReferrerReads.objects.get().domain == "news.example.org"
    assert flush(first) == 0  # the counters were taken once


# No personal data ------------------------------------------------------------------------


def base64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def test_no_table_holds_an_address_a_user_agent_a_referrer_url_or_a_visitor_hash(client):
    article = make_article()
    agent = BROWSER + " Distinctive/9.9"
    beacon(client, article, agent=agent, address="192.0.2.55",
           referrer="https://social.example.net/user/alice/post/42")  # fmt: skip
    client.get(f"/read/{article.pk}.gif", HTTP_USER_AGENT=agent, REMOTE_ADDR="192.0.2.56")
    # The same reader asks for breaking-news alerts and the daily newsletter: those tables
    # hold what the subscription needs, never who asked.
    alerts = {
        "endpoint": "https://fcm.googleapis.com/fcm/send/abc123",
        "keys": {"p256dh": base64url(b"\x04" + b"\x07" * 64), "auth": base64url(b"\x01" * 16)},
        "edition": "en",
    }
    asked = {"HTTP_USER_AGENT": agent, "REMOTE_ADDR": "192.0.2.57",
             "HTTP_REFERER": "https://social.example.net/user/alice/post/42"}  # fmt: skip
    response = client.post("/push/subscribe", json.dumps(alerts), "application/json", **asked)
    assert response.status_code == 201
    assert (
        client.post("/en/newsletter/", {"email": "reader@example.test"}, **asked).status_code == 200
    )
    assert Subscriber.objects.get().email == "reader@example.test"
    flush()
    hot.refresh()
    assert reads(article) == 2
    forbidden = ["192.0.2.55", "192.0.2.56", "192.0.2.57", "Distinctive", "alice", "/post/42"]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row)
                for secret in forbidden:
                    assert secret not in text, f"{secret!r} found in table {table}"
    # The readership tables hold counts, days, hours, domains and article ids only.
    columns = {
        model._meta.db_table: [f.column for f in model._meta.concrete_fields]
        for model in (HourlyReads, DailyReads, ReferrerReads, HotList)
    }
    assert columns == {
        HourlyReads._meta.db_table: ["id", "article_id", "hour", "reads"],
        DailyReads._meta.db_table: ["id", "article_id", "day", "reads"],
        ReferrerReads._meta.db_table: ["id", "day", "domain", "reads"],
        HotList._meta.db_table: ["id", "scope", "article_ids", "computed_at"],
    }


# Hot Recommended --------------------------------------------------------------------------


def add_reads(article, reads, hours_ago):
    hour = (timezone.now() - timedelta(hours=hours_ago)).replace(minute=0, second=0, microsecond=0)
    HourlyReads.objects.create(article=article, hour=hour, reads=reads)


def test_a_fresh_popular_story_ranks_above_an_old_viral_one():
    viral = make_article(headline="Old viral story")
    fresh = make_article(headline="Fresh popular story")
    add_reads(viral, 2000, hours_ago=40)  # 2000 × ½^(40/6) ≈ 19
    add_reads(fresh, 100, hours_ago=1)  # 100 × ½^(1/6) ≈ 89
    lists = hot.compute_lists(timezone.now())
    assert lists["en"][:2] == [fresh.pk, viral.pk]
    # With a half-life of a week, the viral story would still lead.
    totals = hot.scores(timezone.now(), half_life_hours=24 * 7)
    assert totals[viral.pk] > totals[fresh.pk]


def test_lists_are_per_language_and_per_section():
    business, sport = make_section(name="Business"), make_section(name="Sport")
    one = make_article(section=business)
    two = make_article(section=sport)
    chinese = make_article(section=sport, language="zh-hans")
    for article in (one, two, chinese):
        add_reads(article, 10, hours_ago=1)
    lists = hot.compute_lists(timezone.now())
    assert set(lists["en"]) == {one.pk, two.pk}
    assert lists["zh-hans"] == [chinese.pk]
    assert lists[hot.section_scope("en", sport.pk)] == [two.pk]


def test_drafts_scheduled_and_unpublished_articles_never_appear():
    shown = make_article(headline="Shown")
    draft = make_article(status=Article.Status.DRAFT)
    scheduled = make_article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(hours=1)
    )
    future = make_article(published_at=timezone.now() + timedelta(hours=1))
    for article in (shown, draft, scheduled, future):
        add_reads(article, 50, hours_ago=1)
    hot.refresh()
    assert HotList.objects.get(scope="en").article_ids == [shown.pk]
    assert [a.pk for a in hot.hot_articles("en")] == [shown.pk]


def test_an_unpublished_article_leaves_the_lists_at_once(client):
    first, second = make_article(headline="First hot"), make_article(headline="Second hot")
    add_reads(first, 50, hours_ago=1)
    add_reads(second, 40, hours_ago=1)
    hot.refresh()
    first.status = Article.Status.UNPUBLISHED
    first.save()
    assert HotList.objects.get(scope="en").article_ids == [second.pk]
    assert "First hot" not in client.get(second.get_absolute_url()).content.decode()


def test_the_home_page_and_article_pages_show_the_list_without_the_current_article(client):
    first, second = make_article(headline="First hot"), make_article(headline="Second hot")
    add_reads(first, 50, hours_ago=1)
    add_reads(second, 40, hours_ago=1)
    hot.refresh()
    home = client.get("/en/").content.decode()
    block = home.split('class="hot"')[1]
    assert block.index("First hot") < block.index("Second hot")
    page = client.get(first.get_absolute_url()).content.decode()
    block = page.split('class="hot"')[1]
    assert "Second hot" in block and "First hot" not in block


def test_lists_are_recomputed_at_most_once_per_refresh_interval(settings):
    settings.HOT_REFRESH_SECONDS = 60
    article = make_article()
    add_reads(article, 5, hours_ago=1)
    now = timezone.now()
    assert hot.refresh_if_due(now) == {"hot-en", f"hot-en:section-{article.section_id}"}
    other = make_article(section=article.section)
    add_reads(other, 50, hours_ago=1)
    assert hot.refresh_if_due(now + timedelta(seconds=30)) == set()  # too soon
    assert hot.refresh_if_due(now + timedelta(seconds=61)) == {
        "hot-en",
        f"hot-en:section-{article.section_id}",
    }
    assert hot.refresh(now + timedelta(seconds=62)) == set()  # unchanged: nothing purged


@pytest.mark.django_db(transaction=True)
def test_a_changed_list_purges_the_cached_pages_that_show_it():
    from tests.wsgi_client import fetch

    first, second = make_article(headline="First hot"), make_article(headline="Second hot")
    add_reads(first, 50, hours_ago=1)
    hot.refresh()
    assert "Second hot" not in fetch("/en/").text.split('class="hot"')[1]
    assert fetch("/en/").cache == "hit"
    add_reads(second, 500, hours_ago=1)
    hot.refresh()
    block = fetch("/en/").text.split('class="hot"')[1]
    assert block.index("Second hot") < block.index("First hot")


# Restarts -------------------------------------------------------------------------------

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.embedded
@pytest.mark.django_db(transaction=True)
def test_counts_survive_a_server_restart(tmp_path):
    """Reads buffered in granian's workers are written when the server is stopped."""
    from tests.serving import WAIT_SECONDS, run_python, start_serve, stop
    from tests.test_purge_across_processes import prepare_site

    env = {
        **os.environ, "NEWSDESK_VAR_DIR": str(tmp_path), "READS_FLUSH_SECONDS": "3600",
        "TRUSTED_PROXIES": "1",  # each reader's address as our proxy would forward it
    }  # fmt: skip
    for name in ["DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"]:
        env.pop(name, None)
    prepare_site(env)
    article_id = int(run_python(
        "from newsdesk.content.models import Article\n"
        "print(Article.objects.published().first().pk)", env,
    ))  # fmt: skip
    server, output, base = start_serve(env, workers=2, worker=False)
    try:
        for sent in range(12):
            request = urllib.request.Request(
                f"{base}/read/{article_id}",
                data=b"r=",
                headers={"User-Agent": BROWSER, "X-Forwarded-For": f"198.51.100.{sent + 1}"},
            )
            with urllib.request.urlopen(request, timeout=WAIT_SECONDS) as answer:
                assert answer.status == 204
        count = "from newsdesk.trending.models import DailyReads\n" \
            "print(sum(DailyReads.objects.values_list('reads', flat=True)))"  # fmt: skip
        assert run_python(count, env).strip() == "0"  # still in the workers' memory
    finally:
        stop(server, output)
    assert run_python(count, env).strip() == "12"


def test_hourly_counts_beyond_a_week_are_dropped_and_daily_ones_kept(settings):
    article = make_article()
    add_reads(article, 5, hours_ago=24 * 8)
    add_reads(article, 3, hours_ago=1)
    DailyReads.objects.create(
        article=article, day=timezone.now().date() - timedelta(days=8), reads=5
    )
    hot.refresh()
    assert list(HourlyReads.objects.values_list("reads", flat=True)) == [3]
    assert DailyReads.objects.count() == 1


# The beacon in front of Django ------------------------------------------------------------


def test_the_production_entry_point_counts_beacons_before_django(monkeypatch):
    from tests.wsgi_client import fetch

    article = make_article()
    calls = []
    monkeypatch.setattr(
        "django.core.handlers.wsgi.WSGIHandler.__call__", lambda *a: calls.append(a)
    )
    answer = fetch(f"/read/{article.pk}", method="POST", user_agent=BROWSER)
    assert answer.status == 204 and answer.headers["cache-control"] == "no-store"
    pixel = fetch(f"/read/{article.pk}.gif", user_agent=BROWSER + " Other/1.0")
    assert pixel.status == 200 and pixel.headers["content-type"] == "image/gif"
    assert not calls  # Django never ran
    flush()
    assert reads(article) == 2


def test_the_front_counts_the_address_our_proxy_saw_not_the_one_the_client_wrote(settings):
    settings.TRUSTED_PROXIES = 1
    article = make_article()
    front = ReadBeacons(app=None)  # a beacon never reaches Django
    for spoofed in range(5):
        environ = {
            "PATH_INFO": f"/read/{article.pk}", "REQUEST_METHOD": "POST",
            "HTTP_HOST": "testserver", "HTTP_USER_AGENT": BROWSER, "REMOTE_ADDR": "127.0.0.1",
            "HTTP_X_FORWARDED_FOR": f"198.51.100.{spoofed}, 203.0.113.7",
            "wsgi.input": io.BytesIO(),
        }  # fmt: skip
        assert front(environ, lambda status, headers: None) == []
    flush()
    assert reads(article) == 1


def test_the_front_reads_the_referrer_from_a_urlencoded_body():
    from newsdesk.trending.front import referrer_from

    body = b"r=news.example.org"
    environ = {
        "CONTENT_TYPE": "application/x-www-form-urlencoded;charset=UTF-8",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    }
    assert referrer_from(environ) == "news.example.org"
    assert referrer_from({**environ, "CONTENT_TYPE": "text/plain"}) == ""
    assert referrer_from({**environ, "CONTENT_LENGTH": "nonsense"}) == ""


def test_the_memory_of_recent_readers_is_bounded(monkeypatch):
    article = make_article()
    buffer = MemoryReads(window_seconds=3600)
    monkeypatch.setattr(MemoryReads, "MAX_READERS", 100)
    now = timezone.now()
    for n in range(250):
        assert buffer.add(article.pk, f"198.51.100.{n % 250}", f"{BROWSER} n{n}", "", now)
    assert len(buffer.seen) <= 101
    assert flush(buffer) == 250


def test_the_chinese_edition_names_the_list_in_chinese(client):
    article = make_article(language="zh-hans")
    add_reads(article, 5, hours_ago=1)
    hot.refresh()
    assert "热门推荐" in client.get("/zh-hans/").content.decode()
