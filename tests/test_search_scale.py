"""Search does bounded work on a large archive and finds the same things: on PostgreSQL
the newest matches are looked for period by period through the full-text index, which
leads with the period, then in every older period; on SQLite the matches lead a filtered
query."""

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.search import query
from newsdesk.search.models import ID_BITS
from newsdesk.search.query import search
from tests.factories import make_article, make_person, make_section

FERRY_BODY = "<p>The ferry to Port Halden runs again after three months of repairs.</p>"
OTHER_BODY = "<p>The council met on Tuesday to discuss the budget.</p>"

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the window of newest entries is PostgreSQL's"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5's query plan")
# How a look for the newest matches on PostgreSQL starts.
PROBE = "SELECT r.key, r.article_id, r.score FROM (SELECT m.key,"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def small_limits(monkeypatch):
    """Windows, candidates and counts small enough for a test archive."""
    monkeypatch.setattr(query, "PERIODS", (1,))
    monkeypatch.setattr(query, "MAX_RESULTS", 3)
    monkeypatch.setitem(query.CANDIDATES, connection.vendor, 3)


def publish_days_ago(commit, days, body, **fields):
    with commit():
        return make_article(body=body, published_at=timezone.now() - timedelta(days=days), **fields)


def test_matches_older_than_the_newest_entries_are_found(db, commit, small_limits):
    old = [publish_days_ago(commit, 30 + n, FERRY_BODY) for n in range(2)]
    for n in range(8):
        publish_days_ago(commit, n, OTHER_BODY)
    results = search("ferry", language="en")
    assert (results.total, results.more) == (2, False)
    assert [hit.article.pk for hit in results.hits] == [a.pk for a in old]


def test_a_common_word_is_counted_and_only_its_newest_matches_ranked(db, commit, small_limits):
    articles = [publish_days_ago(commit, n, FERRY_BODY) for n in range(6)]
    results = search("ferry", language="en")
    assert (results.total, results.more) == (3, True)
    assert [hit.article.pk for hit in results.hits] == [a.pk for a in articles[:3]]


def test_drafts_in_the_window_are_never_found(db, commit, small_limits):
    published = publish_days_ago(commit, 5, FERRY_BODY)
    for status in ("draft", "review", "scheduled", "unpublished"):
        with commit():
            make_article(body=FERRY_BODY, status=status)
    assert [hit.article.pk for hit in search("ferry", language="en").hits] == [published.pk]


@postgresql_only
def test_postgresql_ranks_the_newest_matches_that_pass_the_filters(db, commit, small_limits):
    business = make_section(name="Business")
    in_business = [publish_days_ago(commit, 20 + n, FERRY_BODY, section=business) for n in range(2)]
    for n in range(6):
        publish_days_ago(commit, n, FERRY_BODY)
    results = search("ferry", language="en", section=business)
    assert [hit.article.pk for hit in results.hits] == [a.pk for a in in_business]


def plans_of_probes(captured) -> list[str]:
    """The plans of the statements that look for the newest matches, replayed with the
    settings search() made for them."""
    plans = []
    with connection.cursor() as cursor:
        for statement in captured:
            sql = statement["sql"]
            if sql.startswith("SELECT set_config("):
                cursor.execute(sql)
            elif sql.startswith(PROBE):
                cursor.execute("EXPLAIN " + sql)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


@postgresql_only
def test_postgresql_looks_in_the_newest_period_then_in_all(db, commit, small_limits):
    old = publish_days_ago(commit, 400, FERRY_BODY)
    for n in range(4):
        publish_days_ago(commit, n, OTHER_BODY)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
    with CaptureQueriesContext(connection) as captured:
        results = search("ferry", language="en")
    assert [hit.article.pk for hit in results.hits] == [old.pk]
    probes = [q["sql"] for q in captured.captured_queries if q["sql"].startswith(PROBE)]
    assert [">> 48) >=" in sql for sql in probes] == [True, False]
    # From the index's bitmaps, never by checking each document in turn. (At scale, the
    # full-text index's: the tables of a test are too small for the planner to prefer it.)
    plans = plans_of_probes(captured.captured_queries)
    assert not any(re.search(r"(?<!Bitmap )Index Scan", plan) for plan in plans)
    assert all("Seq Scan" not in plan for plan in plans)


