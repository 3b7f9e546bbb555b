"""The page cache: hits before Django, right headers, and purges that reach every page."""

import gzip
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date

from newsdesk.content.models import Article
from tests.factories import (
    make_article,
    make_column,
    make_image,
    make_person,
    make_section,
    make_tag,
)
from tests.wsgi_client import fetch

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story():
    """A published article with a column, tag, author and lead image."""
    return make_article(
        headline="Ferries run late",
        column=make_column(),
        tags=[make_tag()],
        authors=[make_person(name="Ivo Lind", bio="Ivo covers ferries.")],
        lead_image=make_image(caption="The night ferry."),
        published_at=timezone.now() - timedelta(hours=1),
    )


def surfaces(article) -> list[str]:
    """Every reader page that shows ``article``."""
    return [
        "/en/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        article.column.get_absolute_url(),
        article.tags.get().get_absolute_url(),
        article.ordered_authors()[0].get_absolute_url(),
    ]


def warm(paths):
    for path in paths:
        fetch(path)
        assert fetch(path).cache == "hit", path


def test_a_page_is_rendered_once_then_answered_from_the_store(story):
    first = fetch(story.get_absolute_url())
    second = fetch(story.get_absolute_url())
    assert (first.status, first.cache) == (200, "miss")
    assert (second.status, second.cache) == (200, "hit")
    assert second.body == first.body
    assert second.headers["etag"] == first.headers["etag"]
    assert second.headers["content-type"] == "text/html; charset=utf-8"


def test_public_pages_carry_cache_control_validators_and_surrogate_keys(story):
    for answer in (fetch(story.get_absolute_url()), fetch(story.get_absolute_url())):
        cache_control = answer.headers["cache-control"]
        assert "public" in cache_control and "max-age=0" in cache_control
        assert "s-maxage=3600" in cache_control and "stale-while-revalidate=30" in cache_control
        assert answer.headers["etag"].startswith('"')
        assert answer.headers["last-modified"].endswith("GMT")
        keys = answer.headers["surrogate-key"].split()
        assert f"article-{story.pk}" in keys and f"image-{story.lead_image_id}" in keys
        assert "cache-tag" not in answer.headers  # one key header: fewer bytes per hit
        assert "Accept-Encoding" in answer.headers["vary"]


def test_list_pages_carry_the_keys_of_their_cards(story):
    keys = fetch(story.section.get_absolute_url()).headers["surrogate-key"].split()
    assert f"section-{story.section_id}-list" in keys and f"article-{story.pk}" in keys


@pytest.mark.parametrize("warm_first", [False, True], ids=["miss", "hit"])
def test_a_matching_etag_gets_304(story, warm_first):
    url = story.get_absolute_url()
    etag = fetch(url).headers["etag"]
    if warm_first:
        assert fetch(url).cache == "hit"
    answer = fetch(url, if_none_match=etag)
    assert answer.status == 304 and answer.body == b""
    assert answer.headers["etag"] == etag
    assert fetch(url, if_none_match='"something-else"').status == 200


@pytest.mark.parametrize("warm_first", [False, True], ids=["miss", "hit"])
def test_a_current_if_modified_since_gets_304(story, warm_first):
    url = story.get_absolute_url()
    last_modified = fetch(url).headers["last-modified"]
    if warm_first:
        fetch(url)
    assert fetch(url, if_modified_since=last_modified).status == 304
    an_hour_ago = http_date((timezone.now() - timedelta(hours=1)).timestamp())
    assert fetch(url, if_modified_since=an_hour_ago).status == 200


def test_hits_are_gzipped_for_readers_who_accept_it(story):
    url = story.get_absolute_url()
    plain = fetch(url)
    zipped = fetch(url, accept_encoding="gzip, br")
    assert zipped.headers["content-encoding"] == "gzip"
    assert gzip.decompress(zipped.body) == plain.body
    assert int(zipped.headers["content-length"]) == len(zipped.body)


def test_misses_and_pages_never_stored_are_gzipped_too(story):
    """The first request for a page (a miss) and the search page (never stored) are
    compressed as well, and the store still keeps the plain bytes."""
    url = story.get_absolute_url()
    miss = fetch(url, accept_encoding="gzip")
    assert miss.cache == "miss" and miss.headers["content-encoding"] == "gzip"
    hit = fetch(url)
    assert hit.cache == "hit" and "content-encoding" not in hit.headers
    assert gzip.decompress(miss.body) == hit.body
    search = fetch("/en/search/?q=ferries", accept_encoding="gzip")
    assert search.headers["content-encoding"] == "gzip"
    assert gzip.decompress(search.body).rstrip().endswith(b"</html>")


