"""Autosave in a real Chromium: a closed tab loses nothing, leaving with changes warns."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from newsdesk.content.body import plain_text
from newsdesk.content.reading import reading_minutes
from newsdesk.newsroom import autosave, revisions
from newsdesk.newsroom.models import Autosave
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED_HEADLINE = "Night pilots call off the strike after talks"
TYPED_STANDFIRST = "The port authority agreed to the old rotas until spring."


@pytest.fixture(autouse=True)
def quick_autosave(monkeypatch):
    # The live server runs in this process: a copy every second keeps the test short.
    monkeypatch.setattr(autosave, "INTERVAL_SECONDS", 1)


@pytest.fixture
def context(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    yield context
    context.close()


@pytest.fixture
def desk(context, live_server, writer):
    """Wendy's signed-in page."""
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill(writer.username)
    page.locator("#id_password").fill("pw")
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    return page


@pytest.fixture
def draft(writer):
    article = make_article(headline="Night pilots strike", status="draft", created_by=writer)
    revisions.record(article, writer)
    return article


def form_url(live_server, article):
    return f"{live_server.url}/admin/content/article/{article.pk}/change/"


def type_into(page, selector, text):
    field = page.locator(selector)
    field.click()
    field.press("ControlOrMeta+a")
    field.press_sequentially(text)


def set_body(page, html):
    """Put ``html`` in the body as the visual editor does: the value, then an input event."""
    page.locator("#id_body").evaluate(
        """(textarea, html) => {
            textarea.value = html;
            textarea.bodyEditor?.setHTML(html);
            textarea.dispatchEvent(new Event("input", {bubbles: true}));
        }""",
        html,
    )


def test_a_closed_tab_comes_back_with_a_prompt_to_restore(context, desk, live_server, draft):
    desk.goto(form_url(live_server, draft))
    # All at once, so the first copy holds all three (a copy goes every second).
    desk.locator("#id_headline").evaluate(
        """(headline, [text, standfirst, body]) => {
            headline.value = text;
            headline.form.elements.standfirst.value = standfirst;
            headline.form.elements.body.value = body;
            headline.dispatchEvent(new Event("input", {bubbles: true}));
        }""",
        [TYPED_HEADLINE, TYPED_STANDFIRST, "<p>Talks ended at dawn.</p>"],
    )
    status = desk.get_by_role("status").filter(has_text="Saved a draft copy at")
    expect(status).to_be_visible()
    expect(desk.locator(".desk-status")).to_have_attribute("aria-live", "polite")
    copy = Autosave.objects.get(article=draft)
    assert copy.data["headline"] == TYPED_HEADLINE
    desk.close()  # as a crash would: no warning, nothing saved

    again = context.new_page()
    again.goto(form_url(live_server, draft))
    expect(again.locator("#id_headline")).to_have_value("Night pilots strike")
    prompt = again.locator("[data-autosave-prompt]")
    expect(prompt).to_contain_text("You have unsaved changes from")
    prompt.get_by_role("button", name="Restore them").click()
    expect(prompt).to_have_count(0)
    expect(again.locator("#id_headline")).to_have_value(TYPED_HEADLINE)
    expect(again.locator("#id_standfirst")).to_have_value(TYPED_STANDFIRST)
    expect(again.locator("#id_body")).to_have_value("<p>Talks ended at dawn.</p>")

    # Saving for real keeps a revision and drops the copy: no prompt next time.
    again.locator('input[name="_continue"]').click()
    expect(again.locator("ul.messagelist")).to_be_visible()
    assert not Autosave.objects.filter(article=draft).exists()
    draft.refresh_from_db()
    assert draft.headline == TYPED_HEADLINE
    expect(again.locator("[data-autosave-prompt]")).to_have_count(0)


def test_discard_deletes_the_copy(desk, live_server, draft, writer):
    Autosave.objects.create(
        user=writer,
        article=draft,
        data={"headline": TYPED_HEADLINE},
        base_version=draft.version,
        saved_at=timezone.now(),
    )
    desk.goto(form_url(live_server, draft))
    prompt = desk.locator("[data-autosave-prompt]")
    prompt.get_by_role("button", name="Discard").click()
    expect(prompt).to_have_count(0)
    expect(desk.locator("#id_headline")).to_have_value("Night pilots strike")
    assert not Autosave.objects.exists()


def test_leaving_with_unsaved_changes_warns_but_saving_does_not(desk, live_server, draft):
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    desk.on("dialog", answer)
    url = form_url(live_server, draft)
    desk.goto(url)
    type_into(desk, "#id_headline", TYPED_HEADLINE)
    with desk.expect_event("dialog"):
        desk.get_by_role("link", name="Revisions").click()
    assert dialogs == ["beforeunload"]
    expect(desk).to_have_url(url)

    desk.locator('input[name="_continue"]').click()
    expect(desk.locator("ul.messagelist")).to_contain_text("was changed successfully")
    assert dialogs == ["beforeunload"]


