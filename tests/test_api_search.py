"""GET /api/v1/search: the search index through the API, published articles only."""

import pytest

from newsdesk.content.models import Article
from tests.factories import make_article, make_person, make_section

pytestmark = pytest.mark.django_db(transaction=True)  # the index is kept in sync on commit


def test_search_finds_english_and_chinese_articles_with_highlights(client):
    make_article(headline="Night ferries return to the harbour", body="<p>The ferry runs.</p>")
    make_article(headline="港口重新开放", body="<p>渔船归来。</p>", language="zh-hans")
    make_article(headline="Unrelated council budget")
    answer = client.get("/api/v1/search", {"q": "ferries", "language": "en"}).json()
    assert [item["headline"] for item in answer["items"]] == ["Night ferries return to the harbour"]
    assert "<mark>" in answer["items"][0]["headline_html"]
    assert answer["total"] == 1 and answer["more"] is False
    chinese = client.get("/api/v1/search", {"q": "港口"}).json()
    assert [item["headline"] for item in chinese["items"]] == ["港口重新开放"]


def test_search_never_finds_drafts_or_scheduled_articles(client):
    make_article(headline="Ferry draft", status=Article.Status.DRAFT)
    make_article(headline="Ferry scheduled", status=Article.Status.SCHEDULED)
    shown = make_article(headline="Ferry published")
    answer = client.get("/api/v1/search", {"q": "ferry"}).json()
    assert [item["id"] for item in answer["items"]] == [shown.pk]


def test_search_filters_by_section_and_author_and_is_not_cached_publicly(client):
    harbour, other = make_section(name="Harbour"), make_section(name="Business")
    ida = make_person(name="Ida Berg")
    make_article(headline="Ferry one", section=harbour, authors=[ida])
    make_article(headline="Ferry two", section=other)
    response = client.get(
        "/api/v1/search", {"q": "ferry", "section": harbour.slug, "author": ida.slug}
    )
    assert [item["headline"] for item in response.json()["items"]] == ["Ferry one"]
    assert "private" in response["Cache-Control"] and "Surrogate-Key" not in response


def test_search_errors_have_the_api_shape(client):
    assert client.get("/api/v1/search").json()["error"]["code"] == "invalid_parameters"
    missing = client.get("/api/v1/search", {"q": "x", "section": "nowhere"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "unknown_section"
