"""`newsdesk generate` at scale: its bulk indexing leaves the same indexes as saving would.

On SQLite the load sets the full-text triggers aside and indexes each batch in one
statement; these tests check that the public search and the newsroom's finder find what
it wrote, that the indexes match their rows exactly, that the triggers come back, and
that checking for existing articles looks their slugs up rather than reading the archive.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsdesk.content.models import Article
from newsdesk.devdata import archive
from newsdesk.newsroom.finding import matching
from newsdesk.search.query import search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shared_media(test_settings, tmp_path_factory):
    test_settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "archive-media-indexes"


def triggers() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        return dict(cursor.fetchall())


def check_full_text_indexes() -> None:
    """FTS5's own check, with rank 1: every row of the content table is indexed as it is,
    and nothing else (an error if not)."""
    with connection.cursor() as cursor:
        for table in archive.FTS_TABLES:
            cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")


def test_generated_articles_are_found_by_public_search_and_by_the_newsroom_finder():
    archive.generate_archive(60, seed=21, batch_size=25)
    published = Article.objects.published().filter(language="en").order_by("-pk")
    for article in [published.first(), published.last()]:
        words = " ".join(re.findall(r"[A-Za-z]{4,}", article.headline)[:3])
        hits = search(words, language="en", limit=100).hits
        assert article.pk in {hit.article.pk for hit in hits}
        # The newsroom finds it by a part of its headline and of its slug.
        part = article.headline.split()[-1][:5]
        assert article in matching(Article.objects.all(), part)
        assert article in matching(Article.objects.all(), article.slug[-12:])
    # Drafts too, in the newsroom (never in public search).
    draft = Article.objects.exclude(status=Article.Status.PUBLISHED).first()
    assert draft is not None
    assert draft in matching(Article.objects.all(), draft.slug[-12:])
    chinese = Article.objects.filter(language="zh-hans").first()
    assert chinese in matching(Article.objects.all(), chinese.headline[:4])


@pytest.mark.django_db(transaction=True)
def test_bulk_indexes_match_their_rows_and_the_triggers_come_back():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's full-text tables")
    before = triggers()
    assert set(archive.BULK_INDEXED) <= set(before)
    archive.generate_archive(40, seed=22, batch_size=15)
    assert triggers() == before
    check_full_text_indexes()
    # A second run adds to indexes that already hold rows, then saving works as ever.
    archive.generate_archive(70, seed=22, batch_size=15)
    check_full_text_indexes()
    article = Article.objects.order_by("pk").last()
    article.headline = "Quayside zephyrwort market reopens"
    article.save()
    assert article in matching(Article.objects.all(), "zephyrwort")
    check_full_text_indexes()


@pytest.mark.django_db(transaction=True)
def test_the_triggers_come_back_after_a_failed_load(monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's triggers")
    before = triggers()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(archive._Writer, "flush", fail)
    with pytest.raises(RuntimeError):
        archive.generate_archive(10, seed=23, batch_size=5)
    assert triggers() == before
    assert not Article.objects.filter(slug__endswith="-23-1").exists()


def test_existing_articles_are_looked_up_by_slug_not_read_in_date_order():
    """Checking a batch for articles that already exist must look each slug up: reading
    a language's articles in date order instead made a million articles quadratic."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's query plans")
    with CaptureQueriesContext(connection) as queries:
        archive.generate_archive(30, seed=24, batch_size=10)
    lookups = [q["sql"] for q in queries.captured_queries if '"slug" IN (' in q["sql"]]
    assert lookups
    with connection.cursor() as cursor:
        for sql in lookups:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "slug=?" in plan, plan


def gin_indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND indexdef LIKE '%% USING gin %%'"
        )
        return dict(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_a_large_load_on_postgresql_builds_the_gin_indexes_after_it(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's GIN indexes")
    before = gin_indexes()
    assert {"search_document_vector", "newsroom_article_find_headline"} <= set(before)
    monkeypatch.setattr(archive, "GIN_REBUILD_FROM", 10)
    dropped = []
    real_flush = archive._Writer.flush

    def flush(writer, indexes):
        dropped.append(not set(before) & set(gin_indexes()))
        return real_flush(writer, indexes)

    monkeypatch.setattr(archive._Writer, "flush", flush)
    archive.generate_archive(40, seed=25, batch_size=20)
    assert dropped == [True, True]  # the load ran without them
    assert gin_indexes() == before
    article = Article.objects.published().filter(language="en").order_by("pk").last()
    words = " ".join(re.findall(r"[A-Za-z]{4,}", article.headline)[:3])
    assert article.pk in {hit.article.pk for hit in search(words, language="en").hits}
    assert article in matching(Article.objects.all(), article.slug[-12:])
    # A small load into what exists keeps them.
    dropped.clear()
    archive.generate_archive(50, seed=25, batch_size=20)
    assert dropped and not any(dropped)


@pytest.mark.django_db(transaction=True)
def test_the_gin_indexes_come_back_after_a_failed_load(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's GIN indexes")
    before = gin_indexes()
    monkeypatch.setattr(archive, "GIN_REBUILD_FROM", 1)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(archive._Writer, "flush", fail)
    with pytest.raises(RuntimeError):
        archive.generate_archive(10, seed=26, batch_size=5)
    assert gin_indexes() == before
