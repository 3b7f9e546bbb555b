"""When a translation became outdated, kept on its task (the original's last save until
now), and indexes of the outdated tasks by that time and of the assigned ones, instead of
an index of every task's flag and of every task's translator.

An archive's imported translations have no translator and few are outdated: SQLite's
statistics of the old indexes made each value look common (half the tasks outdated, every
task one translator's), so it read every task. The table is analysed again.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def outdated_since_the_originals_last_save(apps, schema_editor):
    """What the home ordered outdated tasks by until now: the original's last save (the
    request, should the original be gone)."""
    Article = apps.get_model("content", "Article")
    TranslationTask = apps.get_model("newsroom", "TranslationTask")
    original = Article.objects.filter(translations__pk=OuterRef("translation_id"))
    TranslationTask.objects.filter(outdated=True).update(
        outdated_at=Coalesce(Subquery(original.values("updated_at")[:1]), F("requested_at"))
    )


def analyze(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ANALYZE newsroom_translationtask")


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0013_article_finder"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="translationtask",
            name="outdated_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(outdated_since_the_originals_last_save, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="translationtask",
            name="outdated",
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name="translationtask",
            name="translator",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="translation_tasks",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="translationtask",
            index=models.Index(
                condition=models.Q(outdated=True),
                fields=["outdated_at", "id"],
                name="task_outdated",
            ),
        ),
        migrations.AddIndex(
            model_name="translationtask",
            index=models.Index(
                condition=models.Q(translator__isnull=False),
                fields=["translator"],
                name="task_assigned",
            ),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True),
    ]
