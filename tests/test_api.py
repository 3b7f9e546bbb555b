"""The JSON API, /api/v1/: articles, people, sections, columns, tags; caching, limits, errors.

Hot Recommended has its own file (test_api_hot.py); a property-based run of every
operation against the OpenAPI schema is in test_api_schemathesis.py.
"""

import copy
import functools
import json
import secrets
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import jsonschema_rs
import pytest
from django.utils import timezone

from newsdesk.content.models import Article
from newsdesk.trending.models import HotList
from tests.factories import (
    make_article,
    make_column,
    make_image,
    make_person,
    make_section,
    make_tag,
    make_user,
)
from tests.wsgi_client import fetch

pytestmark = pytest.mark.django_db

API = "/api/v1"
PUBLISHED, DRAFT = Article.Status.PUBLISHED, Article.Status.DRAFT


@pytest.fixture(autouse=True)
def no_request_limit(settings):
    """No test meets the request limit unless it sets one (and a fresh address)."""
    settings.API_ANON_RATE_PER_MINUTE = 1_000_000


def fresh_address() -> str:
    """A client address no other test (or parallel worker) counts requests for: the
    counters live in the shared cache and outlast a test."""
    return f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"


# --- Checking answers against the published OpenAPI schema ---------------------------------


@functools.cache
def openapi() -> dict:
    from newsdesk.api.api import api

    # As served: through JSON (its status codes become strings).
    return json.loads(json.dumps(api.get_openapi_schema(path_params={})))


@functools.cache
def strict_components() -> dict:
    """The schema's components, with no field allowed beyond those documented."""
    components = copy.deepcopy(openapi()["components"])
    for schema in components["schemas"].values():
        if "properties" in schema:
            schema["additionalProperties"] = False
    return components


def conforms(response, operation: str) -> dict:
    """The JSON of ``response``, checked against what the schema says ``operation``
    (a path template such as "/api/v1/articles/{id}") answers with its status."""
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    declared = openapi()["paths"][operation]["get"]["responses"][str(response.status_code)]
    schema = dict(declared["content"]["application/json"]["schema"])
    schema["components"] = strict_components()
    problems = [error.message for error in jsonschema_rs.validator_for(schema).iter_errors(body)]
    assert problems == [], problems
    return body


