"""Each person's credits (``Credit``), kept by the database: putting back the SQLite
triggers that keep them when a later migration dropped them (migrations 0017, 0020)."""

import importlib

from newsdesk import triggers


def restore_triggers(sender=None, using="default", **kwargs) -> bool:
    """Put back the SQLite triggers of migration 0020 that are gone, and fill the credits
    again from the bylines and translator credits; True if it had to. Run after every
    ``migrate`` (``newsdesk.triggers``)."""
    credits = importlib.import_module("newsdesk.content.migrations.0020_credit_roles")
    return triggers.restore(
        using,
        "content_credit",
        credits.SQLITE_TRIGGERS,
        ["DELETE FROM content_credit", credits.FILL],
    )
