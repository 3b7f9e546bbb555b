"""Article cards rendered once and kept (content/cards.py), forgotten when what they show
changes, never kept from a state a purge has since replaced."""

import pytest

from newsdesk.caching.store import get_store
from newsdesk.content import cards
from newsdesk.content.cards import ArticleCard
from tests.factories import make_article, make_column, make_image, make_person, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """The (article id, variant) of every card rendered."""
    made = []
    render = cards.render

    def counting(article, variant):
        made.append((article.pk, variant))
        return render(article, variant)

    monkeypatch.setattr(cards, "render", counting)
    return made


@pytest.fixture
def story():
    return make_article(
        headline="Ferries run late", column=make_column(name="Harbour Watch"),
        authors=[make_person(name="Ida Berg")], lead_image=make_image(),
        section=make_section(name="Port"),
    )  # fmt: skip


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_list_keeps_the_cards_it_rendered_and_joins_them_next_time(client, story, renders):
    url = story.section.get_absolute_url()
    first = page(client, url)
    assert renders == [(story.pk, "list-eager")]
    assert ArticleCard.objects.filter(article=story, variant="list-eager").exists()
    assert page(client, url + "?again=1") == first
    assert renders == [(story.pk, "list-eager")]  # read, not rendered


def test_the_home_page_keeps_each_variant(client, story, renders):
    page(client, "/en/")
    page(client, "/en/?again=1")
    assert renders == [(story.pk, "lead")]
    assert set(ArticleCard.objects.values_list("variant", flat=True)) == {"lead"}


def new_headline(story):
    story.headline = "Ferries run on time"
    story.save()


def renamed_column(story):
    story.column.name = "Quay Notes"
    story.column.save()


def renamed_author(story):
    person = story.authors.get()
    person.name = "Ida Berg-Moen"
    person.save()


def new_alt_text(story):
    story.lead_image.alt_text = "A ferry at the quay"
    story.lead_image.save()


@pytest.mark.parametrize(
    "change, shown",
    [
        (new_headline, "Ferries run on time"),
        (renamed_column, "Quay Notes"),
        (renamed_author, "Ida Berg-Moen"),
        # A card's picture is decorative (alt=""): the change is in its renditions' URLs.
        (new_alt_text, None),
    ],
    ids=["headline", "column", "author", "lead picture"],
)
def test_a_change_to_what_a_card_shows_forgets_it(
    client, story, change, shown, django_capture_on_commit_callbacks
):
    url = story.section.get_absolute_url()
    page(client, url)
    cards.shown([(story, "teaser")], token=get_store().start())
    assert ArticleCard.objects.filter(article=story).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        change(story)
    assert not ArticleCard.objects.filter(article=story).exists()
    if shown:
        assert shown in page(client, url + "?v=2")


def test_cards_of_other_articles_are_kept_by_a_purge(
    client, story, django_capture_on_commit_callbacks
):
    other = make_article(section=story.section)
    page(client, story.section.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        story.headline = "Ferries run on time"
        story.save()
    assert ArticleCard.objects.filter(article=other).exists()


def test_a_card_rendered_before_a_purge_is_not_kept(story):
    token = get_store().start()  # a page begins, reads the article
    get_store().purge({"article-0"})  # any purge commits meanwhile
    shown = cards.shown([(story, "list")], token=token)
    assert "Ferries run late" in shown[0]
    assert not ArticleCard.objects.exists()
    cards.shown([(story, "list")], token=get_store().start())
    assert ArticleCard.objects.filter(article=story, variant="list").exists()


def test_a_card_is_made_again_when_what_it_is_made_of_changes(story, settings, renders):
    cards.shown([(story, "list")], token=get_store().start())
    cards.shown([(story, "list")], token=get_store().start())
    assert len(renders) == 1
    before = ArticleCard.objects.get(article=story, variant="list").html
    settings.TIME_ZONE = "Asia/Shanghai"  # another version: every card is made again
    shown = cards.shown([(story, "list")], token=get_store().start())[0]
    assert len(renders) == 2 and shown != before and "+08:00" in shown
    assert ArticleCard.objects.get(article=story, variant="list").version == cards.version()


def test_purging_everything_forgets_every_card(story):
    cards.shown([(story, "list"), (story, "teaser")], token=get_store().start())
    cards.forget({"all"})
    assert not ArticleCard.objects.exists()


def test_a_card_is_in_its_articles_edition(client):
    story = make_article(language="zh-hans", headline="渡轮晚点", authors=[make_person()])
    html = cards.shown([(story, "list")])[0]
    assert 'href="/zh-hans/' in html and "渡轮晚点" in html
