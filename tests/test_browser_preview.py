"""Previews in a real Chromium: a writer previews her draft from its form; someone with
no account opens a shared link, and is refused once it is withdrawn."""

import pytest
from playwright.sync_api import expect

from newsdesk.content.models import Article
from tests.factories import make_article, make_image, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Lock keepers vote to work to rule"
PARAGRAPH = "The vote closes the canal to night traffic from Monday."


@pytest.fixture
def site(live_server, settings):
    # Links and pictures name the public site: here, the live server.
    settings.PUBLIC_URL = live_server.url
    return live_server.url


@pytest.fixture
def draft(writer):
    return make_article(
        headline=HEADLINE,
        slug="lock-keepers-vote",
        body=f"<p>{PARAGRAPH}</p>",
        status=Article.Status.DRAFT,
        created_by=writer,
        authors=[make_person(name="Ivo Brandt")],
        lead_image=make_image(caption="The upper lock", alt_text="A canal lock at dusk"),
    )


def sign_in(page, site, user):
    page.goto(f"{site}/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill("pw")
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(f"{site}/admin/")


def test_a_writer_previews_her_draft_from_its_form(site, open_page, writer, draft):
    page = open_page()
    sign_in(page, site, writer)
    page.goto(f"{site}/admin/content/article/{draft.pk}/change/")
    with page.context.expect_page() as opened:
        page.locator(".object-tools").get_by_role("link", name="Preview", exact=True).click()
    preview = opened.value
    expect(preview.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(preview.locator(".article-body")).to_contain_text(PARAGRAPH)
    expect(preview.locator(".preview-banner")).to_contain_text("Preview — not published")
    expect(preview.locator(".byline")).to_contain_text("Ivo Brandt")


def test_a_shared_link_opens_without_an_account_until_withdrawn(site, open_page, writer, draft):
    page = open_page()
    sign_in(page, site, writer)
    page.goto(f"{site}/admin/content/article/{draft.pk}/change/")
    page.get_by_label("For whom").fill("our lawyer")
    page.get_by_label("Valid for").select_option("1")
    page.get_by_role("button", name="Make a link").click()
    address = page.locator(".preview-address")
    expect(address).to_have_count(1)
    expect(page.locator(".preview-links")).to_contain_text("for our lawyer")
    link = address.input_value()
    assert link.startswith(f"{site}/preview/")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link

    stranger = open_page()
    stranger.goto(link)
    expect(stranger.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(stranger.locator(".article-body")).to_contain_text(PARAGRAPH)
    picture = stranger.get_by_role("img", name="A canal lock at dusk")
    expect(picture).to_be_visible()
    picture.evaluate("img => img.decode()")  # rejects when the picture does not load
    assert picture.evaluate("img => img.naturalWidth") > 0

    page.get_by_role("button", name="Withdraw").click()
    expect(page.locator(".preview-address")).to_have_count(0)
    response = stranger.goto(link)
    assert response.status == 410
    expect(stranger.get_by_role("heading", level=1)).to_have_text(
        "This preview link no longer works"
    )
    expect(stranger.locator("body")).not_to_contain_text(PARAGRAPH)
