"""In Chromium: a translator who submits a half-done translation at the desk is refused,
told what is left, and the translation stays a draft."""

import pytest
from playwright.sync_api import expect

from newsdesk.content.models import Article
from newsdesk.newsroom import revisions
from newsdesk.newsroom.translations import request_translation
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPHS = [
    "The harbour authority will run the last evening ferry at nine from November.",
    "Morning crossings keep their summer times, so commuters see no change before noon.",
    "The old timetable returns in March, when the days grow longer again.",
    "Tickets bought for later crossings are refunded at the harbour office.",
]


def test_a_half_done_translation_is_refused_at_the_desk_with_what_is_left(
    live_server, chromium, editor, translator
):
    original = make_article(
        headline="Harbour ferries move to a winter timetable",
        standfirst="Fewer crossings after nine in the evening from November.",
        body="".join(f"<p>{text}</p>" for text in PARAGRAPHS),
    )
    revisions.record(original, editor)
    translation = request_translation(original, "zh-hans", translator, by=editor)

    context = chromium.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        desk = context.new_page()
        desk.goto(f"{live_server.url}/admin/login/")
        desk.locator("#id_username").fill(translator.username)
        desk.locator("#id_password").fill("pw")
        desk.locator("input[type=submit]").click()
        expect(desk).to_have_url(f"{live_server.url}/admin/")

        desk.goto(f"{live_server.url}/admin/content/article/{translation.pk}/translate/")
        # The desk counts what is left before anything is written.
        expect(desk.locator(".newsroom-incomplete")).to_contain_text(
            "4 of 4 blocks untranslated; the headline is still in English; the standfirst is empty"
        )
        desk.locator("#id_standfirst").fill("自十一月起，晚上九点以后的班次减少。")
        # One block of four, through the row's editor when it has one.
        desk.locator("#row-0").evaluate(
            "(box, text) => box.bodyEditor ? box.bodyEditor.setHTML(text) : (box.value = text)",
            "港务局自十一月起，晚间最后一班渡轮改为九点开出。",
        )
        desk.get_by_role("button", name="Save and submit for review").click()

        expect(desk.locator(".errornote")).to_contain_text(
            "3 of 4 blocks untranslated; the headline is still in English"
        )
        expect(desk.locator(".newsroom-incomplete")).to_contain_text("3 of 4 blocks untranslated")
        expect(desk.locator(".badge-untranslated")).to_have_count(3)
        # What the translator wrote is still there to finish.
        expect(desk.locator("#id_standfirst")).to_have_value("自十一月起，晚上九点以后的班次减少。")
    finally:
        context.close()

    translation.refresh_from_db()
    assert translation.status == Article.Status.DRAFT
    assert not translation.audit_entries.filter(action="submitted").exists()
