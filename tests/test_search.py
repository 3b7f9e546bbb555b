"""Full-text search: the index follows publication, queries in English and Chinese find
what readers may see, best and newest first, with highlighted snippets; the page and
``newsdesk reindex``. Runs on SQLite (FTS5) and PostgreSQL (tsvector) alike."""

import io
from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.content.models import Article, Byline
from newsdesk.languages import editions_from
from newsdesk.newsroom.workflow import publish_due
from newsdesk.search import highlight, query
from newsdesk.search.models import SearchDocument, SearchEntry
from newsdesk.search.query import search
from newsdesk.search.receivers import Update
from newsdesk.search.text import fts5_query, index_form, parse, tsquery_parts
from tests.factories import make_article, make_person, make_section, make_tag

FERRY_BODY = (
    "<p>The ferry to Port Halden runs again after three months of repairs to the "
    "harbour wall.</p><p>Crews worked through the winter.</p>"
)
HARBOUR_ZH = "<p>经过三个月的维修，哈尔登（Halden）港口周一重新开放。</p><p>渡轮服务恢复正常。</p>"


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)`` makes it ``moment`` for the code under test."""
    return lambda moment: monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit(): ...`` runs what the end of a real transaction would run."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def publish(commit, **fields) -> Article:
    with commit():
        return make_article(**fields)


def found(q, **options) -> list[int]:
    options.setdefault("language", "en")
    return [hit.article.pk for hit in search(q, **options).hits]


@pytest.fixture
def ferry(db, commit):
    return publish(commit, headline="Harbour crossing reopens", body=FERRY_BODY)


@pytest.fixture
def harbour_zh(db, commit):
    return publish(
        commit, language="zh-hans", headline="港口重新开放", standfirst="", body=HARBOUR_ZH
    )


# English


def test_a_word_finds_its_other_forms(ferry):
    assert found("ferries") == [ferry.pk]
    assert found("repair") == [ferry.pk]
    assert found("Reopening") == [ferry.pk]


def test_the_words_of_a_table_are_found_cell_by_cell(db, commit):
    table = publish(
        commit,
        headline="Crossings this week",
        body="<table><caption>Timetable</caption><tr><td>Halden</td><td>Mondays</td></tr>"
        "<tr><td>Kerrow</td><td>Fridays</td></tr></table>",
    )
    assert found("Halden") == [table.pk]
    assert found("friday") == [table.pk]
    assert found("timetable Kerrow") == [table.pk]


def test_every_word_must_match(ferry):
    assert found("ferry harbour") == [ferry.pk]
    assert found("ferry airport") == []


def test_a_quoted_phrase_must_match_as_written(ferry):
    assert found('"harbour wall"') == [ferry.pk]
    assert found('"wall harbour"') == []


def test_editions_are_searched_in_their_own_language_by_default(ferry, harbour_zh):
    assert found("Halden", language="en") == [ferry.pk]
    assert found("Halden", language="zh-hans") == [harbour_zh.pk]
    assert sorted(found("Halden", language=None)) == sorted([ferry.pk, harbour_zh.pk])


# Each edition's language


@pytest.fixture
def spanish(db, settings, commit):
    """A Spanish edition, with a story: its words are stemmed in Spanish, not English."""
    settings.LANGUAGES = editions_from(["en", "zh-hans", "es"])
    return publish(
        commit,
        language="es",
        headline="Los pescadores vuelven al puerto",
        body="<p>Los barcos salieron corriendo antes de la tormenta.</p>",
    )


def test_a_spanish_word_finds_its_other_forms_in_the_spanish_edition(spanish):
    assert found("correr", language="es") == [spanish.pk]
    assert found("barco pescador", language="es") == [spanish.pk]
    assert "corriendo" in search("correr", language="es").hits[0].snippet_html


def test_a_search_of_every_edition_tries_the_word_in_each_language(spanish, ferry):
    assert found("correr", language=None) == [spanish.pk]
    assert found("ferries", language=None) == [ferry.pk]


def test_words_are_indexed_in_the_form_of_their_language():
    assert index_form("Corriendo, corrió", "es") == "corr corr"
    assert index_form("Ferries crossing", "en") == "ferri cross"
    assert index_form("港のフェリー", "ja") == "港の のフ フェ ェリ リー 港 の フ ェ リ ー"


def test_a_language_without_a_stemmer_keeps_its_words_whole():
    assert index_form("Ferries ＡＢＣ", "ja") == "ferries abc"


# Chinese


@pytest.mark.parametrize(
    "q",
    [
        "港",  # one character: the start of a pair
        "放",  # one character: the last of a run
        "新",  # one character inside a word (重新) inside a run
        "哈",  # one character of a run in the body only
        "港口",  # a two-character word, which trigrams cannot find
        "渡轮服",
        "重新开放",
        "港口重新开放",
    ],
)
def test_chinese_queries_of_any_length_find_the_article(harbour_zh, q):
    assert found(q, language="zh-hans") == [harbour_zh.pk]


@pytest.mark.parametrize("q", ["开放港口", "机场", "港机"])
def test_chinese_characters_must_appear_together_and_in_order(harbour_zh, q):
    assert found(q, language="zh-hans") == []


def test_mixed_queries_need_both_scripts(harbour_zh):
    assert found("Halden 港口", language="zh-hans") == [harbour_zh.pk]
    assert found("Halden港口", language="zh-hans") == [harbour_zh.pk]
    assert found("Halden 机场", language="zh-hans") == []


def test_full_width_letters_are_searched_as_plain_ones(harbour_zh):
    assert found("Ｈａｌｄｅｎ", language="zh-hans") == [harbour_zh.pk]


def test_chinese_is_indexed_as_overlapping_pairs_then_each_character():
    assert index_form("港口重新开放。Halden", "zh-hans") == (
        "港口 口重 重新 新开 开放 港 口 重 新 开 放 halden"
    )
    assert index_form("港", "zh-hans") == "港"


def test_one_chinese_character_is_searched_as_a_term_not_a_prefix():
    assert fts5_query(parse("港"), ["zh-hans"]) == '"港"'
    assert tsquery_parts(parse("港"), ["zh-hans"]) == [[("literal", "'港'")]]


@pytest.mark.parametrize("q", ["口", "重", "新", "开"])
def test_one_character_found_inside_a_run_is_not_mistaken_for_a_longer_one(harbour_zh, q):
    # Each is inside 港口重新开放 in the headline and the body, so found in both columns.
    hit = search(q, language="zh-hans").hits[0]
    assert hit.article.pk == harbour_zh.pk
    assert f"<mark>{q}</mark>" in hit.headline_html


def test_one_chinese_character_absent_from_every_article_finds_nothing(harbour_zh):
    assert found("猫", language="zh-hans") == []
    assert found("口猫", language="zh-hans") == []


# Ranking


def test_a_match_in_the_headline_ranks_above_one_in_the_body(db, commit):
    when = timezone.now() - timedelta(days=2)
    in_body = publish(
        commit, headline="Timetables change", standfirst="", body=FERRY_BODY, published_at=when
    )
    in_headline = publish(
        commit,
        headline="Ferry timetables change",
        standfirst="",
        body="<p>Crossings start earlier in summer.</p>",
        published_at=when,
    )
    assert found("ferry") == [in_headline.pk, in_body.pk]


def test_the_newer_of_two_equal_matches_ranks_first(db, commit):
    now = timezone.now()
    text = {"headline": "Ferry fares rise", "standfirst": "", "body": FERRY_BODY}
    old = publish(commit, **text, published_at=now - timedelta(days=400))
    new = publish(commit, **text, published_at=now - timedelta(days=1))
    assert found("ferry") == [new.pk, old.pk]
    scores = [hit.score for hit in search("ferry", language="en").hits]
    assert scores[0] > scores[1] > 0


def test_a_much_better_match_outranks_a_newer_one(db, commit):
    now = timezone.now()
    old = publish(
        commit,
        headline="Ferry ferry ferry",
        standfirst="Ferry news.",
        body="<p>All about the ferry.</p>",
        published_at=now - timedelta(days=90),
    )
    new = publish(
        commit,
        headline="Council budget",
        standfirst="",
        body="<p>" + "The council met on Tuesday. " * 20 + "A ferry was mentioned.</p>",
        published_at=now,
    )
    assert found("ferry") == [old.pk, new.pk]


def test_very_common_queries_rank_only_the_newest_matches(db, commit, monkeypatch):
    monkeypatch.setattr(query, "MAX_RESULTS", 5)
    monkeypatch.setitem(query.CANDIDATES, connection.vendor, 3)
    now = timezone.now()
    articles = [
        publish(commit, body=FERRY_BODY, published_at=now - timedelta(days=days))
        for days in range(8)
    ]
    results = search("ferry", language="en")
    assert (results.total, results.more) == (5, True)
    assert [hit.article.pk for hit in results.hits] == [a.pk for a in articles[:3]]
    assert search("ferry", language="en", offset=3).hits == []


def test_pages_of_results(db, commit):
    now = timezone.now()
    articles = [
        publish(commit, body=FERRY_BODY, published_at=now - timedelta(days=days))
        for days in range(5)
    ]
    first = search("ferry", language="en", limit=2)
    third = search("ferry", language="en", limit=2, offset=4)
    assert first.total == third.total == 5
    assert not first.more
    assert [hit.article.pk for hit in first.hits] == [articles[0].pk, articles[1].pk]
    assert [hit.article.pk for hit in third.hits] == [articles[4].pk]
    assert search("ferry", language="en", limit=2, offset=10).hits == []


def test_the_articles_of_a_page_are_read_in_no_order(db, commit):
    """The page is in the order of the ranking: the articles' own order (by date) would
    only sort them for nothing."""
    now = timezone.now()
    older = publish(commit, headline="Ferry", body=FERRY_BODY, published_at=now - timedelta(days=9))
    newer = publish(commit, body=FERRY_BODY, published_at=now)
    with CaptureQueriesContext(connection) as captured:
        results = search("ferry", language="en")
    assert [hit.article.pk for hit in results.hits] == [older.pk, newer.pk]
    table = Article._meta.db_table
    reads = [q["sql"] for q in captured if q["sql"].startswith(f'SELECT "{table}"."id"')]
    assert len(reads) == 1 and "ORDER BY" not in reads[0]


# Snippets


def test_matches_are_marked_in_the_headline_and_a_snippet(ferry):
    hit = search("ferries harbour", language="en").hits[0]
    assert hit.headline_html == "<mark>Harbour</mark> crossing reopens"
    assert "The <mark>ferry</mark> to Port Halden" in hit.snippet_html
    assert "<mark>harbour</mark> wall" in hit.snippet_html


def test_the_snippet_is_cut_around_the_first_match(db, commit):
    body = "<p>" + "Nothing to see here. " * 30 + "Then the ferry came. " + "More. " * 60 + "</p>"
    publish(commit, standfirst="", body=body)
    snippet = search("ferry", language="en").hits[0].snippet_html
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "the <mark>ferry</mark> came" in snippet
    assert len(snippet) < 400


def test_the_snippet_is_the_same_whatever_the_blocks_and_spaces_of_the_body(db, commit):
    body = (
        "<h2>Crossing</h2><p>The  ferry\tto Port&nbsp;Halden</p><ul><li>runs</li>"
        "<li>again</li></ul><table><tr><td>after</td><td>three</td></tr></table>"
    )
    publish(commit, standfirst="A  ferry, at last.", body=body)
    snippet = search("ferry", language="en").hits[0].snippet_html
    assert snippet == (
        "A <mark>ferry</mark>, at last. Crossing The <mark>ferry</mark> to Port Halden "
        "runs again after three"
    )


def test_the_snippet_counts_columns_a_run_at_a_time(monkeypatch):
    """Each character of a Latin snippet took a call (4,800 a page of English results):
    only the characters that may be wide are measured one by one."""
    measured = []
    columns = highlight._columns
    monkeypatch.setattr(highlight, "_columns", lambda char: measured.append(char) or columns(char))
    text = "Nothing to see here. " * 30 + "Then the ferry came. " + "More. " * 60
    snippet = highlight.snippet(text, parse("ferry"), "en")
    assert "the <mark>ferry</mark> came" in snippet
    assert len(measured) < 10


TEXTS = st.text(alphabet="ab .’港口ｱ가\u10ff\u1100é😀\U00020000", max_size=40)


@given(TEXTS, st.integers(0, 40), st.integers(-1, 30))
def test_a_snippet_starts_where_its_context_columns_run_out(text, position, budget):
    text += "x"  # a match starts at ``position``: within the text
    position = min(position, len(text) - 1)
    start, left = position, budget
    while start > 0 and left > 0:  # a character at a time: the definition
        start -= 1
        left -= highlight._columns(text[start])
    if start > 0 and highlight._columns(text[start]) == 1:
        space = text.find(" ", start, position)
        start = space + 1 if space != -1 else start
    assert highlight._back(text, position, budget) == start


@given(TEXTS, st.integers(0, 40), st.integers(-1, 30))
def test_a_snippet_ends_where_its_columns_run_out(text, start, budget):
    start = min(start, len(text))
    end, left = start, budget
    while end < len(text) and left > 0:  # a character at a time: the definition
        left -= highlight._columns(text[end])
        end += 1
    if end < len(text) and highlight._columns(text[end - 1]) == 1 and text[end] != " ":
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    assert highlight._forward(text, start, budget) == end


def test_chinese_matches_are_marked(harbour_zh):
    hit = search("港口", language="zh-hans").hits[0]
    assert hit.headline_html == "<mark>港口</mark>重新开放"
    assert "哈尔登（Halden）<mark>港口</mark>周一" in hit.snippet_html


def test_headlines_and_snippets_are_escaped(db, commit):
    publish(
        commit,
        headline="Ferry <b>fares</b> & timetables",
        standfirst="",
        body="<p>The ferry &lt;script&gt;alert(1)&lt;/script&gt; &amp; more.</p>",
    )
    hit = search("ferry", language="en").hits[0]
    assert hit.headline_html == "<mark>Ferry</mark> &lt;b&gt;fares&lt;/b&gt; &amp; timetables"
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more." in hit.snippet_html
    assert "<script>" not in hit.snippet_html


# Filters


def test_filter_by_section(db, commit):
    business = make_section(name="Business")
    in_business = publish(commit, body=FERRY_BODY, section=business)
    publish(commit, body=FERRY_BODY)
    assert found("ferry", section=business) == [in_business.pk]
    assert found("ferry", section=business.pk) == [in_business.pk]


def test_filter_by_author(db, commit):
    wendy, walter = make_person(name="Wendy Lam"), make_person(name="Walter Nakamura")
    by_wendy = publish(commit, body=FERRY_BODY, authors=[walter, wendy])
    publish(commit, body=FERRY_BODY, authors=[walter])
    assert found("ferry", author=wendy) == [by_wendy.pk]


def test_filter_by_dates_takes_whole_days(db, commit):
    today = timezone.localdate()
    midnight = timezone.make_aware(datetime.combine(today, time.min))
    days_ago = {
        n: publish(commit, body=FERRY_BODY, published_at=midnight - timedelta(days=n, hours=-1))
        for n in (1, 10, 30)
    }
    since = today - timedelta(days=10)
    assert found("ferry", since=since) == [days_ago[1].pk, days_ago[10].pk]
    assert found("ferry", until=since) == [days_ago[10].pk, days_ago[30].pk]
    assert found("ferry", since=since, until=since) == [days_ago[10].pk]
    assert found("ferry", since=today + timedelta(days=1)) == []


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York"])
def test_the_first_and_last_days_of_the_calendar_are_dates_like_any_other(
    ferry, settings, client, zone
):
    settings.TIME_ZONE = zone  # 0001-01-01 starts in year 0 in UTC east of Greenwich
    assert found("ferry", since=date.min, until=date.max) == [ferry.pk]
    assert found("ferry", since=date.max) == found("ferry", until=date.min) == []
    for dates in ({"from": "0001-01-01"}, {"to": "9999-12-31"}):
        assert client.get("/en/search/", {"q": "ferry", **dates}).status_code == 200
        answer = client.get("/api/v1/search", {"q": "ferry", **dates})
        assert [item["id"] for item in answer.json()["items"]] == [ferry.pk]


def test_author_and_tag_names_are_searchable(db, commit):
    article = publish(
        commit, authors=[make_person(name="Talia Varga")], tags=[make_tag(name="lighthouses")]
    )
    assert found("Varga") == [article.pk]
    assert found("lighthouse") == [article.pk]


# Published content only


@pytest.mark.parametrize(
    "status",
    [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.SCHEDULED, "unpublished"],
)
def test_articles_readers_cannot_see_are_never_found(db, commit, status):
    publish(commit, body=FERRY_BODY, status=status, published_at=timezone.now() + timedelta(days=1))
    assert found("ferry") == []
    assert not SearchEntry.objects.exists()


def test_a_document_holds_the_language_and_section_its_search_is_filtered_by(ferry, commit):
    """PostgreSQL's full-text index reads them beside the words (migration 0006)."""
    document = SearchDocument.objects.get(pk=ferry.pk)
    assert (document.language, document.section_id) == ("en", ferry.section_id)
    business = make_section(name="Business")
    with commit():
        ferry.section = business
        ferry.save()
    document.refresh_from_db()
    assert document.section_id == business.pk
    assert found("ferry", section=business) == [ferry.pk]