def test_pictures_are_not_gzipped_again(story):
    answer = fetch(f"/media/{story.lead_image.file.name}", accept_encoding="gzip")
    assert answer.status == 200 and "content-encoding" not in answer.headers


def test_head_of_a_hit_has_headers_and_no_body(story):
    fetch(story.get_absolute_url())
    answer = fetch(story.get_absolute_url(), method="HEAD")
    assert answer.status == 200 and answer.body == b"" and answer.cache == "hit"


def test_publishing_shows_the_article_on_every_surface_at_the_next_request(story):
    draft = make_article(
        headline="Harbour bridge reopens",
        status="draft",
        section=story.section,
        column=story.column,
        tags=[story.tags.get()],
        authors=story.ordered_authors(),
    )
    lists = [path for path in surfaces(story) if path != story.get_absolute_url()]
    warm(lists)
    draft.status = Article.Status.PUBLISHED
    draft.save()
    for path in lists:
        assert "Harbour bridge reopens" in fetch(path).text, path
    assert fetch(draft.get_absolute_url()).status == 200


def test_unpublishing_removes_the_article_everywhere(story):
    paths = surfaces(story)
    warm(paths)
    story.status = Article.Status.UNPUBLISHED
    story.save()
    for path in paths:
        answer = fetch(path)
        assert "Ferries run late" not in answer.text, path
    assert fetch(story.get_absolute_url()).status == 404


def test_an_edit_shows_the_new_text_everywhere(story):
    original = make_article(language="zh-hans", headline="渡轮晚点")
    story.translation_of = original
    story.save()
    paths = [*surfaces(story), original.get_absolute_url()]
    warm(paths)
    story.headline = "Ferries run late into the night"
    story.save()
    for path in paths:
        assert "Ferries run late into the night" in fetch(path).text, path


def test_moving_an_article_to_another_section_purges_both_lists(story):
    old_section = story.section
    warm([old_section.get_absolute_url()])
    new_section = make_section(name="Transport")
    warm([new_section.get_absolute_url()])
    story.section = new_section
    story.save()
    assert "Ferries run late" not in fetch(old_section.get_absolute_url()).text
    assert "Ferries run late" in fetch(new_section.get_absolute_url()).text


def test_tagging_and_crediting_purge_the_new_lists(story):
    tag, person = make_tag(name="night"), make_person(name="Ana Roe")
    # Their pages exist (and are kept) once they are on a published article.
    make_article(headline="Night buses", tags=[tag], authors=[person])
    warm([tag.get_absolute_url(), person.get_absolute_url()])
    story.tags.add(tag)
    story.translator_credits.create(person=person)
    assert "Ferries run late" in fetch(tag.get_absolute_url()).text
    assert "Ferries run late" in fetch(person.get_absolute_url()).text
    story.tags.remove(tag)
    assert "Ferries run late" not in fetch(tag.get_absolute_url()).text


def test_editing_a_person_image_or_section_purges_the_pages_showing_them(story):
    url = story.get_absolute_url()
    warm([url])
    person = story.ordered_authors()[0]
    person.bio = "Ivo now covers the islands."
    person.save()
    assert "Ivo now covers the islands." in fetch(url).text
    image = story.lead_image
    image.caption = "The last ferry of the night."
    image.save()
    assert "The last ferry of the night." in fetch(url).text
    section = story.section
    section.name = "Waterways"
    section.save()
    assert "Waterways" in fetch(url).text


def test_saving_a_draft_purges_nothing(story, settings):
    warm([story.get_absolute_url()])
    draft = make_article(status="draft", section=story.section, authors=story.ordered_authors())
    draft.body = "<p>Still writing.</p>"
    draft.save()
    assert fetch(story.get_absolute_url()).cache == "hit"


def test_staff_are_never_answered_from_the_cache_nor_cached(story, client, editor):
    url = story.get_absolute_url()
    warm([url])
    client.force_login(editor)
    session = client.cookies["sessionid"].value
    staff = fetch(url, cookie=f"sessionid={session}")
    assert staff.cache == "bypass"
    assert (
        "private" in staff.headers["cache-control"] and "no-store" in staff.headers["cache-control"]
    )
    assert "surrogate-key" not in staff.headers and "last-modified" not in staff.headers
    # A fresh page seen by staff first is not stored for anyone.
    other = make_article(headline="Only rendered for staff")
    staff_first = fetch(other.get_absolute_url(), cookie=f"sessionid={session}")
    assert staff_first.cache == "bypass"
    assert fetch(other.get_absolute_url()).cache == "miss"


def test_not_found_and_redirects_are_not_stored(story):
    assert fetch("/en/section/nope/").status == 404
    assert fetch("/en/section/nope/").cache == ""
    assert fetch("/").status == 302 and fetch("/").cache == ""
