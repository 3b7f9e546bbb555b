"""Revisions: one per save, readable diffs, restore, and no edit lost to a concurrent save."""

import ast
import re
from pathlib import Path

import pytest
from django.db import IntegrityError
from django.test import Client

from newsdesk.content.models import Article
from newsdesk.newsroom import revisions
from newsdesk.newsroom.models import AuditEntry, Revision
from tests.factories import make_article, make_person, make_tag
from tests.newsroom_forms import article_form, change_url

pytestmark = pytest.mark.django_db
Status = Article.Status


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_version(response) -> int:
    match = re.search(r'name="base_version" value="(\d+)"', response.content.decode())
    assert match, "the form carries the revision it started from"
    return int(match.group(1))


def test_every_save_in_the_admin_keeps_a_revision(editor):
    article = make_article(status=Status.DRAFT, headline="Ferry strike")
    client = logged_in(editor)
    client.post(
        change_url(article), article_form(article, dates=True, headline="Ferry strike ends")
    )
    article.refresh_from_db()
    client.post(change_url(article), article_form(article, dates=True, body="<p>Deal agreed.</p>"))
    article.refresh_from_db()
    numbers = list(article.revisions.order_by("number").values_list("number", flat=True))
    assert numbers == [1, 2] and article.version == 2
    assert article.revisions.get(number=1).snapshot["headline"] == "Ferry strike ends"
    assert article.revisions.get(number=2).created_by == editor


def test_a_save_that_changes_nothing_adds_no_revision(editor):
    article = make_article(status=Status.DRAFT)
    revisions.record(article, editor)
    assert revisions.record(article, editor) is None
    assert article.revisions.count() == 1


def test_a_revision_keeps_credits_and_tags(editor):
    author, tag = make_person(name="Rosa Vance"), make_tag(name="ports")
    article = make_article(authors=[author], tags=[tag])
    state = revisions.record(article, editor).snapshot
    assert state["authors"] == [author.pk] and state["tags"] == [tag.pk]


def test_the_diff_reads_as_words_removed_and_added():
    old = {"headline": "Ferry strike", "body": "<p>Talks failed.</p><p>Ports closed.</p>"}
    new = {"headline": "Ferry strike ends", "body": "<p>Talks succeeded.</p><p>Ports closed.</p>"}
    changes = {c.label: str(c.html) for c in revisions.diff(old, new)}
    assert changes["Headline"] == "Ferry strike <ins>ends</ins>"
    assert "Talks <del>failed.</del> <ins>succeeded.</ins>" in changes["Body"]
    assert "Ports closed" not in changes["Body"]  # unchanged paragraphs are left out


def test_the_diff_shows_the_cell_of_a_table_that_changed():
    table = (
        "<table><caption>Catch</caption><thead><tr><th>Port</th><th>Tonnes</th></tr></thead>"
        "<tbody><tr><td>North</td><td>{}</td></tr></tbody></table>"
    )
    old = {"body": "<p>Landings rose.</p>" + table.format("12")}
    new = {"body": "<p>Landings rose.</p>" + table.format("14")}
    [change] = revisions.diff(old, new)
    assert str(change.html) == (
        '<p class="diff-block"><span class="diff-where">¶2</span> '
        "Catch / Port | Tonnes / North | <del>12</del> <ins>14</ins></p>"
    )


def test_the_diff_escapes_what_it_shows():
    changes = revisions.diff({"headline": "a"}, {"headline": "<script>x</script>"})
    assert "<script>" not in str(changes[0].html)


def test_the_revisions_page_compares_any_two(editor):
    article = make_article(status=Status.DRAFT, headline="One")
    for headline in ["Two", "Three", "Four"]:
        article.headline = headline
        article.save()
        revisions.record(article, editor)
    page = logged_in(editor).get(
        f"/admin/content/article/{article.pk}/revisions/", {"from": 1, "to": 3}
    )
    text = page.content.decode()
    assert "What changed from revision 1 to revision 3" in text
    assert "<del>Two</del> <ins>Four</ins>" in text  # revision 1 said Two, revision 3 Four


