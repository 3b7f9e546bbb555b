"""End to end in a real Chromium: a reader finds and reads a translated article."""

import re

import pytest
from playwright.sync_api import expect

from newsdesk.content.models import Article

pytestmark = pytest.mark.browser


def test_reader_opens_a_translated_article_and_reaches_its_original(live_demo, browser_page):
    article = (
        Article.objects.published()
        .filter(language="en", translation_of__isnull=False)
        .exclude(lead_image=None)
        .latest_first()
        .first()
    )
    author = article.ordered_authors()[0]
    translator = article.ordered_translators()[0]
    page = browser_page

    page.goto(f"{live_demo.url}/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name=article.headline).first.click()

    expect(page).to_have_url(re.compile(re.escape(article.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(article.headline)
    byline = page.locator(".byline")
    expect(byline).to_contain_text(f"By {author.role_title} {author.name}")
    expect(page.locator(".translator-credit")).to_contain_text(f"Translated by {translator.name}")
    expect(page.locator("figure figcaption").first).to_contain_text(article.lead_image.caption)
    image = page.locator("figure img").first
    expect(image).to_be_visible()
    expect(image).to_have_js_property("complete", True)  # a rendition drawn on first request
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "the image loads"

    page.locator("a.original-link").click()
    original = article.translation_of
    expect(page).to_have_url(re.compile(re.escape(original.get_absolute_url()) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("heading", level=1)).to_have_text(original.headline)

    # The Chinese edition names the author in Chinese.
    byline.get_by_role("link", name=author.localized("name", "zh-hans")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(author.localized("name", "zh-hans"))
    expect(page.locator(".bio")).to_contain_text(author.localized("bio", "zh-hans")[:40])
