"""The newsroom's index of every article's headline and slug, drafts included (finding.py).

On SQLite an FTS5 table with the trigram tokenizer, its content the article table itself,
kept by triggers (so bulk inserts, which send no signals, are indexed too); on
PostgreSQL trigram GIN indexes (pg_trgm) on the upper-cased headline and slug, the
expressions Django's ``icontains`` compares. A migration that makes SQLite rebuild
content_article drops the triggers: recreate them as here (a test fails if they are gone).
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE newsroom_article_finder USING fts5("
    "headline, slug, content='content_article', content_rowid='id', tokenize='trigram')",
    "INSERT INTO newsroom_article_finder(newsroom_article_finder) VALUES ('rebuild')",
    "CREATE TRIGGER newsroom_article_finder_insert AFTER INSERT ON content_article BEGIN "
    "INSERT INTO newsroom_article_finder(rowid, headline, slug) "
    "VALUES (new.id, new.headline, new.slug); END",
    "CREATE TRIGGER newsroom_article_finder_delete AFTER DELETE ON content_article BEGIN "
    "INSERT INTO newsroom_article_finder(newsroom_article_finder, rowid, headline, slug) "
    "VALUES ('delete', old.id, old.headline, old.slug); END",
    "CREATE TRIGGER newsroom_article_finder_update AFTER UPDATE OF headline, slug "
    "ON content_article BEGIN "
    "INSERT INTO newsroom_article_finder(newsroom_article_finder, rowid, headline, slug) "
    "VALUES ('delete', old.id, old.headline, old.slug); "
    "INSERT INTO newsroom_article_finder(rowid, headline, slug) "
    "VALUES (new.id, new.headline, new.slug); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS newsroom_article_finder_insert",
    "DROP TRIGGER IF EXISTS newsroom_article_finder_delete",
    "DROP TRIGGER IF EXISTS newsroom_article_finder_update",
    "DROP TABLE IF EXISTS newsroom_article_finder",
]
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS newsroom_article_find_headline ON content_article "
    "USING gin ((UPPER(headline::text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS newsroom_article_find_slug ON content_article "
    "USING gin ((UPPER(slug::text)) gin_trgm_ops)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS newsroom_article_find_headline",
    "DROP INDEX IF EXISTS newsroom_article_find_slug",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise NotImplementedError(f"the newsroom supports SQLite and PostgreSQL, not {vendor}")
        for statement in statements_by_vendor[vendor]:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0014_newsroom_indexes"),
        ("newsroom", "0012_notifications"),
    ]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
