"""In a real Chromium: <picture> makes a phone and a desktop each fetch a rendition of the
width they show, in AVIF or WebP, and the first image of the home page is not lazy."""

import re

import pytest
from playwright.sync_api import expect

from newsdesk.content.models import Article

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 412, "height": 915}, "device_scale_factor": 2.625}
DESKTOP = {"viewport": {"width": 1350, "height": 940}, "device_scale_factor": 1}
RENDITION = re.compile(r"/media/renditions/\d+/w(\d+)-[0-9a-f]{12}\.(avif|webp)$")

# What the page's <img> elements show and what Chromium fetched for them.
SHOWN = """imgs => imgs.map(img => ({
    src: img.currentSrc, loading: img.loading, priority: img.fetchPriority,
    shown: img.clientWidth * devicePixelRatio, loaded: img.complete && img.naturalWidth > 0,
}))"""


def pictures(chromium, url: str, options: dict, selector: str) -> list[dict]:
    context = chromium.new_context(service_workers="block", **options)
    try:
        page = context.new_page()
        page.goto(url)
        found = page.locator(selector)
        found.first.wait_for()
        for index in range(found.count()):  # lazy ones load once scrolled to
            found.nth(index).scroll_into_view_if_needed()
            expect(found.nth(index)).to_have_js_property("complete", True)
        return page.locator(selector).evaluate_all(SHOWN)
    finally:
        context.close()


def assert_fitting_renditions(images: list[dict]) -> None:
    """Each a WebP or AVIF rendition, loaded, of a width between two steps of the srcset
    around the pixels it fills (Chromium may take the step below when it is close)."""
    for image in images:
        match = RENDITION.search(image["src"])
        assert match, image
        assert image["loaded"], image
        width = int(match.group(1))
        assert image["shown"] / 1.6 <= width <= max(image["shown"] * 1.6, 320), image


def test_the_home_page_fetches_renditions_of_the_width_each_screen_shows(live_demo, chromium):
    url = f"{live_demo.url}/en/"
    phone, desktop = (pictures(chromium, url, o, ".card-image img") for o in (PHONE, DESKTOP))
    for images in (phone, desktop):
        assert len(images) > 3
        assert_fitting_renditions(images)
        first, *others = images
        assert first["loading"] != "lazy" and first["priority"] == "high"
        assert all(image["loading"] == "lazy" for image in others)

    def widths(images):
        return [int(RENDITION.search(image["src"]).group(1)) for image in images[1:]]

    # The second tier: thumbnails 7.5rem wide on a phone, a third of the page on a desktop.
    assert max(widths(phone)) < min(widths(desktop))


def test_an_articles_lead_image_is_a_fitting_rendition_fetched_first(live_demo, chromium):
    article = Article.objects.published().filter(language="en").exclude(lead_image=None).first()
    url = live_demo.url + article.get_absolute_url()
    for options in (PHONE, DESKTOP):
        lead, *_ = pictures(chromium, url, options, ".figure img")
        assert_fitting_renditions([lead])
        assert lead["loading"] != "lazy" and lead["priority"] == "high"