def error_of(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert "public" not in response.get("Cache-Control", "")  # errors are not kept
    assert "Surrogate-Key" not in response
    return body["error"]


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


def minutes_ago(minutes: int):
    return timezone.now() - timedelta(minutes=minutes)


# --- Articles -------------------------------------------------------------------------------


def test_the_list_gives_published_articles_newest_first_as_cards(client):
    sport = make_section(name="Sport", slug="sport", translations={"zh-hans": {"name": "体育"}})
    review = make_column(name="Review", slug="review", translations={"zh-hans": {"name": "评论"}})
    ivo = make_person(name="Ivo Lind", slug="ivo-lind", role_title="Ferry correspondent")
    image = make_image(caption="The night ferry.", credit="Photo: Desk", alt_text="A ferry")
    older = make_article(headline="Older", section=sport, published_at=minutes_ago(30))
    newer = make_article(
        headline="Newer",
        standfirst="The ferries ran late.",
        section=sport,
        column=review,
        authors=[ivo],
        lead_image=image,
        published_at=minutes_ago(10),
    )

    response = client.get(f"{API}/articles")

    assert response.status_code == 200
    body = conforms(response, "/api/v1/articles")
    assert ids(response) == [newer.pk, older.pk]
    assert body["next"] is None
    item = body["items"][0]
    assert item["headline"] == "Newer" and item["standfirst"] == "The ferries ran late."
    assert item["url"] == f"http://testserver{newer.get_absolute_url()}"
    assert item["api_url"] == f"http://testserver/api/v1/articles/{newer.pk}"
    assert item["language"] == "en"
    assert item["section"] == {
        "slug": "sport",
        "name": "Sport",
        "translations": {"en": {"name": "Sport"}, "zh-hans": {"name": "体育"}},
    }
    assert item["column"] == {
        "slug": "review",
        "name": "Review",
        "translations": {"en": {"name": "Review"}, "zh-hans": {"name": "评论"}},
    }
    assert item["authors"] == [
        {
            "name": "Ivo Lind",
            "slug": "ivo-lind",
            "role_title": "Ferry correspondent",
            "translations": {"en": {"name": "Ivo Lind", "role_title": "Ferry correspondent"}},
        }
    ]
    published = newer.published_at.isoformat(timespec="milliseconds")  # as JSON gives it
    assert item["published_at"] == published.replace("+00:00", "Z")
    assert item["updated_at"] is None and item["translation_of"] is None
    lead = item["lead_image"]
    assert {k: lead[k] for k in ("id", "caption", "credit", "alt_text", "width", "height")} == {
        "id": image.pk,
        "caption": "The night ferry.",
        "credit": "Photo: Desk",
        "alt_text": "A ferry",
        "width": 64,
        "height": 48,
    }
    assert {"w320", "1x1"} <= {rendition["name"] for rendition in lead["renditions"]}
    assert all(r["url"].startswith("http://testserver/") for r in lead["renditions"])
    assert body["items"][1]["column"] is None and body["items"][1]["lead_image"] is None


def test_a_page_of_articles_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    original = make_article()
    for _ in range(10):
        make_article(
            lead_image=make_image(),
            column=make_column(),
            authors=[make_person(), make_person()],
            translation_of=original,
            language="zh-hans",
        )
    with django_assert_max_num_queries(3):  # articles, their bylines, published originals
        assert len(ids(client.get(f"{API}/articles"))) == 11


def test_an_article_takes_a_fixed_number_of_queries_however_many_its_credits(
    client, django_assert_max_num_queries
):
    original = make_article(authors=[make_person()])
    translation = make_article(
        language="zh-hans",
        translation_of=original,
        column=make_column(),
        lead_image=make_image(),
        authors=[make_person() for _ in range(3)],
        translators=[make_person() for _ in range(2)],
        tags=[make_tag() for _ in range(3)],
    )
    # The article with its placement, bylines, translator credits, tags (for_page); its
    # published versions; its inline images.
    with django_assert_max_num_queries(6):
        assert client.get(f"{API}/articles/{translation.pk}").status_code == 200


def test_for_page_loads_everything_an_article_page_shows_in_four_queries(
    db, django_assert_num_queries
):
    original = make_article()
    article = make_article(
        translation_of=original,
        language="zh-hans",
        column=make_column(),
        lead_image=make_image(),
        authors=[make_person(), make_person()],
        translators=[make_person()],
        tags=[make_tag(), make_tag()],
    )
    with django_assert_num_queries(4):
        found = Article.objects.for_page().get(pk=article.pk)
        shown = [
            found.section.name,
            found.column.name,
            found.lead_image.caption,
            found.translation_of.headline,
            *(b.person.name for b in found.bylines.all()),
            *(c.person.name for c in found.translator_credits.all()),
            *(t.name for t in found.tags.all()),
        ]
    assert len(shown) == 9


def test_names_in_a_list_are_in_each_articles_own_language(client):
    sport = make_section(name="Sport", translations={"zh-hans": {"name": "体育"}})
    chinese = make_article(section=sport, language="zh-hans", headline="中文")
    response = client.get(f"{API}/articles", {"language": "zh-hans"})
    (item,) = conforms(response, "/api/v1/articles")["items"]
    assert item["id"] == chinese.pk and item["section"]["name"] == "体育"
    assert item["url"].startswith("http://testserver/zh-hans/")


@pytest.fixture
def filed():
    """Articles filed every way a filter can pick them out."""
    business, sport = make_section(slug="business"), make_section(slug="sport")
    review = make_column(slug="review")
    ferries = make_tag(name="ferries", slug="ferries")
    ivo, tao = make_person(slug="ivo"), make_person(slug="tao")
    return {
        "business": make_article(section=business, tags=[ferries]),
        "review": make_article(section=business, column=review, authors=[ivo]),
        "sport": make_article(section=sport, tags=[ferries], authors=[ivo]),
        "chinese": make_article(section=sport, language="zh-hans", translators=[tao]),
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        ({}, {"business", "review", "sport", "chinese"}),
        ({"language": "en"}, {"business", "review", "sport"}),
        ({"language": "zh-hans"}, {"chinese"}),
        ({"section": "business"}, {"business", "review"}),
        ({"column": "review"}, {"review"}),
        ({"tag": "ferries"}, {"business", "sport"}),
        ({"author": "ivo"}, {"review", "sport"}),
        ({"translator": "tao"}, {"chinese"}),
        ({"section": "sport", "tag": "ferries"}, {"sport"}),
        ({"section": "sport", "language": "en", "author": "ivo"}, {"sport"}),
        ({"column": "review", "tag": "ferries"}, set()),
    ],
)
def test_filters_pick_out_articles_and_combine(client, filed, query, expected):
    response = client.get(f"{API}/articles", query)
    conforms(response, "/api/v1/articles")
    assert set(ids(response)) == {filed[name].pk for name in expected}


@pytest.mark.parametrize(
    "parameter, code",
    [
        ("section", "unknown_section"),
        ("column", "unknown_column"),
        ("tag", "unknown_tag"),
        ("author", "unknown_person"),
        ("translator", "unknown_person"),
    ],
)
def test_a_filter_naming_nothing_is_a_404_naming_the_slug(client, parameter, code):
    error = error_of(client.get(f"{API}/articles", {parameter: "no-such-thing"}), 404)
    assert error["code"] == code and "'no-such-thing'" in error["message"]


@pytest.mark.parametrize("slug", ["a b", "semi;colon", "slash/ed", "nul\x00", "", "x" * 201])
def test_a_filter_that_cannot_be_a_slug_is_a_422(client, slug):
    error = error_of(client.get(f"{API}/articles", {"section": slug}), 422)
    assert error["code"] == "invalid_parameters" and error["message"].startswith("section: ")


def test_an_unknown_language_is_a_400_naming_the_languages(client):
    for path in ("/articles", "/sections", "/columns", "/tags", "/people"):
        error = error_of(client.get(f"{API}{path}", {"language": "fr"}), 400)
        assert error["code"] == "unknown_language" and "en, zh-hans" in error["message"]