def test_an_unpublished_article_leaves_the_index(ferry, commit):
    ferry.status = Article.Status.UNPUBLISHED
    with commit():
        ferry.save()
    assert found("ferry") == []
    assert not SearchEntry.objects.exists()
    assert not SearchDocument.objects.exists()


def test_an_article_unpublished_while_its_entry_remains_is_not_shown(ferry):
    Article.objects.filter(pk=ferry.pk).update(status=Article.Status.UNPUBLISHED)
    assert found("ferry") == []


def test_a_scheduled_article_is_found_once_its_time_has_come(db, commit, clock):
    when = timezone.now() + timedelta(hours=1)
    article = publish(commit, body=FERRY_BODY, status=Article.Status.SCHEDULED, published_at=when)
    assert found("ferry") == []
    clock(when + timedelta(seconds=1))
    assert found("ferry") == []  # its time has come, but the worker has not published it yet
    with commit():
        assert publish_due() == [article]
    assert found("ferry") == [article.pk]


def test_a_published_article_dated_in_the_future_waits_for_its_time(db, commit, clock):
    when = timezone.now() + timedelta(hours=1)
    article = publish(commit, body=FERRY_BODY, published_at=when)
    assert SearchEntry.objects.filter(article=article).exists()
    assert found("ferry") == []
    clock(when + timedelta(seconds=1))
    assert found("ferry") == [article.pk]


