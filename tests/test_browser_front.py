"""In a real Chromium on a phone: a compact masthead, a banner for the first visit only,
the share button or its plain links."""

import pytest
from playwright.sync_api import expect

from newsdesk.content.models import Article
from tests.browser import wait_until

pytestmark = pytest.mark.browser

# A common Android phone (Pixel 7 class), in CSS pixels.
PHONE = {"width": 412, "height": 915}


@pytest.fixture
def phone_context(chromium):
    """A phone-sized browser context, closed once every request it made is answered.

    The live server shares the test's database connection: no request may still be
    running when the test's database is flushed (see test_browser_app.py).
    """
    context = chromium.new_context(viewport=PHONE, service_workers="block")
    pending = set()
    context.on("request", lambda request: pending.add(request))
    context.on("requestfinished", lambda request: pending.discard(request))
    context.on("requestfailed", lambda request: pending.discard(request))
    yield context
    for _ in range(100):
        if not pending or not context.pages:
            break
        context.pages[0].wait_for_timeout(100)  # lets Playwright deliver the events
    context.close()


def latest_article() -> Article:
    return Article.objects.published().filter(language="en").latest_first().first()


def test_masthead_and_app_banner_take_far_less_than_a_quarter_of_the_first_screen(
    live_demo, phone_context
):
    page = phone_context.new_page()
    page.goto(f"{live_demo.url}/en/")
    banner = page.locator("#app-banner")
    expect(banner).to_be_visible()
    masthead = page.locator(".masthead-inner").bounding_box()
    assert masthead["height"] < 60, "one row: name, search, editions"
    # From the top of the page to the bottom of the masthead (section menu included).
    bottom = page.locator(".masthead").bounding_box()
    used = bottom["y"] + bottom["height"]
    assert used < PHONE["height"] / 4, used
    # The lead story starts on the first screen.
    lead = page.locator(".card-lead h2").bounding_box()
    assert lead["y"] < PHONE["height"]


def test_the_banner_shows_during_the_first_visit_only(live_demo, phone_context):
    page = phone_context.new_page()
    page.goto(f"{live_demo.url}/en/")
    expect(page.locator("#app-banner")).to_be_visible()
    page.goto(live_demo.url + latest_article().get_absolute_url())
    expect(page.locator("#app-banner")).to_be_visible()  # the same visit
    page.close()

    later = phone_context.new_page()  # a new tab: a second visit
    later.goto(f"{live_demo.url}/en/")
    expect(later.locator("main")).to_be_visible()
    expect(later.locator("#app-banner")).to_be_hidden()
    expect(later.locator(".site-footer").get_by_role("link", name="Get the app")).to_be_visible()


def test_without_web_share_the_plain_share_links_do_the_work(live_demo, phone_context):
    page = phone_context.new_page()
    page.add_init_script("delete Navigator.prototype.share;")
    page.goto(live_demo.url + latest_article().get_absolute_url())
    share = page.get_by_role("navigation", name="Share")
    expect(share.get_by_role("link", name="Email")).to_be_visible()
    expect(share.get_by_role("link", name="WhatsApp")).to_be_visible()
    expect(share.get_by_role("button", name="Share")).to_be_hidden()


def test_with_web_share_the_button_opens_the_share_sheet(live_demo, phone_context, settings):
    article = latest_article()
    page = phone_context.new_page()
    page.add_init_script(
        "Navigator.prototype.share = function (data) {"
        "  window.shared = data; return Promise.resolve();"
        "};"
    )
    page.goto(live_demo.url + article.get_absolute_url())
    page.wait_for_load_state("load")
    button = page.get_by_role("navigation", name="Share").get_by_role("button", name="Share")
    expect(button).to_be_visible()
    button.click()
    wait_until(page, "window.shared !== undefined")
    assert page.evaluate("window.shared") == {
        "title": article.headline,
        "url": f"{settings.PUBLIC_URL}{article.get_absolute_url()}",
    }


def test_an_iphone_reads_the_install_steps_once(live_demo, chromium):
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
    )
    context = chromium.new_context(viewport=PHONE, user_agent=iphone, service_workers="block")
    page = context.new_page()
    page.goto(f"{live_demo.url}/en/app/")
    page.wait_for_load_state("load")
    expect(page.locator("[data-install-ios]")).to_be_visible()
    expect(page.locator("[data-install-ios-summary]")).to_have_count(2)
    expect(page.locator("[data-install-ios-summary]").first).to_be_hidden()
    shown = page.locator("main").inner_text()  # the text a reader sees, hidden parts left out
    assert shown.count("Add to Home Screen") == 1
    page.wait_for_load_state("networkidle")  # nothing still asking the live server
    context.close()