def walk(client, path, **query) -> list[list[int]]:
    """Every page of a list, following ``next``; the ids on each."""
    pages = []
    response = client.get(path, query)
    while True:
        pages.append(ids(response))
        following = response.json()["next"]
        if following is None:
            return pages
        assert following.startswith("http://testserver/api/v1/")
        parts = urlsplit(following)
        response = client.get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})


def test_pages_follow_one_another_by_cursor_to_the_last(client):
    articles = [make_article(published_at=minutes_ago(minutes)) for minutes in range(1, 8)]
    pages = walk(client, f"{API}/articles", limit=3)
    assert pages == [
        [a.pk for a in articles[0:3]],
        [a.pk for a in articles[3:6]],
        [articles[6].pk],
    ]
    assert walk(client, f"{API}/articles", limit=7) == [[a.pk for a in articles]]
    assert len(ids(client.get(f"{API}/articles"))) == 7  # 20 by default


def test_articles_published_at_the_same_moment_are_ordered_by_id(client):
    moment = minutes_ago(5)
    same = [make_article(published_at=moment) for _ in range(5)]
    pages = walk(client, f"{API}/articles", limit=2)
    assert [pk for page in pages for pk in page] == sorted((a.pk for a in same), reverse=True)


def test_the_next_link_keeps_the_filters(client):
    section = make_section(slug="harbour")
    for minutes in range(1, 4):
        make_article(section=section, published_at=minutes_ago(minutes))
    make_article(published_at=minutes_ago(2))  # in another section
    following = client.get(f"{API}/articles", {"section": "harbour", "limit": 2}).json()["next"]
    query = parse_qs(urlsplit(following).query)
    assert query["section"] == ["harbour"] and query["limit"] == ["2"] and query["cursor"]
    assert len(walk(client, f"{API}/articles", section="harbour", limit=2)[1]) == 1


def test_pages_stay_put_while_articles_are_published(client):
    articles = [make_article(published_at=minutes_ago(minutes)) for minutes in range(1, 7)]
    first = client.get(f"{API}/articles", {"limit": 3}).json()

    fresh = make_article(headline="Just in", published_at=timezone.now())  # the newest
    make_article(status=DRAFT)
    parts = urlsplit(first["next"])
    second = client.get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})

    seen = [item["id"] for item in first["items"]] + ids(second)
    assert seen == [a.pk for a in articles]  # nothing twice, nothing skipped
    assert ids(client.get(f"{API}/articles", {"limit": 3}))[0] == fresh.pk


def test_an_unpublished_article_leaves_later_pages_unshifted(client):
    articles = [make_article(published_at=minutes_ago(minutes)) for minutes in range(1, 7)]
    first = client.get(f"{API}/articles", {"limit": 3}).json()
    articles[1].status = Article.Status.UNPUBLISHED
    articles[1].save()
    parts = urlsplit(first["next"])
    second = client.get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})
    assert ids(second) == [a.pk for a in articles[3:]]


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "W10",  # []
        "WzEsMl0",  # [1,2]
        "WyJub3QgYSBkYXRlIiwxXQ",  # ["not a date",1]
        "WyIyMDI1LTAxLTAxVDAwOjAwOjAwIiwxXQ",  # a date without a time zone
        "WyIyMDI1LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwxZTk5XQ",  # an id too big
        "WyIyMDI1LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwtMV0",  # a negative id
        "_-_-",
        # Dates that exist in their own time zone but not in UTC, where they are compared.
        "WyIwMDAxLTAxLTAxVDAwOjAwOjAwKzE0OjAwIiwgNV0",  # ["0001-01-01T00:00:00+14:00", 5]
        "WyI5OTk5LTEyLTMxVDIzOjU5OjU5LTE0OjAwIiwgNV0",  # ["9999-12-31T23:59:59-14:00", 5]
    ],
)
def test_a_cursor_this_api_did_not_make_is_a_400(client, cursor):
    make_article()
    error = error_of(client.get(f"{API}/articles", {"cursor": cursor}), 400)
    assert error["code"] == "invalid_cursor"


@pytest.mark.parametrize("limit", ["0", "101", "-1", "ten", "2.5"])
def test_a_limit_outside_1_to_100_is_a_422(client, limit):
    error = error_of(client.get(f"{API}/articles", {"limit": limit}), 422)
    assert error["code"] == "invalid_parameters" and error["message"].startswith("limit: ")


