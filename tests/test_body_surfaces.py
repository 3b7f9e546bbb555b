"""Issue 15's probe: paragraphs typed beside a subheading were run together on the public
page, at the translation desk, in diffs and in the API. Every writer of a body goes
through sanitize (Article.prepare), so each surface now shows them apart."""

import lxml.html
import pytest
from bs4 import BeautifulSoup

from newsdesk.api.blocks import body_blocks
from newsdesk.imports.htmlbody import blocks_from_tree
from newsdesk.newsroom import revisions, translations
from newsdesk.newsroom.models import Revision
from tests.factories import make_article

pytestmark = pytest.mark.django_db

TYPED = "First para.\n\nSecond para.\n\n<h2>Sub</h2>\n\nThird."
BLOCKS = [("p", "First para."), ("p", "Second para."), ("h2", "Sub"), ("p", "Third.")]


def test_the_public_page_shows_each_paragraph(client):
    article = make_article(body=TYPED)
    page = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    shown = [(tag.name, tag.get_text()) for tag in page.select("article p, article h2")]
    for block in BLOCKS:
        assert block in shown
    assert ("p", "First para.\n\nSecond para.") not in shown


def test_the_api_gives_each_paragraph_as_a_block():
    article = make_article(body=TYPED)
    blocks = body_blocks(article, {}, None)
    assert [(block["type"], block["text"]) for block in blocks] == [
        ("paragraph", "First para."),
        ("paragraph", "Second para."),
        ("heading", "Sub"),
        ("paragraph", "Third."),
    ]


def test_the_translation_desk_has_a_row_for_each_paragraph():
    article = make_article(body=TYPED)
    rows = translations.align(article.body, "")
    assert [(row.original.tag, row.original.text) for row in rows] == BLOCKS


def test_a_diff_shows_only_the_paragraph_that_changed():
    old = make_article(body=TYPED).body
    new = make_article(body=TYPED.replace("Second para.", "Second, rewritten.")).body
    changed = BeautifulSoup(revisions.diff_body(old, new), "html.parser").select(".diff-block")
    assert [block.get_text(" ", strip=True) for block in changed] == [
        "¶2 Second para. Second, rewritten."
    ]


def test_restoring_a_revision_stored_the_old_way_gives_the_canonical_body():
    article = make_article()
    old = Revision.objects.create(
        article=article, number=1, snapshot={**revisions.snapshot(article), "body": TYPED}
    )
    revisions.restore(article, old, None)
    article.refresh_from_db()
    assert article.body == "<p>First para.</p><p>Second para.</p><h2>Sub</h2><p>Third.</p>"


def test_a_translation_written_at_the_desk_is_stored_canonical():
    article = make_article(body=TYPED)
    rows = translations.align(article.body, "")
    body = translations.body_from_rows(rows, ["Un.\n\nDeux.", " Deux ", "<b>Sous</b>", ""])
    translation = make_article(body=body, language="zh-hans")
    assert translation.body == "<p>Un. Deux.</p><p>Deux</p><h2><strong>Sous</strong></h2>"


def test_an_import_keeps_divs_and_stray_text_apart():
    root = lxml.html.fragment_fromstring(
        "<div>Lead.</div><div>Next.<h4>Small head</h4>After.\n\nLast.</div>", create_parent="div"
    )
    blocks, _pictures = blocks_from_tree(root, picture_for=None)
    assert [(block.tag, block.html) for block in blocks] == [
        ("p", "Lead."),
        ("p", "Next."),
        ("h3", "Small head"),
        ("p", "After."),
        ("p", "Last."),
    ]
