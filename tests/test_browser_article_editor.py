"""The body editor in the newsroom, in a real Chromium: a writer's story written with the
toolbar, a demo article opened and saved unchanged, and the translation desk's rows."""

import pytest
from playwright.sync_api import expect

from newsdesk.content.body import join_blocks, split_blocks
from newsdesk.content.models import Article
from newsdesk.newsroom import revisions, workflow
from newsdesk.newsroom.translations import request_translation
from tests.factories import make_article, make_section
from tests.test_browser_csp import RECORD_VIOLATIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_writer_formats_a_story_with_the_toolbar_and_readers_see_it(
    live_server, sign_in, open_page, writer, editor
):
    make_section(name="Harbour", slug="harbour")
    server = live_server.url
    desk = sign_in(writer)
    desk.add_init_script(RECORD_VIOLATIONS)
    desk.goto(f"{server}/admin/content/article/add/")
    desk.locator("#id_headline").fill("Council backs the harbour plan")
    desk.locator("#id_standfirst").fill("Seven votes to two.")
    desk.locator("#id_section").select_option(label="Harbour")
    toolbar = desk.get_by_role("toolbar", name="Formatting")
    desk.get_by_role("textbox", name="Body").click()
    keyboard = desk.keyboard
    keyboard.type("The council approved the plan on Tuesday.")
    keyboard.press("Enter")
    keyboard.type("Work starts in spring.")
    keyboard.press("Enter")
    toolbar.get_by_role("button", name="Subheading", exact=True).click()
    keyboard.type("What it builds")
    keyboard.press("Enter")
    keyboard.type("The vote was ")
    toolbar.get_by_role("button", name="Bold").click()
    keyboard.type("seven to two")
    toolbar.get_by_role("button", name="Bold").click()
    keyboard.type(".")
    keyboard.press("Enter")
    toolbar.get_by_role("button", name="Bulleted list").click()
    keyboard.type("New berths")
    keyboard.press("Enter")
    keyboard.type("A ferry terminal")
    keyboard.press("Enter")
    keyboard.press("Enter")
    keyboard.type("The mayor called it a good day.")
    assert desk.evaluate("window.__violations") == []  # the editor runs under the CSP
    desk.locator('input[name="_save"]').click()
    expect(desk.locator("ul.messagelist")).to_be_visible()

    article = Article.objects.get(headline="Council backs the harbour plan")
    assert article.body == (
        "<p>The council approved the plan on Tuesday.</p><p>Work starts in spring.</p>"
        "<h2>What it builds</h2><p>The vote was <strong>seven to two</strong>.</p>"
        "<ul><li>New berths</li><li>A ferry terminal</li></ul>"
        "<p>The mayor called it a good day.</p>"
    )
    workflow.take_step(article, "published", editor)
    reader = open_page()
    reader.goto(server + article.get_absolute_url())
    story = reader.locator(".article-body")
    expect(story.locator("p")).to_have_text(
        [
            "The council approved the plan on Tuesday.",
            "Work starts in spring.",
            "The vote was seven to two.",
            "The mayor called it a good day.",
        ]
    )
    expect(story.get_by_role("heading", level=2)).to_have_text("What it builds")
    expect(story.locator("li")).to_have_text(["New berths", "A ferry terminal"])
    expect(story.locator("strong")).to_have_text("seven to two")


def test_opening_and_saving_a_demo_article_unchanged_adds_no_revision(live_demo, sign_in, editor):
    # The demo article with the most kinds of block: subheadings, lists, quotes.
    article = max(
        Article.objects.filter(language="en"),
        key=lambda a: (len({block.tag for block in split_blocks(a.body)}), a.pk),
    )
    assert {"h2", "p"} <= {block.tag for block in split_blocks(article.body)}
    # Stored as content/body.py's migration leaves bodies: nothing between the blocks.
    Article.objects.filter(pk=article.pk).update(body=join_blocks(split_blocks(article.body)))
    article.refresh_from_db()
    revisions.record(article, editor)
    count, body = article.revisions.count(), article.body
    page = sign_in(editor)
    page.goto(f"{live_demo.url}/admin/content/article/{article.pk}/change/")
    expect(page.get_by_role("textbox", name="Body")).to_be_visible()
    written = page.evaluate("document.getElementById('id_body').bodyEditor.getHTML()")
    assert written == body
    page.locator('input[name="_save"]').click()
    expect(page.locator("ul.messagelist")).to_be_visible()
    article.refresh_from_db()
    assert article.body == body
    assert article.revisions.count() == count


def test_a_translator_adds_a_list_item_in_the_desk_row_editor(
    sign_in, live_server, editor, translator
):
    original = make_article(
        body=(
            "<p>The harbour reopened.</p><ul><li>Ferries</li><li>Fishing boats</li></ul>"
            "<blockquote><p>A good day.</p><cite>The mayor</cite></blockquote>"
        )
    )
    draft = request_translation(original, "zh-hans", translator, by=editor)
    draft.body = "<p>港口重新开放。</p><ul><li>渡轮</li></ul>"
    draft.save()
    revisions.record(draft, translator)
    desk = sign_in(translator)
    desk.goto(f"{live_server.url}/admin/content/article/{draft.pk}/translate/")
    items = desk.get_by_role("textbox", name="Block 2")
    items.get_by_text("渡轮").click()
    desk.keyboard.press("End")
    desk.keyboard.press("Enter")
    desk.keyboard.type("渔船")
    expect(desk.locator("#row-1")).to_have_value("渡轮\n渔船")
    quote = desk.get_by_role("textbox", name="Block 3")
    quote.click()
    desk.keyboard.type("美好的一天。")
    desk.keyboard.press("Enter")
    desk.keyboard.type("市长")
    desk.get_by_role("toolbar", name="Formatting").nth(2).get_by_role(
        "button", name="Source of the quote"
    ).click()
    expect(desk.locator("#row-2")).to_have_value("<p>美好的一天。</p><cite>市长</cite>")
    desk.get_by_role("button", name="Save", exact=True).click()
    expect(desk.locator("ul.messagelist")).to_contain_text("Translation saved.")
    draft.refresh_from_db()
    assert draft.body == (
        "<p>港口重新开放。</p><ul><li>渡轮</li><li>渔船</li></ul>"
        "<blockquote><p>美好的一天。</p><cite>市长</cite></blockquote>"
    )
