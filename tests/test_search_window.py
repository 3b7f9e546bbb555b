"""Bounded ranking and menus at scale: a common query's newest matches are ranked by the
columns that hold it (no bm25(), which reads every match of the archive, on SQLite), in
the order full ranking gives them; the author menu offers the authors of the newest
published articles only, and never someone known only from drafts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.search import forms, query
from newsdesk.search.forms import SearchForm
from newsdesk.search.query import search
from tests.factories import make_article, make_person

FERRY_BODY = "<p>The ferry to Port Halden runs again after three months of repairs.</p>"
OTHER_BODY = "<p>Crossings start earlier in summer.</p>"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def publish(commit, days, **fields):
    fields.setdefault("standfirst", "")
    with commit():
        return make_article(published_at=timezone.now() - timedelta(days=days), **fields)


@pytest.fixture
def corpus(db, commit):
    """Matches of "ferry" in each column, from the newest to the oldest: the headline's
    and standfirst's outrank the newer ones in the body."""
    return {
        "body, newest": publish(commit, 1, headline="Timetables change", body=FERRY_BODY),
        "body": publish(commit, 2, headline="Fares rise", body=FERRY_BODY),
        "standfirst": publish(
            commit, 3, headline="Summer service", standfirst="The ferry adds crossings.",
            body=OTHER_BODY,
        ),
        "headline": publish(commit, 4, headline="Ferry timetables change", body=OTHER_BODY),
    }  # fmt: skip


def ranked(q="ferry", **options):
    return [hit.article.pk for hit in search(q, language="en", **options).hits]


def test_newest_matches_rank_as_full_ranking_does(corpus, monkeypatch):
    full = ranked()
    assert full[:2] == [corpus["headline"].pk, corpus["standfirst"].pk]
    # More matches than are counted: only the newest are ranked, here all four.
    monkeypatch.setattr(query, "MAX_RESULTS", 3)
    monkeypatch.setitem(query.CANDIDATES, connection.vendor, 4)
    results = search("ferry", language="en")
    assert (results.total, results.more) == (3, True)
    assert [hit.article.pk for hit in results.hits] == full[:3]
    assert all(hit.score > 0 for hit in results.hits)


def test_only_the_newest_matches_are_ranked(corpus, monkeypatch):
    monkeypatch.setattr(query, "MAX_RESULTS", 3)
    monkeypatch.setitem(query.CANDIDATES, connection.vendor, 3)
    assert ranked() == [corpus[k].pk for k in ("standfirst", "body, newest", "body")]


def test_a_phrase_in_the_headline_ranks_first(corpus, commit, monkeypatch):
    in_headline = publish(commit, 5, headline="Port Halden ferry returns", body=OTHER_BODY)
    monkeypatch.setattr(query, "MAX_RESULTS", 1)
    assert ranked('"port halden"')[0] == in_headline.pk


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5's bm25()")
def test_sqlite_ranks_a_common_query_without_bm25(corpus, monkeypatch):
    monkeypatch.setattr(query, "MAX_RESULTS", 2)
    with CaptureQueriesContext(connection) as captured:
        search("ferry", language="en")
    assert not any("bm25(" in q["sql"] for q in captured.captured_queries)
    monkeypatch.setattr(query, "MAX_RESULTS", 10)
    with CaptureQueriesContext(connection) as captured:
        search("ferry", language="en")
    assert any("bm25(" in q["sql"] for q in captured.captured_queries)


def test_unpublished_articles_are_never_ranked(corpus, commit, monkeypatch):
    for status in ("draft", "review", "scheduled", "unpublished"):
        with commit():
            make_article(headline="Ferry news", body=FERRY_BODY, status=status)
    monkeypatch.setattr(query, "MAX_RESULTS", 3)
    # Their headlines hold the word: were they ranked, they would come first.
    shown = ranked()
    assert len(shown) == 3 and set(shown) <= {a.pk for a in corpus.values()}


# The author menu


def menu(data=None, edition="en"):
    form = SearchForm({"q": "ferry", **(data or {})}, edition=edition)
    form.is_valid()
    return form, [person.name for person in form.menu_authors]


