"""Searching published articles: ``search()``, used by the search page and the API.

Ranking. Each result has a relevance from the database's full-text ranking, made larger
for recent articles:

    score = relevance × (1 + RECENCY_BOOST × RECENCY_DAYS / (RECENCY_DAYS + age in days))

where relevance is -bm25() on SQLite (FTS5's BM25, with the weights TITLE, STANDFIRST,
NAMES and BODY per column) and ts_rank_cd() on PostgreSQL (cover density, with the same
weights, divided by 1 + the log of the document's length). So an article published today
counts twice as much as a very old one, one published RECENCY_DAYS ago one and a half
times: recency breaks near-ties and lifts current stories, while a much better match
still wins. The decay is hyperbolic because SQLite is not always built with exp().

Bounded work. Ranking costs about 1.5 µs per matching article on SQLite and 15 µs on
PostgreSQL, so a query that matches most of a large archive ("council", "said") would take
a tenth of a second, or a second. So matches are counted up to MAX_RESULTS + 1 only (the
first MAX_RESULTS results can be paged through, as on the big search engines: "more than
1,000 found"), and when more than MAX_RESULTS articles match, only the newest CANDIDATES
are ranked, and not by bm25() or ts_rank_cd(): by the columns that hold the whole query
(TITLE, STANDFIRST, NAMES, else BODY; ``_sqlite_column_relevance``). bm25() weighs each
word by its rarity, which it counts by reading every row of the archive that holds it (20
ms per word per million articles, more for a phrase); ts_rank_cd() reads each
candidate's tsvector from TOAST. Every candidate holds every word, and all are recent:
where the words stand, and recency, are what still tells them apart.

Entry keys are in order of publication time (models.py), so on SQLite "the newest" and
the date filters are a range of FTS5 rowids, which FTS5 seeks to without reading the
other matches; there the newest CANDIDATES matches of the words are the bound, before
the filters (language, section, author) are applied.

On PostgreSQL a GIN index answers in the order of the table, not of publication, and
reading each match (its tsvector, some 5 KB from TOAST) costs more than ranking it. So
the index leads with the period of each document (12 days of its key, migration 0004),
and the newest MAX_RESULTS + 1 matches that pass the filters (the index reads the
language and the section itself: migration 0006) are looked for in the newest period,
then the 3 before, the 12 before them... (PERIODS; once some are found, as many periods
as their rate says the rest needs), the index reading only the matches in those periods;
then in all older periods, with no period. A common word ("said", "the city") is
found in the first periods, whatever the size of the archive. Their number is the count,
and the newest CANDIDATES of them are ranked: there the bound applies after the filters,
so a section's results are its newest matches, not those among every section's newest
(``_postgresql_search``). Each look reads the matches newest first and stops once it has
as many as it needs: only those matches' documents are checked for a phrase (a read of
the tsvector from TOAST each), and their entries looked up only for an author's filter
(the documents hold the others); it returns each match with its score by the columns (its
recency to the second, from its key), so a common query is ranked without reading its
documents again. The results are otherwise those of SQLite.

What may be found is what readers may see: the index holds only published articles
(``index.py``), the query requires a publication time that has come, and the articles of
a page are loaded through ``Article.objects.published()``, so one unpublished a moment
ago is left out even before its entry is gone.
"""

import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db import connections, router, transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.safestring import SafeString

from newsdesk.content.body import plain_text
from newsdesk.content.models import Article, Byline
from newsdesk.languages import edition_codes
from newsdesk.search import highlight
from newsdesk.search.models import (
    FIRST_KEY,
    ID_BITS,
    PERIOD_SHIFT,
    SearchEntry,
    last_key,
    time_key,
)
from newsdesk.search.text import Term, fts5_query, parse, tsquery_parts