@postgresql_only
def test_postgresql_finds_the_matches_before_the_entries_of_a_section(db, commit, small_limits):
    business = make_section(name="Business")
    for n in range(30):
        publish_days_ago(commit, n, OTHER_BODY, section=business)
    in_business = publish_days_ago(commit, 2, FERRY_BODY, section=business)
    publish_days_ago(commit, 1, FERRY_BODY)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
        cursor.execute("ANALYZE search_searchdocument")
    with CaptureQueriesContext(connection) as captured:
        results = search("ferry", language="en", section=business)
    assert [hit.article.pk for hit in results.hits] == [in_business.pk]
    # No document is looked up by its entry, to be checked against the words: each a
    # tsvector read from TOAST, for every entry of the section in the archive.
    for plan in plans_of_probes(captured.captured_queries):
        assert not re.search(r"Cond: \((d\.)?entry_id = ", plan)


@postgresql_only
def test_postgresql_asks_the_full_text_index_for_the_language_and_section(db, commit, small_limits):
    business = make_section(name="Business")
    in_business = publish_days_ago(commit, 1, FERRY_BODY, section=business)
    publish_days_ago(commit, 1, FERRY_BODY)
    publish_days_ago(commit, 1, FERRY_BODY, section=business, language="zh-hans")
    with CaptureQueriesContext(connection) as captured:
        results = search("ferry", language="en", section=business)
    assert [hit.article.pk for hit in results.hits] == [in_business.pk]
    # Each look asks for the documents of the language and the section, which the index
    # holds (migration 0006): no match of another is looked up among the entries.
    probes = [q["sql"] for q in captured.captured_queries if q["sql"].startswith(PROBE)]
    assert probes
    for sql in probes:
        documents = sql.split("FROM search_searchdocument d WHERE ")[1].split(" ORDER BY")[0]
        assert "d.language = 'en'" in documents
        assert f"d.section_id = {business.pk}" in documents


@postgresql_only
def test_postgresql_looks_up_the_entries_of_the_matches_needed_only(db, commit, small_limits):
    writer = make_person(name="Wendy Lam")
    articles = [publish_days_ago(commit, n, FERRY_BODY, authors=[writer]) for n in range(8)]
    with CaptureQueriesContext(connection) as captured:
        results = search("ferry", language="en", author=writer)
    assert (results.total, results.more) == (3, True)
    assert [hit.article.pk for hit in results.hits] == [a.pk for a in articles[:3]]
    # The matches, newest first, lead a nested loop that stops once enough entries pass
    # the filters: no sort of every match joined to its entry.
    plans = plans_of_probes(captured.captured_queries)
    assert plans
    for plan in plans:
        steps = [line.strip().removeprefix("->  ").split("  (")[0] for line in plan.splitlines()]
        assert "Sort" not in steps[: steps.index("Nested Loop")], plan


@postgresql_only
def test_postgresql_reads_no_entry_unless_an_author_is_asked_for(db, commit, small_limits):
    """The documents hold the other filters: the times in their keys, the language and the
    section (migration 0006)."""
    business = make_section(name="Business")
    articles = [publish_days_ago(commit, n, FERRY_BODY, section=business) for n in (0, 1, 2, 5)]
    publish_days_ago(commit, 0, FERRY_BODY)
    publish_days_ago(commit, -1, FERRY_BODY, section=business)  # not yet: scheduled
    with CaptureQueriesContext(connection) as captured:
        results = search(
            "ferry", language="en", section=business, since=timezone.localdate() - timedelta(3)
        )
    assert (results.total, results.more) == (3, False)
    assert [hit.article.pk for hit in results.hits] == [a.pk for a in articles[:3]]
    probes = [q["sql"] for q in captured.captured_queries if q["sql"].startswith(PROBE)]
    assert probes and not any("search_searchentry" in sql for sql in probes)


@postgresql_only
def test_postgresql_ranks_a_common_query_from_the_look_for_its_matches(db, commit, small_limits):
    newest = publish_days_ago(commit, 0, FERRY_BODY)
    in_headline = publish_days_ago(commit, 1, FERRY_BODY, headline="Ferry fares rise")
    third = publish_days_ago(commit, 2, FERRY_BODY)
    for n in range(3, 6):
        publish_days_ago(commit, n, FERRY_BODY, headline="Ferry timetables change")
    with CaptureQueriesContext(connection) as captured:
        results = search("ferry", language="en")
    assert (results.total, results.more) == (3, True)
    # The newest CANDIDATES (3) ranked: the headline's match first, then by recency.
    assert [hit.article.pk for hit in results.hits] == [in_headline.pk, newest.pk, third.pk]
    assert results.hits[0].score > results.hits[1].score > results.hits[2].score > 0
    # Each match came with its score by the columns: no document was read again.
    statements = [q["sql"] for q in captured.captured_queries]
    documents = [sql for sql in statements if "search_searchdocument" in sql]
    assert documents and all(sql.startswith(query.PROBE) for sql in documents)


