"""Issue 19, point 2, in a real Chromium: a reader signs up for the daily newsletter from
the footer, sees "check your email", and confirms from the emailed link."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from newsdesk.newsletters import sending
from newsdesk.newsletters.models import Subscriber
from tests.factories import make_article
from tests.test_browser_csp import RECORD_VIOLATIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_signs_up_and_confirms_from_the_email(
    live_server, settings, browser_page, smtp_server
):
    settings.PUBLIC_URL = live_server.url
    make_article(headline="Night ferries return to the harbour")
    page = browser_page
    page.add_init_script(RECORD_VIOLATIONS)

    page.goto(f"{live_server.url}/en/")
    page.get_by_role("link", name="Daily newsletter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The daily newsletter")

    # A typo first: the form says what is wrong and keeps what was typed.
    page.get_by_label("Your email address").fill("rosa at example.test")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("alert")).to_have_text("Enter a valid email address.")
    expect(page.get_by_label("Your email address")).to_have_value("rosa at example.test")

    page.get_by_label("Your email address").fill("rosa@example.test")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.locator("main")).to_contain_text("rosa@example.test")
    assert Subscriber.objects.get().confirmed_at is None

    # The worker emails the link; the reader opens it and presses the button.
    sending.send_confirmations()
    [message] = smtp_server.to("rosa@example.test")
    link = re.search(r"http://\S+/newsletter/confirm/\S+/", message.get_content()).group()
    page.goto(link)
    page.get_by_role("button", name="Yes, subscribe me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")
    assert Subscriber.objects.get().confirmed_at is not None
    assert page.evaluate("window.__violations") == []


def test_an_editor_looks_at_the_next_issue_and_emails_themselves_a_test(
    live_server, settings, sign_in, editor, smtp_server
):
    settings.PUBLIC_URL = live_server.url
    # Published within the day (the factory's default goes back an hour per article made).
    make_article(headline="Night ferries return to the harbour", published_at=timezone.now())
    page = sign_in(editor)
    page.add_init_script(RECORD_VIOLATIONS)
    page.get_by_role("navigation", name="Newsroom").get_by_role("link", name="Front page").click()
    page.get_by_role("link", name="The next newsletter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The next newsletter")
    expect(page.locator("#content-main")).to_contain_text(
        "Pacific Meridian daily: Night ferries return to the harbour"
    )
    page.get_by_role("button", name="Email me a test").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "A test of the next issue was emailed to edith@example.test."
    )
    [message] = smtp_server.to("edith@example.test")
    assert message["Subject"].startswith("[Test] Pacific Meridian daily")
    assert not Subscriber.objects.exists()
    assert page.evaluate("window.__violations") == []
