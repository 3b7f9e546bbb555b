"""``newsdesk generate --articles N``: a large archive of realistic articles, for benchmarks."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from newsdesk.devdata.archive import generate_archive


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Generate an archive of realistic, invented articles (for benchmarks and demos). "
        "Running it again with the same seed adds nothing; another seed adds more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=positive_int, required=True, help="how many articles (N > 0)"
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="which archive: the same seed, the same articles"
        )
        parser.add_argument(
            "--batch-size", type=positive_int, default=2000, help="articles per transaction"
        )
        parser.add_argument(
            "--processes",
            type=int,
            choices=[0, 1],
            default=1,
            help="1: write the texts in a second process, beside the one writing rows; 0: not",
        )

    def handle(self, *args, articles, seed, batch_size, processes, **options):
        if articles < 1:
            raise CommandError("--articles must be a positive number")
        if seed < 0:
            raise CommandError("--seed must not be negative")
        # The bar goes to standard error, and only to a terminal (as `newsdesk import`'s).
        quiet = True if options["verbosity"] == 0 else None
        started = time.monotonic()
        with tqdm(
            total=articles, desc="Generating", unit="article", file=sys.stderr, disable=quiet
        ) as bar:
            counts = generate_archive(
                articles,
                seed=seed,
                batch_size=batch_size,
                processes=processes,
                progress=lambda done: bar.update(done - bar.n),
            )
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {counts['articles']:,} articles "
                f"({counts['translations']:,} translations, "
                f"{counts['not_published']:,} not published; "
                f"{counts['skipped']:,} already existed) in {seconds:.1f}s; "
                f"created {counts['people']} people, {counts['tags']} tags, "
                f"{counts['images']} images."
            )
        )
