"""The search index: one entry per published article, and its text as the index reads it.

``SearchEntry`` holds what results are filtered and ordered by, in narrow rows that a query
can read for thousands of matches; ``SearchDocument`` the text, in ``text.index_form``.
The full-text index itself is the database's own, kept by the database from the documents:
on SQLite an FTS5 table ``search_fts`` with search_searchdocument as its external content,
updated by triggers; on PostgreSQL a generated ``tsvector`` column ``vector`` with a GIN
index. Migrations 0002 and 0003 make them, for the database they run on, so these models
declare neither; neither stems (text.py does, per language). On PostgreSQL the GIN index
also holds each document's period, language and section (migrations 0004, 0006). (A
migration that makes SQLite rebuild search_searchdocument drops its triggers:
``index.restore_triggers`` puts them back after ``migrate``.)

Each entry has a ``key`` that orders entries by publication time (``time_key``): the FTS5
rowid. A range of publication times is then a range of rowids, which FTS5 seeks to in
its lists of matches instead of looking up every match's entry (query.py).
"""

from datetime import datetime

from django.db import models

from newsdesk.content.models import Article, Section

# The low bits of a key: an article id, so that articles published in the same second
# still have keys of their own (unless their ids differ by a multiple of 2**28).
ID_BITS = 28
# Seconds from 1970 fit in 35 bits for dates from 881 to 3058; earlier and later times
# take the key of the nearest end (and keep their order by article id).
SECONDS_BOUND = 1 << 34
FIRST_KEY = -SECONDS_BOUND << ID_BITS
# On PostgreSQL the full-text index leads with the period of a key: key >> PERIOD_SHIFT,
# 2**20 seconds (some 12 days) of publication (migration 0004).
PERIOD_SHIFT = ID_BITS + 20


def time_key(published_at: datetime, article_id: int = 0) -> int:
    """The key of an article published at ``published_at``: its second, then its id."""
    seconds = max(-SECONDS_BOUND, min(int(published_at.timestamp()), SECONDS_BOUND - 1))
    return (seconds << ID_BITS) + article_id % (1 << ID_BITS)


def last_key(moment: datetime) -> int:
    """The largest key of an article published in the second of ``moment``."""
    return time_key(moment) + (1 << ID_BITS) - 1


class SearchEntry(models.Model):
    """A published article in the index: what results are filtered and ranked by."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    key = models.BigIntegerField()
    language = models.CharField(max_length=10)
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    published_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "search entries"
        indexes = [
            # Each match is looked up by key: everything a query reads, in one index.
            models.Index(
                fields=["key", "language", "published_at", "section", "article"],
                name="search_entry_match",
            ),
        ]

    def __str__(self):
        return f"search entry of article {self.article_id}"


class SearchDocument(models.Model):
    """The text of an entry, each field in ``text.index_form``; ``key`` is the entry's."""

    entry = models.OneToOneField(
        SearchEntry, on_delete=models.CASCADE, primary_key=True, related_name="document"
    )
    key = models.BigIntegerField(unique=True)
    title = models.TextField()
    standfirst = models.TextField()
    body = models.TextField()
    # Author and tag names: a search for a writer or a subject finds their articles.
    names = models.TextField()
    # The entry's language and section again, where PostgreSQL's full-text index reads them
    # beside the words (migration 0006): a filtered search skips the matches of other
    # languages and sections in the index, instead of looking up each one's entry.
    language = models.CharField(max_length=10)
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+", db_index=False)

    def __str__(self):
        return f"search document of article {self.entry_id}"
