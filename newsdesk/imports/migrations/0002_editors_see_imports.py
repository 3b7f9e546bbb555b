"""Editors (and admins) may read the import records."""

from django.db import migrations


def grant(apps, schema_editor):
    from newsdesk.newsroom.roles import ensure_roles

    ensure_roles(apps, grant=True)


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
        ("newsroom", "0003_alter_auditentry_action"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
