"""People, tags and columns exist for readers only through published articles.

Someone credited only on drafts (or review, scheduled, unpublished, future articles), a tag
or a column used only there, is unknown to every public surface: their pages and feeds are
404, the search's author menu and the API do not name them, and a filter by their slug is
answered as for a slug nobody has.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_article, make_column, make_person, make_tag

pytestmark = pytest.mark.django_db

API = "/api/v1"
FEED_FORMATS = ["rss", "atom", "json"]

HIDDEN = [
    {"status": "draft"},
    {"status": "review"},
    {"status": "scheduled", "published_at": timezone.now() + timedelta(hours=6)},
    {"status": "unpublished", "published_at": timezone.now() - timedelta(days=1)},
    {"status": "published", "published_at": timezone.now() + timedelta(hours=6)},
]
HIDDEN_IDS = ["draft", "review", "scheduled", "unpublished", "published-in-future"]


@pytest.fixture(params=HIDDEN, ids=HIDDEN_IDS)
def hidden(request):
    """What an article readers may not see is filed under and credited to, and nothing
    else: an author, a translator, a tag and a column known only from it."""
    author = make_person(name="Quentin Embargo", slug="quentin-embargo")
    translator = make_person(name="Tess Embargo", slug="tess-embargo")
    tag = make_tag(name="merger talks", slug="merger-talks")
    column = make_column(name="Inside Track", slug="inside-track", description="Secret series")
    make_article(
        authors=[author], translators=[translator], tags=[tag], column=column, **request.param
    )
    make_article()  # the edition is not empty
    return {"author": author, "translator": translator, "tag": tag, "column": column}


def feed_urls(page: str) -> list[str]:
    return [f"{page}feed/{fmt}/" for fmt in FEED_FORMATS]


# --- Reader pages and feeds ------------------------------------------------------------------


def test_people_credited_only_on_hidden_articles_have_no_page_and_no_feeds(client, hidden):
    for person in (hidden["author"], hidden["translator"]):
        page = person.get_absolute_url()
        for url in [page, *feed_urls(page)]:
            response = client.get(url)
            assert response.status_code == 404, url
            assert person.name not in response.content.decode(), url


def test_a_tag_used_only_on_hidden_articles_has_no_page(client, hidden):
    response = client.get(hidden["tag"].get_absolute_url())
    assert response.status_code == 404
    assert "merger talks" not in response.content.decode()


def test_a_column_with_only_hidden_articles_has_no_page_and_no_feeds(client, hidden):
    page = hidden["column"].get_absolute_url()
    for url in [page, *feed_urls(page)]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Inside Track" not in response.content.decode(), url


def test_people_tags_and_columns_of_a_published_article_keep_their_pages(client):
    author, translator, tag, column = make_person(), make_person(), make_tag(), make_column()
    make_article(authors=[author], translators=[translator], tags=[tag], column=column)
    for page in [author, translator, column]:
        url = page.get_absolute_url()
        for address in [url, *feed_urls(url)]:
            assert client.get(address).status_code == 200, address
    assert client.get(tag.get_absolute_url()).status_code == 200


def test_someone_published_in_another_edition_keeps_a_page_in_this_one(client):
    person = make_person()
    make_article(language="zh-hans", authors=[person])
    assert client.get(person.get_absolute_url()).status_code == 200


def test_a_person_page_goes_when_their_only_article_is_unpublished(client):
    person = make_person()
    article = make_article(authors=[person])
    assert client.get(person.get_absolute_url()).status_code == 200
    article.unpublish()
    assert client.get(person.get_absolute_url()).status_code == 404


# --- Search ------------------------------------------------------------------------------


def author_menu(client, url: str, params=None) -> str:
    page = client.get(url, params or {}).content.decode()
    return page.split('id="id_author"', 1)[1].split("</select>", 1)[0]


def test_the_search_author_menu_names_only_authors_of_published_articles(client, hidden):
    shown = make_person(name="Wendy Published")
    make_article(authors=[shown])
    menu = author_menu(client, "/en/search/")
    assert "Wendy Published" in menu
    assert "Quentin Embargo" not in menu
    assert "quentin-embargo" not in menu


def test_the_search_author_menu_follows_the_language_searched(client):
    english, chinese = make_person(name="Ada English"), make_person(name="Bo Chinese")
    make_article(authors=[english])
    make_article(language="zh-hans", authors=[chinese])
    menu = author_menu(client, "/en/search/")
    assert "Ada English" in menu and "Bo Chinese" not in menu
    menu = author_menu(client, "/zh-hans/search/")
    assert "Bo Chinese" in menu and "Ada English" not in menu
    menu = author_menu(client, "/en/search/", {"q": "harbour", "language": "all"})
    assert "Ada English" in menu and "Bo Chinese" in menu


def test_searching_by_a_hidden_author_is_refused_as_for_an_unknown_one(client, hidden):
    response = client.get("/en/search/", {"q": "harbour", "author": "quentin-embargo"})
    assert response.status_code == 200
    assert 'class="search-error"' in response.content.decode()
    assert "Quentin Embargo" not in response.content.decode()


# --- The API -----------------------------------------------------------------------------


def api_error(client, url: str, params: dict) -> str:
    response = client.get(url, params)
    assert response.status_code == 404, (url, params)
    return response.json()["error"]["code"]


def test_api_filters_by_hidden_people_tags_and_columns_are_unknown(client, hidden):
    articles = f"{API}/articles"
    assert api_error(client, articles, {"author": "quentin-embargo"}) == "unknown_person"
    assert api_error(client, articles, {"translator": "tess-embargo"}) == "unknown_person"
    assert api_error(client, articles, {"tag": "merger-talks"}) == "unknown_tag"
    assert api_error(client, articles, {"column": "inside-track"}) == "unknown_column"
    search = f"{API}/search"
    assert api_error(client, search, {"q": "harbour", "author": "quentin-embargo"}) == (
        "unknown_person"
    )


def test_api_lists_name_no_hidden_person_tag_or_column(client, hidden):
    for language in ["en", "zh-hans"]:
        for path in ["people", "tags", "columns"]:
            text = client.get(f"{API}/{path}", {"language": language}).content.decode()
            for secret in ["embargo", "merger", "inside"]:
                assert secret not in text.lower(), (path, language)
    assert client.get(f"{API}/people/quentin-embargo").status_code == 404
    assert client.get(f"{API}/people/tess-embargo").status_code == 404
