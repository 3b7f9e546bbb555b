"""The full-text index no longer stems: words arrive stemmed in their article's language.

newsdesk.search.text now stems each word with the Snowball stemmer of the article's
language (English, Spanish...; none for Chinese or Japanese) before it is stored, so the
databases only split on spaces: FTS5's ``unicode61`` tokenizer without ``porter``, and
PostgreSQL's ``simple`` configuration instead of ``english``. The stored documents are
rewritten in place, each word in its new form, in batches. Going back restores the
English-stemming index; ``newsdesk reindex`` then makes the documents match it.
"""

import importlib

from django.db import migrations

from newsdesk.search.text import CJK_RUN, TOKEN, word_form

FULL_TEXT = importlib.import_module("newsdesk.search.migrations.0002_full_text_index")

SQLITE = [
    statement.replace("porter unicode61", "unicode61") for statement in FULL_TEXT.SQLITE
]
POSTGRESQL = [
    statement.replace("'english'::regconfig", "'simple'::regconfig")
    for statement in FULL_TEXT.POSTGRESQL
]
FIELDS = ("title", "standfirst", "body", "names")
BATCH_SIZE = 500


def reform(text: str, language: str) -> str:
    """A document field of migration 0002 (words as written, Chinese runs already cut
    into pairs) with each word in its index form."""
    return " ".join(
        token if CJK_RUN.fullmatch(token) else word_form(token, language)
        for token in TOKEN.findall(text)
    )


def rewrite_documents(apps, schema_editor):
    SearchDocument = apps.get_model("search", "SearchDocument")
    documents = SearchDocument.objects.select_related("entry").order_by("pk")
    last = None
    while True:
        batch = list((documents if last is None else documents.filter(pk__gt=last))[:BATCH_SIZE])
        if not batch:
            return
        for document in batch:
            for name in FIELDS:
                setattr(document, name, reform(getattr(document, name), document.entry.language))
        SearchDocument.objects.bulk_update(batch, FIELDS)
        last = batch[-1].pk


def run(statements_by_vendor):
    return FULL_TEXT.run(statements_by_vendor)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_index")]

    operations = [
        # Without the old index (and its triggers), rewriting the documents is plain updates.
        migrations.RunPython(
            run({"sqlite": FULL_TEXT.SQLITE_REVERSE, "postgresql": FULL_TEXT.POSTGRESQL_REVERSE}),
            run({"sqlite": FULL_TEXT.SQLITE, "postgresql": FULL_TEXT.POSTGRESQL}),
        ),
        migrations.RunPython(rewrite_documents, migrations.RunPython.noop),
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": FULL_TEXT.SQLITE_REVERSE, "postgresql": FULL_TEXT.POSTGRESQL_REVERSE}),
        ),
    ]
