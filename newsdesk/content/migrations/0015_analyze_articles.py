"""The planner's statistics of the article table, made again after the indexes before.

SQLite plans with the statistics ANALYZE last stored; an index added since has none,
and SQLite then takes it for a very selective one: at 100k articles it read the whole
published list along (status, published_at, id) to find five articles by id. PostgreSQL
analyses by itself in time; asking now costs little.
"""

from django.db import migrations


def analyze(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("ANALYZE content_article")


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0014_newsroom_indexes"),
    ]

    operations = [migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True)]
