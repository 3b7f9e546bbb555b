"""An article's "breaking news" mark (push/), added to every row without copying the table.

Django's SQLite backend adds a NOT NULL column by copying the whole table into a new one
(bodies and every index: minutes at a million articles); SQLite's own ``ADD COLUMN`` takes
a NOT NULL column with a constant default in an instant, as PostgreSQL does (11 and later
store the default once, no rewrite), so SQLite gets that statement and other databases
the schema editor's.
"""

from django.db import migrations, models

HELP_TEXT = (
    "Sends an alert with the headline to readers who asked for breaking news, once, "
    "when it is published (or now, if it is)."
)


def breaking_field(article):
    """The field as the state below adds it, on the historical model (not added to it)."""
    field = models.BooleanField(
        "breaking news", default=False, db_default=False, help_text=HELP_TEXT
    )
    field.set_attributes_from_name("breaking")
    field.model = article
    return field


def add_column(apps, schema_editor):
    article = apps.get_model("content", "Article")
    if schema_editor.connection.vendor == "sqlite":
        quote = schema_editor.quote_name
        schema_editor.execute(
            f"ALTER TABLE {quote(article._meta.db_table)} "
            f"ADD COLUMN {quote('breaking')} bool DEFAULT 0 NOT NULL"
        )
    else:
        schema_editor.add_field(article, breaking_field(article))


def drop_column(apps, schema_editor):
    article = apps.get_model("content", "Article")
    schema_editor.remove_field(article, breaking_field(article))


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0022_credit_translation_list"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_column, drop_column)],
            state_operations=[
                migrations.AddField(
                    model_name="article",
                    name="breaking",
                    field=models.BooleanField(
                        db_default=False,
                        default=False,
                        help_text=HELP_TEXT,
                        verbose_name="breaking news",
                    ),
                ),
            ],
        ),
    ]
