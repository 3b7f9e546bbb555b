"""The newsroom's lists at archive size: counts that stop at a limit, a calendar found by
probes, search through the newsroom's own index (drafts included, never the public one),
and queries that do not grow with the rows shown."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.content.models import Article
from newsdesk.newsroom import finding, revisions
from newsdesk.newsroom.admin import ArticleAdmin
from newsdesk.newsroom.changelist import BoundedCountPaginator
from newsdesk.search.query import search
from tests.factories import make_article, make_column, make_section

pytestmark = pytest.mark.django_db

LIST = "/admin/content/article/"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def limit_of_three(monkeypatch):
    monkeypatch.setattr(BoundedCountPaginator, "limit", 3)
    monkeypatch.setattr(ArticleAdmin, "list_per_page", 2)


def _headlines(response) -> list[str]:
    return [article.headline for article in response.context["cl"].result_list]


# Counts ---------------------------------------------------------------------------------


def test_a_list_longer_than_the_limit_says_more_than(editor_client, limit_of_three):
    for _ in range(5):
        make_article()
    response = editor_client.get(LIST)
    page = response.content.decode()
    assert "more than 3 articles" in page
    assert response.context["cl"].count_is_bounded
    # Nobody is offered to act on "all" of an archive that was not counted.
    assert "Select all 3" not in page and "question hidden" not in page


def test_a_list_within_the_limit_is_counted_exactly(editor_client, limit_of_three):
    for _ in range(3):
        make_article()
    page = editor_client.get(LIST).content.decode()
    assert "3 articles" in page and "more than" not in page


def test_pages_go_as_far_as_the_rows_counted(editor_client, limit_of_three):
    # make_article dates each one an hour before the one made before it.
    newest_first = [make_article(headline=f"Story {n}").headline for n in range(5)]
    assert _headlines(editor_client.get(LIST)) == newest_first[:2]
    assert _headlines(editor_client.get(LIST, {"p": 2})) == newest_first[2:4]
    # Four rows counted (the limit and one past it): two pages; a third is refused.
    response = editor_client.get(LIST, {"p": 3})
    assert response.status_code == 302 and response["Location"].endswith("?e=1")


def test_a_filtered_list_is_counted_through_its_filter(editor_client, limit_of_three):
    for _ in range(5):
        make_article()
    make_article(headline="Only draft", status="draft", published_at=None)
    response = editor_client.get(LIST, {"status__exact": "draft"})
    assert _headlines(response) == ["Only draft"]
    assert "1 article" in response.content.decode()


def test_the_list_never_counts_the_whole_archive(editor_client):
    for _ in range(3):
        make_article()
    with CaptureQueriesContext(connection) as queries:
        assert editor_client.get(LIST).status_code == 200
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"] and "content_article" in q["sql"]]
    # The list's own count stops at a limit; the only other one is the navigation's count
    # of articles in review.
    assert counts and all("LIMIT" in sql or '"status" = ' in sql for sql in counts)
    assert not [q for q in queries if "DISTINCT" in q["sql"] and "trunc" in q["sql"]]


def test_the_list_reads_no_bodies(editor_client):
    make_article(body="<p>A body nobody lists.</p>")
    with CaptureQueriesContext(connection) as queries:
        editor_client.get(LIST)
    listed = [q["sql"] for q in queries if '"content_article"."headline"' in q["sql"]]
    assert listed and not [sql for sql in listed if '"content_article"."body"' in sql]


def test_the_list_runs_as_many_queries_for_many_rows_as_for_one(editor_client):
    # In both lists the same languages: the language filter asks one query per language.
    first = make_article()
    make_article(language="zh-hans", translation_of=first, slug="zh")
    with CaptureQueriesContext(connection) as one:
        editor_client.get(LIST)
    column = make_column()
    for n in range(12):
        original = make_article(section=make_section(), column=column)
        make_article(language="zh-hans", translation_of=original, slug=f"zh-{n}")
    with CaptureQueriesContext(connection) as many:
        editor_client.get(LIST)
    assert len(many) == len(one)


def test_the_filters_still_filter(editor_client, limit_of_three):
    section = make_section(name="Harbour")
    make_article(headline="Draft in harbour", status="draft", section=section, published_at=None)
    for _ in range(5):
        make_article()
    filtered = editor_client.get(LIST, {"status__exact": "draft", "section__id__exact": section.pk})
    assert _headlines(filtered) == ["Draft in harbour"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's indexes end in the id")
@pytest.mark.parametrize(
    "kind", ["none", "language", "column", "section", "translations", "status"]
)
def test_a_filtered_page_is_read_in_its_order_from_the_filters_index(
    editor_client, limit_of_three, kind
):
    """Newest first, then by id: the whole order from one index, nothing sorted. Without
    the id in the index PostgreSQL sorted the ties, and at a million articles chose to
    walk the date index instead, skipping every article of another language."""
    column, section = make_column(), make_section()
    elsewhere = make_section()
    for _ in range(6):
        make_article(section=elsewhere, status="draft", published_at=None)
    for n in range(3):
        original = make_article(column=column, section=section)
        make_article(
            language="zh-hans",
            translation_of=original,
            slug=f"zh-{n}",
            column=column,
            section=section,
        )
    params = {
        # The whole list: drafts (no date, all tied) first, then newest first (newsroom 0015).
        "none": {},
        "language": {"language__exact": "zh-hans"},
        "column": {"column__id__exact": column.pk},
        "section": {"section__id__exact": section.pk},
        "translations": {"translation": "translations"},
        "status": {"status__exact": "published"},
    }[kind]
    with CaptureQueriesContext(connection) as run:
        editor_client.get(LIST, params)
    # The page's ids (changelist.py), two of them.
    [page] = [
        q["sql"]
        for q in run.captured_queries
        if q["sql"].startswith('SELECT "content_article"."id" AS "pk" FROM')
        and q["sql"].endswith("LIMIT 2")
    ]
    with connection.cursor() as cursor:
        # As on an archive: a table of a few rows would rather be read whole, or sort the
        # one row its filter's foreign-key index finds. With sorts forbidden, a plan still
        # sorts only when no index gives the page's order.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {page}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Sort" not in plan, plan


def test_languages_that_are_no_edition_are_offered_as_filters(editor_client):
    make_article(language="de", status="draft", published_at=None)
    make_article()
    page = editor_client.get(LIST).content.decode()
    assert "language__exact=de" in page and "language__exact=en" in page


# The calendar ---------------------------------------------------------------------------


def _at(year, month, day):
    return datetime(year, month, day, 12, tzinfo=UTC)


@pytest.mark.parametrize("bounded", [False, True], ids=["rows read", "periods probed"])
def test_the_calendar_offers_the_years_months_and_days_that_have_articles(
    editor_client, monkeypatch, bounded
):
    if bounded:
        monkeypatch.setattr(BoundedCountPaginator, "limit", 1)
    for moment in [_at(2023, 3, 5), _at(2023, 3, 9), _at(2023, 11, 1), _at(2025, 7, 1)]:
        make_article(published_at=moment)
    years = editor_client.get(LIST).content.decode()
    assert "published_at__year=2023" in years and "published_at__year=2025" in years
    assert "published_at__year=2024" not in years
    months = editor_client.get(LIST, {"published_at__year": 2023}).content.decode()
    assert "published_at__month=3" in months and "published_at__month=11" in months
    assert "published_at__month=4" not in months
    days = editor_client.get(
        LIST, {"published_at__year": 2023, "published_at__month": 3}
    ).content.decode()
    assert "published_at__day=5" in days and "published_at__day=9" in days
    assert "published_at__day=6" not in days


def test_the_calendar_asks_as_many_queries_for_twenty_years_as_for_two(editor_client, monkeypatch):
    # Periods probed, not rows read: one statement asks every year between the first
    # and the last date (an archive of twenty years ran twenty queries more).
    monkeypatch.setattr(BoundedCountPaginator, "limit", 1)
    make_article(published_at=_at(2005, 6, 1))
    make_article(published_at=_at(2006, 6, 1))
    with CaptureQueriesContext(connection) as two:
        editor_client.get(LIST)
    make_article(published_at=_at(2025, 6, 1))
    with CaptureQueriesContext(connection) as twenty:
        page = editor_client.get(LIST).content.decode()
    assert len(twenty) == len(two)
    assert "published_at__year=2005" in page and "published_at__year=2025" in page
    assert "published_at__year=2010" not in page


# Search ---------------------------------------------------------------------------------


def test_search_finds_drafts_and_published_articles_by_headline(editor_client):
    make_article(headline="Ferry timetable changes", status="draft", published_at=None)
    make_article(headline="New ferry terminal opens")
    make_article(headline="Council budget")
    found = _headlines(editor_client.get(LIST, {"q": "FERRY"}))
    assert sorted(found) == ["Ferry timetable changes", "New ferry terminal opens"]


def test_search_finds_part_of_a_word_and_of_a_slug(editor_client):
    make_article(headline="Lighthouse keeper retires", slug="keeper-retires-2026")
    make_article(headline="Other news", slug="other-news")
    assert _headlines(editor_client.get(LIST, {"q": "ghthou"})) == ["Lighthouse keeper retires"]
    assert _headlines(editor_client.get(LIST, {"q": "retires-2026"})) == [
        "Lighthouse keeper retires"
    ]


def test_search_finds_chinese_headlines_by_any_part(editor_client):
    make_article(headline="市议会通过港口预算", language="zh-hans", slug="budget")
    make_article(headline="渡轮恢复运营", language="zh-hans", slug="ferry")
    assert _headlines(editor_client.get(LIST, {"q": "通过港口"})) == ["市议会通过港口预算"]


def test_every_word_of_a_search_must_match(editor_client):
    make_article(headline="Harbour ferry strike")
    make_article(headline="Harbour budget")
    assert _headlines(editor_client.get(LIST, {"q": "harbour strike"})) == ["Harbour ferry strike"]


def test_a_word_of_two_characters_is_looked_for_among_the_newest(editor_client, monkeypatch):
    old = make_article(headline="港口 old story")
    make_article(headline="港口 new story")
    monkeypatch.setattr(finding, "SHORT_WORD_SCAN", 1)
    assert _headlines(editor_client.get(LIST, {"q": "港口"})) == ["港口 new story"]
    assert old.pk < Article.objects.latest("pk").pk


def test_search_follows_headline_changes_and_deletions(editor_client):
    article = make_article(headline="Storm warning issued")
    article.headline = "Storm warning lifted"
    article.save()
    assert _headlines(editor_client.get(LIST, {"q": "issued"})) == []
    assert _headlines(editor_client.get(LIST, {"q": "lifted"})) == ["Storm warning lifted"]
    article.delete()
    assert _headlines(editor_client.get(LIST, {"q": "lifted"})) == []


def test_search_finds_articles_inserted_in_bulk(editor_client):
    # Bulk inserts (``newsdesk generate``, imports) send no signals: the index follows anyway.
    section = make_section()
    Article.objects.bulk_create(
        [Article(headline="Bulk ferry news", slug="bulk-ferry", section=section, status="draft")]
    )
    assert _headlines(editor_client.get(LIST, {"q": "bulk ferry"})) == ["Bulk ferry news"]


def test_search_with_quotes_and_operators_finds_them_as_text(editor_client):
    make_article(headline='The "NOT" vote: AND OR*')
    assert _headlines(editor_client.get(LIST, {"q": '"NOT" OR*'})) == ['The "NOT" vote: AND OR*']


def test_search_counts_beyond_the_limit_as_more_than(editor_client, monkeypatch):
    monkeypatch.setattr(finding, "RESULTS_LIMIT", 3)
    for n in range(6):
        make_article(headline=f"Regatta report {n}")
    make_article(headline="Other news")
    response = editor_client.get(LIST, {"q": "regatta"})
    assert "more than 3 articles" in response.content.decode()
    # The newest matches (by id) are those listed.
    assert sorted(_headlines(response)) == [f"Regatta report {n}" for n in range(2, 6)]


def test_a_search_is_counted_paged_and_dated_from_one_reading_of_its_matches(
    editor_client, limit_of_three
):
    """The count, each page, the whole list and the calendar of a search, all read from
    one reading of its matches (changelist.FoundPaginator)."""
    make_article(headline="Regatta 2023", published_at=_at(2023, 5, 1))
    make_article(headline="Regatta draft", status="draft", published_at=None)
    make_article(headline="Regatta 2025", published_at=_at(2025, 5, 1))
    make_article(headline="Other news", published_at=_at(2024, 5, 1))
    response = editor_client.get(LIST, {"q": "regatta"})
    page = response.content.decode()
    # Drafts first, then newest first; three found, two a page (limit_of_three).
    assert _headlines(response) == ["Regatta draft", "Regatta 2025"]
    assert "3 articles" in page and "more than" not in page
    assert "published_at__year=2023" in page and "published_at__year=2025" in page
    assert "published_at__year=2024" not in page
    assert _headlines(editor_client.get(LIST, {"q": "regatta", "p": 2})) == ["Regatta 2023"]
    assert _headlines(editor_client.get(LIST, {"q": "regatta", "all": ""})) == [
        "Regatta draft",
        "Regatta 2025",
        "Regatta 2023",
    ]
    # A single page: Django lists it with the list's own query, here the rows read.
    assert _headlines(editor_client.get(LIST, {"q": "2025"})) == ["Regatta 2025"]


def test_drafts_the_newsroom_finds_never_reach_the_public_search(editor_client):
    make_article(headline="Secret merger plans", status="draft", published_at=None)
    make_article(
        headline="Merger scheduled",
        status="scheduled",
        published_at=timezone.now() + timedelta(days=1),
    )
    assert len(_headlines(editor_client.get(LIST, {"q": "merger"}))) == 2
    assert search("merger", language=None).total == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's rows hold no bodies")
def test_a_search_orders_and_dates_its_matches_from_an_index(editor_client, limit_of_three):
    """The page's order and the calendar of a search read each match's date from an index
    (content's 0021), not from its row: SQLite stores the date after the bodies, and a
    thousand matches read a thousand bodies."""
    section = make_section()
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            headline=f"Other news {n}",
            slug=f"other-{n}",
            section=section,
            status="published",
            published_at=now - timedelta(hours=n),
        )
        for n in range(2000)
    )
    for n in range(3):
        make_article(headline=f"Regatta report {n}")
    with CaptureQueriesContext(connection) as run:
        assert len(_headlines(editor_client.get(LIST, {"q": "regatta"}))) == 2  # a page
    # The search, once: its ids in the list's order with their dates (changelist.py).
    [searched] = [q["sql"] for q in run.captured_queries if "newsroom_article_finder" in q["sql"]]
    with connection.cursor() as cursor:
        # The planner's statistics, as ``newsdesk generate`` and the migrations leave them.
        cursor.execute("ANALYZE content_article")
        cursor.execute(f"EXPLAIN QUERY PLAN {searched}")
        plan = " / ".join(row[-1] for row in cursor.fetchall())
    assert "content_article USING COVERING INDEX article_newsroom_dates" in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's index is kept by triggers")
def test_the_finder_triggers_exist():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'content_article'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {
        "newsroom_article_finder_insert",
        "newsroom_article_finder_update",
        "newsroom_article_finder_delete",
    } <= names


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's index is kept by triggers")
def test_triggers_dropped_by_a_table_rebuild_are_put_back(editor_client):
    make_article(headline="Before the rebuild")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER newsroom_article_finder_insert")
        cursor.execute("DROP TRIGGER newsroom_article_finder_update")
    make_article(headline="During the rebuild")  # missed by the index: found after its rebuild
    assert finding.restore_triggers(using=connection.alias)
    assert not finding.restore_triggers(using=connection.alias)
    make_article(headline="After the rebuild")
    assert len(_headlines(editor_client.get(LIST, {"q": "the rebuild"}))) == 3


# Revisions and the audit log ------------------------------------------------------------


def test_the_revisions_page_runs_as_many_queries_for_many_revisions(editor_client, editor):
    article = make_article(headline="Version 0")
    revisions.record(article, editor)
    article.headline = "Version 1"
    article.save()
    revisions.record(article, editor)
    url = f"{LIST}{article.pk}/revisions/"
    with CaptureQueriesContext(connection) as few:
        editor_client.get(url)
    for n in range(2, 12):
        article.headline = f"Version {n}"
        article.save()
        revisions.record(article, editor)
    with CaptureQueriesContext(connection) as many:
        page = editor_client.get(url).content.decode()
    assert len(many) == len(few)
    assert "What changed from revision 11 to revision 12" in page
    # One restore form for all the buttons, each naming its revision.
    assert page.count('id="restore"') == 1
    assert f'formaction="{url}3/restore/"' in page


def test_the_audit_log_counts_beyond_the_limit_as_more_than(client, site_admin, monkeypatch):
    from newsdesk.newsroom.models import AuditEntry

    monkeypatch.setattr(BoundedCountPaginator, "limit", 2)
    AuditEntry.objects.bulk_create(
        AuditEntry(headline=f"Story {n}", actor_name="Ada", action="published") for n in range(4)
    )
    client.force_login(site_admin)
    page = client.get("/admin/newsroom/auditentry/").content.decode()
    assert "more than 2 audit entries" in page or "more than 2" in page


def test_the_revisions_page_lists_the_newest_and_compares_any_two(
    editor_client, editor, monkeypatch
):
    from newsdesk.newsroom import admin as newsroom_admin

    monkeypatch.setattr(newsroom_admin, "REVISIONS_LISTED", 3)
    article = make_article(headline="Version 0")
    revisions.record(article, editor)
    for n in range(1, 6):
        article.headline = f"Version {n}"
        article.save()
        revisions.record(article, editor)
    url = f"{LIST}{article.pk}/revisions/"
    page = editor_client.get(url).content.decode()
    assert "The newest 3 of 6 revisions are listed" in page
    assert 'name="to" value="6"' in page and 'name="to" value="3"' not in page
    compared = editor_client.get(url, {"from": 1, "to": 6}).content.decode()
    assert "What changed from revision 1 to revision 6" in compared


def test_search_finds_matches_older_than_the_newest_articles_newest_first(
    editor_client, monkeypatch
):
    # Few matches among the newest articles: the older ones are found all the same (on
    # PostgreSQL by the trigram indexes), and the newest of them listed.
    monkeypatch.setattr(finding, "SHORT_WORD_SCAN", 2)
    monkeypatch.setattr(finding, "RESULTS_LIMIT", 2)
    for n in range(4):
        make_article(headline=f"Lighthouse keeper {n}")
    for n in range(3):
        make_article(headline=f"Other news {n}")
    response = editor_client.get(LIST, {"q": "lighthouse"})
    assert "more than 2 articles" in response.content.decode()
    assert sorted(_headlines(response)) == [f"Lighthouse keeper {n}" for n in (1, 2, 3)]
    make_article(headline="Lighthouse keeper 4")
    make_article(headline="Lighthouse keeper 5")
    make_article(headline="Lighthouse keeper 6")
    # Now the newest articles hold enough of them.
    assert sorted(_headlines(editor_client.get(LIST, {"q": "lighthouse"}))) == [
        f"Lighthouse keeper {n}" for n in (4, 5, 6)
    ]