def test_an_article_gives_its_body_as_typed_blocks(client):
    figure = make_image(caption="The pier at dawn.", credit="Photo: Mo", alt_text="A pier")
    article = make_article(
        body=(
            "<p>First <strong>bold</strong> words &amp; more.</p>"
            "<h2>A subheading</h2><h3>A smaller one</h3>"
            "<blockquote><p>Quoted words.</p><cite>A captain</cite></blockquote>"
            "<ul><li>One</li><li><em>Two</em></li></ul><ol><li>First</li></ol>"
            f'{figure.embed_code}<figure data-image-id="999999"></figure>'
            "<p>Last.</p>"
        )
    )

    body = conforms(client.get(f"{API}/articles/{article.pk}"), "/api/v1/articles/{id}")

    blocks = body["body"]
    assert [block["type"] for block in blocks] == [
        "paragraph", "heading", "heading", "quote", "list", "list", "image", "paragraph",
    ]  # fmt: skip
    assert blocks[0] == {
        "type": "paragraph",
        "html": "First <strong>bold</strong> words &amp; more.",
        "text": "First bold words & more.",
    }
    assert blocks[1] == {"type": "heading", "html": "A subheading", "text": "A subheading",
                         "level": 2}  # fmt: skip
    assert blocks[2]["level"] == 3
    assert blocks[3]["html"] == "<p>Quoted words.</p><cite>A captain</cite>"
    assert blocks[3]["text"] == "Quoted words. A captain"
    assert blocks[4]["ordered"] is False and blocks[5]["ordered"] is True
    assert blocks[4]["items"] == [
        {"html": "One", "text": "One"},
        {"html": "<em>Two</em>", "text": "Two"},
    ]
    image = blocks[6]
    assert image["text"] == "The pier at dawn."
    assert "<figcaption>" in image["html"] and 'alt="A pier"' in image["html"]
    assert image["image"]["id"] == figure.pk and image["image"]["credit"] == "Photo: Mo"
    assert image["image"]["renditions"]  # the missing image 999999 is left out


def test_a_table_is_a_block_of_rows_of_cells(client):
    article = make_article(
        body=(
            "<table><caption>Seats <em>2024</em></caption><tr><th>Party</th><th>Seats</th></tr>"
            '<tr><td rowspan="2">Greens</td><td>12</td></tr><tr><td>3 &amp; 4</td></tr></table>'
        )
    )

    body = conforms(client.get(f"{API}/articles/{article.pk}"), "/api/v1/articles/{id}")

    [table] = body["body"]
    assert table["type"] == "table"
    assert table["caption"] == "Seats <em>2024</em>"
    assert table["text"] == "Seats 2024 / Party | Seats / Greens | 12 / 3 & 4"
    assert table["html"].startswith("<caption>Seats <em>2024</em></caption><thead><tr><th>")

    def cell(html, text=None, header=False, rowspan=1):
        return {"html": html, "text": text or html, "header": header, "colspan": 1,
                "rowspan": rowspan}  # fmt: skip

    assert table["rows"] == [
        [cell("Party", header=True), cell("Seats", header=True)],
        [cell("Greens", rowspan=2), cell("12")],
        [cell("3 &amp; 4", "3 & 4")],
    ]


def test_an_article_credits_its_authors_and_translators_with_their_pages(client):
    ivo = make_person(
        name="Ivo Lind",
        slug="ivo",
        role_title="Reporter",
        bio="Ivo writes.",
        translations={"zh-hans": {"role_title": "记者"}},
    )
    tao = make_person(
        name="Tao Zhang",
        slug="tao",
        role_title="Translator",
        bio="Tao translates.",
        translations={"zh-hans": {"name": "张涛"}},
    )
    harbour = make_tag(name="harbour", slug="harbour", translations={"zh-hans": {"name": "港口"}})
    original = make_article(authors=[ivo])
    translation = make_article(
        language="zh-hans",
        translation_of=original,
        authors=[ivo],
        translators=[tao],
        tags=[harbour],
        source_line="(PACIFIC MERIDIAN)",
    )

    body = conforms(client.get(f"{API}/articles/{translation.pk}"), "/api/v1/articles/{id}")

    assert body["authors"] == [
        {
            "name": "Ivo Lind",
            "slug": "ivo",
            "role_title": "记者",
            "bio": "Ivo writes.",
            "url": "http://testserver/zh-hans/people/ivo/",
            "api_url": "http://testserver/api/v1/people/ivo?language=zh-hans",
            "translations": {
                "en": {"name": "Ivo Lind", "role_title": "Reporter", "bio": "Ivo writes."},
                "zh-hans": {"role_title": "记者"},
            },
        }
    ]
    assert [t["name"] for t in body["translators"]] == ["张涛"]
    assert body["translators"][0]["role_title"] == "Translator"
    assert body["source_line"] == "(PACIFIC MERIDIAN)"
    assert body["tags"] == [
        {
            "name": "港口",
            "slug": "harbour",
            "url": "http://testserver/zh-hans/tag/harbour/",
            "translations": {"en": {"name": "harbour"}, "zh-hans": {"name": "港口"}},
        }
    ]
    assert body["translation_of"] == original.pk


def test_language_versions_link_to_each_other_published_only(client):
    original = make_article(headline="Original")
    chinese = make_article(headline="中文版", language="zh-hans", translation_of=original)
    draft = make_article(language="zh-hans", translation_of=original, status=DRAFT, slug="d")

    links = client.get(f"{API}/articles/{original.pk}").json()["translations"]
    assert links == {
        "original": None,
        "translations": [
            {
                "id": chinese.pk,
                "language": "zh-hans",
                "headline": "中文版",
                "url": f"http://testserver{chinese.get_absolute_url()}",
                "api_url": f"http://testserver/api/v1/articles/{chinese.pk}",
            }
        ],
    }
    assert draft.headline not in str(links)
    links = client.get(f"{API}/articles/{chinese.pk}").json()["translations"]
    assert links["original"]["id"] == original.pk and links["translations"] == []


