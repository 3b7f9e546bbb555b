"""On PostgreSQL, the article list's whole order in one index: newest first, then by id.

The list is ordered by its date, work not yet published first, then by id
(newsroom/admin.py). PostgreSQL's index of the date alone gives the first key only and
sorts the ties by id: every draft ties on its missing date, so the first page read each
draft of the archive (29,000 at a million articles) to find the 50 with the highest ids.
SQLite's index of the date ends in the row id already: nothing to add there.
"""

from django.db import migrations

POSTGRESQL = (
    "CREATE INDEX IF NOT EXISTS newsroom_article_list ON content_article (published_at, id)"
)
POSTGRESQL_REVERSE = "DROP INDEX IF EXISTS newsroom_article_list"


def run(statement):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0019_newsroom_list_order"),
        ("newsroom", "0014_task_outdated_at_and_indexes"),
    ]

    operations = [migrations.RunPython(run(POSTGRESQL), run(POSTGRESQL_REVERSE))]
