"""End to end in a real Chromium: a phone scans the app page's code; the app banner."""

import io

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from newsdesk.content.models import Article

pytestmark = pytest.mark.browser

PUBLIC_URL = "https://news.example.org"


@pytest.fixture
def phone(chromium):
    """A phone-sized page without the service worker, left once every request is answered.

    The live server shares the test's in-memory database connection, so no request may
    still be running when the test's database is flushed: the service worker would fetch
    pages ahead in the background, and icons come late, after the page has loaded.
    """
    context = chromium.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    pending = set()
    context.on("request", lambda request: pending.add(request))
    context.on("requestfinished", lambda request: pending.discard(request))
    context.on("requestfailed", lambda request: pending.discard(request))
    page = context.new_page()
    yield page
    for _ in range(100):
        page.wait_for_timeout(100)  # lets Playwright deliver the events
        if not pending:
            break
    context.close()


def scan(png: bytes) -> list[str]:
    return [barcode.text for barcode in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_code_on_screen_scans_to_the_editions_start_page(live_demo, phone, settings, language):
    settings.PUBLIC_URL = PUBLIC_URL
    page = phone

    page.goto(f"{live_demo.url}/{language}/app/")
    qr = page.get_by_role("img", name=f"{PUBLIC_URL}/{language}/")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 200 and box["width"] == box["height"], "big enough to scan, square"
    assert scan(qr.screenshot()) == [f"{PUBLIC_URL}/{language}/"]
    expect(page.locator(".qr-url")).to_have_text(f"{PUBLIC_URL}/{language}/")
    expect(page.locator("#app-banner")).to_have_count(0)


def test_banner_shows_until_closed_and_stays_closed(live_demo, phone):
    article = Article.objects.published().filter(language="en").latest_first().first()
    page = phone

    page.goto(live_demo.url + article.get_absolute_url())
    banner = page.get_by_role("complementary", name="App")
    expect(banner).to_be_visible()
    expect(banner.get_by_role("link")).to_have_attribute("href", "/en/app/")

    banner.get_by_role("button", name="Close").click()
    expect(banner).to_be_hidden()
    assert page.evaluate("localStorage.length") == 1

    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(article.headline)
    expect(banner).to_be_hidden()
    page.goto(f"{live_demo.url}/en/")
    expect(banner).to_be_hidden()


def test_banner_leads_to_the_app_page(live_demo, phone):
    page = phone
    page.goto(f"{live_demo.url}/zh-hans/")
    page.locator(".app-banner-link").click()
    expect(page).to_have_url(f"{live_demo.url}/zh-hans/app/")
    expect(page.locator(".qr-image svg")).to_be_visible()


def test_banner_moves_nothing_on_the_page(live_demo, phone):
    page = phone
    page.goto(f"{live_demo.url}/en/")
    expect(page.locator("#app-banner")).to_be_visible()
    shifts = page.evaluate(
        """() => new Promise(resolve => {
             new PerformanceObserver(list => resolve(list.getEntries().map(e => e.value)))
               .observe({type: "layout-shift", buffered: true});
             setTimeout(() => resolve([]), 500);
           })"""
    )
    assert sum(shifts) == 0


def test_banner_stays_hidden_in_the_installed_app(live_demo, phone):
    page = phone
    # Chromium has no switch for display-mode: answer as it does inside an installed app.
    page.add_init_script(
        """const matchMedia = window.matchMedia.bind(window);
           window.matchMedia = query => /display-mode: standalone/.test(query)
             ? {matches: true, media: query} : matchMedia(query);"""
    )
    page.goto(f"{live_demo.url}/en/")
    expect(page.locator("main")).to_be_visible()
    expect(page.locator("#app-banner")).to_be_hidden()
