"""A third edition by configuration alone: Japanese switched on (``third_edition``) serves
every page type, feed and sitemap, in the switcher, hreflang, manifest, API and search,
with no code change and no migration."""

import json
import os
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from tests.factories import make_article, make_column, make_person, make_section, make_tag
from tests.serving import run_python

JAPANESE_WORD = "フェリー"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


class Newsroom:
    """An English story translated into Japanese, and a Japanese original, all published."""

    def __init__(self):
        self.section = make_section(name="Harbour", slug="harbour")
        self.column = make_column(name="Tide Tables", slug="tide-tables")
        self.author = make_person(name="Ivo Lind", slug="ivo-lind")
        self.translator = make_person(name="Sato Aoi", slug="sato-aoi")
        self.tag = make_tag(name="ferries", slug="ferries")
        now = timezone.now()
        common = dict(section=self.section, column=self.column, tags=[self.tag])
        self.original = make_article(
            headline="Ferries sail again",
            slug="ferries-sail",
            authors=[self.author],
            published_at=now - timedelta(hours=3),
            **common,
        )
        self.translation = make_article(
            headline=f"{JAPANESE_WORD}が再び運航",
            slug="ferries-sail-ja",
            standfirst="嵐が去り、港が開いた。",
            body="<p>港の渡し船が三か月ぶりに戻ってきた。</p>",
            language="ja",
            translation_of=self.original,
            authors=[self.author],
            translators=[self.translator],
            published_at=now - timedelta(hours=2),
            **common,
        )
        self.japanese = make_article(
            headline="港の新しい桟橋が完成",
            slug="new-pier",
            standfirst=f"{JAPANESE_WORD}乗り場が広くなった。",
            body="<p>新しい桟橋は来週から使われる。</p>",
            language="ja",
            authors=[self.author],
            published_at=now - timedelta(hours=1),
            **common,
        )


