"""A soft notice naming whoever else has the article open, kept fresh by a heartbeat."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.content.models import Article
from newsdesk.newsroom import presence, revisions
from newsdesk.newsroom.models import EditingPresence
from tests.factories import make_article, make_user
from tests.newsroom_forms import article_form, change_url

pytestmark = pytest.mark.django_db
Status = Article.Status


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def heartbeat(client, article, **data):
    return client.post(f"/admin/content/article/{article.pk}/presence/", data)


@pytest.fixture
def otto(db):
    return make_user("otto", "Editor", first_name="Otto", last_name="Reyes")


@pytest.fixture
def article(editor):
    article = make_article(status=Status.DRAFT, headline="Ferry strike")
    revisions.record(article, editor)
    return article


def test_the_second_editor_to_open_a_story_is_told_who_else_is_editing(editor, otto, article):
    first = logged_in(editor).get(change_url(article)).content.decode()
    assert "is also editing" not in first
    second = logged_in(otto).get(change_url(article)).content.decode()
    assert "Edith Okafor is also editing this story (since " in second
    assert 'data-presence-url="/admin/content/article/' in second


def test_the_heartbeat_names_the_others_and_a_newer_save(editor, otto, article):
    edith, other = logged_in(editor), logged_in(otto)
    opened = article.version
    heartbeat(other, article, base_version=opened)
    answer = heartbeat(edith, article, base_version=opened).json()
    assert len(answer["notices"]) == 1
    assert answer["notices"][0].startswith("Otto Reyes is also editing this story (since ")
    # Edith saves; Otto's page, still on the version he opened, hears of it.
    edith.post(change_url(article), article_form(article, dates=True, standfirst="New."))
    answer = heartbeat(other, article, base_version=opened).json()
    assert answer["saved_by"] == "Edith Okafor" and answer["version"] == opened + 1
    assert any(
        n.startswith("Edith Okafor saved a newer version at ")
        and n.endswith("; your save will be merged with it")
        for n in answer["notices"]
    )


def test_times_are_in_the_language_s_own_format(editor, otto, article, settings):
    presence.touch(article, editor)
    EditingPresence.objects.filter(user=editor).update(
        first_seen=timezone.localtime().replace(hour=14, minute=5)
    )
    english = heartbeat(logged_in(otto), article).json()["notices"][0]
    assert "(since 2:05 p.m.)" in english
    chinese = Client(headers={"accept-language": "zh-hans"})
    chinese.force_login(otto)
    answer = chinese.post(
        f"/admin/content/article/{article.pk}/presence/", headers={"accept-language": "zh-hans"}
    ).json()["notices"][0]
    assert "p.m." not in answer and "14:05" in answer


def test_a_page_silent_for_two_minutes_is_forgotten(editor, otto, article):
    presence.touch(article, editor)
    EditingPresence.objects.update(last_seen=timezone.now() - timedelta(minutes=3))
    assert heartbeat(logged_in(otto), article).json()["notices"] == []
    # Edith comes back: a new visit, since now.
    before = timezone.now()
    presence.touch(article, editor)
    assert EditingPresence.objects.get(user=editor).first_seen >= before


def test_the_heartbeat_is_a_post_for_those_who_may_see_the_article(writer, other_writer, editor):
    draft = make_article(status=Status.DRAFT, created_by=writer)
    assert logged_in(writer).get(f"/admin/content/article/{draft.pk}/presence/").status_code == 405
    assert heartbeat(logged_in(other_writer), draft).status_code == 403
    assert heartbeat(Client(), draft).status_code == 302  # to the sign-in page
    assert not EditingPresence.objects.exists()


def test_the_change_form_lists_recent_merges(editor, otto, article):
    edith, other = logged_in(editor), logged_in(otto)
    opened = article.version
    edith.post(change_url(article), article_form(article, dates=True, standfirst="New."))
    other.post(
        change_url(article),
        article_form(article, dates=True, base_version=opened, headline="Ferry strike ends"),
    )
    page = edith.get(change_url(article)).content.decode()
    assert "Otto Reyes saved at " in page
    assert "merged with Edith Okafor’s revision 2 (standfirst)" in page


def test_the_translation_desk_shows_who_else_is_editing(editor, translator):
    from newsdesk.newsroom.translations import request_translation

    original = make_article(headline="Harbour reopens")
    draft = request_translation(original, "zh-hans", translator, by=editor)
    logged_in(editor).get(change_url(draft))
    desk = logged_in(translator).get(f"/admin/content/article/{draft.pk}/translate/")
    assert "Edith Okafor is also editing this story" in desk.content.decode()
    assert "newsroom/presence.js" in desk.content.decode()