def test_a_deleted_article_leaves_the_index(ferry, commit):
    with commit():
        ferry.delete()
    assert found("ferry") == []
    assert not SearchEntry.objects.exists()


def test_nothing_is_indexed_from_a_transaction_that_rolls_back(db, commit):
    with commit():
        try:
            with transaction.atomic():
                make_article(body=FERRY_BODY)
                raise RuntimeError("changed my mind")
        except RuntimeError:
            pass
    assert found("ferry") == []


# Keeping the index in step


def test_an_edit_is_searchable_once_saved(ferry, commit):
    ferry.headline = "Lighthouse keeper retires"
    ferry.body = "<p>After forty years on the rock.</p>"
    with commit():
        ferry.save()
    assert found("ferry") == []
    assert found("lighthouse") == [ferry.pk]


def test_a_new_section_is_filtered_by_once_saved(ferry, commit):
    culture = make_section(name="Culture")
    ferry.section = culture
    with commit():
        ferry.save()
    assert found("ferry", section=culture) == [ferry.pk]


def test_byline_and_tag_changes_reach_the_index(ferry, commit):
    talia = make_person(name="Talia Varga")
    with commit():
        Byline.objects.create(article=ferry, person=talia, position=5)
    assert found("Varga") == [ferry.pk]
    with commit():
        ferry.bylines.filter(person=talia).delete()
    assert found("Varga") == []
    tag = make_tag(name="lighthouses")
    with commit():
        ferry.tags.add(tag)
    assert found("lighthouse") == [ferry.pk]
    with commit():
        tag.name = "breakwaters"
        tag.save()
    assert found("breakwater") == [ferry.pk]
    with commit():
        tag.delete()
    assert found("breakwater") == []