@pytest.fixture
def newsroom(db, third_edition, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search index, on commit
        return Newsroom()


def japanese_url(thing) -> str:
    with translation.override("ja"):
        return thing.get_absolute_url()


def page_types(newsroom) -> dict[str, str]:
    return {
        "home": "/ja/",
        "section": japanese_url(newsroom.section),
        "column": japanese_url(newsroom.column),
        "tag": japanese_url(newsroom.tag),
        "person": japanese_url(newsroom.author),
        "translated article": newsroom.translation.get_absolute_url(),
        "japanese article": newsroom.japanese.get_absolute_url(),
        "search": f"/ja/search/?q={JAPANESE_WORD}",
        "app": "/ja/app/",
        "offline": "/ja/offline/",
    }


def test_every_page_type_is_served_in_the_japanese_edition(client, newsroom):
    for kind, url in page_types(newsroom).items():
        assert url.startswith("/ja/"), (kind, url)
        response = client.get(url)
        assert response.status_code == 200, (kind, url)
        assert '<html lang="ja">' in response.content.decode(), kind


def test_an_unknown_address_in_the_japanese_edition_is_a_japanese_404(client, newsroom):
    response = client.get("/ja/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="ja">' in response.content.decode()


def test_lists_show_the_japanese_articles_and_only_them(client, newsroom):
    for url in ["/ja/", japanese_url(newsroom.section), japanese_url(newsroom.tag)]:
        page = client.get(url).content.decode()
        assert newsroom.japanese.headline in page and newsroom.translation.headline in page
        assert newsroom.original.headline not in page


def test_the_edition_switcher_of_every_edition_offers_japanese(client, newsroom):
    for edition in ["en", "zh-hans"]:
        page = client.get(f"/{edition}/").content.decode()
        assert 'href="/ja/"' in page and 'hreflang="ja"' in page and "日本語" in page, edition
    assert "日本語" in client.get("/ja/").content.decode()


def test_an_article_and_its_japanese_translation_link_each_other_by_hreflang(client, newsroom):
    original = client.get(newsroom.original.get_absolute_url()).content.decode()
    assert 'hreflang="ja" href="http' in original
    assert newsroom.translation.get_absolute_url() in original
    translated = client.get(newsroom.translation.get_absolute_url()).content.decode()
    assert newsroom.original.get_absolute_url() in translated


@pytest.mark.parametrize("kind", ["edition", "section", "column", "person"])
@pytest.mark.parametrize("form", ["rss", "atom", "json"])
def test_every_feed_of_the_japanese_edition_is_served(client, newsroom, kind, form):
    page = {
        "edition": "/ja/",
        "section": japanese_url(newsroom.section),
        "column": japanese_url(newsroom.column),
        "person": japanese_url(newsroom.author),
    }[kind]
    response = client.get(f"{page}feed/{form}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert newsroom.japanese.headline in text and newsroom.original.headline not in text
    if form == "json":
        assert json.loads(text)["language"] == "ja"
    elif form == "rss":
        assert "<language>ja</language>" in text
    else:
        assert 'xml:lang="ja"' in text


def sitemap(client, url) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


def test_every_sitemap_lists_the_japanese_edition(client, newsroom):
    index = sitemap(client, "/sitemap.xml")
    locations = [
        loc.text.removeprefix("http://testserver") for loc in index.iter(f"{{{NS['sm']}}}loc")
    ]
    assert "/sitemaps/pages.xml" in locations and "/sitemaps/news.xml" in locations
    for url in locations:
        root = sitemap(client, url)
        pages = [loc.text for loc in root.iterfind("sm:url/sm:loc", NS)]
        assert any("/ja/" in page for page in pages), url
        if url != "/sitemaps/news.xml":  # Google News sitemaps have no alternates
            hreflangs = {link.get("hreflang") for link in root.iterfind("sm:url/xhtml:link", NS)}
            assert "ja" in hreflangs, url
    news = sitemap(client, "/sitemaps/news.xml")
    assert "ja" in {lang.text for lang in news.iterfind(".//news:language", NS)}


def test_the_japanese_app_manifest(client, newsroom):
    response = client.get("/manifest.webmanifest?lang=ja")
    assert response.status_code == 200
    manifest = response.json()
    assert manifest["lang"] == "ja"
    assert manifest["start_url"] == "/ja/?source=pwa"
    assert {"name": "日本語", "url": "/ja/?source=pwa"}.items() <= manifest["shortcuts"][-1].items()
    assert '?lang=ja"' in client.get("/ja/").content.decode()  # the page links it


def test_the_api_serves_the_japanese_edition(client, newsroom):
    response = client.get("/api/v1/articles?language=ja")
    assert response.status_code == 200
    found = {item["headline"] for item in response.json()["items"]}
    assert found == {newsroom.japanese.headline, newsroom.translation.headline}
    wrong = client.get("/api/v1/articles?language=xx")
    assert wrong.status_code == 400
    assert "ja" in wrong.json()["error"]["message"]


def test_search_finds_a_japanese_word_in_the_japanese_edition(client, newsroom):
    page = client.get(f"/ja/search/?q={JAPANESE_WORD}").content.decode()
    assert f"<mark>{JAPANESE_WORD}</mark>" in page
    assert newsroom.translation.get_absolute_url() in page
    assert newsroom.japanese.get_absolute_url() in page
    api = client.get(f"/api/v1/search?q={JAPANESE_WORD}&language=ja").json()
    assert len(api["items"]) == 2


def test_the_search_form_offers_japanese(client, newsroom):
    page = client.get("/en/search/?q=ferry").content.decode()
    assert '<option value="ja"' in page


def test_japanese_articles_can_be_saved_through_the_model_s_choices(newsroom):
    newsroom.japanese.full_clean()  # language "ja" is a valid choice once configured


def test_no_migration_is_needed_in_process(db, third_edition):
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


def test_no_migration_is_needed_when_editions_names_a_third_language(tmp_path):
    env = {**os.environ, "EDITIONS": "en,zh-hans,ja", "NEWSDESK_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    printed = run_python(
        "from django.conf import settings\n"
        "from django.core.management import call_command\n"
        "call_command('makemigrations', check=True, dry_run=True, verbosity=0)\n"
        "print(','.join(code for code, _ in settings.LANGUAGES))",
        env,
    )
    assert printed.splitlines()[-1] == "en,zh-hans,ja"


def test_a_japanese_browser_is_sent_to_the_japanese_edition(client, newsroom):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ja-JP,ja;q=0.9,en;q=0.5")
    assert response.status_code == 302 and response["Location"] == "/ja/"
