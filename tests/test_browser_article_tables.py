"""Tables written in the newsroom's body editor, in a real Chromium: built with the toolbar
and saved, as readers then see them; and translated at the desk, row for row."""

import pytest
from playwright.sync_api import expect

from newsdesk.content.models import Article
from newsdesk.newsroom import revisions, workflow
from newsdesk.newsroom.translations import request_translation
from tests.factories import make_article, make_section
from tests.test_browser_csp import RECORD_VIOLATIONS
from tests.test_browser_editor import click_into

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLE = (
    "<table><caption>Votes by town</caption><thead><tr><th>Town</th><th>For</th>"
    "<th>Against</th></tr></thead><tbody><tr><td>Leith</td><td>7</td><td>2</td></tr>"
    "<tr><td>Perth</td><td>5</td><td>4</td></tr></tbody></table>"
)


def test_a_writer_inserts_a_table_and_readers_see_it(
    live_server, sign_in, open_page, writer, editor
):
    make_section(name="Harbour", slug="harbour")
    server = live_server.url
    desk = sign_in(writer)
    desk.add_init_script(RECORD_VIOLATIONS)
    desk.goto(f"{server}/admin/content/article/add/")
    desk.locator("#id_headline").fill("How the towns voted")
    desk.locator("#id_section").select_option(label="Harbour")
    toolbar = desk.get_by_role("toolbar", name="Formatting")
    body = desk.get_by_role("textbox", name="Body")
    body.click()
    desk.keyboard.type("The count is in.")
    toolbar.get_by_role("button", name="Insert a table").click()
    for text in ["Town", "For", "Against", "Leith", "7", "2", "Perth", "5"]:
        desk.keyboard.type(text)
        desk.keyboard.press("Tab")
    desk.keyboard.type("4")
    click_into(body.locator("caption"))
    desk.keyboard.type("Votes by town")
    expect(desk.locator("#id_body")).to_have_value(f"<p>The count is in.</p>{TABLE}")
    assert desk.evaluate("window.__violations") == []  # the table editing runs under the CSP
    desk.locator('input[name="_save"]').click()
    expect(desk.locator("ul.messagelist")).to_be_visible()

    article = Article.objects.get(headline="How the towns voted")
    assert article.body == f"<p>The count is in.</p>{TABLE}"
    workflow.take_step(article, "published", editor)
    reader = open_page()
    reader.goto(server + article.get_absolute_url())
    table = reader.locator(".article-body").get_by_role("region", name="Votes by town")
    expect(table.locator("caption")).to_have_text("Votes by town")
    expect(table.locator("thead th")).to_have_text(["Town", "For", "Against"])
    expect(table.locator("tbody tr").first.locator("td")).to_have_text(["Leith", "7", "2"])
    expect(table.locator("tbody tr").last.locator("td")).to_have_text(["Perth", "5", "4"])


def test_a_translator_fills_in_a_table_at_the_desk(sign_in, live_server, editor, translator):
    original = make_article(body=f"<p>The count is in.</p>{TABLE}")
    draft = request_translation(original, "de", translator, by=editor)
    draft.body = "<p>Die Stimmen sind gezählt.</p>"
    draft.save()
    revisions.record(draft, translator)
    desk = sign_in(translator)
    desk.goto(f"{live_server.url}/admin/content/article/{draft.pk}/translate/")
    row = desk.get_by_role("textbox", name="Block 2")
    expect(row.locator("tr")).to_have_count(3)  # the original's shape, every cell empty
    expect(row.locator("td, th")).to_have_text([""] * 9)
    click_into(row.locator("caption"))
    desk.keyboard.type("Stimmen nach Ort")
    click_into(row.locator("th").first)
    for text in ["Ort", "Dafür", "Dagegen", "Leith", "7", "2", "Perth", "5"]:
        desk.keyboard.type(text)
        desk.keyboard.press("Tab")
    desk.keyboard.type("4")
    translated = (
        "<caption>Stimmen nach Ort</caption><thead><tr><th>Ort</th><th>Dafür</th>"
        "<th>Dagegen</th></tr></thead><tbody><tr><td>Leith</td><td>7</td><td>2</td></tr>"
        "<tr><td>Perth</td><td>5</td><td>4</td></tr></tbody>"
    )
    expect(desk.locator("#row-1")).to_have_value(translated)
    desk.get_by_role("button", name="Save", exact=True).click()
    expect(desk.locator("ul.messagelist")).to_contain_text("Translation saved.")
    draft.refresh_from_db()
    assert draft.body == f"<p>Die Stimmen sind gezählt.</p><table>{translated}</table>"