RECENCY_BOOST = 1.0
RECENCY_DAYS = 30.0
# Weights of a match in each column (BM25 on SQLite; PostgreSQL's A, B, C and D weights).
TITLE, STANDFIRST, NAMES, BODY = 10.0, 4.0, 3.0, 1.0
# Matches ranked at most, by database. On SQLite "the city" costs 34 ms of CPU with the
# newest 5,000, 19 ms with 2,000 (at 100k articles: reading the words' positions); on
# PostgreSQL finding each candidate costs more than ranking it.
CANDIDATES = {"sqlite": 2_000, "postgresql": 1_000}
MAX_RESULTS = 1_000
# PostgreSQL looks for the newest matches in the newest period (PERIOD_SHIFT), then in the
# 3 before it, the 12 before them..., then in all older ones: a word found in most
# articles is found in the first, each period read by the index for the word's matches
# in it alone; a rarer one, in the last, by the index for the word alone.
PERIODS = (1, 3, 12, 48)
# Looks past PERIODS, each as many periods as the rate of matches so far says the rest
# needs (``_next_periods``).
EXTRA_STEPS = 4
# How a look for the newest matches on PostgreSQL starts (the matches, in a subquery).
PROBE = "SELECT r.key, r.article_id, r.score FROM (SELECT m.key,"
MAX_LIMIT = 100
# The short columns of a document and their weights: read whole from its row (no TOAST),
# they rank a common query's newest matches and settle a phrase they hold.
SHORT_COLUMNS = {"title": TITLE, "standfirst": STANDFIRST, "names": NAMES}


@dataclass
class SearchHit:
    """One result: the article (with section, column, lead image and bylines loaded), its
    score, and its headline and snippet as escaped HTML with the matches in <mark>."""

    article: Article
    score: float
    headline_html: SafeString
    snippet_html: SafeString


@dataclass
class SearchResults:
    """A page of results, ``hits``, from ``offset`` on.

    ``total`` is the number of matches, counted up to MAX_RESULTS; ``more`` says there are
    more than that (which cannot be paged through).
    """

    query: str
    terms: list[Term]
    total: int = 0
    more: bool = False
    offset: int = 0
    limit: int = 20
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def searched(self) -> bool:
        """False when the query held nothing to search for (empty, or punctuation only)."""
        return bool(self.terms)


