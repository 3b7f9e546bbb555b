"""newsdesk backup [FILE] — the database, media and keys in one file, while the site serves."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsdesk.backups.archive import BackupError, default_name, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite's online backup, or pg_dump), the media folder and "
        "the keys in the data directory into one .tar.gz file. Safe while the site serves."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", help="where to write it (default: newsdesk-backup-<UTC time>.tar.gz)"
        )

    def handle(self, *args, file, **options):
        target = Path(file or default_name())
        if target.is_dir():
            target = target / default_name()
        try:
            manifest = make_backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up the {manifest['database']['vendor']} database, "
            f"{manifest['media_files']} media files and {len(manifest['keys'])} keys to {target}"
        )