@postgresql_only
def test_postgresql_checks_a_phrase_in_the_look_for_its_matches(db, commit, small_limits):
    for n in range(3):
        publish_days_ago(commit, n, "<p>The port reopened; Halden cheered.</p>")
    together = [publish_days_ago(commit, 3 + n, FERRY_BODY) for n in range(5)]
    with CaptureQueriesContext(connection) as captured:
        results = search('"port halden"', language="en")
    assert (results.total, results.more) == (3, True)
    assert [hit.article.pk for hit in results.hits] == [a.pk for a in together[:3]]
    # No statement of its own to check the documents: each is checked as it is found.
    statements = [q["sql"] for q in captured.captured_queries]
    documents = [sql for sql in statements if "search_searchdocument" in sql]
    assert documents and all(sql.startswith(PROBE) for sql in documents)
    assert all("ts_match_vq(m.vector" in sql for sql in documents)


def toast_blocks_read() -> int:
    """Blocks of the documents' TOAST table (their tsvectors) read in this transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_stat_get_xact_blocks_fetched(reltoastrelid) FROM pg_class "
            "WHERE relname = 'search_searchdocument'"
        )
        return cursor.fetchone()[0]


@postgresql_only
def test_postgresql_reads_no_tsvector_for_a_phrase_a_short_column_holds(db, commit, small_limits):
    # A body of a thousand words that do not compress: its tsvector is stored in TOAST.
    words = " ".join(hashlib.sha256(str(n).encode()).hexdigest()[:9] for n in range(1000))
    body = f"<p>{words}</p>"
    titled = [
        publish_days_ago(commit, n, body, headline=f"The harbour bridge reopens, day {n}")
        for n in range(5)
    ]
    in_body = publish_days_ago(commit, 9, f"<p>A quiet lantern. {words}</p>")
    with connection.cursor() as cursor:
        # As in an archive: the full-text index finds the matches. A table of a few rows
        # is read along its keys instead, each row's words checked against its tsvector;
        # and entries still in the index's pending list are checked against their rows.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred check left pending
        cursor.execute(
            "ALTER TABLE search_searchdocument DROP CONSTRAINT search_searchdocument_key_key"
        )
        cursor.execute("SELECT gin_clean_pending_list('search_document_vector'::regclass)")
    before = toast_blocks_read()
    # More matches than are ranked (small_limits): ranked from the look, as found there.
    results = search('"harbour bridge"', language="en")
    assert (results.total, results.more) == (3, True)
    assert [hit.article.pk for hit in results.hits] == [a.pk for a in titled[:3]]
    assert toast_blocks_read() == before  # held in the headline: no tsvector read
    assert [hit.article.pk for hit in search('"quiet lantern"', language="en").hits] == [in_body.pk]
    assert toast_blocks_read() > before  # held in the body only: its tsvector read


@postgresql_only
def test_postgresql_search_makes_its_settings_in_one_statement(
    db, commit, small_limits, django_assert_max_num_queries
):
    for n in range(6):
        publish_days_ago(commit, n, FERRY_BODY)
    # A savepoint and its release (the test's transaction), the settings, two looks for
    # the newest matches (the newest period, then the older ones), the articles and their
    # bylines.
    with django_assert_max_num_queries(7) as captured:
        results = search("ferry", language="en")
    assert (results.total, results.more) == (3, True)
    settings = [q["sql"] for q in captured.captured_queries if "set_config(" in q["sql"]]
    assert len(settings) == 1 and "'jit', 'off'" in settings[0]


@postgresql_only
def test_postgresql_stops_at_the_periods_that_hold_enough_matches(
    db, commit, small_limits, monkeypatch
):
    monkeypatch.setattr(query, "PERIODS", (2,))  # 4 days are in 2 periods of 12 at most
    articles = [publish_days_ago(commit, n, FERRY_BODY) for n in range(4)]
    publish_days_ago(commit, 400, FERRY_BODY)
    with CaptureQueriesContext(connection) as captured:
        results = search("ferry", language="en")
    assert (results.total, results.more) == (3, True)
    assert [hit.article.pk for hit in results.hits] == [a.pk for a in articles[:3]]
    probes = [q["sql"] for q in captured.captured_queries if q["sql"].startswith(PROBE)]
    assert len(probes) == 1


def into_a_period(monkeypatch, part: float) -> None:
    """Makes it ``part`` of the way through the period before the present one (PERIOD_SHIFT:
    2**20 seconds) for the code under test."""
    seconds = 1 << (query.PERIOD_SHIFT - ID_BITS)
    start = (int(timezone.now().timestamp()) // seconds - 1) * seconds
    moment = datetime.fromtimestamp(start + part * seconds, UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)


@postgresql_only
def test_postgresql_reads_as_many_more_periods_as_the_rate_of_matches_needs(
    db, commit, small_limits, monkeypatch
):
    monkeypatch.setattr(query, "PERIODS", (1, 48))
    into_a_period(monkeypatch, 0.999)
    # About one match a period (12 days): the newest period holds one of the 4 wanted.
    articles = [publish_days_ago(commit, 13 * n, FERRY_BODY) for n in range(6)]
    with CaptureQueriesContext(connection) as captured:
        results = search("ferry", language="en")
    assert (results.total, results.more) == (3, True)
    assert [hit.article.pk for hit in results.hits] == [a.pk for a in articles[:3]]
    probes = [q["sql"] for q in captured.captured_queries if q["sql"].startswith(PROBE)]
    starts = [int(re.search(r">> 48\) >= '?(-?\d+)", sql).group(1)) for sql in probes]
    # The second look reads the 4 periods before the newest (3 more matches, and a
    # quarter: 1.25 × 3 / 1), not 48.
    assert len(starts) == 2 and starts[0] - starts[1] == 4


@postgresql_only
def test_postgresql_counts_the_newest_period_for_the_time_it_covers(
    db, commit, small_limits, monkeypatch
):
    monkeypatch.setattr(query, "PERIODS", (1, 48))
    into_a_period(monkeypatch, 0.25)  # some 3 days of the newest period have passed
    # A match every other day: the 3 days hold 2 of the 4 wanted, the next 12 days 6.
    articles = [publish_days_ago(commit, 2 * n, FERRY_BODY) for n in range(10)]
    with CaptureQueriesContext(connection) as captured:
        results = search("ferry", language="en")
    assert [hit.article.pk for hit in results.hits] == [a.pk for a in articles[:3]]
    probes = [q["sql"] for q in captured.captured_queries if q["sql"].startswith(PROBE)]
    starts = [int(re.search(r">> 48\) >= '?(-?\d+)", sql).group(1)) for sql in probes]
    # 2 more matches at 2 in a quarter of a period: one period (1.25 × 2 × 0.25 / 2),
    # not the two that counting the newest period as a whole would read.
    assert len(starts) == 2 and starts[0] - starts[1] == 1


def test_the_next_look_reads_what_the_rate_of_matches_says(monkeypatch):
    monkeypatch.setattr(query, "PERIODS", (1, 3, 12, 48))
    assert query._next_periods(0, 0, 0, 1001) == 1
    assert query._next_periods(1, 1, 0, 1001) == 3  # nothing found: PERIODS
    assert query._next_periods(1, 1, 16, 1001) == 3  # never more than PERIODS says
    assert query._next_periods(3, 16, 891, 1001) == 3  # 港: 110 more, 56 a period
    assert query._next_periods(4, 19, 990, 1001) == 1
    assert query._next_periods(4, 16, 5, 1001) is None  # rare: every older period
    assert query._next_periods(4, 64, 0, 1001) is None
    assert query._next_periods(8, 80, 1000, 1001) is None  # enough steps


@sqlite_only
def test_sqlite_lets_the_matches_lead_a_filtered_query(db, commit):
    business = make_section(name="Business")
    publish_days_ago(commit, 1, FERRY_BODY, section=business)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with CaptureQueriesContext(connection) as captured:
        search("ferry", language="en", section=business)
    counting = next(q["sql"] for q in captured.captured_queries if "COUNT(*)" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + counting)
        loops = [row[3] for row in cursor.fetchall() if row[3].startswith(("SCAN", "SEARCH"))]
    assert "search_fts" in loops[0]


def test_the_benchmark_counts_the_buffers_a_search_touches_on_postgresql(db, commit):
    from bench.search import buffers_of

    publish_days_ago(commit, 1, FERRY_BODY)
    touched = buffers_of("ferry", {"language": "en"})
    assert touched > 0 if connection.vendor == "postgresql" else touched is None
