"""Pictures in the body editor, in a real Chromium: dropped, pasted or picked from the
library, shown in place with their caption, credit and alt text typed under them, and
saved with the article; alt text missing stops a submission, never a save."""

import base64

import pytest
from playwright.sync_api import expect

from newsdesk.content.models import Article, Image
from tests.factories import make_article, make_image, make_person, make_section, png_bytes
from tests.test_browser_csp import RECORD_VIOLATIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DROP = """([data, name, type]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type }));
  const target = document.querySelector(".body-editor-content p");
  const box = target.getBoundingClientRect();
  const at = { clientX: box.right - 2, clientY: box.bottom - 2 };
  for (const kind of ["dragenter", "dragover", "drop"]) {
    const init = { bubbles: true, cancelable: true, dataTransfer: transfer, ...at };
    target.dispatchEvent(new DragEvent(kind, init));
  }
}"""
PASTE = """([data, name, html]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  if (html) transfer.setData("text/html", html);
  transfer.items.add(new File([bytes], name, { type: "image/png" }));
  document.querySelector(".body-editor-content").dispatchEvent(
    new ClipboardEvent("paste", { bubbles: true, cancelable: true, clipboardData: transfer }));
}"""


@pytest.fixture
def desk(chromium, live_server, writer):
    """The writer, signed in, on the change form of her draft about ferries."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill(writer.username)
    page.locator("#id_password").fill("pw")
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    article = make_article(
        status=Article.Status.DRAFT,
        created_by=writer,
        section=make_section(name="Harbour"),
        authors=[make_person(name="Wendy Lam", user=writer)],
        body="<p>The night ferries return on Friday.</p>",
    )
    page.goto(f"{live_server.url}/admin/content/article/{article.pk}/change/")
    expect(page.locator(".body-editor-content")).to_be_visible()
    page.article = article
    yield page
    context.close()


def encoded(data: bytes) -> str:
    return base64.b64encode(data).decode()


def save(page):
    page.locator('input[name="_continue"]').click()
    expect(page.locator("ul.messagelist")).to_be_visible()


def test_a_dropped_picture_is_uploaded_shown_in_place_and_saved_with_its_texts(desk):
    desk.evaluate(DROP, [encoded(png_bytes((800, 600))), "ferries.png", "image/png"])
    figure = desk.locator(".body-editor-content figure.body-figure")
    expect(figure.locator("img")).to_be_visible()
    image = Image.objects.get()
    expect(figure).to_have_attribute("data-image-id", str(image.pk))
    alt = figure.get_by_label("Alt text")
    expect(alt).to_have_attribute("aria-required", "true")
    expect(alt).to_have_attribute("aria-invalid", "true")
    figure.get_by_label("Caption").fill("The first night ferry leaves the quay.")
    figure.get_by_label("Credit").fill("Photo: Wendy Lam")
    alt.fill("A ferry with its lights on, leaving a quay at night")
    expect(alt).to_have_attribute("aria-invalid", "false")
    # The picture, its inputs and the upload ran under the Content-Security-Policy.
    assert desk.evaluate("window.__violations") == []
    save(desk)

    article = Article.objects.get(pk=desk.article.pk)
    assert article.body == (
        f'<p>The night ferries return on Friday.</p><figure data-image-id="{image.pk}"></figure>'
    )
    image.refresh_from_db()
    assert image.caption == "The first night ferry leaves the quay."
    assert image.credit == "Photo: Wendy Lam"
    assert image.alt_text == "A ferry with its lights on, leaving a quay at night"
    assert image.created_by.username == "wendy"
    # Opened again, the figure shows what was saved.
    desk.reload()
    saved = desk.locator(".body-editor-content figure.body-figure")
    expect(saved.get_by_label("Caption")).to_have_value("The first night ferry leaves the quay.")


def test_a_pasted_picture_already_in_the_library_is_used_again(desk):
    data = png_bytes((400, 300), colour=(200, 40, 40))
    desk.evaluate(PASTE, [encoded(data), "image.png", ""])
    expect(desk.locator(".body-editor-content figure.body-figure img")).to_have_count(1)
    desk.evaluate(PASTE, [encoded(data), "image.png", ""])
    expect(desk.locator(".body-editor-content figure.body-figure img")).to_have_count(2)
    notice = desk.locator(".body-figure-status[role=status]")
    expect(notice).to_contain_text("in the library already")
    assert Image.objects.count() == 1


def test_text_pasted_from_word_is_pasted_not_the_picture_word_adds(desk):
    desk.locator(".body-editor-content p").click()
    word = "<p class=MsoNormal>The harbour master said the ferries run on time.</p>"
    desk.evaluate(PASTE, [encoded(png_bytes()), "image.png", word])
    expect(desk.locator(".body-editor-content")).to_contain_text("ferries run on time")
    expect(desk.locator(".body-editor-content figure")).to_have_count(0)
    assert not Image.objects.exists()


def test_a_file_that_is_not_a_picture_is_refused_with_the_reason(desk):
    desk.evaluate(DROP, [encoded(b"not a picture at all"), "notes.png", "image/png"])
    error = desk.locator(".body-figure-status[role=alert]")
    expect(error).to_contain_text("notes.png was not uploaded")
    expect(error).to_contain_text("not a picture we can read")
    expect(desk.locator(".body-editor-content figure")).to_have_count(0)
    assert not Image.objects.exists()


def test_an_upload_after_the_session_ended_says_so(desk):
    desk.context.clear_cookies()
    desk.evaluate(DROP, [encoded(png_bytes()), "quay.png", "image/png"])
    error = desk.locator(".body-figure-status[role=alert]")
    expect(error).to_contain_text("Your session has expired")
    expect(desk.locator(".body-editor-content figure")).to_have_count(0)
    assert not Image.objects.exists()


def test_a_picture_picked_from_the_library_needs_alt_text_before_review(desk, writer):
    make_image(caption="Lighthouse at dusk", alt_text="", created_by=writer)
    make_image(caption="Fish market at noon", created_by=writer)
    desk.locator(".body-editor-content p").click()
    desk.get_by_role("button", name="Picture", exact=True).click()
    dialog = desk.get_by_role("dialog", name="Insert a picture")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Search the library").fill("lighthouse")
    expect(dialog.locator(".body-figure-choice")).to_have_count(1)
    dialog.get_by_role("button", name="Lighthouse at dusk").click()
    expect(dialog).to_have_count(0)
    figure = desk.locator(".body-editor-content figure.body-figure")
    expect(figure.get_by_label("Caption")).to_have_value("Lighthouse at dusk")
    assert desk.evaluate("window.__violations") == []

    desk.locator('button[name="_step"][value="submitted"]').click()
    expect(desk.locator("ul.errorlist.nonfield")).to_contain_text(
        "needs alt text for every picture"
    )
    assert Article.objects.get(pk=desk.article.pk).status == Article.Status.DRAFT
    # The refused form keeps the body; the writer describes the picture and submits.
    figure = desk.locator(".body-editor-content figure.body-figure")
    figure.get_by_label("Alt text").fill("A lighthouse against an orange sky")
    desk.locator('button[name="_step"][value="submitted"]').click()
    expect(desk.locator("ul.messagelist")).to_contain_text("Submit for review: done.")
    article = Article.objects.get(pk=desk.article.pk)
    assert article.status == Article.Status.REVIEW
    assert article.images_missing_alt_text() == []


def test_a_picture_is_uploaded_from_the_picker(desk, tmp_path):
    path = tmp_path / "quay.png"
    path.write_bytes(png_bytes((500, 300)))
    desk.get_by_role("button", name="Picture", exact=True).click()
    dialog = desk.get_by_role("dialog", name="Insert a picture")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog.get_by_role("alert")).to_have_text("Choose a picture file first.")
    dialog.get_by_label("Or upload a new one").set_input_files(str(path))
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog).to_have_count(0)
    image = Image.objects.get()
    expect(
        desk.locator(f'.body-editor-content figure[data-image-id="{image.pk}"] img')
    ).to_be_visible()


def test_texts_are_typed_in_the_articles_language(desk, writer):
    image = make_image(
        caption="Ferries at dawn",
        alt_text="Two ferries",
        translations={"zh-hans": {"caption": "清晨的渡轮"}},
        created_by=writer,
    )
    Article.objects.filter(pk=desk.article.pk).update(body=image.embed_code)
    desk.reload()
    figure = desk.locator(".body-editor-content figure.body-figure")
    expect(figure.get_by_label("Caption")).to_have_value("Ferries at dawn")
    desk.locator("#id_language").select_option("zh-hans")
    expect(figure.get_by_label("Caption")).to_have_value("清晨的渡轮")
    alt = figure.get_by_label("Alt text")
    expect(alt).to_have_value("")
    expect(alt).to_have_attribute("placeholder", "Two ferries")
    alt.fill("两艘渡轮")
    save(desk)
    image.refresh_from_db()
    assert image.translation("zh-hans", "alt_text") == "两艘渡轮"
    assert image.alt_text == "Two ferries"