def test_a_translation_of_an_unpublished_original_links_to_no_original(client):
    original = make_article(status=Article.Status.UNPUBLISHED)
    translation = make_article(language="zh-hans", translation_of=original)

    body = client.get(f"{API}/articles/{translation.pk}").json()
    assert body["translation_of"] is None
    assert body["translations"] == {"original": None, "translations": []}
    (item,) = client.get(f"{API}/articles").json()["items"]
    assert item["id"] == translation.pk and item["translation_of"] is None


def test_an_unknown_or_unpublished_article_is_a_404(client):
    draft = make_article(status=DRAFT)
    for pk in (draft.pk, 999999):
        error = error_of(client.get(f"{API}/articles/{pk}"), 404)
        assert error["code"] == "unknown_article" and str(pk) in error["message"]


@pytest.mark.parametrize("pk", ["0", str(2**63)])
def test_an_article_id_out_of_range_is_a_422(client, pk):
    assert error_of(client.get(f"{API}/articles/{pk}"), 422)["code"] == "invalid_parameters"


@pytest.mark.parametrize("pk", ["-1", "abc", "1.5"])
def test_an_article_address_without_a_whole_number_names_nothing(client, pk):
    assert error_of(client.get(f"{API}/articles/{pk}"), 404)["code"] == "not_found"


def test_hot_recommended_answers_as_its_schema_says(client):
    article = make_article(lead_image=make_image(), column=make_column())
    HotList.objects.create(scope="en", article_ids=[article.pk], computed_at=timezone.now())
    body = conforms(client.get(f"{API}/hot"), "/api/v1/hot")
    assert [(item["id"], item["rank"]) for item in body["items"]] == [(article.pk, 1)]


# --- What the public may not see ------------------------------------------------------------


@pytest.fixture
def hidden():
    """Articles readers may not see, each with a person, tag and column of its own."""
    cases = {
        "draft": {"status": DRAFT},
        "in review": {"status": Article.Status.REVIEW},
        "scheduled": {
            "status": Article.Status.SCHEDULED,
            "published_at": timezone.now() + timedelta(hours=1),
        },
        "published later": {
            "status": PUBLISHED,
            "published_at": timezone.now() + timedelta(hours=1),
        },
        "unpublished": {"status": Article.Status.UNPUBLISHED, "published_at": minutes_ago(60)},
    }
    return [
        make_article(
            headline=f"Hidden: {name}",
            authors=[make_person()],
            translators=[make_person()],
            tags=[make_tag()],
            column=make_column(),
            **fields,
        )
        for name, fields in cases.items()
    ]


def test_articles_readers_may_not_see_are_on_no_endpoint(client, hidden):
    shown = make_article(headline="Shown")
    HotList.objects.create(
        scope="en", article_ids=[a.pk for a in hidden] + [shown.pk], computed_at=timezone.now()
    )
    everything = "".join(
        client.get(f"{API}{path}").content.decode()
        for path in ("/articles", "/hot", "/people", "/tags", "/columns", "/sections")
    )
    assert "Shown" in everything and "Hidden" not in everything
    for article in hidden:
        assert error_of(client.get(f"{API}/articles/{article.pk}"), 404)
        person = article.ordered_authors()[0]
        assert person.slug not in everything
        assert error_of(client.get(f"{API}/people/{person.slug}"), 404)["code"] == "unknown_person"
        assert article.tags.get().slug not in everything
        assert article.column.slug not in everything
        # Known only from what readers may not see: a slug as unknown as any other.
        by_author = client.get(f"{API}/articles", {"author": person.slug})
        assert error_of(by_author, 404)["code"] == "unknown_person"


def test_a_draft_translation_is_not_linked_from_its_published_original(client):
    original = make_article()
    make_article(language="zh-hans", translation_of=original, status=DRAFT)
    body = client.get(f"{API}/articles/{original.pk}").json()
    assert body["translations"] == {"original": None, "translations": []}


# --- Sections, columns, tags, people --------------------------------------------------------


def test_sections_are_listed_in_menu_order_named_in_the_edition(client):
    make_section(name="Sport", translations={"zh-hans": {"name": "体育"}}, slug="sport", position=2)
    make_section(name="Business", slug="business", position=1)

    body = conforms(client.get(f"{API}/sections"), "/api/v1/sections")
    assert [s["slug"] for s in body["items"]] == ["business", "sport"]
    assert body["items"][1] == {
        "slug": "sport",
        "name": "Sport",
        "translations": {"en": {"name": "Sport"}, "zh-hans": {"name": "体育"}},
        "url": "http://testserver/en/section/sport/",
        "articles_url": "http://testserver/api/v1/articles?section=sport&language=en",
    }
    chinese = client.get(f"{API}/sections", {"language": "zh-hans"}).json()["items"]
    assert chinese[1]["name"] == "体育" and chinese[0]["name"] == "Business"
    assert chinese[1]["url"] == "http://testserver/zh-hans/section/sport/"


