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

from django.db import connections, router
from django.db.models import Q

from newsdesk.content.models import Article
from newsdesk.newsroom.changelist import COUNT_LIMIT

SHORT_WORD_SCAN = 20_000
TRIGRAM = 3


def matching(articles, query: str):
    """``articles`` (a QuerySet) whose headline or slug contains each word of ``query``,
    in any case: the newest ``COUNT_LIMIT`` + 1 of them by id at most, as a list counts."""
    words = query.split()
    if not words:
        return articles
    sqlite = connections[router.db_for_read(Article)].vendor == "sqlite"
    for word in words:
        contains = Q(headline__icontains=word) | Q(slug__icontains=word)
        if len(word) < TRIGRAM:
            articles = articles.filter(contains)
        elif sqlite:
            # Asked once here, not again by each query of the list (count, page, calendar).
            articles = articles.filter(pk__in=_fts_matches(word))
        else:  # PostgreSQL: what its trigram indexes on UPPER(headline) and UPPER(slug) answer
            newest = Article.objects.filter(contains).order_by("-pk").values("pk")
            articles = articles.filter(pk__in=newest[: COUNT_LIMIT + 1])
    if all(len(word) < TRIGRAM for word in words):
        articles = articles.filter(pk__gt=_newest_floor())
    return articles


# The newest matches only, one more than a list counts (changelist.COUNT_LIMIT): a word in
# a hundred thousand headlines costs what the list can show, and the list says "more than".
_FTS_MATCH = (
    "SELECT rowid FROM newsroom_article_finder WHERE newsroom_article_finder MATCH %s "
    f"ORDER BY rowid DESC LIMIT {COUNT_LIMIT + 1}"
)


def _fts_matches(word: str) -> list[int]:
    with connections[router.db_for_read(Article)].cursor() as cursor:
        cursor.execute(_FTS_MATCH, [_phrase(word)])
        return [row[0] for row in cursor.fetchall()]


def _phrase(word: str) -> str:
    # One FTS5 string: its trigrams in a row, quotes doubled, nothing read as syntax.
    return '"' + word.replace('"', '""') + '"'


def _newest_floor() -> int:
    """The id below the newest ``SHORT_WORD_SCAN`` articles (0 when there are fewer)."""
    ids = Article.objects.order_by("-pk").values_list("pk", flat=True)
    return next(iter(ids[SHORT_WORD_SCAN : SHORT_WORD_SCAN + 1]), 0)
