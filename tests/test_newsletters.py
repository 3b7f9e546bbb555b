"""The daily newsletter (issue 19, point 2): double opt-in, the digest of each edition by
a real SMTP server on loopback, one-click unsubscribe, sending once per local day and
never twice, and the Admin's export."""

import csv
import io
import re
import subprocess
import sys
import time
from datetime import UTC, timedelta
from html import unescape

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import formats, timezone

from newsdesk.content.models import Article
from newsdesk.content.renditions import rendition_url
from newsdesk.newsletters import sending, views
from newsdesk.newsletters.models import Delivery, Issue, Subscriber
from newsdesk.newsroom import scheduler
from newsdesk.trending.models import HotList
from tests.conftest import RecipientRefusingMailbox, RefusingMailbox, closed_port
from tests.factories import make_article, make_image

pytestmark = pytest.mark.django_db

PUBLIC = "https://news.example.org"
READER_ADDRESS = "198.51.100.77"
OTHER_ADDRESS = "192.0.2.9"


@pytest.fixture(autouse=True)
def newsletter_settings(settings):
    settings.PUBLIC_URL = PUBLIC
    settings.NEWSLETTER_HOUR = 7
    settings.NEWSLETTER_TIME_ZONES = {}
    # Sign-ups are counted per address in the cache, which outlasts a test (Redis, a run).
    for address in (READER_ADDRESS, OTHER_ADDRESS, "127.0.0.1"):
        cache.delete(views.signups_key(address))
    return settings


def zone_at_hour(hour: int, moment) -> str:
    """A time zone in which ``moment`` falls in ``hour`` (a fixed offset, Etc/GMT±N)."""
    offset = (hour - moment.astimezone(UTC).hour) % 24
    if offset > 14:
        offset -= 24
    # Etc/GMT's signs are POSIX's: Etc/GMT-9 is nine hours ahead of UTC.
    return "UTC" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


@pytest.fixture
def six_oclock(settings):
    """Now is 6 o'clock-something in every edition's time zone: the hour before the issue."""
    now = timezone.now()
    zone = zone_at_hour(6, now)
    settings.NEWSLETTER_TIME_ZONES = {code: zone for code, _name in settings.LANGUAGES}
    return now


def sign_up(client, email="rosa@example.test", edition="en", address=READER_ADDRESS):
    return client.post(f"/{edition}/newsletter/", {"email": email}, REMOTE_ADDR=address)


def subscribed(email="rosa@example.test", language="en") -> Subscriber:
    """A confirmed subscriber, as if they had followed their link."""
    subscriber = Subscriber.sign_up(email, language)
    subscriber.confirm()
    return subscriber


def confirmation_link(message) -> str:
    return re.search(rf"{PUBLIC}/\S+/newsletter/confirm/\S+/", message.get_content()).group()


def parts(message) -> tuple[str, str]:
    """The plain-text and HTML parts of a multipart/alternative message."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def local(url: str) -> str:
    return url.removeprefix(PUBLIC)


def every_table_text() -> dict[str, str]:
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            found[table] = " ".join(str(value) for row in cursor.fetchall() for value in row)
    return found


def front_stories():
    """Today's front: a lead and a second story with pictures, one hot older story."""
    lead = make_article(
        headline="Night ferries return to the harbour",
        lead_image=make_image(alt_text="A ferry at night"),
        published_at=timezone.now() - timedelta(hours=1),
    )
    second = make_article(
        headline="Fish market prices fall",
        lead_image=make_image(),
        published_at=timezone.now() - timedelta(hours=2),
    )
    older = make_article(
        headline="Inquiry into the quay overrun",
        published_at=timezone.now() - timedelta(days=3),
    )
    HotList.objects.create(scope="en", article_ids=[older.pk, lead.pk], computed_at=timezone.now())
    return lead, second, older


# Signing up ----------------------------------------------------------------------------


def test_the_footer_of_every_page_links_the_sign_up_page(client):
    assert 'href="/en/newsletter/"' in client.get("/en/").content.decode()
    assert 'href="/zh-hans/newsletter/"' in client.get("/zh-hans/").content.decode()