def test_no_warning_when_nothing_changed(desk, live_server, draft):
    dialogs = []
    desk.on("dialog", lambda dialog: dialogs.append(dialog.type) or dialog.dismiss())
    desk.goto(form_url(live_server, draft))
    desk.locator("#id_headline").click()
    desk.get_by_role("link", name="Revisions").click()
    expect(desk).to_have_url(f"{live_server.url}/admin/content/article/{draft.pk}/revisions/")
    assert dialogs == []


def test_word_count_reading_time_and_headline_length_update_as_the_writer_types(
    desk, live_server, draft
):
    desk.goto(form_url(live_server, draft))
    counts = desk.locator(".desk-counts")
    set_body(desk, "<p>Pilots stopped work at midnight.</p><h2>Talks</h2><p>港口渡轮</p>")
    expect(counts).to_have_text("Words: 6 · Characters: 4 · Reading time: 1 min")
    # The reader pages' rule: 230 words and 400 Chinese characters a minute.
    mixed = "<p>" + "word " * 300 + "</p><p>" + "港" * 500 + "</p>"
    assert reading_minutes(plain_text(mixed)) == 3
    set_body(desk, mixed)
    expect(counts).to_have_text("Words: 300 · Characters: 500 · Reading time: 3 min")
    length = desk.locator(".desk-headline-length")
    expect(length).to_have_text("Headline: 19 characters (aim for 70 or fewer)")
    type_into(desk, "#id_headline", "x" * 71)
    expect(length).to_have_text("Headline: 71 characters (aim for 70 or fewer)")
    expect(length).to_have_class("desk-headline-length desk-over")


def test_enter_in_the_headline_saves_the_draft_and_does_not_submit_it(desk, live_server, draft):
    desk.goto(form_url(live_server, draft))
    type_into(desk, "#id_headline", TYPED_HEADLINE)
    desk.locator("#id_headline").press("Enter")
    expect(desk.locator("ul.messagelist")).to_contain_text("was changed successfully")
    draft.refresh_from_db()
    assert (draft.headline, draft.status) == (TYPED_HEADLINE, "draft")


def test_the_translation_desk_autosaves_and_restores(context, live_server, editor, translator):
    from newsdesk.newsroom import translations

    original = make_article(
        headline="Harbour ferries move to a winter timetable",
        body="<p>The last evening ferry leaves at nine.</p><p>Mornings keep their times.</p>",
    )
    translation = translations.request_translation(original, "zh-hans", translator, by=editor)
    revisions.record(translation, translator)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill(translator.username)
    page.locator("#id_password").fill("pw")
    page.locator("input[type=submit]").click()
    url = f"{live_server.url}/admin/content/article/{translation.pk}/translate/"
    page.goto(url)
    page.locator("#id_headline").evaluate(
        """(headline, [text, row]) => {
            headline.value = text;
            headline.form.elements["row-0"].value = row;
            headline.dispatchEvent(new Event("input", {bubbles: true}));
        }""",
        ["港口渡轮改用冬季时刻表", "晚间最后一班渡轮九点开出。"],
    )
    expect(page.locator(".desk-counts")).to_contain_text("Characters: 12")
    expect(page.locator(".desk-headline-length")).to_have_text(
        "Headline: 11 characters (aim for 70 or fewer)"
    )
    expect(page.get_by_role("status").filter(has_text="Saved a draft copy at")).to_be_visible()
    page.close()

    again = context.new_page()
    again.goto(url)
    again.get_by_role("button", name="Restore them").click()
    expect(again.locator("#id_headline")).to_have_value("港口渡轮改用冬季时刻表")
    expect(again.locator("#row-0")).to_have_value("晚间最后一班渡轮九点开出。")


def test_restoring_a_copy_begun_before_a_colleagues_save_does_not_undo_it(
    desk, live_server, draft, writer, editor
):
    old_standfirst = draft.standfirst
    draft.standfirst = "Edith's standfirst, saved while Wendy's tab was closed."
    draft.save()
    revisions.record(draft, editor)
    # Wendy's copy began from revision 1, before Edith's revision 2, and is newer than it.
    Autosave.objects.create(
        user=writer,
        article=draft,
        data={"headline": TYPED_HEADLINE, "standfirst": old_standfirst},
        base_version=1,
        saved_at=timezone.now(),
    )
    desk.goto(form_url(live_server, draft))
    desk.get_by_role("button", name="Restore them").click()
    expect(desk.locator("#id_headline")).to_have_value(TYPED_HEADLINE)
    expect(desk.locator("#id_base_version")).to_have_value("1")
    desk.locator('input[name="_continue"]').click()
    expect(desk.locator("#id_headline")).to_have_value(re.compile("."))
    draft.refresh_from_db()
    # Refused as a conflict, or merged: either way Edith's standfirst stays.
    assert draft.standfirst == "Edith's standfirst, saved while Wendy's tab was closed."
