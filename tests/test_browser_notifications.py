"""In a real Chromium: a writer whose story came back finds it through the navigation."""

import re

import pytest
from playwright.sync_api import expect

from newsdesk.content.models import Article
from newsdesk.newsroom.workflow import take_step
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_writer_follows_the_unread_badge_to_her_returned_story(
    sign_in, live_server, editor, writer
):
    article = make_article(
        created_by=writer,
        status=Article.Status.REVIEW,
        published_at=None,
        headline="Night ferries return",
    )
    take_step(article, "returned", editor, note="Name the ferry operator.")
    take_step(
        make_article(created_by=writer, status=Article.Status.REVIEW, published_at=None),
        "returned",
        editor,
        note="Shorter, please.",
    )

    page = sign_in(writer)
    nav = page.get_by_role("navigation", name="Newsroom")
    expect(nav.get_by_role("link", name=re.compile(r"^Notifications 2$"))).to_be_visible()
    nav.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(page.locator(".notification-unread")).to_have_count(2)
    expect(page.get_by_text("Name the ferry operator.")).to_be_visible()

    page.get_by_role("link", name="Night ferries return").click()
    expect(page).to_have_url(f"{live_server.url}/admin/content/article/{article.pk}/change/")
    expect(nav.get_by_role("link", name=re.compile(r"^Notifications 1$"))).to_be_visible()

    nav.get_by_role("link", name=re.compile("^Notifications")).click()
    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator(".notification-unread")).to_have_count(0)
    expect(nav.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