def test_the_chinese_edition_signs_up_in_chinese(client, smtp_server):
    page = client.get("/zh-hans/newsletter/").content.decode()
    assert "<h1>每日简报</h1>" in page and ">每日简报</a>" in page  # the page, the footer
    assert "请查收电子邮件" in sign_up(client, edition="zh-hans").content.decode()
    assert Subscriber.objects.get().language == "zh-hans"
    sending.send_confirmations()
    [message] = smtp_server.messages
    assert message["Subject"].strip() == "请确认订阅Pacific Meridian每日简报"
    assert f"{PUBLIC}/zh-hans/newsletter/confirm/" in message.get_content()


def test_the_sign_up_page_has_a_form_and_is_not_cached(client):
    response = client.get("/en/newsletter/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="email"' in page and 'name="csrfmiddlewaretoken"' in page
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "Surrogate-Key" not in response


def test_a_sign_up_is_pending_and_the_worker_emails_the_link(client, smtp_server):
    response = sign_up(client, email=" Rosa@Example.test ")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Check your email" in page and "rosa@example.test" in page
    assert "noindex" in response["X-Robots-Tag"]
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.language, subscriber.confirmed_at) == (
        "rosa@example.test",
        "en",
        None,
    )
    assert smtp_server.messages == []  # the request sends nothing: the worker does

    assert "1 sent" in sending.send_confirmations()
    [message] = smtp_server.to("rosa@example.test")
    assert "Confirm your subscription" in message["Subject"]
    assert confirmation_link(message).startswith(f"{PUBLIC}/en/newsletter/confirm/")
    assert sending.send_confirmations() is None  # once


def test_following_the_link_and_pressing_the_button_confirms(client, smtp_server):
    sign_up(client)
    sending.send_confirmations()
    link = local(confirmation_link(smtp_server.messages[0]))

    page = client.get(link)
    assert page.status_code == 200 and "Yes, subscribe me" in page.content.decode()
    assert Subscriber.objects.get().confirmed_at is None  # a mail scanner's GET confirms nothing

    # The button needs no cookie (a reader may block them): the link is its authority.
    assert "Set-Cookie" not in page.headers and "csrfmiddlewaretoken" not in page.content.decode()
    confirmed = Client(enforce_csrf_checks=True).post(link)
    assert confirmed.status_code == 200 and "You are subscribed" in confirmed.content.decode()
    assert Subscriber.objects.get().confirmed_at is not None
    # The link again: still subscribed, once.
    assert "You are subscribed" in client.post(link).content.decode()
    assert Subscriber.objects.count() == 1


def test_a_bad_confirmation_link_is_refused_with_a_clear_page(client):
    subscriber = Subscriber.sign_up("rosa@example.test", "en")
    tampered = subscriber.confirmation_token[:-2] + "xx"
    for token in (tampered, "nonsense", "9" * 400, subscriber.unsubscribe_token):
        response = client.get(f"/en/newsletter/confirm/{token}/")
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None


class EightDaysAgo(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 8 * 24 * 3600)


def test_an_expired_confirmation_link_says_so_and_confirms_nothing(client):
    subscriber = Subscriber.sign_up("rosa@example.test", "en")
    token = EightDaysAgo(salt=Subscriber.CONFIRM_SALT).sign(str(subscriber.pk))
    response = client.post(f"/en/newsletter/confirm/{token}/")
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None


def test_a_link_to_an_address_forgotten_since_has_expired(client):
    subscriber = Subscriber.sign_up("rosa@example.test", "en")
    token = subscriber.confirmation_token
    subscriber.delete()
    assert client.get(f"/en/newsletter/confirm/{token}/").status_code == 410


def test_pending_addresses_are_forgotten_after_seven_days(smtp_server):
    Subscriber.sign_up("old@example.test", "en", now=timezone.now() - timedelta(days=8))
    Subscriber.sign_up("new@example.test", "en")
    subscribed("kept@example.test")
    Subscriber.objects.filter(email="kept@example.test").update(
        requested_at=timezone.now() - timedelta(days=30)
    )
    line = sending.send_confirmations()
    assert "1 unconfirmed addresses forgotten" in line
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "new@example.test",
        "kept@example.test",
    }