def test_columns_with_published_articles_in_the_edition_are_listed(client):
    review = make_column(
        name="Review",
        translations={"zh-hans": {"name": "评论"}},
        slug="review",
        description="Weekly.",
    )
    make_article(column=review)
    make_column(slug="empty")
    make_article(column=make_column(slug="only-chinese"), language="zh-hans")

    body = conforms(client.get(f"{API}/columns"), "/api/v1/columns")
    assert body["items"] == [
        {
            "slug": "review",
            "name": "Review",
            "translations": {
                "en": {"name": "Review", "description": "Weekly."},
                "zh-hans": {"name": "评论"},
            },
            "description": "Weekly.",
            "url": "http://testserver/en/column/review/",
            "articles_url": "http://testserver/api/v1/articles?column=review&language=en",
        }
    ]
    chinese = client.get(f"{API}/columns", {"language": "zh-hans"}).json()["items"]
    assert [c["slug"] for c in chinese] == ["only-chinese"]


def test_tags_of_published_articles_are_listed_by_slug_a_page_at_a_time(client):
    tags = [make_tag(name=f"tag {letter}", slug=f"tag-{letter}") for letter in "dcba"]
    make_article(tags=tags[:3])
    make_article(tags=[tags[3]], status=DRAFT)

    body = conforms(client.get(f"{API}/tags"), "/api/v1/tags")
    assert [t["slug"] for t in body["items"]] == ["tag-b", "tag-c", "tag-d"]
    assert body["items"][0] == {
        "name": "tag b",
        "slug": "tag-b",
        "translations": {"en": {"name": "tag b"}},
        "url": "http://testserver/en/tag/tag-b/",
        "articles_url": "http://testserver/api/v1/articles?tag=tag-b&language=en",
    }
    pages = []
    response = client.get(f"{API}/tags", {"limit": 2})
    while True:
        conforms(response, "/api/v1/tags")
        pages.append([t["slug"] for t in response.json()["items"]])
        if response.json()["next"] is None:
            break
        parts = urlsplit(response.json()["next"])
        response = client.get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})
    assert pages == [["tag-b", "tag-c"], ["tag-d"]]


def test_people_credited_on_the_editions_published_articles_are_listed(client):
    ivo = make_person(name="Ivo Lind", slug="ivo", role_title="Reporter", bio="")
    tao = make_person(name="Tao Zhang", slug="tao")
    make_person(slug="uncredited")
    make_article(authors=[ivo])
    make_article(authors=[ivo], translators=[tao], language="zh-hans")

    body = conforms(client.get(f"{API}/people"), "/api/v1/people")
    assert body == {
        "items": [
            {
                "name": "Ivo Lind",
                "slug": "ivo",
                "role_title": "Reporter",
                "translations": {"en": {"name": "Ivo Lind", "role_title": "Reporter"}},
                "url": "http://testserver/en/people/ivo/",
                "api_url": "http://testserver/api/v1/people/ivo?language=en",
            }
        ],
        "next": None,
    }
    chinese = client.get(f"{API}/people", {"language": "zh-hans"}).json()
    assert [p["slug"] for p in chinese["items"]] == ["ivo", "tao"]
    following = client.get(f"{API}/people", {"language": "zh-hans", "limit": 1}).json()["next"]
    assert "cursor=" in following


def test_a_person_gives_their_bio_photo_and_article_lists(client):
    tao = make_person(
        name="Tao Zhang",
        slug="tao",
        role_title="Translator",
        bio="Tao translates.",
        translations={"zh-hans": {"name": "张涛", "bio": "张涛从事翻译。"}},
    )
    make_article(translators=[tao])

    response = client.get(f"{API}/people/tao", {"language": "zh-hans"})
    body = conforms(response, "/api/v1/people/{slug}")
    assert body == {
        "name": "张涛",
        "slug": "tao",
        "role_title": "Translator",
        "bio": "张涛从事翻译。",
        "translations": {
            "en": {"name": "Tao Zhang", "role_title": "Translator", "bio": "Tao translates."},
            "zh-hans": {"name": "张涛", "bio": "张涛从事翻译。"},
        },
        "photo_url": None,
        "url": "http://testserver/zh-hans/people/tao/",
        "api_url": "http://testserver/api/v1/people/tao?language=zh-hans",
        "articles_url": "http://testserver/api/v1/articles?author=tao&language=zh-hans",
        "translations_url": "http://testserver/api/v1/articles?translator=tao&language=zh-hans",
    }
    error = error_of(client.get(f"{API}/people/nobody"), 404)
    assert error["code"] == "unknown_person"
    assert error_of(client.get(f"{API}/people/not%20a%20slug"), 422)


# --- Caching --------------------------------------------------------------------------------


ENDPOINTS = ["/articles", "/sections", "/columns", "/tags", "/people", "/hot"]


@pytest.fixture
def story():
    return make_article(
        column=make_column(),
        tags=[make_tag()],
        lead_image=make_image(),
        translators=[make_person()],
    )


