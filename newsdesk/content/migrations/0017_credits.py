"""Each person's credits, writer and translator alike, once per article with its time
(``Credit``): what a person's list reads along one index, newest first.

The database keeps the rows from content_byline, content_translatorcredit and
content_article by triggers, so bulk creates (restores, imports, generate), which send no
signals, keep them too. A migration that makes SQLite rebuild one of those tables drops
its triggers: ``content/credits.py`` puts them back after ``migrate`` (a test fails if
they are gone).
"""

import django.db.models.deletion
from django.db import migrations, models

CREDITED = ("content_byline", "content_translatorcredit")

# The credits as the triggers keep them: each (person, article) pair of either table, once.
FILL = (
    "INSERT INTO content_credit (person_id, article_id, published_at) "
    "SELECT c.person_id, c.article_id, a.published_at FROM ("
    "SELECT person_id, article_id FROM content_byline UNION "
    "SELECT person_id, article_id FROM content_translatorcredit"
    ") c JOIN content_article a ON a.id = c.article_id"
)

# A pair leaves when neither table has it any more (the changed row is gone already).
FORGET = (
    "DELETE FROM content_credit WHERE person_id = old.person_id "
    "AND article_id = old.article_id "
    "AND NOT EXISTS (SELECT 1 FROM content_byline "
    "WHERE person_id = old.person_id AND article_id = old.article_id) "
    "AND NOT EXISTS (SELECT 1 FROM content_translatorcredit "
    "WHERE person_id = old.person_id AND article_id = old.article_id);"
)
KEEP = (
    "INSERT INTO content_credit (person_id, article_id, published_at) "
    "SELECT new.person_id, new.article_id, published_at FROM content_article "
    "WHERE id = new.article_id"
)
MOVED = "old.person_id IS NOT new.person_id OR old.article_id IS NOT new.article_id"
DATED = "UPDATE content_credit SET published_at = new.published_at WHERE article_id = new.id;"

SQLITE_TRIGGERS = {
    **{
        f"{table}_credit_insert": (
            f"CREATE TRIGGER {table}_credit_insert AFTER INSERT ON {table} "
            f"BEGIN {KEEP.replace('INSERT', 'INSERT OR IGNORE', 1)}; END"
        )
        for table in CREDITED
    },
    **{
        f"{table}_credit_delete": (
            f"CREATE TRIGGER {table}_credit_delete AFTER DELETE ON {table} BEGIN {FORGET} END"
        )
        for table in CREDITED
    },
    **{
        f"{table}_credit_update": (
            f"CREATE TRIGGER {table}_credit_update AFTER UPDATE OF person_id, article_id "
            f"ON {table} WHEN {MOVED} "
            f"BEGIN {FORGET} {KEEP.replace('INSERT', 'INSERT OR IGNORE', 1)}; END"
        )
        for table in CREDITED
    },
    "content_article_credit_dated": (
        "CREATE TRIGGER content_article_credit_dated AFTER UPDATE OF published_at "
        "ON content_article WHEN old.published_at IS NOT new.published_at "
        f"BEGIN {DATED} END"
    ),
}
# Statistics for the planner at once: without them SQLite takes a new index for a very
# selective one (see 0015).
ANALYZE = "ANALYZE content_credit"
SQLITE = [*SQLITE_TRIGGERS.values(), FILL, ANALYZE]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]

POSTGRESQL = [
    "CREATE FUNCTION content_credit_kept() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_OP <> 'INSERT' THEN {FORGET} END IF; "
    f"IF TG_OP <> 'DELETE' THEN {KEEP} ON CONFLICT (person_id, article_id) DO NOTHING; "
    "END IF; RETURN NULL; END $$",
    *(
        f"CREATE TRIGGER {table}_credit AFTER INSERT OR DELETE OR UPDATE OF person_id, "
        f"article_id ON {table} FOR EACH ROW EXECUTE FUNCTION content_credit_kept()"
        for table in CREDITED
    ),
    "CREATE FUNCTION content_credit_dated() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"{DATED} RETURN NULL; END $$",
    "CREATE TRIGGER content_article_credit_dated AFTER UPDATE OF published_at "
    "ON content_article FOR EACH ROW WHEN (old.published_at IS DISTINCT FROM new.published_at) "
    "EXECUTE FUNCTION content_credit_dated()",
    FILL,
    ANALYZE,
]
POSTGRESQL_REVERSE = [
    *(f"DROP TRIGGER IF EXISTS {table}_credit ON {table}" for table in CREDITED),
    "DROP TRIGGER IF EXISTS content_article_credit_dated ON content_article",
    "DROP FUNCTION IF EXISTS content_credit_kept()",
    "DROP FUNCTION IF EXISTS content_credit_dated()",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise NotImplementedError(f"newsdesk supports SQLite and PostgreSQL, not {vendor}")
        for statement in statements_by_vendor[vendor]:
            schema_editor.execute(statement, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0016_article_pages"),
    ]

    operations = [
        migrations.CreateModel(
            name="Credit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("published_at", models.DateTimeField(null=True)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="credits",
                        to="content.article",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="content.person",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["person", "-published_at", "-article"], name="credit_person_list"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("person", "article"), name="unique_credit_per_person"
                    )
                ],
            },
        ),
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
