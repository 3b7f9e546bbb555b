"""Editors (and admins) may read the readership dashboard."""

from django.db import migrations


def grant(apps, schema_editor):
    from newsdesk.newsroom.roles import ensure_roles

    ensure_roles(apps, grant=True)


class Migration(migrations.Migration):
    dependencies = [
        ("trending", "0001_initial"),
        ("imports", "0002_editors_see_imports"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
