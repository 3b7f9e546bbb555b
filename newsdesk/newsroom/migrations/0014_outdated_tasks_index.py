"""An index of the outdated translation tasks alone, for the one of every task.

SQLite's statistics of the old index said half the tasks were outdated, so it read every
task for the home's list; the table is analysed again for the new index.
"""

from django.db import migrations, models


def analyze(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ANALYZE newsroom_translationtask")


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0013_article_finder"),
    ]

    operations = [
        migrations.AlterField(
            model_name="translationtask",
            name="outdated",
            field=models.BooleanField(default=False),
        ),
        migrations.AddIndex(
            model_name="translationtask",
            index=models.Index(
                condition=models.Q(outdated=True), fields=["id"], name="task_outdated"
            ),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True),
    ]
