"""Search migration 0005: stored documents go from a Chinese run's pairs and last character
to its pairs and every character, and back, without reading the articles."""

import importlib

import pytest
from django.db import connection

from newsdesk.search.models import SearchDocument
from newsdesk.search.query import search
from newsdesk.search.text import CJK_RUN, TOKEN, index_form, normalize, pairs, word_form
from tests.factories import make_article

MIGRATION = importlib.import_module("newsdesk.search.migrations.0005_single_characters")

TEXTS = [
    "港口重新开放。Halden",
    "经过三个月的维修，哈尔登（Halden）港口周一重新开放。渡轮服务恢复正常。港",
    "港のフェリー ferry",
    "港港。港，港港港",  # a repeated character: the forms must still be told apart
    "Ferries crossing",
    "",
]


def old_form(text: str, language: str) -> str:
    """What index_form stored before migration 0005: pairs, then the last character."""
    tokens = []
    for match in TOKEN.finditer(normalize(text)):
        run = match.group()
        if CJK_RUN.fullmatch(run):
            tokens += [*pairs(run), run[-1]]
        else:
            tokens.append(word_form(run, language))
    return " ".join(tokens)


@pytest.mark.parametrize("text", TEXTS)
def test_a_field_is_rewritten_to_the_new_form_and_back(text):
    old, new = old_form(text, "zh-hans"), index_form(text, "zh-hans")
    assert MIGRATION._rewrite(old, forward=True) == new
    assert MIGRATION._rewrite(new, forward=False) == old


def migrate(forward: bool) -> None:
    """The operations of migration 0005 (``forward``) or of going back from it."""
    operations = [
        MIGRATION.FULL_TEXT.run(MIGRATION.DROP),
        MIGRATION.rewrite_documents(forward),
        MIGRATION.FULL_TEXT.run(MIGRATION.BUILD),
    ]
    with connection.schema_editor() as editor:
        for operation in operations:
            operation(None, editor)


@pytest.mark.django_db(transaction=True)
def test_documents_stored_the_old_way_are_rewritten_and_found_by_one_character():
    article = make_article(
        language="zh-hans", headline="港口重新开放", standfirst="", body="<p>渡轮服务恢复正常。</p>"
    )
    document = SearchDocument.objects.get(pk=article.pk)
    new = {name: getattr(document, name) for name in MIGRATION.FIELDS}
    migrate(forward=False)
    document.refresh_from_db()
    assert document.title == "港口 口重 重新 新开 开放 放"
    # The old form holds 口 only inside pairs: one character is not a term of its own.
    assert search("口", language="zh-hans").hits == []
    migrate(forward=True)
    document.refresh_from_db()
    assert {name: getattr(document, name) for name in MIGRATION.FIELDS} == new
    assert [hit.article.pk for hit in search("口", language="zh-hans").hits] == [article.pk]
    # The index built again follows later changes (its triggers are back).
    article.headline = "机场重新开放"
    article.save()
    assert search("口", language="zh-hans").hits == []
    assert [hit.article.pk for hit in search("机", language="zh-hans").hits] == [article.pk]


@pytest.mark.django_db(transaction=True)
def test_documents_take_their_entries_language_and_section_both_ways():
    """Search migration 0006, back to 0005 and forward again: the documents are filled
    from their entries, and the full-text index is built again, triggers and all."""
    from django.db.migrations.executor import MigrationExecutor

    from tests.factories import make_section

    business = make_section(name="Business")
    article = make_article(
        language="zh-hans", headline="港口重新开放", standfirst="", body="<p>渡轮恢复。</p>"
    )
    other = make_article(headline="Ferry", section=business, body="<p>The ferry runs.</p>")
    for target in ["0005_single_characters", "0006_filters_in_the_index"]:
        executor = MigrationExecutor(connection)
        executor.migrate([("search", target)])
    documents = SearchDocument.objects.order_by("pk").values_list("language", "section")
    assert list(documents) == [("zh-hans", article.section_id), ("en", business.pk)]
    assert [hit.article.pk for hit in search("港口", language="zh-hans").hits] == [article.pk]
    assert [hit.article.pk for hit in search("ferry", language="en", section=business).hits] == [
        other.pk
    ]
    other.headline = "Airport"
    other.body = "<p>The airport opens.</p>"
    other.save()
    assert search("ferry", language="en").hits == []
    assert [hit.article.pk for hit in search("airport", language="en").hits] == [other.pk]