def test_a_pending_row_holds_the_address_its_edition_and_its_dates_only():
    columns = [field.column for field in Subscriber._meta.concrete_fields]
    assert columns == [
        "id",
        "email",
        "language",
        "requested_at",
        "confirmed_at",
        "confirmation_due_at",
        "confirmations_sent",
        "confirmation_sent_at",
    ]


def test_signing_up_again_sends_a_new_link_at_most_hourly(client, smtp_server):
    sign_up(client)
    sending.send_confirmations()
    sign_up(client)  # straight away: no second email
    assert sending.send_confirmations() is None
    later = timezone.now() + timedelta(hours=2)
    Subscriber.sign_up("rosa@example.test", "en", now=later)
    sending.send_confirmations(now=later)
    assert len(smtp_server.to("rosa@example.test")) == 2


def test_signing_up_a_subscribed_address_says_the_same_and_sends_nothing(client, smtp_server):
    subscribed()
    response = sign_up(client)
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    assert sending.send_confirmations() is None
    assert smtp_server.messages == []


def test_a_malformed_address_is_refused_with_its_reason(client):
    response = sign_up(client, email="rosa at example")
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not Subscriber.objects.exists()


def test_the_form_needs_its_csrf_token(client):
    response = sign_up(Client(enforce_csrf_checks=True))
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_sign_ups_are_limited_per_client_address(client):
    for n in range(10):
        assert sign_up(client, email=f"reader{n}@example.test").status_code == 200
    refused = sign_up(client, email="one-more@example.test")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Too many sign-ups" in refused.content.decode()
    assert not Subscriber.objects.filter(email="one-more@example.test").exists()
    # Another address is not held up by it.
    assert sign_up(client, email="elsewhere@example.test", address=OTHER_ADDRESS).status_code == 200


def test_no_table_holds_the_sign_ups_client_address(client, smtp_server):
    sign_up(client, address=READER_ADDRESS)
    sending.send_confirmations()
    for table, text in every_table_text().items():
        assert READER_ADDRESS not in text, f"found in {table}"


# The digest ----------------------------------------------------------------------------