@pytest.mark.parametrize("path", [*ENDPOINTS, "/articles/{pk}", "/people/{person}"])
def test_answers_are_public_with_validators_and_304_when_unchanged(client, story, path):
    path = API + path.format(pk=story.pk, person=story.ordered_authors()[0].slug)
    response = client.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == (
        "public, max-age=0, s-maxage=3600, stale-while-revalidate=30"
    )
    assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")
    assert "all" in response["Surrogate-Key"].split()

    again = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    # (Last-Modified is the time of rendering: Django answers If-Modified-Since with a 304
    # only within that second; the page store, which keeps it, answers it for as long.)


def test_answers_carry_the_surrogate_keys_of_what_they_show(client, story):
    def keys(path):
        return set(client.get(f"{API}{path}")["Surrogate-Key"].split())

    cards = {f"article-{story.pk}", f"column-{story.column_id}", f"image-{story.lead_image_id}"}
    author = story.ordered_authors()[0]
    assert {"nav", "home-en", "home-zh-hans", f"person-{author.pk}"} | cards <= keys("/articles")
    assert {"home-en", *cards} <= keys("/articles?language=en")
    assert "home-zh-hans" not in keys("/articles?language=en")
    section_keys = keys(f"/articles?section={story.section.slug}")
    assert f"section-{story.section_id}-list" in section_keys and "home-en" not in section_keys
    tag = story.tags.get()
    assert f"tag-{tag.pk}-list" in keys(f"/articles?tag={tag.slug}")
    assert f"person-{author.pk}-list" in keys(f"/articles?author={author.slug}")
    detail = keys(f"/articles/{story.pk}")
    translator = story.ordered_translators()[0]
    assert {f"person-{translator.pk}", f"tag-{tag.pk}", "nav"} | cards <= detail
    assert "nav" in keys("/sections")
    assert {"home-en", f"column-{story.column_id}"} <= keys("/columns")
    assert {"home-en", f"tag-{tag.pk}"} <= keys("/tags")
    assert {"home-en", f"person-{author.pk}"} <= keys("/people")
    assert {f"person-{author.pk}", f"person-{author.pk}-list"} <= keys(f"/people/{author.slug}")


def test_a_stored_answer_is_revalidated_with_a_304_before_django(story):
    path = f"{API}/articles/{story.pk}"
    first = fetch(path)
    assert (first.status, first.cache) == (200, "miss")
    hit = fetch(path)
    assert (hit.status, hit.cache) == (200, "hit") and hit.body == first.body
    assert hit.headers["etag"] == first.headers["etag"]
    assert hit.headers["content-type"] == "application/json; charset=utf-8"

    again = fetch(path, if_none_match=first.headers["etag"])
    assert (again.status, again.cache, again.body) == (304, "hit", b"")
    assert fetch(path, if_modified_since=first.headers["last-modified"]).status == 304


@pytest.mark.django_db(transaction=True)
def test_a_stored_list_shows_a_newly_published_article_at_the_next_request():
    make_article(headline="Older news")
    path = f"{API}/articles?language=en"
    fetch(path)
    stored = fetch(path)
    assert stored.cache == "hit"

    fresh = make_article(headline="Fresh news", published_at=timezone.now())

    after = fetch(path)
    assert after.cache == "miss" and str(fresh.pk) in after.text
    assert after.text.index("Fresh news") < after.text.index("Older news")
    assert fetch(f"{API}/articles/{fresh.pk}").status == 200


@pytest.mark.django_db(transaction=True)
def test_a_stored_article_is_dropped_when_it_is_unpublished():
    story = make_article()
    path = f"{API}/articles/{story.pk}"
    fetch(path)
    assert fetch(path).cache == "hit"

    story.status = Article.Status.UNPUBLISHED
    story.save()

    assert fetch(path).status == 404
    assert str(story.pk) not in fetch(f"{API}/articles").text


# --- The request limit ----------------------------------------------------------------------


