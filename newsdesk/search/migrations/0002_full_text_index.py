"""The full-text index over search entries, in the database's own kind.

SQLite: an FTS5 table with search_searchdocument as its external content (it stores no copy
of the text), kept up to date by triggers, with FTS5's Porter stemmer over unicode61 words.
PostgreSQL: a generated tsvector column (english configuration; the pairs of Chinese
characters pass through it unchanged) with a GIN index. Weights: A title, B standfirst,
C author and tag names, D body.
"""

from django.db import migrations

SQLITE = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title, standfirst, body, names,
        content='search_searchdocument', content_rowid='key',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_searchdocument_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, standfirst, body, names)
        VALUES (new.key, new.title, new.standfirst, new.body, new.names);
    END
    """,
    """
    CREATE TRIGGER search_searchdocument_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, standfirst, body, names)
        VALUES ('delete', old.key, old.title, old.standfirst, old.body, old.names);
    END
    """,
    """
    CREATE TRIGGER search_searchdocument_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, standfirst, body, names)
        VALUES ('delete', old.key, old.title, old.standfirst, old.body, old.names);
        INSERT INTO search_fts(rowid, title, standfirst, body, names)
        VALUES (new.key, new.title, new.standfirst, new.body, new.names);
    END
    """,
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_searchdocument_ai",
    "DROP TRIGGER IF EXISTS search_searchdocument_ad",
    "DROP TRIGGER IF EXISTS search_searchdocument_au",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRESQL = [
    """
    ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title), 'A')
        || setweight(to_tsvector('english'::regconfig, standfirst), 'B')
        || setweight(to_tsvector('english'::regconfig, names), 'C')
        || setweight(to_tsvector('english'::regconfig, body), 'D')
    ) STORED
    """,
    "CREATE INDEX search_document_vector ON search_searchdocument USING GIN (vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise NotImplementedError(f"newsdesk search supports SQLite and PostgreSQL, not {vendor}")
        for statement in statements_by_vendor[vendor]:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_entries")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
