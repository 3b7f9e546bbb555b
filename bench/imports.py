"""Import speed: pages per second for text dumps and for HTML pages, in one job and in N.

    bash bench/import            (or: python -m bench.imports [--pages N] [--jobs 1,2])

Makes N copies of each of our test fixtures (tests/fixtures/textdumps/*.txt and
tests/fixtures/html/*.html), each with its own headline so each becomes an article of
its own, in a fresh SQLite database under a temporary folder. Times, for each kind and
each number of jobs (``newsdesk import --jobs``): parsing only (``--dry-run``) and a full
import into an emptied database (parse, match people and sections, save in one
transaction per article, record a revision). Prints a table, then the figures as JSON on
the last line.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def make_inputs(kind: str, pattern: str, count: int, folder: Path) -> int:
    """``count`` inputs copied from the fixtures, each a new article; returns bytes written.

    Each copy gets its own headline and original address, so that none is taken for a
    re-import of another (and skipped).
    """
    from newsdesk.imports.runner import parse_input

    sources = []
    for path in sorted((FIXTURES / kind).glob(pattern)):
        try:
            (article,) = parse_input(path)
        except Exception:
            continue  # fixtures of bad input
        sources.append((path, path.read_text(encoding="utf-8"), article))
    if not sources:
        sys.exit(f"bench: no usable fixtures in {FIXTURES / kind}")
    folder.mkdir(parents=True)
    written = 0
    for n in range(count):
        path, text, article = sources[n % len(sources)]
        text = text.replace(article.title, f"{article.title} {n}")
        if article.original_url:
            text = text.replace(article.original_url, f"{article.original_url.rstrip('/')}-{n}")
        copy = folder / f"{n:05}{path.suffix}"
        copy.write_text(text, encoding="utf-8")
        written += len(text.encode())
    return written


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=int(os.environ.get("BENCH_IMPORT_PAGES", 300)))
    parser.add_argument(
        "--jobs", default="1,2", help="numbers of jobs to time, comma-separated [1,2]"
    )
    options = parser.parse_args()
    jobs_list = [int(n) for n in options.jobs.split(",")]
    work = Path(tempfile.mkdtemp(prefix="newsdesk-bench-import-"))
    os.environ["NEWSDESK_VAR_DIR"] = str(work / "var")
    for name in ["DATABASE_URL", "REDIS_URL", "DATABASE_REPLICA_URL"]:
        os.environ.pop(name, None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from newsdesk.imports.runner import run_import

    call_command("migrate", verbosity=0)
    figures = {}
    for kind, subfolder, pattern in [("text", "textdumps", "*.txt"), ("html", "html", "*.html")]:
        folder = work / kind
        size = make_inputs(subfolder, pattern, options.pages, folder)
        for jobs in jobs_list:
            parse = timed(lambda f=folder, j=jobs: run_import([str(f)], dry_run=True, jobs=j))
            call_command("flush", interactive=False, verbosity=0)  # every page new again
            summary = None

            def full(f=folder, j=jobs):
                nonlocal summary
                summary = run_import([str(f)], jobs=j)

            save = timed(full)
            figures[f"{kind} --jobs {jobs}"] = {
                "kind": kind,
                "jobs": jobs,
                "pages": options.pages,
                "imported": summary.created + summary.updated,
                "failed": summary.failed,
                "mean_kb": round(size / options.pages / 1024, 1),
                "parse_pages_per_s": round(options.pages / parse, 1),
                "import_pages_per_s": round(options.pages / save, 1),
            }
    print(
        f"{'kind':6} {'jobs':>4} {'pages':>6} {'KB/page':>8} {'parse pages/s':>14} "
        f"{'import pages/s':>15}"
    )
    for f in figures.values():
        print(
            f"{f['kind']:6} {f['jobs']:>4} {f['pages']:>6} {f['mean_kb']:>8} "
            f"{f['parse_pages_per_s']:>14} {f['import_pages_per_s']:>15}"
            + (f"   ({f['failed']} failed)" if f["failed"] else "")
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