def test_the_digest_reaches_a_confirmed_subscriber_with_both_parts_and_the_headers(
    smtp_server, six_oclock
):
    lead, second, older = front_stories()
    subscriber = subscribed()
    assert sending.send_issues(six_oclock) is None  # 6 o'clock: not yet
    line = sending.send_issues(six_oclock + timedelta(hours=1))
    assert "1 sent" in line and "finished" in line

    [message] = smtp_server.to("rosa@example.test")
    assert message["Subject"] == "Pacific Meridian daily: Night ferries return to the harbour"
    unsubscribe = f"{PUBLIC}/en/newsletter/unsubscribe/{subscriber.unsubscribe_token}/"
    # (A long header is folded: the value starts after the folding white space.)
    assert message["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = parts(message)
    for article in (lead, second, older):
        url = f"{PUBLIC}{article.get_absolute_url()}"
        assert url in text and f'href="{url}"' in html
    picture = rendition_url(lead.lead_image, "w640")
    assert picture.startswith(f"{PUBLIC}/media/renditions/")
    assert f'src="{picture}"' in html and 'alt="A ferry at night"' in html
    assert unsubscribe in text and f'href="{unsubscribe}"' in html
    # The older story is Hot Recommended, not a top story of the day.
    assert text.index("Hot Recommended") < text.index(older.headline)
    assert text.index(lead.headline) < text.index("Hot Recommended")


def test_the_worker_sends_it_as_one_of_its_chores(smtp_server, settings):
    settings.NEWSLETTER_TIME_ZONES = {"en": zone_at_hour(7, timezone.now())}
    front_stories()
    subscribed()
    names = [name for name, _do in scheduler.chores()]
    assert "send the daily newsletters" in names and "email newsletter confirmations" in names
    scheduler.chores_round(5)
    assert len(smtp_server.to("rosa@example.test")) == 1


def test_a_chinese_subscriber_gets_the_chinese_edition_in_chinese(smtp_server, six_oclock):
    lead = make_article(
        headline="夜间渡轮恢复运营",
        language="zh-hans",
        slug="night-ferries",
        lead_image=make_image(),
        published_at=timezone.now() - timedelta(hours=1),
    )
    make_article(headline="English only story", published_at=timezone.now() - timedelta(hours=1))
    subscriber = subscribed(language="zh-hans")
    sending.send_issues(six_oclock + timedelta(hours=1))
    [message] = smtp_server.to("rosa@example.test")
    text, html = parts(message)
    assert lead.headline in text and "English only story" not in text
    assert "要闻" in text and 'lang="zh-hans"' in html
    assert message["Subject"].strip() == "Pacific Meridian每日简报：夜间渡轮恢复运营"
    assert f"{PUBLIC}/zh-hans/newsletter/unsubscribe/{subscriber.unsubscribe_token}/" in text


def test_an_unconfirmed_address_gets_no_digest(smtp_server, six_oclock):
    front_stories()
    Subscriber.sign_up("pending@example.test", "en")
    subscribed("confirmed@example.test")
    sending.send_issues(six_oclock + timedelta(hours=1))
    assert len(smtp_server.to("confirmed@example.test")) == 1
    assert smtp_server.to("pending@example.test") == []


def test_unpublished_articles_never_appear_in_a_digest(smtp_server, six_oclock):
    lead, second, _older = front_stories()
    draft = make_article(
        headline="A draft nobody may read", status="draft", lead_image=make_image()
    )
    coming = make_article(
        headline="Scheduled for tomorrow",
        status="scheduled",
        published_at=timezone.now() + timedelta(days=1),
        lead_image=make_image(),
    )
    subscribed("first@example.test")
    subscribed("second@example.test")
    at_seven = six_oclock + timedelta(hours=1)
    sending.send_issues(at_seven, limit=1)  # the issue is made; one message goes out
    second.unpublish()
    sending.send_issues(at_seven + timedelta(minutes=1))
    first_text, _ = parts(smtp_server.to("first@example.test")[0])
    second_text, second_html = parts(smtp_server.to("second@example.test")[0])
    for text in (first_text, second_text):
        assert draft.headline not in text and coming.headline not in text
    assert second.headline in first_text  # published when the first was sent
    assert second.headline not in second_text and second.headline not in second_html
    assert lead.headline in second_text


def test_an_issue_without_stories_is_not_sent(smtp_server, six_oclock):
    make_article(published_at=timezone.now() - timedelta(days=3))  # nothing of the day, none hot
    subscribed()
    line = sending.send_issues(six_oclock + timedelta(hours=1))
    assert "no stories, not sent" in line
    assert smtp_server.messages == []
    assert Issue.objects.get(language="en").finished_at is not None


def test_an_issue_whose_stories_were_all_unpublished_since_is_not_sent(smtp_server, six_oclock):
    stories = front_stories()
    subscribed()
    at_seven = six_oclock + timedelta(hours=1)
    sending.send_issues(at_seven, limit=0)  # the issue is made, nothing is sent yet
    for article in stories:
        article.unpublish()
    assert "no stories left, not sent" in sending.send_issues(at_seven + timedelta(minutes=1))
    assert smtp_server.messages == []


def test_sent_at_the_local_hour_once_a_day_and_again_the_next(smtp_server, six_oclock):
    front_stories()
    subscribed()
    sending.send_issues(six_oclock)
    assert smtp_server.messages == []
    for minutes in (60, 61, 120, 600):
        sending.send_issues(six_oclock + timedelta(minutes=minutes))
    assert len(smtp_server.to("rosa@example.test")) == 1
    # The next local day, at 6 and then at 7.
    sending.send_issues(six_oclock + timedelta(hours=24))
    assert len(smtp_server.to("rosa@example.test")) == 1
    sending.send_issues(six_oclock + timedelta(hours=25))
    assert len(smtp_server.to("rosa@example.test")) == 2
    assert Issue.objects.filter(language="en").count() == 2


def test_who_was_sent_an_issue_is_forgotten_after_a_week(smtp_server, six_oclock):
    front_stories()
    subscriber = subscribed()
    today = sending.local_day("en", six_oclock)[0]
    for days_ago in (8, 7):
        old = Issue.objects.create(
            language="en", day=today - timedelta(days=days_ago), finished_at=timezone.now()
        )
        Delivery.objects.create(issue=old, subscriber=subscriber, state="sent")
    sending.send_issues(six_oclock + timedelta(hours=1))
    kept = Delivery.objects.order_by("issue__day").values_list("issue__day", flat=True)
    assert list(kept) == [today - timedelta(days=7), today]


def test_each_edition_is_sent_at_the_hour_of_its_own_time_zone(smtp_server, settings):
    now = timezone.now()
    settings.NEWSLETTER_TIME_ZONES = {"en": zone_at_hour(7, now), "zh-hans": zone_at_hour(6, now)}
    front_stories()
    make_article(language="zh-hans", lead_image=make_image(), published_at=now)
    subscribed("en@example.test", "en")
    subscribed("zh@example.test", "zh-hans")
    sending.send_issues(now)
    assert len(smtp_server.to("en@example.test")) == 1
    assert smtp_server.to("zh@example.test") == []
    sending.send_issues(now + timedelta(hours=1))
    assert len(smtp_server.to("zh@example.test")) == 1


# Never twice --------------------------------------------------------------------------


@pytest.fixture
def refusing_smtp(serve_smtp):
    """A local SMTP server that takes two messages and then refuses."""
    return serve_smtp(RefusingMailbox(accept=2))


READERS = [f"reader{n}@example.test" for n in range(5)]


def each_got_one(mailbox) -> bool:
    return all(len(mailbox.to(email)) == 1 for email in READERS) and len(mailbox.messages) == 5


def test_a_server_refusing_midway_leaves_the_rest_for_later_and_nobody_gets_two(
    refusing_smtp, six_oclock
):
    front_stories()
    for email in READERS:
        subscribed(email)
    at_seven = six_oclock + timedelta(hours=1)
    line = sending.send_issues(at_seven)
    assert "2 sent, 1 failed" in line
    assert len(refusing_smtp.messages) == 2
    # A minute later the issue waits still: nobody is tried, nobody loses a try.
    assert sending.send_issues(at_seven + timedelta(minutes=1)) is None
    assert Delivery.objects.count() == 3

    refusing_smtp.accept = 100
    sending.send_issues(at_seven + timedelta(minutes=6))
    assert each_got_one(refusing_smtp)
    assert Issue.objects.get(language="en").finished_at is not None
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}


