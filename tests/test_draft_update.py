"""An outdated published translation reopened as a draft update: its translator works on
the update while readers, the API and the feeds keep the published version, until an
editor publishes the update (or discards it)."""

import json
import re

import pytest
from django.test import Client

from newsdesk.content.models import Article
from newsdesk.newsroom import draft_updates, revisions, roles
from newsdesk.newsroom.models import AuditEntry, DraftUpdate
from newsdesk.newsroom.translations import request_translation
from newsdesk.newsroom.workflow import take_step
from tests.factories import make_article
from tests.newsroom_forms import change_url

pytestmark = pytest.mark.django_db
Status = Article.Status
Action = AuditEntry.Action

ENGLISH = ["The harbour reopened on Monday.", "Fishing boats came back at dawn."]
CHINESE = ["港口于周一重新开放。", "渔船在黎明时分返回。"]
LATE = "A late paragraph about the weather."
LATE_CHINESE = "关于天气的最后一段。"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def translate_url(article) -> str:
    return f"/admin/content/article/{article.pk}/translate/"


def update_url(article, action) -> str:
    return f"/admin/content/article/{article.pk}/draft-update/{action}/"


def paragraphs(texts) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


@pytest.fixture
def published(editor, translator):
    """A published Chinese translation whose original has since gained a paragraph."""
    original = make_article(
        headline="Harbour reopens", standfirst="After three weeks.", body=paragraphs(ENGLISH)
    )
    revisions.record(original, editor)
    translation = request_translation(original, "zh-hans", translator, by=editor)
    translation.headline, translation.standfirst = "港口重新开放", "三周之后。"
    translation.body = paragraphs(CHINESE)
    translation.save()
    revisions.record(translation, translator)
    take_step(translation, "submitted", translator)
    take_step(translation, "published", editor)
    original.body = paragraphs([*ENGLISH, LATE])
    original.save()
    revisions.record(original, editor)
    translation.refresh_from_db()
    assert translation.translation_task.outdated
    return translation


def desk_post(article, *rows, headline="港口重新开放", step=None, **extra) -> dict:
    data = {"base_version": article.version, "headline": headline, "standfirst": "三周之后。"}
    data.update({f"row-{i}": text for i, text in enumerate(rows)})
    if step:
        data["_step"] = step
    return {**data, **extra}


def reader_texts(client, article) -> tuple[str, str, str]:
    """The article's page, its API document and the edition's JSON feed, as text."""
    page = client.get(article.get_absolute_url()).content.decode()
    api = client.get(f"/api/v1/articles/{article.pk}").json()
    feed = client.get("/zh-hans/feed/json/").json()
    return page, json.dumps(api, ensure_ascii=False), json.dumps(feed, ensure_ascii=False)


# The probe: today a published translation is read-only to its translator, unexplained.


def test_a_published_translation_is_read_only_to_its_translator_with_a_way_out(
    published, translator
):
    assert not roles.can_edit(translator, published)
    form = logged_in(translator).get(change_url(published))
    assert form.status_code == 302 and form["Location"] == translate_url(published)
    desk = logged_in(translator).get(translate_url(published)).content.decode()
    assert re.search(r'<textarea id="row-0"[^>]* readonly>', desk)
    assert "Published: readers see this version" in desk
    assert "the published version stays up until an editor publishes the update" in desk
    assert update_url(published, "reopen") in desk and "Reopen as a draft" in desk


def test_another_translator_cannot_reopen_it(published):
    from tests.factories import make_user

    stranger = make_user("tess", "Translator")
    response = logged_in(stranger).post(update_url(published, "reopen"))
    assert response.status_code == 403
    assert not DraftUpdate.objects.exists()


def test_a_writer_cannot_reopen_it(published, writer):
    assert logged_in(writer).post(update_url(published, "reopen")).status_code == 403
    assert not DraftUpdate.objects.exists()


# Reopening and editing.


