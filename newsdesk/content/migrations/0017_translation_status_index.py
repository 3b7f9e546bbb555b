"""An index of the translations by status, for the newsroom home's unfinished ones.

SQLite plans with the statistics ANALYZE stored (0015): the new index gets its own, read
from it alone (about one entry in ten of the archive's), not from the whole table.
"""

from django.db import migrations, models

INDEX = "article_translation_status"


def analyze(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0016_article_pages"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(translation_of__isnull=False),
                fields=["status", "id"],
                name=INDEX,
            ),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True),
    ]
