"""Issue 15's bar, in a real Chromium: a writer writes, illustrates, previews and submits a
story without typing a tag or copying an embed code."""

import pytest
from playwright.sync_api import expect

from newsdesk.content.models import Article, Image
from tests.factories import make_person, make_section, png_bytes
from tests.test_browser_csp import RECORD_VIOLATIONS
from tests.test_browser_figures import DROP, encoded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_writer_writes_illustrates_previews_and_submits_a_story(
    live_server, settings, sign_in, writer
):
    settings.PUBLIC_URL = live_server.url
    make_section(name="Harbour", slug="harbour")
    make_person(name="Wendy Lam", user=writer)
    desk = sign_in(writer)
    desk.add_init_script(RECORD_VIOLATIONS)
    desk.goto(f"{live_server.url}/admin/content/article/add/")

    desk.locator("#id_headline").fill("Night ferries return to the harbour")
    desk.locator("#id_standfirst").fill("The crossings stop at midnight from Friday.")
    desk.locator("#id_section").select_option(label="Harbour")
    toolbar = desk.get_by_role("toolbar", name="Formatting")
    desk.get_by_role("textbox", name="Body").click()
    desk.keyboard.type("The harbour authority brings back the night ferries on Friday.")
    desk.keyboard.press("Enter")
    toolbar.get_by_role("button", name="Subheading", exact=True).click()
    desk.keyboard.type("Timetable")
    desk.keyboard.press("Enter")
    desk.keyboard.type("Boats leave every forty minutes until midnight.")
    # A picture dropped on the first paragraph, and its texts typed under it.
    desk.evaluate(DROP, [encoded(png_bytes((800, 600))), "ferry.png", "image/png"])
    figure = desk.locator(".body-editor-content figure.body-figure")
    expect(figure.locator("img")).to_be_visible()
    figure.get_by_label("Caption").fill("The first night ferry leaves the quay.")
    figure.get_by_label("Credit").fill("Photo: Wendy Lam")
    figure.get_by_label("Alt text").fill("A lit ferry leaving a quay at night")
    desk.locator('input[name="_continue"]').click()
    expect(desk.locator("ul.messagelist")).to_be_visible()

    article = Article.objects.get(headline="Night ferries return to the harbour")
    image = Image.objects.get()
    assert article.status == Article.Status.DRAFT
    # The picture stands where it was dropped: below the first paragraph.
    assert article.body == (
        "<p>The harbour authority brings back the night ferries on Friday.</p>"
        f'<figure data-image-id="{image.pk}"></figure>'
        "<h2>Timetable</h2><p>Boats leave every forty minutes until midnight.</p>"
    )

    # The preview shows the draft as readers will see it, picture and caption included.
    with desk.context.expect_page() as opened:
        desk.locator(".object-tools").get_by_role("link", name="Preview", exact=True).click()
    preview = opened.value
    expect(preview.get_by_role("heading", level=1)).to_have_text(
        "Night ferries return to the harbour"
    )
    story = preview.locator(".article-body")
    expect(story.get_by_role("heading", level=2)).to_have_text("Timetable")
    expect(story.locator("figcaption")).to_contain_text("The first night ferry leaves the quay.")
    expect(story.get_by_role("img", name="A lit ferry leaving a quay at night")).to_be_visible()
    preview.close()

    desk.locator('button[name="_step"][value="submitted"]').click()
    expect(desk.locator("ul.messagelist")).to_contain_text("Submit for review: done.")
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW
    assert desk.evaluate("window.__violations") == []
