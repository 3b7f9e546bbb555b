"""RelatedArticle, moved here from the trending app with its table (trending_relatedarticle).

The table was made by trending's 0001_initial, so this only tells Django's state that the
model lives here now; no row is copied or lost. Its content type moves along, so that any
permission given on it stays given.
"""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor, source="trending", target="related"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=target, model="relatedarticle").exists():
        ContentType.objects.filter(app_label=source, model="relatedarticle").update(
            app_label=target
        )


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="related", target="trending")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("content", "0005_image_source"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("trending", "0003_relatedarticle_moves_to_related"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RelatedArticle",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("score", models.FloatField()),
                        ("position", models.PositiveSmallIntegerField()),
                        ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="related_links", to="content.article")),
                        ("related", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="content.article")),
                    ],
                    options={
                        "db_table": "trending_relatedarticle",
                        "ordering": ["article", "position"],
                        "constraints": [models.UniqueConstraint(fields=("article", "related"), name="unique_related_pair")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
