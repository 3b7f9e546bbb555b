"""A draft, review, scheduled or unpublished article is invisible on every reader page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.newsroom.translations import request_translation
from tests.factories import make_article, make_column, make_person, make_section, make_tag

pytestmark = pytest.mark.django_db

HIDDEN = [
    {"status": "draft"},
    {"status": "review"},
    {"status": "scheduled", "published_at": timezone.now() + timedelta(hours=6)},
    {"status": "unpublished", "published_at": timezone.now() - timedelta(days=1)},
    # Marked published, but its time has not come yet.
    {"status": "published", "published_at": timezone.now() + timedelta(hours=6)},
]


@pytest.fixture(
    params=HIDDEN, ids=["draft", "review", "scheduled", "unpublished", "published-in-future"]
)
def hidden_and_visible(request):
    """A hidden article and a visible one sharing section, column, tag, author and language."""
    section, column, tag, person = make_section(), make_column(), make_tag(), make_person()
    shared = {"section": section, "column": column, "tags": [tag], "authors": [person]}
    hidden = make_article(headline="Embargoed story", slug="embargoed", **shared, **request.param)
    visible = make_article(headline="Visible story", **shared)
    return hidden, visible


def pages_listing(article):
    person = article.ordered_authors()[0]
    return [
        "/en/",
        article.section.get_absolute_url(),
        article.column.get_absolute_url(),
        article.tags.get().get_absolute_url(),
        person.get_absolute_url(),
    ]


def test_hidden_article_is_absent_from_every_list_page(client, hidden_and_visible):
    hidden, visible = hidden_and_visible
    for url in pages_listing(visible):
        page = client.get(url).content.decode()
        assert visible.headline in page, url
        assert hidden.headline not in page, url


def test_hidden_article_url_is_404_for_readers(client, hidden_and_visible):
    hidden, _ = hidden_and_visible
    response = client.get(hidden.get_absolute_url())
    assert response.status_code == 404
    assert hidden.headline not in response.content.decode()


def test_hidden_translation_is_not_linked_from_its_published_original(client):
    original = make_article(language="zh-hans", headline="港口新闻")
    draft = make_article(
        language="en", translation_of=original, status="draft", headline="Embargoed story"
    )
    page = client.get(original.get_absolute_url()).content.decode()
    assert draft.slug not in page and "Embargoed story" not in page
    head = page.split("</head>")[0]
    linked = set(re.findall(r'rel="alternate" hreflang="[^"]+" href="([^"]+)"', head))
    assert linked == {f"http://127.0.0.1:8000{original.get_absolute_url()}"}, "itself alone"


def test_hidden_original_is_not_linked_from_its_published_translation(client):
    original = make_article(language="zh-hans", status="unpublished", headline="撤下的原文")
    translator = make_person()
    english = make_article(language="en", translation_of=original, translators=[translator])
    page = client.get(english.get_absolute_url()).content.decode()
    assert "撤下的原文" not in page
    assert original.get_absolute_url() not in page
    assert "Translated by" in page  # the credit stays; only the link goes


def test_staff_see_no_more_than_readers_on_the_public_site(client, editor):
    draft = make_article(status="draft", headline="Embargoed story")
    client.force_login(editor)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Embargoed story" not in client.get("/en/").content.decode()


def public_text_of(client, article) -> str:
    """Everything public that shows ``article``: its page, the feeds, sitemaps and API."""
    month = timezone.localtime(article.published_at)
    paths = [
        article.get_absolute_url(),
        f"/{article.language}/",
        f"/{article.language}/feed/rss/",
        f"/{article.language}/feed/json/",
        "/sitemaps/pages.xml",
        "/sitemaps/news.xml",
        f"/sitemaps/articles-{month:%Y-%m}.xml",
        "/api/v1/articles",
        f"/api/v1/articles/{article.pk}",
    ]
    return "".join(client.get(path).content.decode() for path in paths)


def test_a_translation_of_a_draft_does_not_carry_the_drafts_slug(client, editor, translator):
    original = make_article(slug="secret-merger-talks", status="draft", headline="秘密")
    original.language = "zh-hans"
    original.save()
    translation = request_translation(original, "en", translator, by=editor)
    assert "secret-merger-talks" not in translation.slug
    translation.headline = "Ferry fares to fall"
    translation.publish(by=editor)
    assert "secret-merger-talks" not in public_text_of(client, translation)


def test_a_translation_of_a_published_original_shares_its_slug(editor, translator):
    original = make_article(slug="ferry-fares-fall")
    assert request_translation(original, "zh-hans", translator, by=editor).slug == original.slug