def test_a_renamed_author_is_found_by_the_new_name(db, commit):
    person = make_person(name="Talia Varga")
    article = publish(commit, authors=[person])
    person.name = "Talia Okafor"
    with commit():
        person.save()
    assert found("Okafor") == [article.pk]
    assert found("Varga") == []


def test_a_transaction_updates_the_index_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        make_article(authors=[make_person(), make_person()], tags=[make_tag(), make_tag()])
    assert len([callback for callback in callbacks if isinstance(callback, Update)]) == 1


# newsdesk reindex


def test_reindex_rebuilds_the_index(ferry, harbour_zh, db):
    SearchEntry.objects.all().delete()
    hidden = make_article(body=FERRY_BODY, status=Article.Status.DRAFT)
    SearchEntry.objects.create(
        article=hidden, key=1, language="en", section=hidden.section, published_at=timezone.now()
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("reindex", stdout=out, stderr=err)
    assert "Indexed 2 published articles" in out.getvalue()
    assert "removed 1 " in out.getvalue()
    assert "2/2" in err.getvalue()  # the progress bar
    assert found("ferry") == [ferry.pk]
    assert found("港口", language="zh-hans") == [harbour_zh.pk]
    assert SearchEntry.objects.count() == 2


def test_reindex_rebuild_repairs_a_damaged_full_text_index(ferry):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
        assert found("ferry") == []
    call_command("reindex", "--rebuild", stdout=io.StringIO(), stderr=io.StringIO())
    assert found("ferry") == [ferry.pk]


def test_reindex_of_an_empty_archive(db):
    out = io.StringIO()
    call_command("reindex", stdout=out, stderr=io.StringIO())
    assert "Indexed 0 published articles" in out.getvalue()


def test_the_database_index_follows_the_documents(ferry, harbour_zh):
    """The triggers (SQLite) or the generated column (PostgreSQL) are in place."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")
            cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH '\"港口\"'")
        else:
            cursor.execute("SELECT count(*) FROM search_searchdocument WHERE vector @@ '港口'")
        assert cursor.fetchone()[0] == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite drops a rebuilt table's triggers")
def test_index_triggers_dropped_by_a_table_rebuild_are_put_back(ferry, commit):
    from newsdesk.search.index import restore_triggers

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER search_searchdocument_ai")
        cursor.execute("DROP TRIGGER search_searchdocument_au")
    missed = publish(commit, headline="Lighthouse keepers return", body="<p>Lighthouse.</p>")
    assert found("lighthouse") == []  # in the documents, not in the index
    assert restore_triggers(using=connection.alias)
    assert not restore_triggers(using=connection.alias)
    later = publish(commit, headline="Lighthouse tours begin", body="<p>Tours.</p>")
    assert sorted(found("lighthouse")) == sorted([missed.pk, later.pk])
    assert found("ferry") == [ferry.pk]


# What readers type


NASTY = [
    "AND",
    "OR ferry",
    "NOT",
    "ferry AND",
    '"',
    '""',
    '"ferry',
    "ferry\"'",
    "*",
    "ferry*",
    "港*",
    "-",
    "-ferry",
    "(",
    ")",
    "(ferry",
    "NEAR(ferry harbour)",
    "NEAR/2",
    "^ferry",
    "title:ferry",
    "{title body}: ferry",
    "ferry + harbour",
    "\\",
    "%",
    "_",
    "'; DROP TABLE content_article; --",
    "ferry & | ! <-> :*",
    "\x00",
    "🚢 ferry",
    "",
    "   ",
    "ferry " * 500,
    "港" * 1000,
]
NASTY_IDS = [ascii(q)[:24] for q in NASTY]


@pytest.mark.parametrize("q", NASTY, ids=NASTY_IDS)
def test_query_syntax_in_what_readers_type_is_taken_literally(ferry, q):
    results = search(q, language="en")
    assert results.total == len(results.hits) <= 1


def test_long_queries_are_cut():
    assert len(parse(" ".join(f"word{n}" for n in range(500)))) == 12
    assert len(parse("港" * 1000)[0].chinese) == 200


# The page


def test_the_search_page_shows_marked_results(ferry, client):
    response = client.get("/en/search/", {"q": "ferries"})
    assert response.status_code == 200
    page = response.content.decode()
    assert ferry.get_absolute_url() in page
    assert "<mark>ferry</mark>" in page
    assert '<meta name="robots" content="noindex">' in page
    assert "1 article found" in page


def test_the_search_page_is_not_kept_by_shared_caches(ferry, client):
    response = client.get("/en/search/", {"q": "ferry"})
    assert "private" in response["Cache-Control"] and "s-maxage" not in response["Cache-Control"]
    assert "Surrogate-Key" not in response
    assert response.get("X-Cache") is None


def test_the_chinese_edition_searches_chinese_articles(ferry, harbour_zh, client):
    response = client.get("/zh-hans/search/", {"q": "港口"})
    page = response.content.decode()
    assert harbour_zh.get_absolute_url() in page
    assert ferry.get_absolute_url() not in page
    assert "找到 1 篇文章" in page
    assert "全部栏目" in page
    assert '<option value="zh-hans" selected lang="zh-hans">' in page


def test_the_language_filter_reaches_the_other_edition(ferry, harbour_zh, client):
    page = client.get("/en/search/", {"q": "Halden", "language": "all"}).content.decode()
    assert ferry.get_absolute_url() in page
    assert harbour_zh.get_absolute_url() in page
    assert '<li class="search-result" lang="zh-hans">' in page


def test_filters_from_the_page(db, commit, client):
    section, person = make_section(slug="business"), make_person(slug="wendy-lam")
    recently = timezone.now() - timedelta(hours=1)
    wanted = publish(
        commit, body=FERRY_BODY, section=section, authors=[person], published_at=recently
    )
    other = publish(commit, body=FERRY_BODY, published_at=recently)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    page = client.get(
        "/en/search/",
        {"q": "ferry", "section": "business", "author": "wendy-lam", "from": yesterday},
    ).content.decode()
    assert wanted.get_absolute_url() in page
    assert other.get_absolute_url() not in page


def test_the_page_says_when_there_are_more_than_it_counts(db, commit, client, monkeypatch):
    monkeypatch.setattr(query, "MAX_RESULTS", 2)
    for _ in range(3):
        publish(commit, body=FERRY_BODY)
    page = client.get("/en/search/", {"q": "ferry"}).content.decode()
    assert "More than 2 articles found" in page
    assert page.count('class="search-result"') == 2


def test_the_page_without_a_query(db, client):
    assert "<mark>" not in client.get("/en/search/").content.decode()
    response = client.get("/en/search/", {"q": "  *  "})
    assert response.status_code == 200
    assert "Type a word or two" in response.content.decode()


def test_no_results(ferry, client):
    assert "No articles match" in client.get("/en/search/", {"q": "zeppelin"}).content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "ferry", "section": "no-such-section"},
        {"q": "ferry", "author": "nobody"},
        {"q": "ferry", "from": "yesterday"},
        {"q": "ferry", "to": "2024-13-45"},
        {"q": "ferry", "from": "2024-05-02", "to": "2024-05-01"},
        {"q": "ferry", "language": "klingon"},
    ],
)
def test_bad_filters_are_explained_not_failed(ferry, client, params):
    response = client.get("/en/search/", params)
    assert response.status_code == 200
    assert 'class="search-error"' in response.content.decode()


@pytest.mark.parametrize("number", ["abc", "0", "-1", "99999", "1e9", ""])
def test_any_page_number_gives_a_page(db, commit, client, number):
    for _ in range(3):
        publish(commit, body=FERRY_BODY)
    response = client.get("/en/search/", {"q": "ferry", "page": number})
    assert response.status_code == 200
    assert response.content.decode().count('class="search-result"') == 3


def test_pages_link_to_each_other_keeping_the_query(db, commit, client, settings):
    settings.ARTICLES_PER_PAGE = 2
    for _ in range(5):
        publish(commit, body=FERRY_BODY)
    page = client.get("/en/search/", {"q": "ferry", "page": "2"}).content.decode()
    assert "Page 2 of 3" in page
    assert 'href="?q=ferry&amp;page=1"' in page
    assert 'href="?q=ferry&amp;page=3"' in page


@pytest.mark.parametrize("q", NASTY, ids=NASTY_IDS)
def test_the_page_survives_anything_typed(ferry, client, q):
    assert client.get("/en/search/", {"q": q}).status_code == 200


def test_dates_in_the_form_accept_iso_dates(ferry, client):
    today = date.today().isoformat()
    response = client.get("/en/search/", {"q": "ferry", "from": "2000-01-01", "to": today})
    assert response.status_code == 200
