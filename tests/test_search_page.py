"""The search page: one search box, results first, filters folded, a hint to switch editions."""

import re

import pytest

from newsdesk.search.views import edition_hint
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def harbour(django_capture_on_commit_callbacks):
    """An article, indexed for search as at the end of its transaction."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_article(headline="Harbour cranes arrive", body="<p>The harbour cranes.</p>")


def test_results_come_before_the_filters_which_are_folded(client, harbour):
    page = client.get("/en/search/?q=harbour").content.decode()
    assert page.index('class="search-results"') < page.index('<details class="search-narrow">')
    narrow = page.split('<details class="search-narrow">')[1].split("</details>")[0]
    for name in ["language", "section", "author", "from", "to"]:
        assert re.search(rf'<(select|input)[^>]* form="search-form" name="{name}"', narrow), name
    assert '<button type="submit" form="search-form">' in narrow
    assert '<form class="search-form" id="search-form"' in page


def test_the_filters_unfold_when_one_is_set(client, harbour):
    page = client.get(f"/en/search/?q=harbour&section={harbour.section.slug}").content.decode()
    assert '<details class="search-narrow" open>' in page
    page = client.get("/en/search/?q=harbour&language=en").content.decode()
    assert '<details class="search-narrow">' in page, "the edition's own language is no filter"
    page = client.get("/en/search/?q=harbour&from=yesterday").content.decode()
    assert '<details class="search-narrow" open>' in page, "an error shows"


def test_the_search_page_has_one_search_box_and_landmark(client, harbour):
    page = client.get("/en/search/?q=harbour").content.decode()
    assert page.count('type="search"') == 1
    assert page.count('role="search"') == 1
    assert 'class="masthead-search"' not in page
    assert re.search(r'role="search" aria-label="[^"]+"', page)
    # Elsewhere the masthead links to the search page.
    home = client.get("/en/").content.decode()
    assert '<a class="masthead-search" href="/en/search/">' in home
    assert 'type="search"' not in home


def test_a_chinese_query_in_the_english_edition_suggests_the_chinese_edition(client, harbour):
    page = client.get("/en/search/?q=港口起重机 cranes").content.decode()
    hint = page.split('<p class="search-hint">')[1].split("</p>")[0]
    assert "This looks like" in hint
    query = "%E6%B8%AF%E5%8F%A3%E8%B5%B7%E9%87%8D%E6%9C%BA+cranes"  # 港口起重机 cranes
    assert f'href="/zh-hans/search/?q={query}" hreflang="zh-hans"' in hint
    assert '<span lang="zh-hans">简体中文</span>' in hint


def test_no_hint_for_a_query_in_the_editions_script_nor_for_latin_letters(client, harbour):
    assert "search-hint" not in client.get("/en/search/?q=harbour").content.decode()
    assert "search-hint" not in client.get("/zh-hans/search/?q=港口").content.decode()
    assert "search-hint" not in client.get("/zh-hans/search/?q=harbour").content.decode()
    assert "search-hint" not in client.get("/en/search/?q=").content.decode()


def test_the_hint_names_only_an_edition_that_exists(settings):
    settings.LANGUAGES = [("en", "English")]
    assert edition_hint("港口", "en") is None


def test_result_dates_carry_the_time(client, harbour):
    page = client.get("/en/search/?q=harbour").content.decode()
    assert re.search(r'<time datetime="[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d</time>', page)


def test_the_language_menu_marks_each_edition_name_with_its_language(client, harbour):
    page = client.get("/en/search/?q=harbour").content.decode()
    assert '<option value="zh-hans" lang="zh-hans">简体中文</option>' in page
    assert '<option value="en" selected lang="en">English</option>' in page
    assert re.search(r'<option value="all">[^<]+</option>', page)
