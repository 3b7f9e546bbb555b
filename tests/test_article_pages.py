"""An article's page kept less its aside (content/cards.py ArticlePage): joined with a
fresh Related and Hot Recommended on each render, forgotten when anything it shows
changes, never kept from a state a purge has since replaced."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.caching.store import get_store
from newsdesk.content import cards
from newsdesk.content.cards import ArticleCard, ArticlePage
from newsdesk.content.models import Article
from newsdesk.reader import kept_pages, views
from newsdesk.trending.models import HotList
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
def renders(monkeypatch):
    """The ids of the articles whose page (less its aside) was rendered."""
    made = []
    article_main = views.article_main

    def counting(article):
        made.append(article.pk)
        return article_main(article)

    monkeypatch.setattr(views, "article_main", counting)
    return made


@pytest.fixture
def story():
    picture = make_image(caption="The old quay.")
    original = make_article(
        language="zh-hans", headline="渡轮晚点", authors=[make_person(name="Lin Qiao")]
    )
    story = make_article(
        headline="Ferries run late",
        body=f"<p>Delays all day.</p>{picture.embed_code}",
        column=make_column(name="Harbour Watch"),
        lead_image=make_image(caption="The harbour at noon."),
        authors=[make_person(name="Ida Berg")],
        translators=[make_person(name="Tom Ash")],
        tags=[make_tag(name="Ferries")],
        section=make_section(name="Port"),
        translation_of=original,
    )
    return story


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_is_kept_and_joined_with_its_aside(client, story, renders):
    url = story.get_absolute_url()
    first = page(client, url)
    assert renders == [story.pk]
    kept = ArticlePage.objects.get(article=story)
    assert "Ferries run late" in first and "Hot Recommended" not in first
    assert views.ASIDE not in first
    assert {"article-" + str(story.pk), "tag-" + str(story.tags.get().pk)} <= set(kept.keys.split())
    again = client.get(url + "?again=1")
    assert again.content.decode() == first
    assert renders == [story.pk]  # joined, not rendered
    assert set(again["Surrogate-Key"].split()) == set(client.get(url)["Surrogate-Key"].split())


def test_the_aside_is_fresh_on_each_render(client, story, renders):
    hot = make_article(headline="Tide tables go online")
    url = story.get_absolute_url()
    assert "Tide tables go online" not in page(client, url)
    HotList.objects.create(scope="en", article_ids=[hot.pk, story.pk], computed_at=timezone.now())
    get_store().purge({"hot-en"})  # as trending/hot.py refresh() does
    shown = page(client, url + "?v=2")
    assert "Hot Recommended" in shown and "Tide tables go online" in shown
    assert renders == [story.pk]  # the hot list's purge leaves the kept page
    # The page leaves itself out of its own hot list.
    assert shown.count("Ferries run late") == page(client, url + "?v=3").count("Ferries run late")
    assert f'href="{story.get_absolute_url()}"' not in shown.split('class="hot"')[1]


def renamed_tag(story):
    tag = story.tags.get()
    tag.name = "Ferry services"
    tag.save()
    return "Ferry services"


def renamed_translator(story):
    person = story.translators.get()
    person.name = "Tom Ashe"
    person.save()
    return "Tom Ashe"


def renamed_author_of_the_original(story):
    # The JSON-LD describes the other versions whole, their authors too.
    person = story.translation_of.authors.get()
    person.name = "Lin Qiao-Berg"
    person.save()
    return "Lin Qiao-Berg"


def new_caption(story):
    picture = story.inline_images.get()
    picture.caption = "The new quay."
    picture.save()
    return "The new quay."


def renamed_column(story):
    story.column.name = "Quay Notes"
    story.column.save()
    return "Quay Notes"


def renamed_section(story):
    story.section.name = "Harbour"
    story.section.save()
    return "Harbour"


def new_translation(story):
    make_article(
        language="ja", translation_of=story.translation_of, headline="フェリー遅延",
        section=story.section,
    )  # fmt: skip
    return "フェリー遅延"


def edited_original(story):
    original = story.translation_of
    original.headline = "渡轮准点"
    original.save()
    return "渡轮准点"


def corrected(story):
    story.body = "<p>Corrected: delays until noon.</p>"
    story.save()
    return "Corrected: delays until noon."


@pytest.mark.parametrize(
    "change",
    [
        corrected,
        renamed_tag,
        renamed_translator,
        renamed_author_of_the_original,
        new_caption,
        renamed_column,
        renamed_section,
        new_translation,
        edited_original,
    ],
)
def test_a_change_to_what_the_page_shows_forgets_it(
    client, story, change, renders, django_capture_on_commit_callbacks
):
    url = story.get_absolute_url()
    page(client, url)
    other = make_article(headline="Cranes arrive")
    page(client, other.get_absolute_url())
    assert ArticlePage.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        shown = change(story)
    assert not ArticlePage.objects.filter(article=story).exists()
    # The other page shows none of it, but the section menu: every page shows that.
    assert ArticlePage.objects.filter(article=other).exists() != (change is renamed_section)
    assert shown in page(client, url + "?v=2")
    assert renders.count(story.pk) == 2


def deleted_tag(story):
    story.tags.get().delete()
    return "Ferries</a>"


def deleted_picture(story):
    story.lead_image.delete()
    return "The harbour at noon."


def deleted_column(story):
    story.column.delete()
    return "Harbour Watch"


@pytest.mark.parametrize("change", [deleted_tag, deleted_picture, deleted_column])
def test_deleting_what_the_page_shows_forgets_it(
    client, story, change, renders, django_capture_on_commit_callbacks
):
    # Its links to the article go with it, by a cascade no signal reports: the kept
    # page and cards are named while they stand (caching/receivers.py).
    url = story.get_absolute_url()
    page(client, url)
    page(client, story.section.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        gone = change(story)
    assert not ArticlePage.objects.filter(article=story).exists()
    assert not ArticleCard.objects.filter(article=story).exists()
    assert gone not in page(client, url + "?v=2")


def test_an_unpublished_article_is_not_served_from_its_kept_page(
    client, story, django_capture_on_commit_callbacks
):
    url = story.get_absolute_url()
    page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish(by=None)
    assert client.get(url + "?v=2").status_code == 404


def test_an_unpublished_translation_leaves_the_page(
    client, story, django_capture_on_commit_callbacks
):
    japanese = make_article(
        language="ja", translation_of=story.translation_of, headline="フェリー遅延"
    )
    url = story.get_absolute_url()
    assert "フェリー遅延" in page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        japanese.status = Article.Status.DRAFT
        japanese.save()
    assert "フェリー遅延" not in page(client, url + "?v=2")


def test_a_page_rendered_before_a_purge_is_not_kept(story):
    token = get_store().start()  # a request begins and reads the article
    get_store().purge({"article-0"})  # any purge commits meanwhile
    cards.keep_page(story.pk, "<p>old</p>", {"article-1"}, token)
    assert not ArticlePage.objects.exists()
    cards.keep_page(story.pk, "<p>new</p>", {"article-1"}, get_store().start())
    assert cards.stored_page(story.pk) == ("<p>new</p>", {"article-1"})


def test_a_page_is_made_again_when_what_it_is_made_of_changes(client, story, settings, renders):
    url = story.get_absolute_url()
    page(client, url)
    page(client, url + "?v=2")
    assert renders == [story.pk]
    settings.SITE_NAME = "Meridian Daily"  # another version: every page is made again
    assert "Meridian Daily" in page(client, url + "?v=3")
    assert renders == [story.pk, story.pk]


@pytest.fixture
def walk():
    kept_pages._walk.clear()
    yield
    kept_pages._walk.clear()


def test_the_worker_keeps_the_archive_pages_newest_first(client, story, walk):
    older = make_article(
        headline="Quay rebuilt", published_at=story.published_at - timedelta(days=400)
    )
    draft = make_article(headline="Not yet", status=Article.Status.DRAFT)
    assert kept_pages.keep_some(per_round=2, scan=2).startswith("article pages: 2 kept")
    # The newest two of those readers may see: the story and its original.
    assert set(ArticlePage.objects.values_list("article", flat=True)) == {
        story.pk,
        story.translation_of_id,
    }
    assert kept_pages.keep_some(per_round=2, scan=2).startswith("article pages: 1 kept")
    assert set(ArticlePage.objects.values_list("article", flat=True)) == {
        story.pk,
        story.translation_of_id,
        older.pk,
    }
    assert kept_pages.keep_some() is None  # the walk rests, then starts again
    assert not ArticlePage.objects.filter(article=draft).exists()
    # What the worker kept is what a reader's request keeps.
    by_worker = cards.stored_page(older.pk)
    ArticlePage.objects.all().delete()
    page(client, older.get_absolute_url())
    assert cards.stored_page(older.pk) == by_worker
