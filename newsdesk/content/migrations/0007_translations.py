"""Other languages move from name_zh columns into one translations JSON field per model.

Every name_zh becomes translations["zh-hans"]["name"]; backwards, it comes back out.
"""

from django.db import migrations, models

# The language the name_zh columns held; a literal here, as the migration must not
# change when the configured editions do.
CHINESE = "zh-hans"


def translations_field():
    return models.JSONField(
        blank=True,
        default=dict,
        help_text="The translated fields, by language: {language: {field: text}}.",
        verbose_name="translations",
    )


def names_into_translations(apps, schema_editor):
    for model_name in ("Section", "Column"):
        model = apps.get_model("content", model_name)
        for row in model.objects.exclude(name_zh=""):
            translations = dict(row.translations or {})
            translations.setdefault(CHINESE, {})["name"] = row.name_zh
            row.translations = translations
            row.save(update_fields=["translations"])


def names_out_of_translations(apps, schema_editor):
    for model_name in ("Section", "Column"):
        model = apps.get_model("content", model_name)
        for row in model.objects.all():
            name = (row.translations or {}).get(CHINESE, {}).get("name", "")
            if name:
                row.name_zh = name
                row.save(update_fields=["name_zh"])


class Migration(migrations.Migration):

    dependencies = [
        ("content", "0006_image_uploads_owner"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=name, name="translations", field=translations_field())
            for name in ("section", "column", "person", "tag", "image")
        ),
        migrations.RunPython(names_into_translations, names_out_of_translations),
        migrations.RemoveField(model_name="section", name="name_zh"),
        migrations.RemoveField(model_name="column", name="name_zh"),
    ]
