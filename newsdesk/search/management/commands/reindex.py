"""``newsdesk reindex``: rebuild the search index from the articles, with a progress bar."""

import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from newsdesk.search.index import BATCH_SIZE, reindex


class Command(BaseCommand):
    help = (
        "Rebuild the search index: index every published article and drop everything "
        "else. Searches keep working while it runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="articles per transaction"
        )
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="also rebuild the database's full-text index from scratch, in one "
            "transaction (saving articles waits meanwhile): to repair a damaged index",
        )

    def handle(self, *args, batch_size, rebuild, verbosity, **options):
        # On the wrapped stream itself: the wrapper would end each redraw with a newline.
        bar = tqdm(total=0, unit=" articles", disable=verbosity == 0, file=self.stderr._out)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        started = time.monotonic()
        with bar:
            counts = reindex(batch_size=max(batch_size, 1), progress=progress, rebuild=rebuild)
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {counts['indexed']:,} published articles in {seconds:.1f}s; "
                f"removed {counts['removed']:,} entries that were no longer published."
            )
        )
