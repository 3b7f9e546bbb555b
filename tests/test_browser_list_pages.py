"""End to end in a real Chromium: a reader walks a section's pages older, then newer."""

import re

import pytest
from django.db.models import Count, Q
from playwright.sync_api import expect

from newsdesk.content.models import Article, Section

pytestmark = pytest.mark.browser


def test_reader_walks_a_section_to_older_stories_and_back(live_demo, browser_page, settings):
    settings.ARTICLES_PER_PAGE = 2
    published = Article.objects.published().in_language("en")
    section = (
        Section.objects.annotate(n=Count("articles", filter=Q(articles__in=published)))
        .order_by("-n")
        .first()
    )
    url = f"{live_demo.url}/en/section/{section.slug}/"
    page = browser_page
    cards = page.locator(".cards .card-headline")

    page.goto(url)
    expect(cards).to_have_count(2)
    first = cards.all_inner_texts()
    expect(page.get_by_role("link", name="← Newer")).to_have_count(0)

    page.get_by_role("link", name="Older →").click()
    expect(page).to_have_url(re.compile(r"\?before="))
    expect(cards).to_have_count(2)
    second = cards.all_inner_texts()
    assert not set(first) & set(second), "no story on two pages"

    page.get_by_role("link", name="← Newer").click()
    expect(page).to_have_url(url)
    expect(cards).to_have_count(2)
    assert cards.all_inner_texts() == first
