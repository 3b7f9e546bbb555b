"""Indexes for the newsroom home: what awaits review by its latest activity, and the
translations by status (the unfinished ones).

SQLite plans with the statistics ANALYZE stored (0015): each new index gets its own, read
from the index alone, not from the whole table.
"""

from django.db import migrations, models

INDEXES = ["article_newsroom_activity", "article_translation_status"]


def analyze(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            for index in INDEXES:
                cursor.execute(f"ANALYZE {index}")


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0017_credits"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["status", "updated_at", "id"], name="article_newsroom_activity"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(translation_of__isnull=False),
                fields=["status", "id"],
                name="article_translation_status",
            ),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True),
    ]