def test_the_translator_reopens_it_and_edits_the_draft_update_while_readers_keep_it(
    client, published, translator
):
    before = reader_texts(client, published)
    assert CHINESE[1] in before[0] and CHINESE[1] in before[1] and CHINESE[1] in before[2]
    desk = logged_in(translator)
    response = desk.post(update_url(published, "reopen"))
    assert response.status_code == 302 and response["Location"] == translate_url(published)
    update = published.draft_update
    assert update.created_by == translator and update.base_version == published.version
    assert update.snapshot["body"] == published.body
    assert published.audit_entries.filter(action=Action.UPDATE_OPENED, actor=translator)

    page = desk.get(translate_url(published)).content.decode()
    assert "Draft update of the published translation" in page
    assert 'name="up_to_date"' not in page  # publishing the update says so
    assert not re.search(r'<textarea id="row-0"[^>]* readonly>', page)  # editable now
    assert "1 of 3 blocks untranslated" in page  # the original's new paragraph

    response = desk.post(
        translate_url(published),
        desk_post(published, CHINESE[0], "渔船在清晨返回。", LATE_CHINESE, headline="港口重开"),
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.snapshot == {
        "headline": "港口重开",
        "standfirst": "三周之后。",
        "body": paragraphs([CHINESE[0], "渔船在清晨返回。", LATE_CHINESE]),
        "source_version": published.translation_of.version,  # written beside the latest
    }
    version = published.version
    published.refresh_from_db()
    assert published.headline == "港口重新开放" and published.body == paragraphs(CHINESE)
    assert published.version == version and published.status == Status.PUBLISHED
    # Readers, the API and the feeds see the published version only.
    after = reader_texts(client, published)
    for text in after:
        assert "渔船在清晨返回" not in text and "港口重开" not in text.replace("港口重新开放", "")
    assert CHINESE[1] in after[0] and CHINESE[1] in after[1] and CHINESE[1] in after[2]


def test_submitting_an_unfinished_update_is_refused_with_the_count(published, translator):
    draft_updates.reopen(published, translator)
    response = logged_in(translator).post(
        translate_url(published),
        desk_post(published, CHINESE[0], CHINESE[1], "", step="submitted"),
    )
    assert response.status_code == 200
    assert "1 of 3 blocks untranslated" in response.content.decode()
    assert published.draft_update.submitted_at is None


def test_the_translator_submits_the_finished_update(published, translator):
    draft_updates.reopen(published, translator)
    response = logged_in(translator).post(
        translate_url(published),
        desk_post(published, CHINESE[0], CHINESE[1], LATE_CHINESE, step="submitted"),
    )
    assert response.status_code == 302
    update = DraftUpdate.objects.get(article=published)
    assert update.submitted_at is not None
    assert published.audit_entries.filter(action=Action.SUBMITTED, detail="draft update")
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED and LATE_CHINESE not in published.body


# The editor's side.


@pytest.fixture
def submitted(published, translator):
    update = draft_updates.reopen(published, translator)
    draft_updates.save(
        update,
        translator,
        headline="港口重开",
        standfirst="三周之后。",
        body=paragraphs([*CHINESE, LATE_CHINESE]),
    )
    draft_updates.submit(update, translator)
    return update


def test_the_editor_sees_the_waiting_update_with_its_changes(submitted, editor):
    page = logged_in(editor).get(change_url(submitted.article)).content.decode()
    assert "A draft update by Tao Zhang is waiting" in page
    assert "<ins>港口重开</ins>" in page and f"<ins>{LATE_CHINESE}</ins>" in page
    assert update_url(submitted.article, "publish") in page
    assert update_url(submitted.article, "discard") in page


def test_the_editor_is_warned_when_the_published_version_changed_since(submitted, editor):
    article = submitted.article
    client = logged_in(editor)
    assert "was changed after this update was opened" not in (
        client.get(change_url(article)).content.decode()
    )
    article.standfirst = "三周后。"
    article.save()
    revisions.record(article, editor)
    page = client.get(change_url(article)).content.decode()
    assert "was changed after this update was opened" in page
    assert "<del>三周后。</del>" in page


def test_the_article_list_shows_the_waiting_update(submitted, editor):
    listing = logged_in(editor).get("/admin/content/article/").content.decode()
    assert "Update waiting" in listing


def test_publishing_the_update_applies_it_purges_and_marks_it_current(
    client, submitted, editor, django_capture_on_commit_callbacks
):
    article = submitted.article
    assert CHINESE[1] in client.get(article.get_absolute_url()).content.decode()  # cached
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(editor).post(update_url(article, "publish"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "港口重开" and LATE_CHINESE in article.body
    assert article.status == Status.PUBLISHED and article.revised_at is not None
    assert not DraftUpdate.objects.filter(article=article).exists()
    assert article.revisions.first().note == "Draft update published"
    assert not article.translation_task.outdated
    assert article.audit_entries.filter(action=Action.UPDATE_PUBLISHED, actor=editor)
    # The page cached before is gone: readers see the update.
    assert LATE_CHINESE in client.get(article.get_absolute_url()).content.decode()


def test_an_unfinished_update_is_published_only_with_an_editors_note(published, translator, editor):
    update = draft_updates.reopen(published, translator)  # the new paragraph untranslated
    client = logged_in(editor)
    client.post(update_url(published, "publish"))
    assert DraftUpdate.objects.filter(pk=update.pk).exists()
    client.post(update_url(published, "publish"), {"update_anyway": "1", "update_note": "Now."})
    assert not DraftUpdate.objects.filter(pk=update.pk).exists()
    entry = published.audit_entries.get(action=Action.INCOMPLETE_ALLOWED)
    assert "1 of 3 blocks untranslated" in entry.detail and "Now." in entry.detail
    published.translation_task.refresh_from_db()
    assert published.translation_task.outdated  # the new paragraph is still to do


def test_the_translator_cannot_publish_the_update(submitted, translator):
    response = logged_in(translator).post(update_url(submitted.article, "publish"))
    assert response.status_code == 403
    assert DraftUpdate.objects.filter(pk=submitted.pk).exists()


def test_discarding_the_update_leaves_the_published_article(submitted, editor):
    article = submitted.article
    body = article.body
    response = logged_in(editor).post(update_url(article, "discard"))
    assert response.status_code == 302
    assert not DraftUpdate.objects.exists()
    article.refresh_from_db()
    assert article.body == body and article.status == Status.PUBLISHED
    assert article.audit_entries.filter(action=Action.UPDATE_DISCARDED, actor=editor)


def test_the_translator_discards_her_own_update(submitted, translator):
    response = logged_in(translator).post(update_url(submitted.article, "discard"))
    assert response.status_code == 302
    assert response["Location"] == translate_url(submitted.article)
    assert not DraftUpdate.objects.exists()
