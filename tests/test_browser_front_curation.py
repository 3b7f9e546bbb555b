"""Arranging the front page in a real Chromium: an editor places stories, drags one to
the top (and uses the buttons), previews, makes it live; a reader sees the new lead."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from newsdesk.content.curation import Arrangement
from tests.factories import make_article, make_image, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stories(live_server, settings):
    settings.PUBLIC_URL = live_server.url
    news = make_section(name="News", slug="news")
    return [
        make_article(
            headline=f"Harbour story {name}",
            section=news,
            lead_image=make_image(),
            published_at=timezone.now() - timedelta(hours=n + 1),
        )
        for n, name in enumerate(["Alpha", "Bravo", "Charlie", "Delta"])
    ]


def lead(page):
    return page.locator(".lead-story .card-headline")


def test_an_editor_drags_a_story_to_lead_and_makes_it_live(
    sign_in, open_page, live_server, editor, stories
):
    reader = open_page()
    reader.goto(f"{live_server.url}/en/")
    expect(lead(reader)).to_have_text("Harbour story Alpha")

    page = sign_in(editor)
    page.get_by_role("navigation", name="Newsroom").get_by_role("link", name="Front page").click()
    expect(page).to_have_url(f"{live_server.url}/admin/front/")
    page.get_by_label("Add a story").select_option(label="Harbour story Bravo")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Draft saved")
    # A story is also found by the words of its headline, however old.
    page.get_by_label("Find a story").fill("delta")
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.get_by_label("Add a story").locator("option")).to_have_text(["Harbour story Delta"])
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Draft saved")
    page.get_by_role("button", name="Pin as lead: Harbour story Bravo").click()
    items = page.locator(".front-order > li")
    expect(items.nth(0)).to_contain_text("Harbour story Bravo")
    expect(items.nth(0)).to_contain_text("Lead")

    # Drag Delta onto the upper half of the lead: it takes its place.
    items.nth(1).drag_to(items.nth(0), target_position={"x": 20, "y": 2})
    expect(page.locator(".messagelist")).to_contain_text("Draft saved")
    expect(items.nth(0)).to_contain_text("Harbour story Delta")
    expect(items.nth(1)).to_contain_text("Harbour story Bravo")

    # The buttons do the same without a mouse: Bravo up, then back down.
    page.get_by_role("button", name="Move up: Harbour story Bravo").click()
    expect(items.nth(0)).to_contain_text("Harbour story Bravo")
    page.get_by_role("button", name="Move down: Harbour story Bravo").click()
    expect(items.nth(0)).to_contain_text("Harbour story Delta")

    # And the arrow keys on a story's drag handle.
    handle = "Drag, or use the arrow keys, to move: Harbour story Bravo"
    page.get_by_role("button", name=handle).press("ArrowUp")
    expect(items.nth(0)).to_contain_text("Harbour story Bravo")
    page.get_by_role("button", name=handle).press("ArrowDown")
    expect(items.nth(0)).to_contain_text("Harbour story Delta")

    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Preview").click()
    preview = opened.value
    expect(preview.locator(".preview-banner")).to_contain_text("draft arrangement")
    expect(lead(preview)).to_have_text("Harbour story Delta")

    reader.reload()
    expect(lead(reader)).to_have_text("Harbour story Alpha")
    page.get_by_role("button", name="Make live").click()
    expect(page.locator(".messagelist")).to_contain_text("The arrangement is live.")
    assert Arrangement.load("en", live=True).lead_id() == stories[3].pk

    reader.reload()
    expect(lead(reader)).to_have_text("Harbour story Delta")
    expect(reader.locator(".second-tier .card-headline").first).to_have_text("Harbour story Bravo")