def test_a_server_refusing_for_hours_is_given_up_after_four_tries(serve_smtp, six_oclock, caplog):
    mailbox = serve_smtp(RefusingMailbox(accept=0))
    front_stories()
    subscribed()
    at_seven = six_oclock + timedelta(hours=1)
    for minutes in (0, 5, 35, 155):
        assert "1 failed" in sending.send_issues(at_seven + timedelta(minutes=minutes))
        assert sending.send_issues(at_seven + timedelta(minutes=minutes, seconds=5)) is None
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.retry_at) == ("failed", 4, None)
    assert "gave up emailing rosa@example.test after 4 attempts" in caplog.text
    assert Issue.objects.get(language="en").finished_at is not None
    assert mailbox.messages == []


def test_an_address_the_server_does_not_know_is_given_up_and_the_rest_are_sent(
    serve_smtp, six_oclock
):
    mailbox = serve_smtp(RecipientRefusingMailbox())
    front_stories()
    subscribed("gone@example.test")
    subscribed("rosa@example.test")
    line = sending.send_issues(six_oclock + timedelta(hours=1))
    assert "1 sent, 1 failed; finished" in line
    assert len(mailbox.to("rosa@example.test")) == 1
    assert Delivery.objects.get(subscriber__email="gone@example.test").retry_at is None


