"""The Admin role holds every permission, the newsletter's included: deleting a subscriber
in the admin deletes its deliveries, which asks for their permission."""

from django.db import migrations


def grant(apps, schema_editor):
    from newsdesk.newsroom.roles import ensure_roles

    ensure_roles(apps, grant=True)


class Migration(migrations.Migration):
    dependencies = [("newsletters", "0001_initial"), ("newsroom", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
