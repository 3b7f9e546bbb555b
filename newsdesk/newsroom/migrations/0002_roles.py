"""The newsroom's roles as groups: Writer, Translator, Editor and Admin."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from newsdesk.newsroom.roles import ensure_roles

    ensure_roles(apps, reset=True)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("content", "0004_newsroom_fields"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