def test_restoring_brings_back_the_content_as_a_new_revision(editor):
    author = make_person(name="Rosa Vance")
    article = make_article(status=Status.DRAFT, headline="Original headline", authors=[author])
    revisions.record(article, editor)
    client = logged_in(editor)
    client.post(change_url(article), article_form(article, dates=True, headline="Worse headline"))
    article.refresh_from_db()
    response = client.post(
        f"/admin/content/article/{article.pk}/revisions/1/restore/",
        {"base_version": article.version},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Original headline"
    assert article.ordered_authors() == [author]
    latest = article.revisions.first()
    assert latest.number == 3 and latest.note == "Restored revision 1"
    assert AuditEntry.objects.get(action="restored").actor == editor


def test_a_writer_cannot_restore_an_article_she_cannot_edit(writer, editor):
    article = make_article(status=Status.REVIEW, created_by=writer, headline="Kept")
    revisions.record(article, editor)
    article.headline = "Edited by the editor"
    article.save()
    revisions.record(article, editor)
    response = logged_in(writer).post(
        f"/admin/content/article/{article.pk}/revisions/1/restore/", {"base_version": 2}
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Edited by the editor"


def test_two_editors_changing_the_same_field_the_second_chooses_and_nothing_is_lost(editor, writer):
    from tests.factories import make_user

    article = make_article(status=Status.DRAFT, created_by=writer, headline="Harbour vote")
    revisions.record(article, writer)
    other_editor = make_user("otto", "Editor", first_name="Otto", last_name="Reyes")
    first, second = logged_in(editor), logged_in(other_editor)
    # Both open the article.
    first_version = form_version(first.get(change_url(article)))
    second_version = form_version(second.get(change_url(article)))
    # Edith saves first.
    saved = first.post(
        change_url(article),
        article_form(
            article, dates=True, base_version=first_version, headline="Harbour vote passes"
        ),
    )
    assert saved.status_code == 302
    # Otto changed the headline too: refused, his text in the form, hers beside it.
    refused = second.post(
        change_url(article),
        article_form(
            article,
            dates=True,
            base_version=second_version,
            headline="Harbour vote delayed",
            body="<p>Otto's new paragraph.</p>",
        ),
    )
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "changed the same parts" in page
    assert "Edith Okafor" in page
    assert "Harbour vote passes" in page and 'value="Harbour vote delayed"' in page
    assert "Otto&#x27;s new paragraph." in page  # his edit is still in the form
    article.refresh_from_db()
    assert article.headline == "Harbour vote passes"
    assert "Otto" not in article.body
    # Having read it, Otto saves again from the form he was given: it goes through.
    retry = second.post(
        change_url(article),
        article_form(
            article,
            dates=True,
            base_version=form_version(refused),
            headline="Harbour vote delayed",
            body="<p>Otto's new paragraph.</p>",
        ),
    )
    assert retry.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Harbour vote delayed" and "Otto's new paragraph." in article.body
    assert list(article.revisions.values_list("number", flat=True)) == [3, 2, 1]


def test_a_form_without_its_starting_revision_is_refused(editor):
    article = make_article(status=Status.DRAFT, headline="Unchanged")
    revisions.record(article, editor)
    data = article_form(article, dates=True, headline="Blind overwrite")
    del data["base_version"]
    response = logged_in(editor).post(change_url(article), data)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.headline == "Unchanged"


def test_revision_numbers_are_unique_per_article(editor):
    article = make_article(status=Status.DRAFT)
    revisions.record(article, editor)
    with pytest.raises(IntegrityError):
        Revision.objects.create(article=article, number=1, snapshot={})


def test_revisions_import_nothing_of_translations_which_follow_them_by_signal():
    tree = ast.parse(Path(revisions.__file__).read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "newsdesk.newsroom.translations" not in imported
    assert revisions.text_revised.has_listeners(Article)