def test_a_worker_stopped_after_its_first_message_sends_nobody_a_second(
    smtp_server, six_oclock, monkeypatch
):
    front_stories()
    for email in READERS:
        subscribed(email)
    marked = sending.mark_sent

    def stop_after_the_first_send(delivery, now):
        monkeypatch.setattr(sending, "mark_sent", marked)
        raise SystemExit("worker stopped")  # killed between sending and saying so

    monkeypatch.setattr(sending, "mark_sent", stop_after_the_first_send)
    at_seven = six_oclock + timedelta(hours=1)
    with pytest.raises(SystemExit):
        sending.send_issues(at_seven)
    assert len(smtp_server.messages) == 1

    # The worker starts again: the rest are sent, the first is not sent again.
    line = sending.send_issues(at_seven + timedelta(seconds=5))
    assert "4 sent" in line and "1 left unknown by a stopped worker" in line
    assert each_got_one(smtp_server)
    sending.send_issues(at_seven + timedelta(hours=3))
    assert each_got_one(smtp_server)


def test_a_second_worker_finds_the_lock_taken_and_sends_nothing(smtp_server, six_oclock):
    from newsdesk.locks import exclusive

    front_stories()
    subscribed()
    with exclusive("newsletters") as acquired:
        assert acquired
        assert sending.send_issues(six_oclock + timedelta(hours=1)) is None
    assert smtp_server.messages == []


# Unsubscribing ------------------------------------------------------------------------


def test_one_click_unsubscribe_deletes_the_address_from_every_table(smtp_server, six_oclock):
    front_stories()
    subscribed("leaving@example.test")
    sending.send_issues(six_oclock + timedelta(hours=1))
    [message] = smtp_server.to("leaving@example.test")
    url = message["List-Unsubscribe"].strip().strip("<>")
    assert Delivery.objects.exists()

    # As a mail client posts it (RFC 8058): no cookie, no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        local(url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert not Subscriber.objects.exists() and not Delivery.objects.exists()
    for table, text in every_table_text().items():
        assert "leaving@example.test" not in text, f"found in {table}"
    # Again: the same answer, nothing to do.
    assert mail_client.post(local(url)).status_code == 200


def test_the_unsubscribe_link_opened_shows_a_button_first(client):
    subscriber = subscribed()
    url = f"/en/newsletter/unsubscribe/{subscriber.unsubscribe_token}/"
    page = client.get(url)
    assert page.status_code == 200 and "noindex" in page["X-Robots-Tag"]
    assert '<button type="submit">Unsubscribe</button>' in page.content.decode()
    assert Subscriber.objects.exists()  # a GET (a mail scanner) unsubscribes nobody
    client.post(url)
    assert not Subscriber.objects.exists()
    assert "You are unsubscribed" in client.get(url).content.decode()


def test_a_bad_unsubscribe_link_is_refused_with_a_clear_page(client):
    subscriber = subscribed()
    bad = ["nonsense", "9" * 400, subscriber.unsubscribe_token + "x", subscriber.confirmation_token]
    for token in bad:
        response = client.post(f"/en/newsletter/unsubscribe/{token}/")
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    assert Subscriber.objects.exists()


def test_a_link_names_its_own_subscription_never_a_later_one_with_the_same_id(client):
    gone = subscribed("gone@example.test")
    unsubscribe, confirm = gone.unsubscribe_token, gone.confirmation_token
    pk = gone.pk
    gone.delete()
    # SQLite gives the largest id again once its row is deleted.
    later = Subscriber.objects.create(pk=pk, email="later@example.test", language="en")
    assert client.post(f"/en/newsletter/unsubscribe/{unsubscribe}/").status_code == 200
    assert Subscriber.objects.filter(pk=later.pk).exists()
    client.post(f"/en/newsletter/confirm/{confirm}/")
    later.refresh_from_db()
    assert later.confirmed_at is None


# The newsroom ---------------------------------------------------------------------------


