"""newsdesk import PATH… — text dumps, HTML pages and WordPress exports become articles."""

import json
import sys
from argparse import ArgumentTypeError
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

# What the `imports` extra brings. A server that only publishes may be installed without
# it (requirements/core.txt); the command then says what to install instead of a traceback.
IMPORTS_EXTRA = {"trafilatura", "defusedxml", "charset_normalizer"}
try:
    from newsdesk.imports.runner import run_import
except ModuleNotFoundError as error:
    if error.name not in IMPORTS_EXTRA:
        raise
    run_import = None
    missing = error.name


class Command(BaseCommand):
    help = (
        "Import articles from scraped text dumps (.txt), saved HTML pages (.html) and "
        "WordPress exports (.xml). PATH may be a file, a folder or a glob. Imported "
        "articles are drafts unless --publish; importing a source again updates its article."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be imported; save nothing"
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="with --dry-run: print one JSON object per article on standard output, "
            "and nothing else there",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish what was published at its source (drafts stay drafts)",
        )
        parser.add_argument("--url", help="the original address of a single HTML file")
        parser.add_argument(
            "--pages", action="store_true", help="WordPress: import pages as well as posts"
        )
        parser.add_argument(
            "--media", metavar="DIR", help="WordPress: a folder holding the uploaded files"
        )
        parser.add_argument(
            "--jobs",
            type=_positive,
            default=1,
            metavar="N",
            help="parse in N processes at once (saving stays one article at a time, in "
            "order: the result is the same as with one)",
        )

    def handle(self, *args, paths, dry_run, as_json, publish, url, pages, media, jobs, **options):
        if run_import is None:
            raise CommandError(
                f"newsdesk import needs the imports extra ({missing} is not installed): "
                "pip install 'newsdesk[imports]', or in a checkout: "
                "pip install --require-hashes -r requirements/run.txt"
            )
        # Standard output carries only the JSON objects when asked for them.
        report = sys.stderr if as_json else self.stdout

        def show(article):
            if as_json:
                self.stdout.write(json.dumps(article.as_json(), ensure_ascii=False))
            elif dry_run:
                authors = ", ".join(c.name for c in article.authors) or "no author"
                report.write(f"would import: {article.title} ({authors}) from {article.source}\n")

        summary = run_import(
            paths,
            dry_run=dry_run,
            publish=publish,
            url=url,
            include_pages=pages,
            media_dir=Path(media) if media else None,
            jobs=jobs,
            on_article=show,
            progress=lambda items: tqdm(
                items, desc="Importing", unit="file", file=sys.stderr, disable=None
            ),
        )
        for line in summary.lines():
            report.write(line + "\n")
        if summary.failed:
            sys.exit(1)


def _positive(value: str) -> int:
    if not value.strip().isdigit() or int(value) < 1:
        raise ArgumentTypeError(_("must be a whole number, 1 or more: %s") % value)
    return int(value)
