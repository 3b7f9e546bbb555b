"""Cold list pages and the home page as joins of kept HTML (issue #18, third pass): each
thing a list page keeps between requests (the chrome, the sections, the live placements,
the first social image, the editions of a list, the cards read with the rows) changes
with the purge of what it shows, and a page with its cards kept reads little."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation

from newsdesk.caching.store import get_store
from newsdesk.content.cards import ArticleCard
from newsdesk.content.curation import Arrangement
from newsdesk.content.models import Article
from newsdesk.newsroom.front import make_live
from newsdesk.reader import front
from newsdesk.reader.views import server_error
from tests.factories import (
    make_article,
    make_column,
    make_image,
    make_person,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return make_article(
        headline="Ferries run late", column=make_column(name="Harbour Watch"),
        authors=[make_person(name="Ida Berg")], tags=[make_tag(name="Ports")],
        lead_image=make_image(alt_text="Cranes at dawn"), section=make_section(name="Port"),
        published_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip


def drop_pages() -> None:
    """Drop the stored pages as the store drops what it has no room for, not purged: what
    is kept until a purge stays (as bench/cold.py does)."""
    get_store().drop_pages()


def page(client, url) -> str:
    """A render of ``url``, never the stored page."""
    drop_pages()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def list_urls(story) -> list[str]:
    return [
        "/en/",
        story.section.get_absolute_url(),
        story.column.get_absolute_url(),
        story.tags.get().get_absolute_url(),
        story.authors.get().get_absolute_url(),
    ]


def test_a_renamed_section_changes_the_menu_of_every_page(
    client, story, django_capture_on_commit_callbacks
):
    urls = list_urls(story)
    for url in urls:
        assert ">Port</a>" in page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        story.section.name = "Harbour"
        story.section.save()
    for url in urls:
        text = page(client, url)
        assert ">Harbour</a>" in text and ">Port</a>" not in text


def test_a_new_section_has_a_page_and_a_place_in_the_menu(
    client, story, django_capture_on_commit_callbacks
):
    page(client, "/en/")
    with django_capture_on_commit_callbacks(execute=True):
        weather = make_section(name="Weather")
    assert ">Weather</a>" in page(client, "/en/")
    assert client.get(weather.get_absolute_url()).status_code == 200


def test_the_chrome_follows_the_settings(client, story, settings):
    assert "Harbour Daily" not in page(client, "/en/")
    settings.PUBLISHER_NAME = "Harbour Daily"
    assert "Harbour Daily" in page(client, "/en/")


def test_the_error_page_has_the_chrome_without_the_database(client, story):
    text = server_error(RequestFactory().get("/en/")).content.decode()
    assert 'class="site-footer"' in text and "manifest" in text


@pytest.mark.parametrize("change", ["headline", "author", "unpublished"])
def test_each_list_page_shows_a_change_to_a_kept_card(
    client, story, change, django_capture_on_commit_callbacks
):
    urls = list_urls(story)
    for url in urls:
        assert "Ferries run late" in page(client, url)
    assert ArticleCard.objects.filter(article=story).exists()
    with django_capture_on_commit_callbacks(execute=True):
        if change == "headline":
            story.headline = "Ferries run on time"
            story.save()
        elif change == "author":
            person = story.authors.get()
            person.name = "Ida Berg-Moen"
            person.save()
        else:
            story.unpublish()
    # A column, a tag or a person with nothing published has no page.
    for url in urls[:2] if change == "unpublished" else urls:
        text = page(client, url)
        if change == "headline":
            assert "Ferries run on time" in text and "Ferries run late" not in text
        elif change == "author":
            assert "Ida Berg-Moen" in text
        else:
            assert "Ferries run late" not in text


def test_a_list_page_carries_the_keys_of_its_cards_read_with_its_rows(client, story):
    page(client, story.section.get_absolute_url())  # the cards are kept now
    drop_pages()
    response = client.get(story.section.get_absolute_url())
    person = story.authors.get()
    keys = set(response["Surrogate-Key"].split())
    assert {f"article-{story.pk}", f"person-{person.pk}", f"column-{story.column_id}"} <= keys
    assert f"image-{story.lead_image_id}" in keys


def test_a_new_alt_text_changes_the_social_image_of_a_list(
    client, story, django_capture_on_commit_callbacks
):
    url = story.section.get_absolute_url()
    assert 'content="Cranes at dawn"' in page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        story.lead_image.alt_text = "Ferries at the quay"
        story.lead_image.save()
    assert 'content="Ferries at the quay"' in page(client, url)


def test_a_placement_made_live_leads_the_front(client, story, django_capture_on_commit_callbacks):
    older = make_article(
        headline="Harbour dues rise", section=story.section,
        published_at=timezone.now() - timedelta(days=2),
    )  # fmt: skip
    assert page(client, "/en/").index("Ferries run late") < page(client, "/en/").index(
        "Harbour dues rise"
    )
    draft = Arrangement.load("en")
    draft.add(older.pk)
    draft.pin(older.pk)
    draft.save()
    with django_capture_on_commit_callbacks(execute=True):
        make_live("en", None, by=None)
    text = page(client, "/en/")
    assert text.index("Harbour dues rise") < text.index("Ferries run late")


def test_a_publication_in_another_edition_joins_a_lists_languages(
    client, story, django_capture_on_commit_callbacks
):
    url = story.column.get_absolute_url()
    assert '<link rel="alternate" hreflang="zh-hans"' not in page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        make_article(
            headline="渡轮晚点", language="zh-hans", column=story.column,
            section=story.section, published_at=timezone.now() - timedelta(minutes=5),
        )  # fmt: skip
    assert '<link rel="alternate" hreflang="zh-hans"' in page(client, url)


def test_a_list_page_with_its_cards_kept_reads_one_query(
    client, story, django_assert_max_num_queries
):
    for _ in range(3):
        make_article(section=story.section, published_at=timezone.now() - timedelta(days=1))
    url = story.section.get_absolute_url()
    page(client, url)  # keeps the cards, the chrome and the sections
    drop_pages()
    # Before: the section, the placements, the rows, their credits, their cards, the
    # first picture and the menu (7).
    with django_assert_max_num_queries(1):
        assert client.get(url).status_code == 200


def test_the_home_page_with_its_cards_kept_reads_two_queries(
    client, story, django_assert_max_num_queries
):
    for number in range(6):
        make_article(
            section=make_section(name=f"Desk {number}"), lead_image=make_image(),
            published_at=timezone.now() - timedelta(days=1, minutes=number),
        )  # fmt: skip
    page(client, "/en/")
    drop_pages()
    # The newest of the edition, then those shown with their cards (18 before: a query
    # per section, the credits, the cards of each block, the menu...).
    with django_assert_max_num_queries(2):
        assert client.get("/en/").status_code == 200


def test_the_front_reads_a_section_missing_from_the_newest_on_its_own(story):
    quiet = make_section(name="Quiet")
    make_article(
        headline="A quiet note", section=quiet, published_at=timezone.now() - timedelta(days=30)
    )
    for number in range(40):
        make_article(section=story.section, published_at=timezone.now() - timedelta(minutes=number))
    with translation.override("en"):
        shown = front.front_page(Article.objects.published().in_language("en"), light=True)
    names = {section.name: [a.headline for a in articles] for section, articles in shown.sections}
    assert names["Quiet"] == ["A quiet note"]
    assert len(names["Port"]) == front.PER_SECTION
