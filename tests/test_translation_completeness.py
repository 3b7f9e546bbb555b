"""A translation cannot go out half done: the desk counts what is left in the source
language, and submitting, scheduling or publishing with anything left is refused, on
every path, unless an editor sends it on anyway with a note (logged)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from newsdesk.content.models import Article
from newsdesk.newsroom import revisions
from newsdesk.newsroom.models import AuditEntry, ReviewNote
from newsdesk.newsroom.translations import completeness, request_translation, still_in_source
from newsdesk.newsroom.workflow import take_step
from tests.factories import make_article, make_image
from tests.newsroom_forms import article_form, change_url

pytestmark = pytest.mark.django_db
Status = Article.Status

PARAGRAPHS = [
    "The harbour reopened on Monday after three weeks of repairs.",
    "Fishing boats came back at dawn, their holds empty.",
    "The port authority says the new quay can take larger ferries.",
    "Traders at the fish market expect prices to fall by the weekend.",
    "Ferry crossings to the islands resume on Wednesday.",
    "The repairs cost twice what the city had planned.",
    "An inquiry into the overrun opens next month.",
]
CHINESE = [
    "港口在维修三周后于周一重新开放。",
    "渔船在黎明时分返回，船舱空空。",
    "港务局表示，新码头可以停靠更大的渡轮。",
    "鱼市的商贩预计周末前价格会下跌。",
    "前往各岛的渡轮将于周三恢复。",
    "维修费用是市政府原计划的两倍。",
    "对超支的调查将于下月展开。",
]


def body_of(paragraphs, heading="Boats return", figure=""):
    """Eight text blocks: a paragraph, a subheading, six paragraphs; and a picture."""
    first, *rest = paragraphs
    return f"<p>{first}</p><h2>{heading}</h2>{figure}" + "".join(f"<p>{p}</p>" for p in rest)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def translate_url(article) -> str:
    return f"/admin/content/article/{article.pk}/translate/"


@pytest.fixture
def original(editor):
    image = make_image()
    article = make_article(
        headline="Harbour reopens",
        standfirst="After three weeks of repairs.",
        body=body_of(PARAGRAPHS, figure=image.embed_code),
    )
    revisions.record(article, editor)
    return article


@pytest.fixture
def half_done(original, editor, translator):
    """The probe of issue 15: two of eight blocks translated, the headline still English."""
    draft = request_translation(original, "zh-hans", translator, by=editor)
    draft.standfirst = "经过三周的维修。"
    draft.body = f"<p>{CHINESE[0]}</p><h2>渔船归来</h2>"
    draft.save()
    revisions.record(draft, translator)
    return draft


def finished(draft) -> Article:
    draft.headline = "港口重新开放"
    draft.standfirst = "经过三周的维修。"
    draft.body = body_of(CHINESE, heading="渔船归来")
    draft.save()
    return draft


# Counting ---------------------------------------------------------------------------


def test_the_half_done_translation_counts_six_of_eight_blocks_and_the_headline(half_done):
    found = completeness(half_done)
    assert (found.blocks, found.untranslated, found.complete) == (8, 6, False)
    assert found.headline == "source" and found.standfirst == ""
    assert found.message == "6 of 8 blocks untranslated; the headline is still in English"


def test_a_finished_translation_is_complete(half_done):
    found = completeness(finished(half_done))
    assert (found.untranslated, found.headline, found.standfirst) == (0, "", "")
    assert found.complete and found.message == ""


def test_a_block_copied_from_the_original_counts_as_untranslated(half_done):
    half_done.body = body_of([PARAGRAPHS[0], *CHINESE[1:]], heading="渔船归来")
    found = completeness(half_done)
    assert found.untranslated == 1 and found.untranslated_rows == (0,)


def test_a_block_rewritten_but_still_in_the_source_script_counts(half_done):
    # English in a Chinese translation, though not the original's words.
    half_done.body = body_of(["The harbour is open again.", *CHINESE[1:]], heading="渔船归来")
    assert completeness(half_done).untranslated == 1


def test_names_and_numbers_kept_as_they_are_are_not_counted(editor, translator):
    original = make_article(
        headline="Results",
        standfirst="",
        body="<p>2024–2025: 3,400</p><h2>Rosa Vance</h2><p>The port had a good year.</p>",
    )
    revisions.record(original, editor)
    draft = request_translation(original, "zh-hans", translator, by=editor)
    draft.headline = "结果"
    draft.body = "<p>2024–2025: 3,400</p><h2>Rosa Vance</h2><p>港口度过了好的一年。</p>"
    found = completeness(draft)
    assert found.complete, found.message
    assert still_in_source("Boats return", "Boats return", "en", "zh-hans")
    assert not still_in_source("Rosa Vance", "Rosa Vance", "en", "zh-hans")
    assert not still_in_source("2024", "2024", "en", "zh-hans")


def test_the_standfirst_left_empty_or_in_the_source_language_counts(half_done):
    finished(half_done)
    half_done.standfirst = ""
    found = completeness(half_done)
    assert found.standfirst == "empty" and found.message == "the standfirst is empty"
    half_done.standfirst = "After three weeks of repairs."
    assert completeness(half_done).message == "the standfirst is still in English"


def test_chinese_left_in_an_english_translation_counts(editor, translator):
    original = make_article(
        language="zh-hans",
        headline="港口重新开放",
        standfirst="",
        body=f"<p>{CHINESE[0]}</p><p>{CHINESE[1]}</p>",
    )
    revisions.record(original, editor)
    draft = request_translation(original, "en", translator, by=editor)
    draft.body = f"<p>{PARAGRAPHS[0]}</p><p>{CHINESE[1]}（待译）</p>"
    found = completeness(draft)
    assert found.untranslated == 1 and found.headline == "source"
    assert found.message == (
        "1 of 2 blocks untranslated; the headline is still in Simplified Chinese"
    )


def test_chinese_copied_into_a_japanese_translation_counts(editor, translator, third_edition):
    original = make_article(
        language="zh-hans", headline="港口重新开放", standfirst="", body=f"<p>{CHINESE[4]}</p>"
    )
    revisions.record(original, editor)
    draft = request_translation(original, "ja", translator, by=editor)
    draft.headline = "港が再開"
    draft.body = "<p>前往各岛的渡轮周三恢复。</p>"
    assert completeness(draft).untranslated == 1
    draft.body = "<p>島への フェリーは 水曜日に 再開します。</p>"
    assert completeness(draft).complete


def test_an_outdated_translation_counts_the_originals_new_blocks(editor, translator, half_done):
    finished(half_done)
    original = half_done.translation_of
    original.body += "<p>A late paragraph about the weather.</p>"
    original.save()
    revisions.record(original, editor)
    half_done.refresh_from_db()
    assert half_done.translation_task.outdated
    found = completeness(half_done)
    assert (found.blocks, found.untranslated) == (9, 1)


# Refusing ----------------------------------------------------------------------------


def test_a_translator_cannot_submit_it_half_done(half_done, translator):
    with pytest.raises(ValidationError, match="6 of 8 blocks untranslated"):
        take_step(half_done, "submitted", translator)
    half_done.refresh_from_db()
    assert half_done.status == Status.DRAFT


@pytest.mark.parametrize("action", ["submitted", "scheduled", "published"])
def test_an_editor_cannot_send_it_on_half_done_without_saying_so(half_done, editor, action):
    when = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError, match="6 of 8 blocks untranslated"):
        take_step(half_done, action, editor, when=when)
    half_done.refresh_from_db()
    assert half_done.status == Status.DRAFT


def test_the_desk_refuses_to_submit_it_and_keeps_what_was_written(half_done, translator):
    data = {
        "base_version": half_done.version,
        "headline": "Harbour reopens",
        "standfirst": "经过三周的维修。",
        "row-0": CHINESE[0],
        "row-1": "渔船归来",
        **{f"row-{i}": "" for i in range(2, 9)},
        "_step": "submitted",
    }
    response = logged_in(translator).post(translate_url(half_done), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "6 of 8 blocks untranslated; the headline is still in English" in page
    half_done.refresh_from_db()
    assert half_done.status == Status.DRAFT


def test_the_desk_counts_and_marks_the_untranslated_rows(half_done, translator):
    page = logged_in(translator).get(translate_url(half_done)).content.decode()
    assert "6 of 8 blocks untranslated; the headline is still in English" in page
    assert page.count('class="badge badge-untranslated"') == 6
    rows = page.split("<tr class=")
    assert "badge-untranslated" not in next(r for r in rows if CHINESE[0] in r)


def test_the_change_form_shows_the_count(half_done, editor):
    page = logged_in(editor).get(change_url(half_done)).content.decode()
    assert "6 of 8 blocks untranslated; the headline is still in English" in page
    assert 'name="publish_anyway"' in page  # editors may send it on with a note


@pytest.mark.parametrize("action", ["published", "scheduled"])
def test_the_change_form_refuses_to_publish_or_schedule_it(half_done, editor, action):
    later = timezone.localtime(timezone.now() + timedelta(days=1))
    data = article_form(
        half_done,
        dates=True,
        _step=action,
        published_at_0=later.strftime("%Y-%m-%d"),
        published_at_1=later.strftime("%H:%M:%S"),
    )
    response = logged_in(editor).post(change_url(half_done), data)
    assert response.status_code == 200
    assert "6 of 8 blocks untranslated" in response.content.decode()
    half_done.refresh_from_db()
    assert half_done.status == Status.DRAFT


def test_the_bulk_action_refuses_it_with_the_count(half_done, editor):
    client = logged_in(editor)
    response = client.post(
        "/admin/content/article/",
        {"action": "publish_selected", "_selected_action": [half_done.pk]},
        follow=True,
    )
    assert "6 of 8 blocks untranslated" in response.content.decode()
    half_done.refresh_from_db()
    assert half_done.status == Status.DRAFT


def test_a_finished_translation_goes_through(half_done, translator, editor):
    finished(half_done)
    take_step(half_done, "submitted", translator)
    take_step(half_done, "published", editor)
    assert half_done.status == Status.PUBLISHED


def test_originals_are_not_counted(editor):
    article = make_article(status=Status.DRAFT, body="<p>Only English here.</p>")
    take_step(article, "published", editor)
    assert article.status == Status.PUBLISHED


# Overriding --------------------------------------------------------------------------


def test_an_editor_publishes_it_anyway_with_a_note_and_the_log_says_so(half_done, editor):
    take_step(half_done, "published", editor, note="The rest follows tonight.", override=True)
    half_done.refresh_from_db()
    assert half_done.status == Status.PUBLISHED
    entry = half_done.audit_entries.get(action=AuditEntry.Action.INCOMPLETE_ALLOWED)
    assert entry.actor == editor
    assert "6 of 8 blocks untranslated" in entry.detail
    assert "The rest follows tonight." in entry.detail
    assert ReviewNote.objects.get(article=half_done).text == "The rest follows tonight."


def test_overriding_needs_a_note(half_done, editor):
    with pytest.raises(ValidationError, match="note"):
        take_step(half_done, "published", editor, note="  ", override=True)
    half_done.refresh_from_db()
    assert half_done.status == Status.DRAFT


def test_a_translator_cannot_override(half_done, translator):
    with pytest.raises(PermissionDenied):
        take_step(half_done, "submitted", translator, note="Good enough.", override=True)
    half_done.refresh_from_db()
    assert half_done.status == Status.DRAFT
    assert not half_done.audit_entries.filter(action=AuditEntry.Action.INCOMPLETE_ALLOWED)


def test_a_writer_cannot_override(original, writer, editor):
    draft = Article.objects.create(
        headline=original.headline,
        slug="writers-translation",
        section=original.section,
        language="zh-hans",
        translation_of=original,
        created_by=writer,
    )
    with pytest.raises(PermissionDenied):
        take_step(draft, "submitted", writer, note="Good enough.", override=True)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_the_desk_ignores_publish_anyway_from_a_translator(half_done, translator):
    data = {
        "base_version": half_done.version,
        "headline": "Harbour reopens",
        "standfirst": "经过三周的维修。",
        "row-0": CHINESE[0],
        "row-1": "渔船归来",
        **{f"row-{i}": "" for i in range(2, 9)},
        "_step": "submitted",
        "publish_anyway": "1",
        "review_note": "Good enough.",
    }
    page = logged_in(translator).get(translate_url(half_done)).content.decode()
    assert 'name="publish_anyway"' not in page
    response = logged_in(translator).post(translate_url(half_done), data)
    assert response.status_code == 200
    assert "Only an editor may send on an unfinished translation." in response.content.decode()
    half_done.refresh_from_db()
    assert half_done.status == Status.DRAFT


def test_an_editor_submits_it_anyway_at_the_desk(half_done, editor):
    page = logged_in(editor).get(translate_url(half_done)).content.decode()
    assert 'name="publish_anyway"' in page
    data = {
        "base_version": half_done.version,
        "headline": "Harbour reopens",
        "standfirst": "经过三周的维修。",
        "row-0": CHINESE[0],
        "row-1": "渔船归来",
        **{f"row-{i}": "" for i in range(2, 9)},
        "_step": "submitted",
        "publish_anyway": "1",
        "review_note": "Breaking: the rest follows.",
    }
    response = logged_in(editor).post(translate_url(half_done), data)
    assert response.status_code == 302
    half_done.refresh_from_db()
    assert half_done.status == Status.REVIEW
    entry = half_done.audit_entries.get(action=AuditEntry.Action.INCOMPLETE_ALLOWED)
    assert "Breaking: the rest follows." in entry.detail


def test_an_editor_publishes_it_anyway_from_the_change_form(half_done, editor):
    data = article_form(
        half_done,
        dates=True,
        _step="published",
        publish_anyway="on",
        review_note="Breaking: the rest follows.",
    )
    response = logged_in(editor).post(change_url(half_done), data)
    assert response.status_code == 302
    half_done.refresh_from_db()
    assert half_done.status == Status.PUBLISHED
    entry = half_done.audit_entries.get(action=AuditEntry.Action.INCOMPLETE_ALLOWED)
    assert "6 of 8 blocks untranslated" in entry.detail


def test_the_change_form_asks_for_the_note_when_overriding(half_done, editor):
    data = article_form(half_done, dates=True, _step="published", publish_anyway="on")
    response = logged_in(editor).post(change_url(half_done), data)
    assert response.status_code == 200
    half_done.refresh_from_db()
    assert half_done.status == Status.DRAFT