def test_an_admin_sees_the_list_and_exports_the_confirmed_as_csv(client, site_admin):
    subscribed("b@example.test", "zh-hans")
    subscribed("a@example.test", "en")
    subscribed("=HYPERLINK(1)@example.test", "en")
    Subscriber.sign_up("pending@example.test", "en")
    client.force_login(site_admin)
    listing = client.get("/admin/newsletters/subscriber/")
    assert listing.status_code == 200 and "a@example.test" in listing.content.decode()
    assert "Export the confirmed as CSV" in listing.content.decode()

    response = client.get("/admin/newsletters/subscriber/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["email", "edition", "confirmed_at"]
    assert [row[:2] for row in rows[1:]] == [
        ["'=hyperlink(1)@example.test", "en"],  # never a formula in a spreadsheet
        ["a@example.test", "en"],
        ["b@example.test", "zh-hans"],
    ]
    confirmed = Subscriber.objects.get(email="a@example.test").confirmed_at
    assert rows[2][2] == confirmed.isoformat()


def test_an_admin_sees_each_issue_and_how_many_it_was_sent_to(
    client, site_admin, serve_smtp, six_oclock
):
    serve_smtp(RecipientRefusingMailbox())
    front_stories()
    subscribed("gone@example.test")
    subscribed("rosa@example.test")
    sending.send_issues(six_oclock + timedelta(hours=1))
    client.force_login(site_admin)
    page = client.get("/admin/newsletters/issue/").content.decode()
    sent = re.search(r'<td class="field-sent">(\d+)</td>', page).group(1)
    failed = re.search(r'<td class="field-failed">(\d+)</td>', page).group(1)
    stories = re.search(r'<td class="field-stories">(\d+)</td>', page).group(1)
    assert (sent, failed, stories) == ("1", "1", "3")


@pytest.mark.parametrize("who", ["editor", "writer", "translator"])
def test_only_an_admin_sees_the_subscribers_and_the_issues(client, request, who):
    subscribed()
    client.force_login(request.getfixturevalue(who))
    assert client.get("/admin/newsletters/subscriber/").status_code == 403
    assert client.get("/admin/newsletters/subscriber/export.csv").status_code == 403
    assert client.get("/admin/newsletters/issue/").status_code == 403
    index = client.get("/admin/").content.decode()
    assert "Newsletter subscribers" not in index and "Newsletter issues" not in index


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get("/admin/newsletters/subscriber/export.csv")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_admin_deletes_an_address_on_request(client, site_admin, smtp_server, six_oclock):
    front_stories()
    subscriber = subscribed()
    sending.send_issues(six_oclock + timedelta(hours=1))
    client.force_login(site_admin)
    url = f"/admin/newsletters/subscriber/{subscriber.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Subscriber.objects.exists() and not Delivery.objects.exists()


# The next issue, before it goes out ------------------------------------------------------


def test_an_editor_sees_what_the_next_issue_would_carry_if_made_now(client, editor, six_oclock):
    lead, second, older = front_stories()
    make_article(headline="A draft never shown", status=Article.Status.DRAFT)
    client.force_login(editor)
    front = client.get("/admin/front/?language=en").content.decode()
    assert 'href="/admin/newsletters/issue/next/en/"' in front

    page = unescape(client.get("/admin/newsletters/issue/next/en/").content.decode())
    assert "Pacific Meridian daily: Night ferries return to the harbour" in page
    top = page[page.index("<h2>Top stories") : page.index("<h2>Hot Recommended")]
    assert top.index(lead.headline) < top.index(second.headline)
    assert older.headline in page[page.index("<h2>Hot Recommended") :]
    assert "A draft never shown" not in page
    assert "is made at 7:00" in page
    assert not (Issue.objects.exists() or Subscriber.objects.exists())


def test_the_next_issue_is_tomorrows_once_todays_was_made(client, editor, smtp_server, six_oclock):
    front_stories()
    at_seven = six_oclock + timedelta(hours=1)
    sending.send_issues(at_seven)
    today, _hour = sending.local_day("en", at_seven)
    client.force_login(editor)
    page = client.get("/admin/newsletters/issue/next/en/").content.decode()
    tomorrow = today + timedelta(days=1)
    assert f"The issue of {formats.date_format(tomorrow, 'DATE_FORMAT')}" in page


def test_an_editor_emails_themselves_a_test_and_nothing_is_recorded(
    client, editor, smtp_server, six_oclock
):
    front_stories()
    client.force_login(editor)
    response = client.post("/admin/newsletters/issue/next/en/")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "A test of the next issue was emailed to edith@example.test." in page

    [message] = smtp_server.to("edith@example.test")
    assert (
        message["Subject"] == "[Test] Pacific Meridian daily: Night ferries return to the harbour"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = parts(message)
    assert "Night ferries return to the harbour" in text and "Fish market prices fall" in html
    assert not (Issue.objects.exists() or Subscriber.objects.exists() or Delivery.objects.exists())
    assert len(smtp_server.messages) == 1


def test_a_subscribed_editors_test_carries_their_own_unsubscribe_link(
    client, editor, smtp_server, six_oclock
):
    front_stories()
    own = subscribed("Edith@Example.test")
    client.force_login(editor)
    client.post("/admin/newsletters/issue/next/en/")
    [message] = smtp_server.to("edith@example.test")
    unsubscribe = f"{PUBLIC}/en/newsletter/unsubscribe/{own.unsubscribe_token}/"
    assert message["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    # Nobody else's: the link of a test to an address that has not subscribed leads nowhere.
    Subscriber.objects.all().delete()
    client.post("/admin/newsletters/issue/next/en/")
    link = smtp_server.to("edith@example.test")[1]["List-Unsubscribe"].strip()[1:-1]
    assert client.post(local(link)).status_code == 404


def test_a_test_that_cannot_be_sent_says_why(client, editor, settings, six_oclock):
    front_stories()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    client.force_login(editor)
    response = client.post("/admin/newsletters/issue/next/en/", follow=True)
    assert "The test could not be sent:" in response.content.decode()

    editor.email = ""
    editor.save()
    page = client.get("/admin/newsletters/issue/next/en/").content.decode()
    assert "Your account has no email address to send a test to." in page
    assert 'value="Email me a test"' not in page


def test_an_edition_without_stories_says_none_would_be_sent(client, editor, smtp_server):
    client.force_login(editor)
    page = client.get("/admin/newsletters/issue/next/zh-hans/").content.decode()
    assert "an issue without any is not sent" in page
    client.post("/admin/newsletters/issue/next/zh-hans/")
    assert smtp_server.messages == []


@pytest.mark.parametrize("who", ["writer", "translator"])
def test_only_editors_see_the_next_issue(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/admin/newsletters/issue/next/en/").status_code == 403
    assert client.post("/admin/newsletters/issue/next/en/").status_code == 403


def test_an_edition_the_site_does_not_have_is_a_404(client, editor):
    client.force_login(editor)
    assert client.get("/admin/newsletters/issue/next/fr/").status_code == 404


def test_the_issue_list_links_each_editions_next_issue(client, site_admin):
    client.force_login(site_admin)
    page = client.get("/admin/newsletters/issue/").content.decode()
    assert 'href="/admin/newsletters/issue/next/en/"' in page
    assert 'href="/admin/newsletters/issue/next/zh-hans/"' in page


# Settings -------------------------------------------------------------------------------


def _settings(tmp_path, **environ):
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import newsdesk.settings as s; print(s.NEWSLETTER_HOUR, s.NEWSLETTER_TIME_ZONES)",
        ],
        env={"PATH": "/usr/bin:/bin", "NEWSDESK_VAR_DIR": str(tmp_path), **environ},
        capture_output=True,
        text=True,
    )


def test_the_hour_and_time_zones_are_read(tmp_path):
    assert _settings(tmp_path).stdout.strip() == "7 {}"
    result = _settings(tmp_path, NEWSLETTER_HOUR="6", NEWSLETTER_TIME_ZONES="zh-hans=Asia/Shanghai")
    assert result.stdout.strip() == "6 {'zh-hans': 'Asia/Shanghai'}"


@pytest.mark.parametrize(
    ("environ", "complaint"),
    [
        ({"NEWSLETTER_HOUR": "24"}, "NEWSLETTER_HOUR must be 0 to 23"),
        ({"NEWSLETTER_TIME_ZONES": "zh-hans=Mars/Olympus"}, "unknown time zone"),
        ({"NEWSLETTER_TIME_ZONES": "fr=Europe/Paris"}, "names no edition 'fr'"),
        ({"NEWSLETTER_TIME_ZONES": "Asia/Shanghai"}, "takes edition=Zone pairs"),
    ],
)
def test_a_malformed_newsletter_setting_stops_the_start(tmp_path, environ, complaint):
    result = _settings(tmp_path, **environ)
    assert result.returncode != 0 and complaint in result.stderr
