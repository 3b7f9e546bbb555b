"""The installable app in a real Chromium: manifest, service worker, reading offline."""

import contextlib
import time

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from newsdesk.content.models import Article
from tests.browser import wait_until

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}}
IPHONE = {
    **PHONE,
    "user_agent": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    ),
    "is_mobile": True,
    "has_touch": True,
}
WORKER_ACTIVE = """async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return registration?.active?.state === "activated";
}"""
IS_SAVED = "async (url) => Boolean(await caches.match(url))"
IS_KEPT_AS_READ = """async (url) => {
    const name = (await caches.keys()).find((name) => name.startsWith("newsdesk-articles-"));
    return Boolean(name && await (await caches.open(name)).match(url));
}"""
TOP_NEWS_FETCHED = """async (lang) => {
    const name = (await caches.keys()).find((name) => name.startsWith("newsdesk-meta-"));
    return Boolean(name && await (await caches.open(name)).match(`/__refreshed__/${lang}`));
}"""


@contextlib.contextmanager
def drained_page(chromium, service_workers="allow", **options):
    """A page in its own context, by default with service workers (browser_page blocks them).

    The live server shares the test's database connection, so the context is closed only
    once nothing the page or its worker asked for is still being answered: the worker's
    fetching ahead must not outlive the test's database.
    """
    context = chromium.new_context(service_workers=service_workers, **options)
    pending = set()
    context.on("request", lambda request: pending.add(request))
    # Answered once its headers arrive: Django has rendered the whole page by then. (Some
    # of the worker's requests, their bodies read into its caches, are never "finished".)
    context.on("response", lambda response: pending.discard(response.request))
    context.on("requestfailed", lambda request: pending.discard(request))
    page = context.new_page()
    try:
        yield page
    finally:
        quiet_since, deadline = time.monotonic(), time.monotonic() + 20
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)  # lets Playwright deliver the events
            if pending:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since > 1:
                break
        context.close()


@pytest.fixture
def app_page(live_demo, chromium):
    with drained_page(chromium, **PHONE) as page:
        yield page


@pytest.fixture
def iphone_page(live_demo, chromium):
    with drained_page(chromium, service_workers="block", **IPHONE) as page:
        yield page


def controlled_page(page, url):
    """Open ``url``, let the service worker install, and reload under its control."""
    page.goto(url)
    wait_until(page, WORKER_ACTIVE)
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    return page


def test_every_page_links_a_valid_manifest(live_demo, app_page):
    page = app_page
    page.goto(f"{live_demo.url}/zh-hans/")
    manifest = page.evaluate(
        """async () => {
            const link = document.querySelector('link[rel="manifest"]');
            const response = await fetch(link.href);
            return {type: response.headers.get("Content-Type"), body: await response.json()};
        }"""
    )
    assert manifest["type"] == "application/manifest+json"
    body = manifest["body"]
    assert body["start_url"] == "/zh-hans/?source=pwa"
    assert (body["scope"], body["display"]) == ("/", "standalone")
    sizes = page.evaluate(
        """async (icons) => Promise.all(icons.map((icon) => new Promise((resolve) => {
            const image = new Image();
            image.onload = () => resolve(`${image.naturalWidth}x${image.naturalHeight}`);
            image.onerror = () => resolve("broken");
            image.src = icon.src;
        })))""",
        body["icons"],
    )
    assert sizes == [icon["sizes"] for icon in body["icons"]]
    assert {icon["purpose"] for icon in body["icons"]} == {"any", "maskable"}


def test_service_worker_controls_the_page_after_a_reload(live_demo, app_page):
    page = controlled_page(app_page, f"{live_demo.url}/en/")
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.scope)")
    assert scope == f"{live_demo.url}/"


def test_articles_read_before_open_offline_and_others_show_the_offline_page(live_demo, app_page):
    english = Article.objects.published().filter(language="en").latest_first()
    lead, read = english[0], english[len(english) - 1]
    unread = Article.objects.published().filter(language="zh-hans").latest_first().first()
    page = controlled_page(app_page, f"{live_demo.url}/en/")
    # The edition's top news is fetched ahead: the home page's lead story among it.
    wait_until(page, TOP_NEWS_FETCHED, "en")
    assert page.evaluate(IS_SAVED, f"{live_demo.url}{lead.get_absolute_url()}")

    page.goto(f"{live_demo.url}{read.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(read.headline)
    wait_until(page, IS_KEPT_AS_READ, f"{live_demo.url}{read.get_absolute_url()}")
    assert not page.evaluate(IS_SAVED, f"{live_demo.url}{unread.get_absolute_url()}")

    page.context.set_offline(True)
    page.goto(f"{live_demo.url}{read.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(read.headline)
    page.goto(f"{live_demo.url}{lead.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(lead.headline)

    page.goto(f"{live_demo.url}{unread.get_absolute_url()}")
    with translation.override("zh-hans"):  # the offline page of the article's edition
        expect(page.get_by_role("heading", level=1)).to_have_text(gettext("You are offline"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    saved = page.locator("[data-offline-edition='en']")
    expect(saved).to_be_visible()
    expect(saved.get_by_role("link", name=read.headline)).to_be_visible()
    expect(saved.get_by_role("link", name=lead.headline)).to_be_visible()
    expect(page.locator("[data-offline-empty]")).to_be_hidden()


OFFER_TO_INSTALL = """() => {
    // What Chromium fires when the site can be installed (headless Chromium never does).
    const offer = new Event("beforeinstallprompt", {cancelable: true});
    offer.prompt = () => { window.prompted = true; };
    offer.userChoice = Promise.resolve({outcome: "accepted"});
    window.dispatchEvent(offer);
    return offer.defaultPrevented;
}"""


def test_install_button_appears_when_the_browser_offers_to_install(live_demo, browser_page):
    page = browser_page
    page.goto(f"{live_demo.url}/en/app/")
    button = page.locator("[data-install-button]")
    expect(button).to_be_hidden()
    expect(page.locator("[data-install-ios]")).to_be_hidden()

    assert page.evaluate(OFFER_TO_INSTALL), "our button replaces the browser's own prompt"
    expect(button).to_have_text("Install the app")
    button.click()
    assert page.evaluate("window.prompted === true")
    expect(button).to_be_hidden()

    page.evaluate("window.dispatchEvent(new Event('appinstalled'))")
    expect(page.locator("[data-install-done]")).to_be_visible()


def test_iphone_readers_get_the_add_to_home_screen_steps(live_demo, iphone_page):
    page = iphone_page
    page.goto(f"{live_demo.url}/zh-hans/app/")
    steps = page.locator("[data-install-ios]")
    expect(steps).to_be_visible()
    expect(steps.locator("li")).to_have_count(3)
    expect(page.locator("[data-install-button]")).to_be_hidden()