def test_the_menu_lists_authors_of_published_articles_only(db, commit):
    wendy, walter, drafter = (make_person(name=n) for n in ("Wendy", "Walter", "Dora Draft"))
    publish(commit, 1, authors=[wendy, walter])
    with commit():
        make_article(authors=[drafter], status="draft")
    with commit():
        make_article(authors=[drafter], published_at=timezone.now() + timedelta(days=1))
    assert menu()[1] == ["Walter", "Wendy"]
    assert menu({"author": drafter.slug})[0].errors["author"]


def test_the_menu_lists_the_authors_of_the_language_searched(db, commit):
    wendy, wang = make_person(name="Wendy"), make_person(name="Wang")
    publish(commit, 1, authors=[wendy])
    publish(commit, 1, authors=[wang], language="zh-hans")
    assert menu()[1] == ["Wendy"]
    assert menu(edition="zh-hans")[1] == ["Wang"]
    assert menu({"language": "all"})[1] == ["Wang", "Wendy"]


def test_the_menu_is_bounded_to_the_newest_articles(db, commit, monkeypatch):
    monkeypatch.setattr(forms, "MENU_ARTICLES", 2)
    old, new = make_person(name="Olga Old"), make_person(name="Nina New")
    publish(commit, 30, authors=[old])
    publish(commit, 2, authors=[new])
    publish(commit, 1, authors=[new])
    assert menu()[1] == ["Nina New"]
    # An author of older articles may still be asked for, and is then shown.
    form, names = menu({"author": old.slug})
    assert form.is_valid() and form.cleaned_data["author"] == old
    assert names == ["Nina New", "Olga Old"]


# Phrases among many documents holding their words


def test_a_phrase_is_found_past_newer_documents_holding_its_words_apart(db, commit, monkeypatch):
    monkeypatch.setattr(query, "MAX_RESULTS", 3)
    monkeypatch.setitem(query.CANDIDATES, connection.vendor, 3)
    apart = "<p>The port reopened; Halden cheered.</p>"
    for days in range(5):
        publish(commit, days, headline="News", body=apart)
    together = [publish(commit, 10 + n, headline="News", body=FERRY_BODY) for n in range(4)]
    results = search('"port halden"', language="en")
    assert (results.total, results.more) == (3, True)
    assert [hit.article.pk for hit in results.hits] == [a.pk for a in together[:3]]


def test_a_chinese_run_is_found_past_newer_documents_holding_its_pairs_apart(
    db, commit, monkeypatch
):
    monkeypatch.setattr(query, "MAX_RESULTS", 1)
    zh = {"language": "zh-hans", "headline": "新闻"}
    for days in range(3):
        publish(commit, days, body="<p>哈尔登的人说，登港很难。</p>", **zh)
    together = [publish(commit, 10 + n, body="<p>渡轮回到哈尔登港。</p>", **zh) for n in range(2)]
    results = search("哈尔登港", language="zh-hans")
    assert (results.total, results.more) == (1, True)
    assert [hit.article.pk for hit in results.hits] == [together[0].pk]


def test_a_chinese_character_in_the_headline_ranks_first(db, commit, monkeypatch):
    monkeypatch.setattr(query, "MAX_RESULTS", 1)
    zh = {"language": "zh-hans", "standfirst": ""}
    publish(commit, 1, headline="新闻", body="<p>渡轮回到港口。</p>", **zh)
    in_headline = publish(commit, 3, headline="港口重新开放", body="<p>今天。</p>", **zh)
    results = search("港", language="zh-hans")
    assert results.more and [hit.article.pk for hit in results.hits] == [in_headline.pk]
    results = search("港口", language=None)
    assert results.more and [hit.article.pk for hit in results.hits] == [in_headline.pk]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5's bm25()")
def test_sqlite_ranks_within_dates_without_bm25(corpus):
    since = timezone.localdate() - timedelta(days=10)
    with CaptureQueriesContext(connection) as captured:
        shown = ranked(since=since)
    assert not any("bm25(" in q["sql"] for q in captured.captured_queries)
    assert shown[:2] == [corpus["headline"].pk, corpus["standfirst"].pk]
