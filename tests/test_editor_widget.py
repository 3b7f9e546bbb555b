"""The body editor's server side: the widget on the article form and the translation desk,
and unchanged saves that add no revision (the editor itself: test_browser_editor.py)."""

import json
from html import escape

import pytest
from django.test import Client
from django.urls import reverse

from newsdesk.content.body import sanitize
from newsdesk.newsroom import revisions
from newsdesk.newsroom.forms import ArticleForm
from newsdesk.newsroom.translations import align, body_from_rows, request_translation
from newsdesk.newsroom.widgets import BodyEditor
from tests.factories import make_article
from tests.newsroom_forms import article_form, change_url

pytestmark = pytest.mark.django_db

# Bodies as the editor writes them: saved again untouched, each must stay as it is.
BODIES = [
    "<p>One paragraph.</p>",
    "<h2>A subheading</h2><p>Text with <strong>bold</strong> and <em>italic</em>.</p>",
    '<p>See <a href="https://example.org/a?b=1&amp;c=2" rel="noopener">the report</a>.</p>',
    "<ul><li>Apples</li><li>Pears<br>ripe ones</li></ul><ol><li>One</li></ol>",
    "<blockquote><p>We will not move.</p><cite>The mayor</cite></blockquote>",
    "<p>Fish &amp; chips for 5&nbsp;€; 港口的<em>渡轮</em>。</p><h3>Small</h3>",
    "<table><caption>Votes</caption><thead><tr><th>Town</th><th>For</th></tr></thead>"
    '<tbody><tr><td colspan="2">Leith <strong>7</strong></td></tr></tbody></table>',
]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_article_form_edits_its_body_with_the_editor(editor):
    assert isinstance(ArticleForm().fields["body"].widget, BodyEditor)
    page = logged_in(editor).get("/admin/content/article/add/").content.decode()
    images_url = reverse("admin:newsroom_editor_images")
    assert 'data-body-editor="body"' in page
    assert f'data-images-url="{images_url}"' in page
    assert '<script src="/static/newsroom/editor/editor.js" type="module"></script>' in page
    assert "/static/newsroom/editor/editor.css" in page
    assert "/static/newsroom/vendor/prosemirror/prosemirror.css" in page
    assert "/static/newsroom/vendor/prosemirror/tables.css" in page  # selected cells


def test_the_editor_labels_are_translated():
    from django.utils import translation

    widget = BodyEditor()
    with translation.override("en"):
        html = widget.render("body", "<p>x</p>", {"id": "id_body"})
    assert 'data-editor-labels="{' in html
    labels = json.loads(widget.get_context("body", "", {})["widget"]["attrs"]["data-editor-labels"])
    assert labels["bold"] == "Bold" and labels["picture"] == "Picture"
    assert labels["table"] == "Insert a table" and labels["delete_row"] == "Delete the row"


@pytest.mark.parametrize("body", BODIES)
def test_saving_an_unchanged_article_adds_no_revision(editor, body):
    assert sanitize(body) == body
    article = make_article(status="draft", body=body)
    revisions.record(article, editor)
    response = logged_in(editor).post(change_url(article), article_form(article, dates=True))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == body
    assert article.revisions.count() == 1


TRANSLATED = (
    "<p>港口于周一重新开放。</p>"
    "<ul><li>一</li><li>二<br>三</li></ul>"
    "<blockquote><p>我们不走。</p><p>一步也不。</p><cite>市长</cite></blockquote>"
    '<h2>渔船<a href="https://example.org/" rel="noopener">归来</a></h2>'
)
ORIGINAL = (
    "<p>The harbour reopened on Monday.</p>"
    "<ul><li>one</li><li>two<br>three</li></ul>"
    "<blockquote><p>We will not move.</p><p>Not an inch.</p><cite>The mayor</cite></blockquote>"
    '<h2>Boats <a href="https://example.org/" rel="noopener">return</a></h2>'
)


def test_the_desk_rows_give_the_translation_back_unchanged():
    rows = align(ORIGINAL, TRANSLATED)
    texts = [row.translation for row in rows]
    assert texts[1] == "一\n二<br>三"
    assert texts[2] == "<p>我们不走。</p><p>一步也不。</p><cite>市长</cite>"
    assert body_from_rows(rows, texts) == TRANSLATED


def test_each_desk_row_is_an_inline_editor_of_its_block(editor, translator):
    original = make_article(body=ORIGINAL)
    draft = request_translation(original, "zh-hans", translator, by=editor)
    page = logged_in(translator).get(f"/admin/content/article/{draft.pk}/translate/")
    html = page.content.decode()
    for n, tag in enumerate(["p", "ul", "blockquote", "h2"]):
        assert f'name="row-{n}" rows="4" lang="zh-hans" data-body-editor="inline" ' in html
        assert f'data-block="{tag}"' in html.split(f'name="row-{n}"')[1].split(">")[0]
    assert '<script src="/static/newsroom/editor/editor.js" type="module"></script>' in html
    assert "data-editor-labels=" in html


def test_saving_an_unchanged_translation_at_the_desk_adds_no_revision(editor, translator):
    original = make_article(body=ORIGINAL)
    draft = request_translation(original, "zh-hans", translator, by=editor)
    draft.body = TRANSLATED
    draft.save()
    revisions.record(draft, translator)
    count = draft.revisions.count()
    rows = align(original.body, draft.body)
    data = {
        "base_version": draft.version,
        "headline": draft.headline,
        "standfirst": draft.standfirst,
        **{f"row-{i}": row.translation for i, row in enumerate(rows)},
    }
    response = logged_in(translator).post(f"/admin/content/article/{draft.pk}/translate/", data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body == TRANSLATED
    assert draft.revisions.count() == count


TABLE = (
    "<caption>Votes</caption><thead><tr><th>Town</th><th>For</th></tr></thead>"
    "<tbody><tr><td>Leith</td><td>7</td></tr></tbody>"
)


def test_a_table_row_at_the_desk_is_an_inline_editor_of_the_table(editor, translator):
    original = make_article(body=f"<p>The count.</p><table>{TABLE}</table>")
    draft = request_translation(original, "zh-hans", translator, by=editor)
    html = logged_in(translator).get(f"/admin/content/article/{draft.pk}/translate/")
    row = html.content.decode().split('name="row-1"')[1]
    assert 'data-body-editor="inline" data-block="table"' in row.split(">")[0]
    # Not translated yet: the original's shape, every cell empty, for the editor to show.
    shape = "<caption></caption><thead><tr><th></th><th></th></tr></thead>"
    assert row.split(">", 1)[1].startswith(escape(shape))


def test_a_translated_table_row_is_saved_as_the_bodys_table(editor, translator):
    original = make_article(body=f"<p>The count.</p><table>{TABLE}</table>")
    draft = request_translation(original, "zh-hans", translator, by=editor)
    row = (
        "<caption>票数</caption><thead><tr><th>城镇</th><th>赞成</th></tr></thead>"
        "<tbody><tr><td>利斯</td><td>7</td></tr></tbody>"
    )
    data = {
        "base_version": draft.version,
        "headline": "计票",
        "standfirst": "",
        "row-0": "计票。",
        "row-1": row,
    }
    response = logged_in(translator).post(f"/admin/content/article/{draft.pk}/translate/", data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body == f"<p>计票。</p><table>{row}</table>"
    assert [row.translation for row in align(original.body, draft.body)][1] == row
