"""Sitemaps from kept parts: each article's <url> entry and each month's count are kept
between renders (reader/fragments.py, reader/months.py) and forgotten by the purge of
a change, so a change shows in the sitemaps at once and nothing unpublished appears."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsdesk.caching.store import get_store
from newsdesk.content.cards import ArticleCard
from newsdesk.content.models import Article
from newsdesk.reader import fragments
from newsdesk.reader.models import SitemapMonth
from tests.factories import make_article
from tests.wsgi_client import fetch

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
HOST = "http://testserver"
JANUARY = "/sitemaps/articles-2025-01.xml"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def cold(path: str):
    """``path`` rendered, not answered from the page store."""
    get_store().clear()
    answer = fetch(path)
    assert answer.status != 200 or answer.cache == "miss", path
    return answer


def urls(path: str) -> dict[str, set[tuple[str, str]]]:
    """Each address a sitemap lists, with its hreflang alternates."""
    root = ET.fromstring(cold(path).body)
    return {
        url.find("sm:loc", NS).text: {
            (link.get("hreflang"), link.get("href")) for link in url.iterfind("xhtml:link", NS)
        }
        for url in root.iterfind("sm:url", NS)
    }


def months(path: str = "/sitemap.xml") -> dict[str, str]:
    root = ET.fromstring(cold(path).body)
    return {
        entry.find("sm:loc", NS).text: getattr(entry.find("sm:lastmod", NS), "text", None)
        for entry in root.iterfind("sm:sitemap", NS)
    }


def kept_entries() -> int:
    return ArticleCard.objects.filter(variant=fragments.SITEMAP).count()


@pytest.fixture
def story(transactional_db):
    original = make_article(
        headline="Ferries in January", slug="ferries", published_at=at(2025, 1, 15, 9)
    )
    make_article(headline="Bridges in January", slug="bridges", published_at=at(2025, 1, 20, 9))
    return original


def test_a_month_is_rendered_from_kept_entries_in_one_query(story):
    first = urls(JANUARY)
    assert kept_entries() == 2
    with CaptureQueriesContext(connection) as queries:
        again = urls(JANUARY)
    assert again == first
    assert len([q for q in queries if "content_article" in q["sql"]]) == 1


def test_a_new_headline_and_slug_show_after_the_purge(story):
    urls(JANUARY)
    story.headline, story.slug = "Ferries run late in January", "ferries-late"
    story.save()
    found = urls(JANUARY)
    assert HOST + story.get_absolute_url() in found
    assert not any(location.endswith("/ferries/") for location in found)


def test_an_unpublished_article_leaves_the_month_and_the_index(story):
    urls(JANUARY)
    months()
    for article in Article.objects.all():
        article.status = Article.Status.UNPUBLISHED
        article.save()
    assert cold(JANUARY).status == 404
    assert f"{HOST}{JANUARY}" not in months()


def test_a_translation_published_later_becomes_an_alternate_of_the_kept_entry(story):
    assert urls(JANUARY)[HOST + story.get_absolute_url()] == set()
    translation = make_article(
        headline="一月的渡轮",
        slug="一月的渡轮",
        language="zh-hans",
        translation_of=story,
        status=Article.Status.DRAFT,
        published_at=at(2025, 1, 16, 9),
    )
    assert urls(JANUARY)[HOST + story.get_absolute_url()] == set()  # a draft: no alternate
    translation.status = Article.Status.PUBLISHED
    translation.save()
    expected = {
        ("en", HOST + story.get_absolute_url()),
        ("zh-hans", HOST + translation.get_absolute_url()),
    }
    found = urls(JANUARY)
    assert found[HOST + story.get_absolute_url()] == expected
    assert found[HOST + translation.get_absolute_url()] == expected
    translation.status = Article.Status.UNPUBLISHED
    translation.save()
    assert urls(JANUARY) == {
        HOST + story.get_absolute_url(): set(),
        HOST + Article.objects.get(slug="bridges").get_absolute_url(): set(),
    }


def test_an_entry_naming_a_version_still_to_come_is_not_kept(story, settings):
    make_article(
        headline="Ferries, in Chinese, tomorrow",
        language="zh-hans",
        translation_of=story,
        published_at=datetime(2999, 1, 1, tzinfo=UTC),  # published, for a time to come
    )
    found = urls(JANUARY)
    assert found[HOST + story.get_absolute_url()] == set()
    assert not ArticleCard.objects.filter(article=story, variant=fragments.SITEMAP).exists()


def test_the_index_counts_no_month_it_has_kept(story):
    before = months()
    assert SitemapMonth.objects.filter(month="2025-01", count=2).exists()
    with CaptureQueriesContext(connection) as queries:
        assert months() == before
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]


def test_a_change_recounts_only_its_months_in_the_index(story):
    make_article(headline="March", published_at=at(2025, 3, 2, 9))
    months()
    story.published_at = at(2025, 2, 10, 9)  # moved from January to February
    story.save()
    assert set(SitemapMonth.objects.values_list("month", flat=True)) == {"2025-03"}
    found = months()
    assert datetime.fromisoformat(found[f"{HOST}{JANUARY}"]) == at(2025, 1, 20, 9)
    assert datetime.fromisoformat(found[f"{HOST}/sitemaps/articles-2025-02.xml"]) == at(
        2025, 2, 10, 9
    )


def test_a_revision_dates_its_month_in_the_index(story):
    months()
    story.revised_at = at(2025, 4, 1, 12)
    story.save()
    assert datetime.fromisoformat(months()[f"{HOST}{JANUARY}"]) == at(2025, 4, 1, 12)


def test_purging_everything_forgets_every_kept_part(story):
    from newsdesk.caching.purge import send

    urls(JANUARY)
    months()
    send({"all"})
    assert kept_entries() == 0
    assert not SitemapMonth.objects.exists()


def test_a_month_is_paged_and_the_index_lists_each_page(story, monkeypatch):
    from newsdesk.reader import sitemaps

    monkeypatch.setattr(sitemaps, "MONTH_PAGE", 1)
    listed = months()
    assert f"{HOST}{JANUARY}" in listed and f"{HOST}{JANUARY}?p=2" in listed
    assert f"{HOST}{JANUARY}?p=3" not in listed
    first, second = urls(JANUARY), urls(f"{JANUARY}?p=2")
    assert len(first) == len(second) == 1
    assert urls(f"{JANUARY}?p=1") == first
    assert {HOST + article.get_absolute_url() for article in Article.objects.all()} == set(
        first
    ) | set(second)
    assert cold(f"{JANUARY}?p=3").status == 404
