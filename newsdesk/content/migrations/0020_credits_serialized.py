"""PostgreSQL's credit trigger (0017) locks the article before it decides.

Each run of the trigger decides from what is committed: a byline removed while a
translator credit for the same person and article was being added deleted the credit
(the translator credit not visible yet, the insert having found the row), two credits
removed at once left one behind, and a credit added while the article's time changed kept
the old time. Locking the article row first (as an UPDATE of the article does) makes
each decision wait for any other transaction changing that article's credits or time to
commit, then see what it did: PL/pgSQL takes a fresh snapshot for each statement.

A row lock, not an advisory one: a load of many bylines in one transaction would hold one
advisory lock per article, past the server's lock table. SQLite runs one writing
transaction at a time, always on the latest data: nothing to change there.
"""

import importlib

from django.db import migrations

credits = importlib.import_module("newsdesk.content.migrations.0017_credits")

# Both articles of a byline moved to another one, in id order (no deadlock between two).
LOCK = (
    "PERFORM 1 FROM content_article WHERE id IN (old.article_id, new.article_id) "
    "ORDER BY id FOR NO KEY UPDATE;"
)


def kept(lock: str) -> str:
    return (
        "CREATE OR REPLACE FUNCTION content_credit_kept() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN {lock}"
        f"IF TG_OP <> 'INSERT' THEN {credits.FORGET} END IF; "
        f"IF TG_OP <> 'DELETE' THEN {credits.KEEP} ON CONFLICT (person_id, article_id) "
        "DO NOTHING; END IF; RETURN NULL; END $$"
    )


def run(lock: str):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(kept(lock), params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0019_newsroom_list_order"),
    ]

    operations = [migrations.RunPython(run(f"{LOCK} "), run(""))]
