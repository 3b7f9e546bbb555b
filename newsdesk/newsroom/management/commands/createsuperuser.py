"""Django's createsuperuser, but without a terminal it fails instead of saying "skipped".

Django's own command prints "Superuser creation skipped" and exits 0 when it cannot ask
for a name and password: `make admin` run by a script or a container then looks like it
worked while no account exists. Here it says how to create one and exits non-zero.
"""

from django.contrib.auth.management.commands import createsuperuser
from django.core.management.base import CommandError


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        terminal = hasattr(self.stdin, "isatty") and self.stdin.isatty()
        if options["interactive"] and not terminal:
            raise CommandError(
                "No account was created: there is no terminal to ask for a username and "
                "password. Run `make admin` in a terminal, or, without one: "
                "DJANGO_SUPERUSER_PASSWORD=<password> .venv/bin/newsdesk createsuperuser "
                "--noinput --username <name> --email <address>"
            )
        return super().handle(*args, **options)
