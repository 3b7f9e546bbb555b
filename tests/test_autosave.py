"""Autosave: a private draft copy of the form, kept while its user types; not a revision."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.content.models import Article
from newsdesk.newsroom import autosave, revisions, translations
from newsdesk.newsroom.models import Autosave, Revision
from tests.factories import make_article, make_section
from tests.newsroom_forms import article_form, change_url

pytestmark = pytest.mark.django_db


def copy_url(article=None) -> str:
    if article is None:
        return "/admin/content/article/autosave/"
    return f"/admin/content/article/{article.pk}/autosave/"


@pytest.fixture
def draft(writer):
    article = make_article(headline="Ferry fares rise", status="draft", created_by=writer)
    revisions.record(article, writer)
    return article


def signed_in(user, *, csrf=False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def post_copy(client, article=None, **data):
    payload = {"data": data, "base_version": article.version if article else 0}
    return client.post(copy_url(article), json.dumps(payload), content_type="application/json")


def test_writer_saves_gets_and_discards_a_copy_of_her_draft(writer, draft):
    client = signed_in(writer)
    response = post_copy(client, draft, headline="Ferry fares rise again", body="<p>New.</p>")
    assert response.status_code == 200
    assert response.json()["message"].startswith("Saved a draft copy at ")
    got = client.get(copy_url(draft)).json()
    assert got["data"] == {"headline": "Ferry fares rise again", "body": "<p>New.</p>"}
    assert got["base_version"] == draft.version
    assert client.delete(copy_url(draft)).status_code == 204
    assert client.get(copy_url(draft)).status_code == 404


def test_a_second_autosave_replaces_the_first(writer, draft):
    client = signed_in(writer)
    post_copy(client, draft, headline="One")
    post_copy(client, draft, headline="Two")
    assert Autosave.objects.get().data == {"headline": "Two"}


def test_the_add_form_keeps_one_copy_per_user(writer, other_writer):
    post_copy(signed_in(writer), None, headline="Mine")
    post_copy(signed_in(writer), None, headline="Still mine")
    post_copy(signed_in(other_writer), None, headline="Walter's")
    copies = dict(Autosave.objects.filter(article=None).values_list("user__username", "data"))
    assert copies == {"wendy": {"headline": "Still mine"}, "walter": {"headline": "Walter's"}}


def test_an_autosave_is_not_a_revision(writer, draft):
    before = draft.version
    post_copy(signed_in(writer), draft, headline="Typed but not saved")
    draft.refresh_from_db()
    assert draft.version == before
    assert draft.headline == "Ferry fares rise"
    assert Revision.objects.filter(article=draft).count() == 1


def test_autosave_refuses_a_post_without_the_csrf_token(writer, draft):
    response = post_copy(signed_in(writer, csrf=True), draft, headline="x")
    assert response.status_code == 403
    assert not Autosave.objects.exists()


def test_autosave_accepts_the_token_in_the_header_as_desk_js_sends_it(writer, draft):
    client = signed_in(writer, csrf=True)
    client.get(change_url(draft))
    token = client.cookies["csrftoken"].value
    response = client.post(
        copy_url(draft),
        json.dumps({"data": {"headline": "x"}, "base_version": 1}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200


def test_only_those_who_may_edit_the_article_keep_a_copy(other_writer, translator, draft):
    for user in [other_writer, translator]:
        client = signed_in(user)
        assert post_copy(client, draft, headline="x").status_code == 403
        assert client.get(copy_url(draft)).status_code == 403
        assert client.delete(copy_url(draft)).status_code == 403
    assert not Autosave.objects.exists()


def test_a_writer_cannot_autosave_a_draft_once_submitted(writer, draft):
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.REVIEW)
    assert post_copy(signed_in(writer), draft, headline="x").status_code == 403


def test_a_translator_may_not_autosave_a_new_article(translator):
    assert post_copy(signed_in(translator), None, headline="x").status_code == 403


@pytest.mark.parametrize("pk", [999_999, 2**63, 10**30])
def test_autosave_of_a_missing_article_is_not_found(writer, pk):
    response = signed_in(writer).post(copy_url(Article(pk=pk)), "{}", "application/json")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"data": "headline"}',
        b'{"data": {"headline": 3}}',
        b'{"data": {"tags": ["1", 2]}}',
        json.dumps({"data": {"x" * 101: "long name"}}).encode(),
        json.dumps({"data": {f"f{i}": "" for i in range(501)}}).encode(),
    ],
)
def test_autosave_refuses_what_is_not_a_form_copy(writer, draft, body):
    response = signed_in(writer).post(copy_url(draft), body, content_type="application/json")
    assert response.status_code == 400
    assert not Autosave.objects.exists()


def test_autosave_refuses_a_copy_over_the_size_limit(writer, draft):
    response = post_copy(signed_in(writer), draft, body="x" * autosave.MAX_BYTES)
    assert response.status_code == 413
    assert not Autosave.objects.exists()


def test_a_real_save_deletes_the_users_copy_but_not_a_colleagues(writer, editor, draft):
    post_copy(signed_in(writer), draft, headline="Typed")
    post_copy(signed_in(editor), draft, headline="Edith typed")
    data = article_form(draft, headline="Ferry fares rise by a third")
    response = signed_in(writer).post(change_url(draft), data)
    assert response.status_code == 302
    assert list(Autosave.objects.values_list("user__username", flat=True)) == ["edith"]


def test_saving_a_new_article_deletes_the_add_forms_copy(writer):
    post_copy(signed_in(writer), None, headline="A new story")
    section = make_section()
    data = {
        "headline": "A new story",
        "slug": "a-new-story",
        "standfirst": "",
        "body": "<p>Text.</p>",
        "section": section.pk,
        "language": "en",
        "source_line": "",
        "review_note": "",
        "bylines-TOTAL_FORMS": 0,
        "bylines-INITIAL_FORMS": 0,
        "translator_credits-TOTAL_FORMS": 0,
        "translator_credits-INITIAL_FORMS": 0,
    }
    response = signed_in(writer).post("/admin/content/article/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Autosave.objects.exists()


def test_a_refused_save_keeps_the_copy(writer, draft):
    post_copy(signed_in(writer), draft, headline="Typed")
    response = signed_in(writer).post(change_url(draft), article_form(draft, headline=""))
    assert response.status_code == 200
    assert Autosave.objects.filter(user=writer, article=draft).exists()


# The restore prompt ---------------------------------------------------------------------

PROMPT = "You have unsaved changes from"


def test_the_form_offers_a_newer_different_copy(writer, draft):
    client = signed_in(writer)
    post_copy(client, draft, headline="Ferry fares rise again", body=draft.body)
    page = client.get(change_url(draft)).content.decode()
    assert PROMPT in page
    assert "Restore them" in page and "Discard" in page


def test_no_prompt_when_the_copy_matches_the_form(writer, draft):
    client = signed_in(writer)
    # As a browser sends the textarea: CRLF line breaks.
    post_copy(client, draft, headline=draft.headline, body=draft.body.replace("\n", "\r\n"))
    assert PROMPT not in client.get(change_url(draft)).content.decode()


def test_no_prompt_when_the_copy_is_older_than_the_last_revision(writer, draft):
    client = signed_in(writer)
    post_copy(client, draft, headline="Typed before a colleague saved")
    Autosave.objects.update(saved_at=timezone.now() - timedelta(minutes=5))
    Article.objects.filter(pk=draft.pk).update(headline="Edith's headline")
    draft.refresh_from_db()
    revisions.record(draft, None)
    assert PROMPT not in client.get(change_url(draft)).content.decode()


def test_no_prompt_for_someone_elses_copy(writer, editor, draft):
    post_copy(signed_in(editor), draft, headline="Edith typed")
    assert PROMPT not in signed_in(writer).get(change_url(draft)).content.decode()


def test_the_add_form_offers_its_copy(writer):
    client = signed_in(writer)
    post_copy(client, None, headline="Half a new story")
    page = client.get("/admin/content/article/add/").content.decode()
    assert PROMPT in page


def test_the_form_carries_the_reading_rule_of_the_reader_pages(writer, draft):
    from newsdesk.content import reading

    page = signed_in(writer).get(change_url(draft)).content.decode()
    assert f'data-words-per-minute="{reading.WORDS_PER_MINUTE}"' in page
    assert f'data-characters-per-minute="{reading.CJK_CHARACTERS_PER_MINUTE}"' in page
    assert f'data-autosave-url="{copy_url(draft)}"' in page


def test_a_read_only_view_has_no_autosave(writer, draft):
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.REVIEW)
    # Submitted, the draft is Wendy's to read, not to edit.
    response = signed_in(writer).get(change_url(draft))
    assert response.status_code == 200
    assert "newsroom-desk" not in response.content.decode()


# The translation desk -------------------------------------------------------------------


@pytest.fixture
def translation(editor, translator):
    original = make_article(headline="Harbour ferries move to a winter timetable")
    translated = translations.request_translation(original, "zh-hans", translator, by=editor)
    revisions.record(translated, translator)
    return translated


def desk_url(article) -> str:
    return f"/admin/content/article/{article.pk}/translate/"


def test_the_translation_desk_offers_the_translators_copy(translator, translation):
    client = signed_in(translator)
    post_copy(client, translation, headline="港口渡轮改用冬季时刻表", **{"row-0": "港务局"})
    page = client.get(desk_url(translation)).content.decode()
    assert PROMPT in page
    assert f'data-autosave-url="{copy_url(translation)}"' in page


def test_saving_on_the_translation_desk_deletes_the_copy(translator, translation):
    client = signed_in(translator)
    post_copy(client, translation, headline="港口渡轮")
    rows = translations.align(translation.translation_of.body, translation.body, None)
    data = {"headline": "港口渡轮", "standfirst": "", "base_version": translation.version}
    data.update((f"row-{i}", "") for i in range(len(rows)))
    response = client.post(desk_url(translation), data)
    assert response.status_code == 302
    assert not Autosave.objects.exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Saved a draft copy at 3:30 p.m."),
        ("zh-hans", "已于15:30保存草稿副本"),
        ("ja", "15:30に下書きのコピーを保存しました"),
    ],
)
def test_the_saved_status_gives_the_time_as_the_language_writes_it(
    writer, draft, monkeypatch, third_edition, language, expected
):
    client = signed_in(writer)
    afternoon = datetime(2026, 3, 4, 15, 30, tzinfo=UTC)
    monkeypatch.setattr(autosave.timezone, "now", lambda: afternoon)
    response = client.post(
        copy_url(draft),
        json.dumps({"data": {"headline": "x"}, "base_version": 1}),
        content_type="application/json",
        headers={"Accept-Language": language},
    )
    message = response.json()["message"]
    assert message == expected  # in the language's words and its own way of writing times
    assert ".." not in message