def test_an_anonymous_client_past_the_limit_gets_a_429_until_the_next_minute(client, settings):
    settings.API_ANON_RATE_PER_MINUTE = 3
    address = fresh_address()
    for _ in range(3):
        assert client.get(f"{API}/sections", REMOTE_ADDR=address).status_code == 200

    response = client.get(f"{API}/articles", REMOTE_ADDR=address)

    error = error_of(response, 429)
    assert error["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert f"in {response['Retry-After']} seconds" in error["message"]
    # Another address has its own count.
    assert client.get(f"{API}/sections", REMOTE_ADDR=fresh_address()).status_code == 200


def test_the_limit_counts_the_address_behind_our_own_proxy(client, settings):
    settings.API_ANON_RATE_PER_MINUTE = 1
    settings.TRUSTED_PROXIES = 1
    first, second = fresh_address(), fresh_address()

    def status(address):
        # The client writes a new address of its own each time; nginx appends the real one.
        forwarded = f"{fresh_address()}, {address}"
        response = client.get(
            f"{API}/sections", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
        )
        return response.status_code

    assert [status(first), status(second), status(first)] == [200, 200, 429]


def limited_among(client, count: int, headers) -> int:
    """How many of ``count`` requests, each with the headers ``headers()`` gives, got 429:
    at least ``count`` - 2 x the limit, should a minute turn between two of them."""
    statuses = [client.get(f"{API}/sections", **headers()).status_code for _ in range(count)]
    return statuses.count(429)


def test_rotating_a_spoofed_left_entry_does_not_get_past_the_limit(client, settings):
    settings.API_ANON_RATE_PER_MINUTE = 3
    settings.TRUSTED_PROXIES = 1
    address = fresh_address()

    def headers():
        forwarded = f"{fresh_address()}, {address}"
        return {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": forwarded}

    assert limited_among(client, 10, headers) >= 4


def test_with_no_trusted_proxy_a_forwarded_address_does_not_get_past_the_limit(client, settings):
    settings.API_ANON_RATE_PER_MINUTE = 3
    settings.TRUSTED_PROXIES = 0
    address = fresh_address()

    def headers():
        return {"REMOTE_ADDR": address, "HTTP_X_FORWARDED_FOR": fresh_address()}

    assert limited_among(client, 10, headers) >= 4


def test_staff_are_not_limited(client, settings):
    settings.API_ANON_RATE_PER_MINUTE = 1
    client.force_login(make_user("edith", "Editor"))
    address = fresh_address()
    for _ in range(3):
        response = client.get(f"{API}/sections", REMOTE_ADDR=address)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]  # never shared with readers


def test_answers_to_anonymous_clients_do_not_vary_by_cookie(client):
    assert "Cookie" not in client.get(f"{API}/sections")["Vary"]


def test_the_seconds_to_wait_run_to_the_next_minute():
    from newsdesk.api.ratelimit import seconds_to_next_minute

    assert seconds_to_next_minute(120.0) == 60
    assert seconds_to_next_minute(179.5) == 1
    assert seconds_to_next_minute(150.2) == 30


# --- Errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/articles", "/articles/1", "/hot", "/openapi.json", "/docs"])
def test_a_method_the_api_does_not_answer_is_a_json_405(client, method, path):
    response = getattr(client, method)(f"{API}{path}")
    error = error_of(response, 405)
    assert error["code"] == "method_not_allowed" and method.upper() in error["message"]
    assert response["Allow"] == "GET, HEAD"


def test_head_is_answered_as_get(client):
    make_article()
    response = client.head(f"{API}/articles")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "path", ["/", "/nope", "/articles/", "/articles/1/more", "/v2/articles", "/no\npe"]
)
def test_an_address_that_names_nothing_is_a_json_404(client, path):
    error = error_of(client.get(f"{API}{path}"), 404)
    assert error["code"] == "not_found" and "/api/v1/docs" in error["message"]
    assert error_of(client.post(f"{API}{path}"), 404)


SERVER_ERROR = {
    "code": "server_error",
    "message": "Something went wrong on our side. Please try again later.",
}


def test_an_unexpected_failure_is_a_json_500_reported_as_django_reports_one(
    client, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("the database fell over")

    monkeypatch.setattr("newsdesk.api.sections.Section.objects.all", broken)
    with pytest.raises(RuntimeError):  # the test client re-raises what Django reports
        client.get(f"{API}/sections")

    client.raise_request_exception = False
    assert error_of(client.get(f"{API}/sections"), 500) == SERVER_ERROR
    assert any("fell over" in str(record.exc_info[1]) for record in caplog.records)


def test_a_failure_of_the_schema_view_is_a_json_500_too(client, monkeypatch):
    from newsdesk.api.api import api

    def broken(*args, **kwargs):
        raise RuntimeError("no schema today")

    monkeypatch.setattr(api, "get_openapi_schema", broken)
    client.raise_request_exception = False
    assert error_of(client.get(f"{API}/openapi.json"), 500) == SERVER_ERROR


# --- The schema and its documentation -------------------------------------------------------


def test_every_operation_is_documented_with_its_answers_and_errors(client):
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["info"]["title"] == "newsdesk API" and schema["info"]["version"] == "1"
    paths = schema["paths"]
    assert set(paths) == {
        "/api/v1/articles", "/api/v1/articles/{id}", "/api/v1/hot", "/api/v1/sections",
        "/api/v1/columns", "/api/v1/tags", "/api/v1/people", "/api/v1/people/{slug}",
        "/api/v1/search", "/api/v1/front",
    }  # fmt: skip
    error = {"$ref": "#/components/schemas/Error"}
    for path, methods in paths.items():
        assert set(methods) == {"get"}, path
        operation = methods["get"]
        assert operation["summary"] and operation["description"] and operation["tags"], path
        responses = operation["responses"]
        assert "$ref" in responses["200"]["content"]["application/json"]["schema"], path
        for status in ("422", "429", "500"):
            assert responses[status]["content"]["application/json"]["schema"] == error, path
        for parameter in operation["parameters"]:
            assert parameter.get("description"), (path, parameter["name"])
    assert "404" in paths["/api/v1/articles/{id}"]["get"]["responses"]
    assert "400" in paths["/api/v1/articles"]["get"]["responses"]


def test_the_docs_page_serves_swagger_ui_from_our_own_static_files(client):
    from django.contrib.staticfiles import finders

    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "/static/ninja/swagger-ui.css" in page
    assert "cdn" not in page.lower() and "https://" not in page and "//unpkg" not in page
    for name in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        assert finders.find(f"ninja/{name}"), name
    assert '"/api/v1/openapi.json"' in page
    assert '"validatorUrl": null' in page  # no badge fetched from swagger.io
