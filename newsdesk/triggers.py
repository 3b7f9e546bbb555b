"""SQLite triggers that a table rebuild dropped, put back after ``migrate``.

SQLite cannot alter most columns in place: for such a migration Django builds a new
table, copies the rows and drops the old one, and the new table has none of the old
one's triggers. Three things are kept by SQLite triggers that bulk writes (restores,
imports, ``newsdesk generate``) rely on: the newsroom's article finder, each person's
credits and the public search index. Each app calls ``restore`` after every ``migrate``
with its triggers and what fills their table again from scratch.
"""

from django.db import connections, transaction


def named(statements) -> dict[str, str]:
    """The ``CREATE TRIGGER`` statements among ``statements``, by trigger name."""
    return {
        statement.split()[2]: statement
        for statement in statements
        if statement.split()[:2] == ["CREATE", "TRIGGER"]
    }


def restore(using: str, table: str, triggers: dict[str, str], refill: list[str]) -> bool:
    """Create those of ``triggers`` (name: statement) that are gone, then run ``refill``,
    which fills ``table``, the one they keep, again (rows written meanwhile were missed);
    True if it had to. Nothing to do before ``table`` exists or on PostgreSQL, whose
    triggers outlive a change of their table."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    names = [table, *triggers]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name FROM sqlite_master WHERE name IN ({', '.join(['%s'] * len(names))})",
            names,
        )
        found = {row[0] for row in cursor.fetchall()}
        if table not in found or found == set(names):
            return False  # not migrated that far, or whole
        for name, statement in triggers.items():
            if name not in found:
                cursor.execute(statement)
        for statement in refill:
            cursor.execute(statement)
    return True
