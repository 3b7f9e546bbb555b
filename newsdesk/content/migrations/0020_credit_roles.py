"""Each credit says whether the person wrote the article, translated it or both, and the
triggers that keep credits (0017) no longer lose one to two transactions at once.

The flags let a list of what a person wrote (or translated) read along the person's
credits and skip the others in the same index walk: an EXISTS on the bylines was a
probe SQLite made per credit but PostgreSQL turned into a join that read and sorted all
of a person's credits for each page.

The triggers set the flag of the table that changed (a person has at most one byline and
one translator credit per article), then delete a credit left with neither. On
PostgreSQL the row is then the state, changed under its row lock, where the old trigger
decided from what it saw committed: a byline removed while a translator credit for the
same person and article was being added deleted the credit (the translator credit not
visible yet), and two credits removed at once left one behind; now the second waits
for the first and changes what it wrote. A credit added while its article's time changed
kept the old time: the trigger reads the time under a share lock on the article row, so
the one waits for the other (locking it for every change as well cost a sixth more per
byline written or removed). SQLite runs one writing transaction at a time, on the
latest data.
"""

import importlib

from django.db import migrations, models

old = importlib.import_module("newsdesk.content.migrations.0017_credits")

FLAGS = {"content_byline": "wrote", "content_translatorcredit": "translated"}
CREDITED = tuple(FLAGS)

# All the credits from the bylines and translator credits (content/credits.py fills them
# again with it when it has put back triggers a table rebuild dropped).
FILL = (
    "INSERT INTO content_credit (person_id, article_id, published_at, wrote, translated) "
    "SELECT c.person_id, c.article_id, a.published_at, max(c.wrote) = 1, max(c.translated) = 1 "
    "FROM (SELECT person_id, article_id, 1 AS wrote, 0 AS translated FROM content_byline "
    "UNION ALL SELECT person_id, article_id, 0, 1 FROM content_translatorcredit) c "
    "JOIN content_article a ON a.id = c.article_id "
    "GROUP BY c.person_id, c.article_id, a.published_at"
)
# The credits there are already, flagged once (the columns' default is false).
FLAG_EXISTING = (
    "UPDATE content_credit SET "
    + ", ".join(
        f"{flag} = EXISTS (SELECT 1 FROM {table} t WHERE t.person_id = content_credit.person_id "
        "AND t.article_id = content_credit.article_id)"
        for table, flag in FLAGS.items()
    )
)


def gone(flag: str) -> str:
    """The changed row (``old``) is gone: its flag off, the credit gone with the last."""
    return (
        f"UPDATE content_credit SET {flag} = false "
        "WHERE person_id = old.person_id AND article_id = old.article_id; "
        "DELETE FROM content_credit WHERE person_id = old.person_id "
        "AND article_id = old.article_id AND NOT wrote AND NOT translated;"
    )


def came(flag: str) -> str:
    """A row (``new``) came: its credit, with the flag on."""
    flags = ", ".join("true" if each == flag else "false" for each in FLAGS.values())
    return (
        "INSERT INTO content_credit (person_id, article_id, published_at, wrote, translated) "
        f"SELECT new.person_id, new.article_id, published_at, {flags} FROM content_article "
        "WHERE id = new.article_id "
        f"ON CONFLICT (person_id, article_id) DO UPDATE SET {flag} = true;"
    )


SQLITE_TRIGGERS = {
    **{
        f"{table}_credit_insert": (
            f"CREATE TRIGGER {table}_credit_insert AFTER INSERT ON {table} BEGIN {came(flag)} END"
        )
        for table, flag in FLAGS.items()
    },
    **{
        f"{table}_credit_delete": (
            f"CREATE TRIGGER {table}_credit_delete AFTER DELETE ON {table} BEGIN {gone(flag)} END"
        )
        for table, flag in FLAGS.items()
    },
    **{
        f"{table}_credit_update": (
            f"CREATE TRIGGER {table}_credit_update AFTER UPDATE OF person_id, article_id "
            f"ON {table} WHEN {old.MOVED} BEGIN {gone(flag)} {came(flag)} END"
        )
        for table, flag in FLAGS.items()
    },
    "content_article_credit_dated": old.SQLITE_TRIGGERS["content_article_credit_dated"],
}
ADD_COLUMNS = [
    f"ALTER TABLE content_credit ADD COLUMN {flag} boolean NOT NULL DEFAULT false"
    for flag in FLAGS.values()
]
DROP_COLUMNS = [f"ALTER TABLE content_credit DROP COLUMN {flag}" for flag in FLAGS.values()]

SQLITE = [
    *ADD_COLUMNS,
    *(f"DROP TRIGGER IF EXISTS {name}" for name in old.SQLITE_TRIGGERS),
    *SQLITE_TRIGGERS.values(),
    FLAG_EXISTING,
]
SQLITE_REVERSE = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS),
    *DROP_COLUMNS,
    *old.SQLITE_TRIGGERS.values(),
]


def function(table: str, flag: str) -> str:
    # The article's time read under a share lock: an UPDATE of the article waits for this
    # transaction, or this one for it, and then reads its time.
    arrived = came(flag).replace("new.article_id ON", "new.article_id FOR SHARE ON")
    return (
        f"CREATE FUNCTION {table}_credit_kept() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP = 'UPDATE' AND old.person_id = new.person_id "
        "AND old.article_id = new.article_id THEN RETURN NULL; END IF; "
        f"IF TG_OP <> 'INSERT' THEN {gone(flag)} END IF; "
        f"IF TG_OP <> 'DELETE' THEN {arrived} END IF; "
        "RETURN NULL; END $$"
    )


POSTGRESQL = [
    *ADD_COLUMNS,
    *(f"DROP TRIGGER {table}_credit ON {table}" for table in CREDITED),
    "DROP FUNCTION content_credit_kept()",
    *(function(table, flag) for table, flag in FLAGS.items()),
    *(
        f"CREATE TRIGGER {table}_credit AFTER INSERT OR DELETE OR UPDATE OF person_id, "
        f"article_id ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_credit_kept()"
        for table in CREDITED
    ),
    FLAG_EXISTING,
    "ANALYZE content_credit",
]
POSTGRESQL_REVERSE = [
    *(f"DROP TRIGGER {table}_credit ON {table}" for table in CREDITED),
    *(f"DROP FUNCTION {table}_credit_kept()" for table in CREDITED),
    *DROP_COLUMNS,
    *(
        statement
        for statement in old.POSTGRESQL
        if statement.startswith("CREATE FUNCTION content_credit_kept")
        or any(statement.startswith(f"CREATE TRIGGER {table}_credit ") for table in CREDITED)
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0019_newsroom_list_order"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunPython(
                    old.run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
                    old.run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="credit",
                    name=flag,
                    field=models.BooleanField(db_default=False),
                )
                for flag in FLAGS.values()
            ],
        ),
    ]