def search(
    query: str,
    *,
    language: str | None,
    section=None,
    author=None,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Published articles matching ``query``, best first.

    ``language`` is an edition's language code (None: every language). ``section`` and
    ``author`` are a Section and a Person, or their ids. ``since`` and ``until`` are dates
    (whole days in the site's time zone, both included) or datetimes. ``limit`` is capped
    at MAX_LIMIT, and ``offset + limit`` at MAX_RESULTS.
    """
    now = timezone.now()
    offset = max(0, int(offset))
    limit = max(0, min(int(limit), MAX_LIMIT, MAX_RESULTS - offset))
    terms = parse(query)
    results = SearchResults(query=query, terms=terms, offset=offset, limit=limit)
    if not terms:
        return results
    first, last = _key_range(since, until, now)
    if first > last:
        return results
    alias = router.db_for_read(SearchEntry)
    connection = connections[alias]
    sqlite = connection.vendor == "sqlite"
    # The documents hold every filter but the author's on PostgreSQL: the times in their
    # keys, the language and the section (migration 0006). Their entries are then looked
    # up for an author's bylines only (a thousand lookups: half of a common word's look).
    entries_sql = None
    if sqlite or author is not None:
        entries = _entries(language, section, author, since, until, now)
        entries_sql = entries.query.get_compiler(using=alias).as_sql()
    # Words are searched in the forms of the language searched, or of every edition.
    languages = [language] if language else edition_codes()
    with _cursor(connection) as cursor:
        if sqlite:
            count, rows = _sqlite_search(
                cursor, terms, languages, entries_sql, first, last, now, limit, offset
            )
        else:
            filters = _document_filters(language, section)
            count, rows = _postgresql_search(
                cursor, terms, languages, entries_sql, filters, first, last, now, limit, offset
            )
    results.total, results.more = min(count, MAX_RESULTS), count > MAX_RESULTS
    results.hits = _hits(rows, terms, alias)
    return results


def _sqlite_search(cursor, terms, languages, entries_sql, first, last, now, limit, offset):
    """The number of matches (up to MAX_RESULTS + 1) and the (article id, score) rows of
    the page, on SQLite."""
    match, params, relevance = _sqlite_match(terms, languages, entries_sql)
    ranged, range_params = _in_keys(first, last)
    cursor.execute(
        f"SELECT COUNT(*) FROM (SELECT 1 {match} {ranged} LIMIT {MAX_RESULTS + 1}) AS m",
        [*params, *range_params],
    )
    count = cursor.fetchone()[0]
    if count == 0 or limit == 0:
        return count, []
    relevance_params = []
    if count > MAX_RESULTS:
        newest = _newest_candidates(cursor, terms, languages, first, last)
        first = max(first, newest)
        ranged, range_params = _in_keys(first, last)
    if count > MAX_RESULTS or first > FIRST_KEY:
        # Also within dates: bm25() would still count the words' rows in every year.
        relevance, relevance_params = _sqlite_column_relevance(terms, languages, first, last)
    cursor.execute(
        f"SELECT e.article_id, {_score(relevance, sqlite=True)} AS score {match} {ranged} "
        "ORDER BY score DESC, e.key DESC LIMIT %s OFFSET %s",
        [*relevance_params, _julian_day(now), *params, *range_params, limit, offset],
    )
    return count, cursor.fetchall()


def _sqlite_column_relevance(terms, languages, first: int, last: int) -> tuple[str, list]:
    """The relevance of the newest matches of a common query, between ``first`` and
    ``last``: the weights of the columns that hold the whole query (TITLE, STANDFIRST,
    NAMES), plus BODY, which every match has.

    bm25() cannot be used there: before ranking a row it counts every row of the table
    that holds each phrase of the query (the rarity of a word, for its weight), reading
    all of a common word's matches (some 20 ms per word per million articles, and more for
    a phrase, whose every occurrence is checked). Here each column's matches are read
    from the full-text index only between the two keys, a few thousand rows. All the
    matches hold every word, so a word's rarity weighs the same in each of them: what
    bm25() would tell apart beyond the columns is how often the words occur."""
    match = fts5_query(terms, languages)
    parts, params = [], []
    for column, weight in SHORT_COLUMNS.items():
        parts.append(
            f"{weight} * (search_fts.rowid IN (SELECT rowid FROM search_fts "
            "WHERE search_fts MATCH %s AND rowid >= %s AND rowid <= %s))"
        )
        params += [f"{{{column}}} : ({match})", first, last]
    return " + ".join([*parts, str(BODY)]), params


def _postgresql_search(
    cursor, terms, languages, entries_sql, filters, first, last, now, limit, offset
):
    """The number of matches (up to MAX_RESULTS + 1) and the (article id, score) rows of
    the page, on PostgreSQL.

    The newest matches that pass the filters are found first, by key, period by period
    (PERIODS): the full-text index leads with each document's period, so it reads only
    the matches of the periods asked for; past them, the matches of the words in every
    period. It holds each document's language and section too (``_document_filters``),
    and a document's key holds its time: the entries are read only for an author's
    filter (``entries_sql``, else None). Their number is the count; only the newest
    CANDIDATES of them are then ranked. Each match comes with its score by the columns
    that hold the query (``_postgresql_column_relevance``), read from the row the index
    pointed to, read anyway: when there are more than MAX_RESULTS, the page is ranked
    from them, with no further look at the documents.

    A phrase (quoted words, Chinese) is looked for as its words, which the index answers
    alone; each match that passed the filters is then checked for the phrase, in
    the same statement, newest first, until enough hold it: the index cannot tell where
    words stand, and checking a document reads its tsvector, some 5 KB from TOAST (12 KB
    in Chinese). A match whose title, standfirst or names hold the phrase (read from the
    row, for its score anyway) is not checked (the benchmark's 43 queries at a million
    articles: 193,349 shared buffers before, 164,396 after).
    """
    tsquery, query_params = _tsquery(terms, languages)
    words, words_params = _tsquery(terms, languages, phrases=False)
    phrased = (words, words_params) != (tsquery, query_params)
    if entries_sql is None:
        published = f"(m.key >> {ID_BITS})::numeric"  # as EXTRACT's
        article, joined, entries_params = "m.entry_id", "", []
    else:
        entries, entries_params = entries_sql
        article, published = "e.article_id", "EXTRACT(EPOCH FROM e.published_at)"
        joined = f"JOIN ({entries}) e ON e.article_id = m.entry_id "
    filtered, filters_params = filters
    columns, columns_params = _postgresql_column_relevance(terms, languages, "m")
    score = _score(columns, sqlite=False, published=published)
    score_params = [*columns_params, _julian_day(now)]
    # A phrase is checked in each document (ts_match_vq(): @@ that no index answers,
    # else the planner would ask the GIN index for the phrase, and check every document
    # holding its words). A phrase in the title, standfirst or names is in the tsvector:
    # such a match is not checked (OR evaluates in order), its tsvector not read.
    vector, holds, holds_params = "", "true", []
    if phrased:
        shown = [_postgresql_held_in(terms, languages, f"m.{c}") for c in SHORT_COLUMNS]
        vector = ", d.vector"
        checks = [*(f"({held})" for held, _ in shown), f"ts_match_vq(m.vector, {tsquery})"]
        holds = "(" + " OR ".join(checks) + ")"
        holds_params = [*(p for _, held_params in shown for p in held_params), *query_params]
    wanted = max(CANDIDATES["postgresql"], MAX_RESULTS + 1)
    matches = []  # (key, article id, score by the columns), newest first
    newest, oldest = last >> PERIOD_SHIFT, first >> PERIOD_SHIFT
    searched = 0.0  # periods searched so far, each for the time of it searched
    for step in range(len(PERIODS) + EXTRA_STEPS + 1):
        periods = _next_periods(step, searched, len(matches), wanted)
        if periods is None:  # every older period: the words' matches, by the index
            within, within_params = "", []
        else:
            # From the first period on (the newer ones were searched: their matches are
            # left out by key, after the index). Not BETWEEN: the index would read every
            # period up to the last. The literal's type is the index expression's:
            # btree_gin has no int8 >= int4.
            start = max(oldest, newest - periods + 1)
            within = f"AND (d.key >> {PERIOD_SHIFT}) >= %s::bigint"
            within_params = [start]
        # The matches, newest first, then (an author's) their entries, each by its key,
        # and (a phrase) their documents, until as many as needed pass: the sorted
        # subquery (OFFSET 0: on its own) leads a nested loop that the LIMIT stops, so a
        # common word's entries are looked up, and a phrase's documents checked, for the
        # matches needed only, not for every match of the periods; and a document is
        # checked once its entry passed the filters. Led by the entries that pass a
        # filter (an author's), the planner would check each one's document against the
        # words: a tsvector read from TOAST for every entry in the archive.
        cursor.execute(
            f"{PROBE} {article} AS article_id, {score} AS score, {holds} AS holds "
            f"FROM (SELECT d.key, d.entry_id, d.title, d.standfirst, d.names{vector} "
            f"FROM search_searchdocument d WHERE d.vector @@ ({words}) {filtered} {within} "
            "AND d.key >= %s AND d.key <= %s ORDER BY d.key DESC OFFSET 0) m "
            f"{joined}ORDER BY m.key DESC OFFSET 0) r WHERE r.holds LIMIT %s",
            [
                *score_params,
                *holds_params,
                *words_params,
                *filters_params,
                *within_params,
                first,
                last,
                *entries_params,
                wanted - len(matches),
            ],
        )
        matches += cursor.fetchall()
        if periods is None or len(matches) >= wanted or start == oldest:
            break
        # The newest period is still going on (or cut by a date): counted as a whole, it
        # made a common word look rarer, and the next look read three times the matches
        # it needed ("said": 4,288 for 638).
        searched += (last - max(first, start << PERIOD_SHIFT) + 1) / (1 << PERIOD_SHIFT)
        newest = start - 1
        last = min(last, (newest + 1 << PERIOD_SHIFT) - 1)
    if not matches or limit == 0:
        return len(matches), []
    candidates = matches[: CANDIDATES["postgresql"]]
    if len(matches) > MAX_RESULTS:
        # Best first, then newest, as ORDER BY score DESC, key DESC.
        ranked = sorted(candidates, key=lambda row: (row[2], row[0]), reverse=True)
        return len(matches), [(pk, score) for _, pk, score in ranked[offset : offset + limit]]
    weights = ", ".join(str(w / TITLE) for w in (BODY, NAMES, STANDFIRST, TITLE))
    relevance = f"ts_rank_cd('{{{weights}}}', d.vector, q.query, 1)"
    cursor.execute(
        f"SELECT e.article_id, {_score(relevance, sqlite=False)} AS score "
        "FROM search_searchdocument d JOIN search_searchentry e ON e.article_id = d.entry_id "
        f"CROSS JOIN (SELECT {tsquery} AS query) q WHERE d.key = ANY(%s) "
        "ORDER BY score DESC, e.key DESC LIMIT %s OFFSET %s",
        [
            _julian_day(now),
            *query_params,
            [key for key, _, _ in candidates],
            limit,
            offset,
        ],
    )
    return len(matches), cursor.fetchall()


def _document_filters(language, section) -> tuple[str, list]:
    """The filters that PostgreSQL's full-text index reads with the words (the language and
    the section: migration 0006), as conditions on the documents ``d``, and their
    parameters. The join to the entries applies them again, with the others."""
    conditions, params = [], []
    if language:
        conditions.append("AND d.language = %s")
        params.append(language)
    if section is not None:
        conditions.append("AND d.section_id = %s")
        params.append(getattr(section, "pk", section))
    return " ".join(conditions), params


def _next_periods(step: int, searched: float, found: int, wanted: int) -> int | None:
    """How many periods the ``step``-th look for the newest matches reads (None: every
    older one), after ``searched`` periods (the part of each that was searched) held
    ``found`` of the ``wanted`` matches.

    PERIODS, growing, while nothing is found; once matches are found, their rate tells
    how many periods hold the rest (a quarter more, for the periods that hold fewer), so
    a common word or character that needs a few more matches does not read 48 periods of
    them (港, in a third of the archive: 700 ms at 100k articles). Past PERIODS, a few
    more such steps, until the rest would need more than the last of PERIODS."""
    if step < len(PERIODS) and not found:
        return PERIODS[step]
    if found:
        estimate = math.ceil(1.25 * (wanted - found) * searched / found)
        limit = PERIODS[min(step, len(PERIODS) - 1)]
        if step < len(PERIODS) or (estimate <= PERIODS[-1] and step < len(PERIODS) + EXTRA_STEPS):
            return max(1, min(estimate, limit))
    return None


def _postgresql_column_relevance(terms, languages, alias: str) -> tuple[str, list[str]]:
    """The relevance of the newest matches of a common query on PostgreSQL, as on SQLite
    (``_sqlite_column_relevance``): the weights of the columns that hold the whole query
    (``_postgresql_held_in``)."""
    parts, params = [], []
    for column, weight in SHORT_COLUMNS.items():
        held, held_params = _postgresql_held_in(terms, languages, f"{alias}.{column}")
        parts.append(f"{weight} * ({held})::int")
        params += held_params
    return " + ".join([*parts, str(BODY)]), params


def _postgresql_held_in(terms, languages, column: str) -> tuple[str, list[str]]:
    """The condition that ``column``, one of the short columns, holds the whole query, and
    its parameters. The column is searched as the string it is (words in their index
    form, one space apart: each a position of the document's tsvector, in order), so a
    phrase found there is a phrase of the tsvector too. ts_rank_cd() or ts_match_vq()
    would read the document's tsvector from TOAST, and to_tsvector() costs 20 µs a
    column."""
    conditions, params = [], []
    for alternatives in tsquery_parts(terms, languages):
        ored = []
        for kind, text in alternatives:
            if kind == "words":
                tokens = text.split()
            else:  # 'a' <-> 'b' (pairs of Chinese characters), or 'a'
                tokens = [t.strip("'") for t in text.split(" <-> ")]
            ored.append(f"strpos(' ' || {column} || ' ', %s) > 0")
            params.append(" " + " ".join(tokens) + " ")
        conditions.append("(" + " OR ".join(ored) + ")")
    return " AND ".join(conditions), params


# PostgreSQL's settings for the transaction of a search (``_cursor``), each for a reason:
SEARCH_SETTINGS = {
    # No sequential scans, and no walk along the key index checking each document: the
    # planner counts a match against a tsvector as cheap, and would read every document
    # (a tsvector from TOAST) instead of asking the full-text index for its bitmap.
    "enable_seqscan": "off",
    "enable_indexscan": "off",
    # A few thousand documents at most are joined to their entries, each by its key: the
    # planner, misled by its estimates, would hash every entry of the archive.
    "enable_hashjoin": "off",
    "enable_mergejoin": "off",
    # Bitmaps of a common word's matches stay exact (lossy ones make every row of a page
    # be checked again, reading its tsvector).
    "work_mem": "64MB",
    # Parallel workers and compiled expressions cost more to start than the few thousand
    # rows a search reads.
    "max_parallel_workers_per_gather": "0",
    "jit": "off",
}


@contextmanager
def _cursor(connection):
    """A cursor for the search queries: on PostgreSQL, in a transaction with
    SEARCH_SETTINGS, set in one statement (a round trip each would cost more than some
    of the queries)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            yield cursor
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        settings = ", ".join("set_config(%s, %s, true)" for _ in SEARCH_SETTINGS)
        cursor.execute(
            f"SELECT {settings}", [value for item in SEARCH_SETTINGS.items() for value in item]
        )
        yield cursor


def _start_of(day: date) -> datetime:
    """The start of ``day`` in UTC, where the database compares it (the first instant a
    datetime can hold when the day starts before it, as 0001-01-01 does east of UTC)."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    try:
        return start.astimezone(UTC)
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC)


def _end_of(day: date) -> datetime | None:
    """The start of the next day (None after the last day a datetime can hold)."""
    return _start_of(day + timedelta(days=1)) if day < date.max else None


def _key_range(since, until, now) -> tuple[int, int]:
    """The first and last entry keys that may match: from ``since`` to ``until`` or now."""
    first = FIRST_KEY
    if since is not None:
        first = time_key(since if isinstance(since, datetime) else _start_of(since))
    last = last_key(now)
    if isinstance(until, datetime):
        last = min(last, last_key(until))
    elif until is not None and _end_of(until) is not None:
        last = min(last, time_key(_end_of(until)) - 1)
    return first, last


def _entries(language, section, author, since, until, now):
    """The entries that pass the filters and whose publication time has come."""
    entries = SearchEntry.objects.filter(published_at__lte=now)
    if language:
        entries = entries.filter(language=language)
    if section is not None:
        entries = entries.filter(section_id=getattr(section, "pk", section))
    if author is not None:
        person = getattr(author, "pk", author)
        entries = entries.filter(
            Exists(Byline.objects.filter(article_id=OuterRef("article_id"), person_id=person))
        )
    if isinstance(since, datetime):
        entries = entries.filter(published_at__gte=since)
    elif since is not None:
        entries = entries.filter(published_at__gte=_start_of(since))
    if isinstance(until, datetime):
        entries = entries.filter(published_at__lte=until)
    elif until is not None and _end_of(until) is not None:
        entries = entries.filter(published_at__lt=_end_of(until))
    return entries.values("key", "article_id", "published_at")


def _sqlite_match(terms, languages, entries):
    """FROM and WHERE of the query, their parameters, and the relevance expression;
    ``entries`` is the SQL and parameters of the filtered entries."""
    entries_sql, entries_params = entries
    sql = (
        # CROSS JOIN: the matches lead, each looked up among the entries by key. Led by
        # the entries of a section, SQLite would ask FTS5 about each of them in turn.
        f"FROM search_fts CROSS JOIN ({entries_sql}) e ON e.key = search_fts.rowid "
        "WHERE search_fts MATCH %s"
    )
    relevance = f"-bm25(search_fts, {TITLE}, {STANDFIRST}, {BODY}, {NAMES})"
    return sql, [*entries_params, fts5_query(terms, languages)], relevance


def _tsquery(terms, languages, phrases: bool = True) -> tuple[str, list[str]]:
    """The tsquery of ``terms`` and its parameters; with ``phrases`` False, the words of
    each phrase (and the pairs of a Chinese run) only ANDed, which the GIN index answers
    without reading any document."""
    parts, params = [], []
    for alternatives in tsquery_parts(terms, languages):
        ored = []
        for kind, text in alternatives:
            if kind == "words":
                phrase = phrases and " " in text
                ored.append(f"{'phraseto' if phrase else 'plainto'}_tsquery('simple', %s)")
                params.append(text)
            else:
                ored.append("%s::tsquery")
                params.append(text if phrases else text.replace("<->", "&"))
        parts.append(ored[0] if len(ored) == 1 else "(" + " || ".join(ored) + ")")
    return " && ".join(parts), params


def _in_keys(first: int, last: int) -> tuple[str, list[int]]:
    """The condition that keeps matches between two keys: on the FTS5 rowid."""
    return "AND search_fts.rowid >= %s AND search_fts.rowid <= %s", [first, last]


def _newest_candidates(cursor, terms, languages, first: int, last: int) -> int:
    """The key of the CANDIDATES-th newest match between ``first`` and ``last`` (in any
    language, unfiltered: a bound, read from the full-text index alone), else ``first``."""
    cursor.execute(
        "SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid >= %s "
        "AND rowid <= %s ORDER BY rowid DESC LIMIT 1 OFFSET %s",
        [fts5_query(terms, languages), first, last, CANDIDATES["sqlite"] - 1],
    )
    row = cursor.fetchone()
    return row[0] if row else first


def _julian_day(moment: datetime) -> float:
    """``moment`` as a Julian day number, the unit SQLite's julianday() counts in."""
    return moment.timestamp() / 86400 + 2440587.5


def _score(
    relevance: str, sqlite: bool, published: str = "EXTRACT(EPOCH FROM e.published_at)"
) -> str:
    """The score of a row, given ``now`` as a Julian day number (the parameter after
    those of ``relevance``); on PostgreSQL ``published`` is its publication time in seconds
    from 1970 (its key's, to the second, where its entry is not read)."""
    if sqlite:
        age = "max(0, %s - julianday(e.published_at))"
    else:
        age = f"GREATEST(0, %s - ({published} / 86400 + 2440587.5))"
    return f"({relevance}) * (1 + {RECENCY_BOOST} * {RECENCY_DAYS} / ({RECENCY_DAYS} + {age}))"


def _hits(rows, terms, alias: str) -> list[SearchHit]:
    """The results of the (article id, score) ``rows``, in their order."""
    bylines = Prefetch("bylines", queryset=Byline.objects.select_related("person"))
    articles = (
        Article.objects.using(alias)
        .published()
        .among([pk for pk, _ in rows])  # unordered: the rows are in the results' order
        .select_related("section", "column", "lead_image")
        .defer("body_html")
        .prefetch_related(bylines)
        .in_bulk()
    )
    hits = []
    for pk, score in rows:
        article = articles.get(pk)
        if article is None:  # unpublished a moment ago: its entry is on its way out
            continue
        # On one line, as the snippet shows it: a third of the CPU of plain_text's lines.
        text = f"{article.standfirst} {plain_text(article.body, one_line=True)}"
        hits.append(
            SearchHit(
                article=article,
                score=score if math.isfinite(score) else 0.0,
                headline_html=highlight.headline(article.headline, terms, article.language),
                snippet_html=highlight.snippet(text, terms, article.language),
            )
        )
    return hits
