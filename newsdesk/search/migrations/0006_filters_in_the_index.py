"""Each document holds its entry's language and section, and PostgreSQL's full-text index
reads them beside the period and the words.

A search filters by language (the edition's) and often by section. The index answered the
words alone, and each match was then looked up among the entries to be kept or rejected:
a Chinese name is in the ``names`` of many English articles (two in three of the matches
of 哈尔登 at 100k articles were English), a section keeps one match in six. With the
language and section in the GIN index (btree_gin), it intersects them with the words
itself, and only the matches a search can show are looked up.

The documents are filled from their entries with the full-text index dropped (on SQLite
the FTS5 table and its triggers; on PostgreSQL the GIN index), then the index is built
again: on PostgreSQL every document is rewritten (its generated tsvector with it): 6.5
minutes at a million articles, after which ``VACUUM ANALYZE search_searchdocument`` (a
minute) frees the old rows rather than leaving them to autovacuum; the GIN index grows
from 510 to 893 MB. SQLite reads the columns nowhere yet (FTS5 leads its queries); they
are there because the model is the same on both databases (72 s at 100k articles).
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

FULL_TEXT = importlib.import_module("newsdesk.search.migrations.0002_full_text_index")
SINGLE = importlib.import_module("newsdesk.search.migrations.0005_single_characters")

POSTGRESQL_BUILD = [
    "CREATE INDEX search_document_vector ON search_searchdocument "
    "USING GIN ((key >> 48), language, section_id, vector)",
    "ANALYZE search_searchdocument",
]
# Dropped, the full-text index of 0005 (the same on SQLite); built, this one.
DROP = SINGLE.DROP
BUILD = {"sqlite": SINGLE.BUILD["sqlite"], "postgresql": POSTGRESQL_BUILD}


def copy_from_entries(apps, schema_editor):
    """Each document's language and section, from its entry."""
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE search_searchdocument d SET language = e.language, "
                "section_id = e.section_id FROM search_searchentry e "
                "WHERE e.article_id = d.entry_id"
            )
        else:
            cursor.execute(
                "UPDATE search_searchdocument SET (language, section_id) = (SELECT "
                "e.language, e.section_id FROM search_searchentry e "
                "WHERE e.article_id = search_searchdocument.entry_id)"
            )


class Migration(migrations.Migration):
    dependencies = [("search", "0005_single_characters")]

    operations = [
        migrations.RunPython(FULL_TEXT.run(DROP), FULL_TEXT.run(SINGLE.BUILD)),
        migrations.AddField(
            model_name="searchdocument",
            name="language",
            field=models.CharField(default="", max_length=10),
            preserve_default=False,
        ),
        # Nullable until filled: a section has no default.
        migrations.AddField(
            model_name="searchdocument",
            name="section",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="content.section",
            ),
        ),
        migrations.RunPython(copy_from_entries, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="searchdocument",
            name="section",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="content.section",
            ),
        ),
        migrations.RunPython(FULL_TEXT.run(BUILD), FULL_TEXT.run(DROP)),
    ]
