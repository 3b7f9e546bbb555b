"""The API's Hot Recommended list: GET /api/v1/hot?language=&section=&limit=."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from newsdesk.content.models import Article
from newsdesk.trending import hot
from newsdesk.trending.models import HotList, HourlyReads
from tests.factories import make_article, make_image, make_section
from tests.wsgi_client import fetch

pytestmark = pytest.mark.django_db

HOT = "/api/v1/hot"


@pytest.fixture(autouse=True)
def no_request_limit(settings):
    """The API's request limit (tested in test_api.py) is not what these tests are about."""
    settings.API_ANON_RATE_PER_MINUTE = 1_000_000


def add_reads(article, reads, hours_ago=1):
    hour = (timezone.now() - timedelta(hours=hours_ago)).replace(minute=0, second=0, microsecond=0)
    HourlyReads.objects.create(article=article, hour=hour, reads=reads)


def error_of(response) -> dict:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert "public" not in response.get("Cache-Control", "")  # errors are not kept
    return body["error"]


def test_the_list_gives_each_article_hottest_first_with_absolute_addresses(client):
    business = make_section(name="Business", slug="business")
    image = make_image()
    when = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
    second = make_article(headline="Second hot", section=business, published_at=when)
    first = make_article(headline="First hot", section=business, lead_image=image)
    add_reads(first, 50)
    add_reads(second, 40)
    hot.refresh()

    response = client.get(HOT, {"language": "en"})

    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "en" and body["section"] is None
    assert [item["headline"] for item in body["items"]] == ["First hot", "Second hot"]
    assert body["items"][0]["lead_image_url"] == f"http://testserver{image.file.url}"
    assert body["items"][1] == {
        "id": second.pk,
        "headline": "Second hot",
        "url": f"http://testserver{second.get_absolute_url()}",
        "section": {
            "slug": "business",
            "name": "Business",
            "translations": {"en": {"name": "Business"}},
        },
        "language": "en",
        "published_at": "2025-03-04T05:06:07Z",
        "lead_image_url": None,
        "rank": 2,
    }


def test_the_language_defaults_to_english_and_each_edition_has_its_own_list(client):
    sport = make_section(name="Sport", translations={"zh-hans": {"name": "体育"}})
    english = make_article(headline="English hot", section=sport)
    chinese = make_article(headline="中文热门", section=sport, language="zh-hans")
    add_reads(english, 10)
    add_reads(chinese, 10)
    hot.refresh()

    assert [item["id"] for item in client.get(HOT).json()["items"]] == [english.pk]
    (item,) = client.get(HOT, {"language": "zh-hans"}).json()["items"]
    assert item["id"] == chinese.pk
    assert item["url"] == f"http://testserver{chinese.get_absolute_url()}"
    assert item["url"].startswith("http://testserver/zh-hans/")
    assert item["section"]["name"] == "体育"


def test_a_section_has_its_own_list(client):
    business, sport = (
        make_section(name="Business"),
        make_section(name="Sport", translations={"zh-hans": {"name": "体育"}}),
    )
    in_business = make_article(section=business)
    in_sport = make_article(section=sport)
    add_reads(in_business, 50)
    add_reads(in_sport, 10)
    hot.refresh()

    body = client.get(HOT, {"section": sport.slug}).json()
    assert body["section"]["slug"] == sport.slug and body["section"]["name"] == "Sport"
    assert [(item["id"], item["rank"]) for item in body["items"]] == [(in_sport.pk, 1)]
    chinese = client.get(HOT, {"section": sport.slug, "language": "zh-hans"}).json()
    assert chinese["section"]["name"] == "体育" and chinese["items"] == []


def test_limit_keeps_the_hottest(client):
    articles = [make_article() for _ in range(4)]
    for reads, article in enumerate(articles, start=1):
        add_reads(article, 10 * reads)
    hot.refresh()

    items = client.get(HOT, {"limit": 2}).json()["items"]
    assert [item["id"] for item in items] == [articles[3].pk, articles[2].pk]
    assert len(client.get(HOT, {"limit": 100}).json()["items"]) == 4


def test_only_published_articles_are_listed_even_from_a_stale_list(client):
    shown = make_article(headline="Shown")
    draft = make_article(status=Article.Status.DRAFT)
    future = make_article(published_at=timezone.now() + timedelta(hours=1))
    HotList.objects.create(
        scope="en", article_ids=[draft.pk, future.pk, shown.pk], computed_at=timezone.now()
    )

    items = client.get(HOT).json()["items"]
    assert [(item["id"], item["rank"]) for item in items] == [(shown.pk, 1)]


def test_an_edition_without_reads_has_an_empty_list(client):
    response = client.get(HOT, {"language": "zh-hans"})
    assert response.status_code == 200
    assert response.json() == {"language": "zh-hans", "section": None, "items": []}


def test_the_answer_is_public_purged_with_its_list_and_revalidated_by_its_etag(
    client, django_capture_on_commit_callbacks
):
    first, second = make_article(), make_article()
    add_reads(first, 50)
    hot.refresh()

    response = client.get(HOT)
    assert response["Cache-Control"] == (
        "public, max-age=0, s-maxage=3600, stale-while-revalidate=30"
    )
    keys = response["Surrogate-Key"].split()
    assert {"hot-en", f"article-{first.pk}", "nav"} <= set(keys)
    section = client.get(HOT, {"section": first.section.slug})["Surrogate-Key"].split()
    assert f"hot-en:section-{first.section_id}" in section
    etag = response["ETag"]
    again = client.get(HOT, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""

    add_reads(second, 500)
    with django_capture_on_commit_callbacks(execute=True):  # its purge, as on commit
        hot.refresh()
    changed = client.get(HOT, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["items"][0]["id"] == second.pk


@pytest.mark.django_db(transaction=True)
def test_a_stored_list_is_purged_when_the_list_changes():
    first, second = make_article(headline="First"), make_article(headline="Second")
    add_reads(first, 50)
    hot.refresh()
    assert fetch(HOT).cache == "miss"
    assert fetch(HOT).cache == "hit"

    add_reads(second, 500)
    hot.refresh()

    answer = fetch(HOT)
    assert answer.cache == "miss"
    assert [item["id"] for item in json.loads(answer.body)["items"]] == [second.pk, first.pk]


def test_an_unknown_language_is_a_400_naming_the_languages(client):
    response = client.get(HOT, {"language": "fr"})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "unknown_language"
    assert "en, zh-hans" in error["message"]


def test_an_unknown_section_is_a_404(client):
    response = client.get(HOT, {"section": "no-such-section"})
    assert response.status_code == 404
    error = error_of(response)
    assert error["code"] == "unknown_section" and "no-such-section" in error["message"]


@pytest.mark.parametrize("limit", ["0", "-3", "two", "1.5", ""])
def test_a_limit_that_is_not_a_positive_whole_number_is_a_422(client, limit):
    response = client.get(HOT, {"limit": limit})
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid_parameters" and error["message"].startswith("limit: ")


def test_an_address_under_the_api_that_names_nothing_is_a_json_404(client):
    response = client.get("/api/v1/articles/nope")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_the_openapi_schema_documents_the_list_and_its_errors(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "newsdesk API" and schema["info"]["version"] == "1"
    operation = schema["paths"]["/api/v1/hot"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"language", "section", "limit"}
    assert {"200", "400", "404", "422"} <= set(operation["responses"])
