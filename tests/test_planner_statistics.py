"""The article table's planner statistics, made again after its indexes changed
(content migration 0015): with statistics for the old indexes only, SQLite took a new
index for a very selective one and read a whole list to find a few articles by id."""

import importlib

import pytest
from django.db import connection

from newsdesk.content.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

analyze_articles = importlib.import_module("newsdesk.content.migrations.0015_analyze_articles")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner statistics")
def test_articles_by_id_are_looked_up_by_id_once_the_statistics_are_made_again():
    ids = [make_article().pk for _ in range(30)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE content_article")
        # As after a migration that added an index: statistics for the others only.
        cursor.execute("DELETE FROM sqlite_stat1 WHERE idx = 'article_published_list'")
        cursor.execute("ANALYZE sqlite_schema")  # the planner reads the statistics again
    by_id = Article.objects.published().among(ids[:3])
    assert "article_published_list" in by_id.explain()

    analyze_articles.analyze(None, connection.schema_editor())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sqlite_schema")
    # By id: in the table, or in the index of each article's date by id (content 0021).
    plan = by_id.explain()
    assert "PRIMARY KEY" in plan or "article_newsroom_dates (id=?" in plan, plan
    assert sorted(a.pk for a in by_id) == ids[:3]
