"""Finding articles in the newsroom: drafts and published alike, by headline or slug.

The public search (newsdesk.search) indexes the text of published articles only, and
must: readers never find a draft. The newsroom looks for its own work, mostly unpublished,
by what it is called. So it has an index of its own over every article's headline and slug
(migration 0013): a trigram index, which finds any part of a word in any script (市议会,
"harbour", "ferr") as ``icontains`` did, without reading a million rows. Bodies are not in
it: a trigram index of every body would outweigh the archive; the public search finds
published articles by their text.

A word of one or two characters has no trigram: it is looked for, as before, by reading
rows, but only among the newest ``SHORT_WORD_SCAN`` articles.
"""

import importlib

from django.db import connections, router
from django.db.models import F, Q
from django.db.models.expressions import RawSQL

from newsdesk.content.models import Article

SHORT_WORD_SCAN = 20_000
TRIGRAM = 3
# Matches listed at most, the newest first by id: "more than 1,000 found", as the public
# search says. A word in a hundred thousand headlines then costs what a list can show.
RESULTS_LIMIT = 1_000


def matching(articles, query: str):
    """``articles`` (a QuerySet) whose headline or slug contains each word of ``query``,
    in any case: the newest ``RESULTS_LIMIT`` + 1 of them at most (by id)."""
    words = query.split()
    if not words:
        return articles
    long = [word for word in words if len(word) >= TRIGRAM]
    for word in words:
        if len(word) < TRIGRAM:  # no trigram to look up: compared row by row
            articles = articles.filter(Q(headline__icontains=word) | Q(slug__icontains=word))
    if not long:
        newest = articles.filter(pk__gt=_newest_floor()).order_by("-pk").values("pk")
        return articles.filter(pk__in=newest[: RESULTS_LIMIT + 1])
    if connections[router.db_for_read(Article)].vendor == "sqlite":
        # A subquery each query of the list runs (count, page, calendar): FTS5 walks its
        # matches newest first and stops at the limit, in about a millisecond.
        expression = " ".join(_phrase(word) for word in long)
        return articles.filter(pk__in=RawSQL(_FTS_MATCH, [expression, RESULTS_LIMIT + 1]))
    # PostgreSQL: the icontains its trigram indexes on UPPER(headline) and UPPER(slug)
    # answer, for the longest word (the rarest, usually: "the" is in most headlines, and
    # its trigram's list is the whole archive); the others are checked on those rows.
    longest = max(long, key=len)
    for word in long:
        if word != longest:
            articles = articles.filter(Q(headline__icontains=word) | Q(slug__icontains=word))
    return articles.filter(pk__in=_newest_holding(longest))


def _newest_holding(word: str) -> list[int]:
    """The ids of the newest ``RESULTS_LIMIT`` + 1 articles whose headline or slug holds
    ``word`` (PostgreSQL).

    Asked in one query, the planner guessed how many match and, for a rare word (a draft's
    headline), walked the primary key backwards over the whole archive for the few that
    do: half a second at 100,000 articles. So the newest ``SHORT_WORD_SCAN`` articles are
    read first, which holds the answer for a common word; else all matches are taken from
    the trigram indexes, sorted by a key no index gives, so that the planner cannot walk
    one (a rare word has few matches to sort)."""
    found = Article.objects.filter(Q(headline__icontains=word) | Q(slug__icontains=word))
    floor = _newest_floor()
    newest = found.filter(pk__gt=floor).order_by("-pk").values_list("pk", flat=True)
    ids = list(newest[: RESULTS_LIMIT + 1])
    if len(ids) > RESULTS_LIMIT or floor == 0:  # the newest matches, or all there are
        return ids
    unordered = found.annotate(key=F("pk") + 0).order_by("-key").values_list("pk", flat=True)
    return list(unordered[: RESULTS_LIMIT + 1])


_FTS_MATCH = (
    "SELECT rowid FROM newsroom_article_finder WHERE newsroom_article_finder MATCH %s "
    "ORDER BY rowid DESC LIMIT %s"
)


def _phrase(word: str) -> str:
    # Each word a phrase (its trigrams in a row), in headline or slug; FTS5 ANDs them.
    # One FTS5 string: its trigrams in a row, quotes doubled, nothing read as syntax.
    return '"' + word.replace('"', '""') + '"'


def _newest_floor() -> int:
    """The id below the newest ``SHORT_WORD_SCAN`` articles (0 when there are fewer)."""
    ids = Article.objects.order_by("-pk").values_list("pk", flat=True)
    return next(iter(ids[SHORT_WORD_SCAN : SHORT_WORD_SCAN + 1]), 0)


def restore_triggers(sender=None, using="default", **kwargs) -> bool:
    """Put back the SQLite triggers that keep the index (migration 0013) if a later
    migration dropped them, and rebuild the index; True if it had to.

    SQLite cannot alter most columns in place: Django rebuilds content_article for such a
    migration, and the rebuilt table has no triggers. Run after every ``migrate``."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    finder = importlib.import_module("newsdesk.newsroom.migrations.0013_article_finder")
    triggers = [sql for sql in finder.SQLITE if sql.startswith("CREATE TRIGGER")]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name = 'newsroom_article_finder' "
            "OR (type = 'trigger' AND name LIKE 'newsroom_article_finder_%')"
        )
        found = {row[0] for row in cursor.fetchall()}
        if "newsroom_article_finder" not in found or len(found) == len(triggers) + 1:
            return False  # not migrated yet, or whole
        for sql in triggers:
            cursor.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
        cursor.execute(
            "INSERT INTO newsroom_article_finder(newsroom_article_finder) VALUES ('rebuild')"
        )
    return True
