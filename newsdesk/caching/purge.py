"""Purging: after a change commits, every page showing it is dropped everywhere.

``purge(keys)`` waits for the surrounding transaction to commit (a page rendered before
that would show the old state), then forgets the article cards showing what changed
(content/cards.py), drops the pages from the page store and calls each hook in the
PURGE_HOOKS setting, such as a reverse proxy's.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils.module_loading import import_string

from newsdesk.caching.store import get_store
from newsdesk.content import cards
from newsdesk.locks import exclusive
from newsdesk.reader import fragments, months

log = logging.getLogger(__name__)


def purge(keys) -> None:
    """Drop every cached page carrying any of ``keys``, once the transaction commits."""
    keys = frozenset(keys)
    if keys:
        transaction.on_commit(lambda: send(keys), robust=True)


def purge_everything() -> None:
    purge({"all"})


def send(keys) -> None:
    # Cards first, then pages, under the lock a page takes to keep the cards it rendered
    # (content/cards.py): no page or card made from the old state outlives this.
    with exclusive(cards.LOCK):
        try:
            cards.forget(keys)
        except DatabaseError:
            log.exception("could not forget the article cards of %s", sorted(keys))
        try:
            fragments.forget(keys)
            months.forget(keys)
        except DatabaseError:
            log.exception("could not forget the feed items or months of %s", sorted(keys))
        get_store().purge(keys)
    for path in settings.PURGE_HOOKS:
        try:
            import_string(path)(set(keys))
        except Exception:
            # A proxy that is down must not fail the publish; its pages expire by s-maxage.
            log.exception("purge hook %s failed for %s", path, sorted(keys))
