"""newsdesk restore FILE — a backup into an empty install, then any newer migrations."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsdesk.backups.archive import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a file made by `newsdesk backup` into the configured database, media folder "
        "and data directory, then migrate. Refuses a database or media folder that is not "
        "empty unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace what the database holds (and add to the media folder)",
        )

    def handle(self, *args, file, force, **options):
        if not Path(file).is_file():
            raise CommandError(f"no such file: {file}")
        try:
            restored = restore_backup(Path(file), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {restored.articles} articles, {restored.media_files} media files and "
            f"{len(restored.keys)} keys from {file}"
        )
        if restored.migrated:
            self.stdout.write(f"Migrated: {', '.join(restored.migrated)}")
        if restored.keys:
            self.stdout.write("Restart the server and worker so they use the restored keys.")
