"""PostgreSQL's full-text index leads with the period of each document: finding the newest
matches of a word then reads only the matches of the newest periods.

The GIN index over the tsvector answers in the order of the table, whatever the time: the
newest thousand matches of a common word were found by reading every match (tens of
thousands at a million articles), or by checking the newest documents one by one, each a
tsvector of some 5 KB read from TOAST. With the period as the index's first column
(btree_gin; a period is 2**20 seconds, 12 days, of the document's key: models.PERIOD_SHIFT)
the index intersects a word's matches with those of a few periods itself. Queries without a
period still use it for the words alone. SQLite's index needs none: its matches are in
order of publication already (FTS5 rowids are keys).
"""

import importlib

from django.db import migrations

FULL_TEXT = importlib.import_module("newsdesk.search.migrations.0002_full_text_index")

POSTGRESQL = [
    # Trusted since PostgreSQL 13: the database's owner may create it.
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "DROP INDEX IF EXISTS search_document_vector",
    "CREATE INDEX search_document_vector ON search_searchdocument "
    "USING GIN ((key >> 48), vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_document_vector",
    "CREATE INDEX search_document_vector ON search_searchdocument USING GIN (vector)",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0003_analysed_in_python")]

    operations = [
        migrations.RunPython(
            FULL_TEXT.run({"sqlite": [], "postgresql": POSTGRESQL}),
            FULL_TEXT.run({"sqlite": [], "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
