from django.core.management.base import BaseCommand

from newsdesk.devdata.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo newsroom (idempotent: running it again updates, never duplicates)."

    def handle(self, *args, **options):
        counts = load_demo()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo newsroom loaded: {summary}."))
