"""Feeds from kept items: each article's item in each format is kept between renders
(reader/fragments.py) and forgotten by the purge of what it shows, so a change to the
article, its authors, tags or section shows in the feed at once."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from newsdesk.caching.store import get_store
from newsdesk.content.cards import ArticleCard
from newsdesk.content.models import Article
from newsdesk.reader import fragments
from tests.factories import make_article, make_person, make_section, make_tag
from tests.wsgi_client import fetch

FORMATS = ["rss", "atom", "json"]


def feed(fmt: str = "json", language: str = "en") -> str:
    """The edition's feed, rendered, not answered from the page store."""
    with translation.override(language):
        url = reverse(f"feeds:edition-{fmt}")
    get_store().clear()
    answer = fetch(url, host="example.org")
    assert answer.status == 200 and answer.cache == "miss", url
    return answer.text


class Desk:
    def __init__(self):
        now = timezone.now()
        self.section = make_section(name="Harbour", slug="harbour")
        self.tag = make_tag(name="ferries", slug="ferries")
        self.ivo = make_person(name="Ivo Lind", slug="ivo-lind")
        self.story = make_article(
            headline="Ferries run late",
            section=self.section,
            authors=[self.ivo],
            tags=[self.tag],
            published_at=now - timedelta(hours=2),
        )
        self.other = make_article(
            headline="Bridge reopens",
            section=self.section,
            authors=[self.ivo],
            published_at=now - timedelta(hours=3),
        )


@pytest.fixture
def desk(transactional_db, settings):
    settings.FEED_FULL_TEXT = True
    settings.ALLOWED_HOSTS = ["example.org", "testserver"]
    return Desk()


def items(fmt: str = "json") -> list[dict]:
    return json.loads(feed(fmt))["items"] if fmt == "json" else []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_feed_is_rendered_from_kept_items_without_loading_articles(desk, fmt):
    first = feed(fmt)
    variant = f"feed-{fmt}"
    assert ArticleCard.objects.filter(variant=variant).count() == 2
    with CaptureQueriesContext(connection) as queries:
        assert feed(fmt) == first
    assert not [q for q in queries if "body_html" in q["sql"]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_kept_items_take_the_host_of_each_request(desk, fmt):
    feed(fmt)
    text = feed(fmt)
    assert fragments.FEED_HOST not in text
    assert "http://example.org/en/" in text


def test_a_new_headline_shows_after_the_purge(desk):
    items()
    desk.story.headline = "Ferries run on time again"
    desk.story.save()
    assert [item["title"] for item in items()] == ["Ferries run on time again", "Bridge reopens"]


def test_an_unpublished_article_leaves_the_feed(desk):
    items()
    desk.story.status = Article.Status.UNPUBLISHED
    desk.story.save()
    assert [item["title"] for item in items()] == ["Bridge reopens"]


def test_a_renamed_author_tag_and_section_show_after_their_purges(desk):
    assert items()[0]["tags"] == ["Harbour", "ferries"]
    desk.ivo.name = "Ivo Lindqvist"
    desk.ivo.save()
    assert items()[0]["authors"][0]["name"] == "Ivo Lindqvist"
    desk.tag.name = "ferry services"
    desk.tag.save()
    assert items()[0]["tags"] == ["Harbour", "ferry services"]
    desk.section.name = "Port"
    desk.section.save()
    assert items()[0]["tags"] == ["Port", "ferry services"]
    assert items()[1]["tags"] == ["Port"]


def test_purging_everything_forgets_kept_items(desk):
    from newsdesk.caching.purge import send

    items()
    send({"all"})
    assert not ArticleCard.objects.filter(variant__in=fragments.FEED_VARIANTS).exists()
