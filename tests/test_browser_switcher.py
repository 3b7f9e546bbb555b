"""End to end in a real Chromium: the edition switcher keeps the reader on the same page
in the other edition (an article's translation, the same section), else that edition's
front page."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from newsdesk.content.models import Article

pytestmark = pytest.mark.browser


def switch_to(page, language_name: str) -> None:
    page.get_by_role("navigation", name="Editions").get_by_role("link", name=language_name).click()


def test_switcher_on_an_article_lands_on_its_translation_and_back(live_demo, browser_page):
    article = (
        Article.objects.published()
        .filter(language="en", translation_of__isnull=False)
        .latest_first()
        .first()
    )
    original = article.translation_of
    page = browser_page
    page.goto(f"{live_demo.url}{article.get_absolute_url()}")

    switch_to(page, "简体中文")
    expect(page).to_have_url(re.compile(re.escape(original.get_absolute_url()) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("heading", level=1)).to_have_text(original.headline)

    page.get_by_role("navigation", name="版本").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(re.escape(article.get_absolute_url()) + "$"))


def test_switcher_leads_to_the_front_page_where_the_article_has_no_translation(
    live_demo, browser_page
):
    versions = Article.objects.filter(translation_of__isnull=False).values("translation_of")
    article = (
        Article.objects.published()
        .filter(language="en", translation_of__isnull=True)
        .exclude(pk__in=versions)
        .first()
    )
    page = browser_page
    page.goto(f"{live_demo.url}{article.get_absolute_url()}")
    switch_to(page, "简体中文")
    expect(page).to_have_url(re.compile("/zh-hans/$"))


def test_switcher_on_a_section_keeps_the_section(live_demo, browser_page):
    section = Article.objects.published().filter(language="en").first().section
    with translation.override("zh-hans"):
        there, name = section.get_absolute_url(), section.display_name
    page = browser_page
    page.goto(f"{live_demo.url}{section.get_absolute_url()}")
    switch_to(page, "简体中文")
    expect(page).to_have_url(re.compile(re.escape(there) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
