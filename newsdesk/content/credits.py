"""Each person's credits (``Credit``), kept by the database: putting back the SQLite
triggers that keep them when a later migration dropped them (migration 0017)."""

import importlib

from django.db import connections, transaction


def restore_triggers(sender=None, using="default", **kwargs) -> bool:
    """Put back the SQLite triggers of migration 0017 that are gone, and fill the credits
    again from the bylines and translator credits; True if it had to.

    SQLite cannot alter most columns in place: Django rebuilds a table for such a
    migration, and the rebuilt table has no triggers. Run after every ``migrate``."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    credits = importlib.import_module("newsdesk.content.migrations.0017_credits")
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name = 'content_credit' OR "
            f"(type = 'trigger' AND name IN ({', '.join(['%s'] * len(credits.SQLITE_TRIGGERS))}))",
            list(credits.SQLITE_TRIGGERS),
        )
        found = {row[0] for row in cursor.fetchall()}
        if "content_credit" not in found or len(found) == len(credits.SQLITE_TRIGGERS) + 1:
            return False  # not migrated yet, or whole
        for name, sql in credits.SQLITE_TRIGGERS.items():
            if name not in found:
                cursor.execute(sql)
        cursor.execute("DELETE FROM content_credit")
        cursor.execute(credits.FILL)
    return True
