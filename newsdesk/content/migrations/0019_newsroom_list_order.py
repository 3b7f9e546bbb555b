"""The newsroom list's indexes end in the id, as its order does (newest first, then by id).

Without it PostgreSQL read a filtered list (a language, a column) backwards along the
date index, skipping the other articles, rather than sort the ties of the filter's own
index. SQLite's indexes end in the row id already; each is analysed again (0015).
"""

from django.db import migrations, models

TRANSLATIONS = models.Q(translation_of__isnull=False)
INDEXES = {
    "article_newsroom_section": (["section", "published_at"], None),
    "article_newsroom_column": (["column", "published_at"], None),
    "article_newsroom_language": (["language", "published_at"], None),
    "article_newsroom_translations": (["published_at"], TRANSLATIONS),
}


def analyze(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            for name in INDEXES:
                cursor.execute(f"ANALYZE {name}")


def ending_in_id(name: str) -> models.Index:
    fields, condition = INDEXES[name]
    return models.Index(fields=[*fields, "id"], condition=condition, name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0018_newsroom_home_indexes"),
    ]

    operations = [
        *(migrations.RemoveIndex(model_name="article", name=name) for name in INDEXES),
        *(migrations.AddIndex(model_name="article", index=ending_in_id(name)) for name in INDEXES),
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True),
    ]
