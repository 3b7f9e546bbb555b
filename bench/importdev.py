"""Import quality: newsdesk's importer against plain trafilatura, on the importdev pages.

    PYTHONPATH=$PWD .venv/bin/python bench/importdev.py [--limit N] [--json OUT]

Both extractors read the same pages of ../shared/importdev (next to the project, or
--importdev DIR), each in one process of its own (no process per page), and are scored by
that folder's own score.py (imported from its path, never copied), so that both are
scored exactly alike:

- newsdesk: ``parse_input`` on the page saved as a .html file, as ``newsdesk import
  --dry-run --json`` does, its ``as_json()`` record read back by score.py;
- trafilatura: ``bare_extraction(page, with_metadata=True)`` with the library's defaults,
  its title, author (``;``-separated names), date and text as the article.

Prints the two side by side, then the pages where newsdesk's body score is below
trafilatura's by more than 0.05, each with the first snippet newsdesk missed (or leaked)
where trafilatura did not. pages/s counts the extraction alone, one-time costs included
(the first date left to dateparser costs seconds), not writing the page or scoring it;
"CPU" divides by the process's CPU time, steadier than the wall clock on a busy machine.
The pages stay in the importdev folder: they are for measuring only, and none of their
text belongs in the project.
"""

import argparse
import gzip
import importlib.util
import json
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# How much lower newsdesk's body score must be than trafilatura's for a page to be listed.
MARGIN = 0.05
# newsdesk's target for HTML dry runs in one process (issue #17).
TARGET_PAGES_PER_S = 25


def default_importdev() -> Path:
    """../shared/importdev next to the project, or next to its main checkout when this one
    is a git worktree (whose .git file names the main checkout's .git/worktrees/NAME)."""
    folders = [ROOT.parent]
    git = ROOT / ".git"
    if git.is_file() and git.read_text().startswith("gitdir:"):
        worktree_gitdir = Path(git.read_text().split(":", 1)[1].strip())
        folders.append(worktree_gitdir.parents[2].parent)
    for folder in folders:
        if (folder / "shared" / "importdev").is_dir():
            return folder / "shared" / "importdev"
    return folders[0] / "shared" / "importdev"


def load_scorer(folder: Path):
    """importdev's score.py as a module."""
    spec = importlib.util.spec_from_file_location("importdev_score", folder / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def newsdesk_record(path: Path) -> dict:
    """The JSON record ``newsdesk import --dry-run --json PATH`` prints (the first article)."""
    from newsdesk.imports.runner import parse_input

    articles = parse_input(path)
    # As the command prints it, so that score.py reads exactly the same values; with the
    # body's markup ("blocks": tag and inner HTML, or the figure's picture), which --json
    # keeps so that two runs can be compared page by page.
    records = json.loads(json.dumps([a.as_json() for a in articles], ensure_ascii=False))
    for record, article in zip(records, articles, strict=True):
        record["blocks"] = [
            [block.tag, block.html if block.tag != "figure" else block.picture]
            for block in article.blocks
        ]
    return records


def trafilatura_record(page: bytes) -> dict | None:
    """Plain trafilatura's article, in score.py's field names; None when it finds none."""
    import trafilatura

    document = trafilatura.bare_extraction(page, with_metadata=True)
    if document is None:
        return None
    names = [n.strip() for n in (document.author or "").split(";")]
    return {
        "title": document.title,
        "authors": [n for n in names if n],
        "date": document.date,
        # A list of paragraphs, so that score.py takes the text as it is (no tag stripping).
        "body": (document.text or "").split("\n"),
    }


def score_one(scorer, item: dict, extract) -> tuple[dict, float, float]:
    """score.py's scores for one page, and the wall and CPU seconds ``extract`` took.

    A page the extractor fails on, or gives no article for, scores 0 as in score.py."""
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        data, error = extract(), None
    except Exception as exc:  # a page refused (Unreadable) or a parser bug
        data, error = None, f"{type(exc).__name__}: {exc}"
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    article = None
    if error is None:
        try:
            article = scorer.read_article(data if data is not None else [])
        except scorer.PageError as exc:
            error = str(exc)
    result = scorer.score_page(item, article)
    if error is not None:
        error = " ".join(error.split())[:160]
    result.update(id=item["id"], url=item["url"], error=error, seconds=round(wall, 4))
    result["returned"] = data  # what the extractor gave, for comparing runs (--json)
    return result, wall, cpu


EXTRACTORS = {
    "newsdesk": lambda path, page: newsdesk_record(path),
    "trafilatura": lambda path, page: trafilatura_record(page),
}


def measure(name: str, folder: Path, limit: int | None) -> dict:
    """One extractor over the first ``limit`` pages: per-page results and their summary.

    Run in a process of its own, so that neither extractor is timed with the other's caches
    warm (dateparser's locales, htmldate's and trafilatura's lru_caches), and each pays its
    own one-time costs, as a real import would."""
    if name == "newsdesk":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
        import django

        django.setup()
    scorer = load_scorer(folder)
    items = json.loads((folder / "truth.json").read_text(encoding="utf-8"))[:limit]
    results, wall, cpu = [], 0.0, 0.0
    with tempfile.TemporaryDirectory(prefix="importdev-bench-") as tmp:
        for n, item in enumerate(items, 1):
            page = gzip.decompress((folder / item["file"]).read_bytes())
            path = Path(tmp) / f"{item['id']}.html"
            path.write_bytes(page)
            result, took, cpu_took = score_one(scorer, item, partial(EXTRACTORS[name], path, page))
            results.append(result)
            wall, cpu = wall + took, cpu + cpu_took
            path.unlink()
            if sys.stderr.isatty():
                print(f"\r{name}: {n}/{len(items)}", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    summary = scorer.summarise(results, wall)
    summary["cpu_seconds"] = round(cpu, 1)
    summary["cpu_pages_per_s"] = len(results) / cpu if cpu else None
    summary["slowest_page_s"] = max((r["seconds"] for r in results), default=None)
    return {"summary": summary, "pages": results}


def run(folder: Path, limit: int | None) -> dict:
    """Both extractors, one after the other, each in a fresh process."""
    figures = {}
    for name in EXTRACTORS:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            figures[name] = pool.submit(measure, name, folder, limit).result()
    return figures


def worse_pages(figures: dict) -> list[tuple[dict, dict, str]]:
    """Pages where newsdesk's body score is below trafilatura's by more than MARGIN, worst
    first, each with the first snippet newsdesk missed (or leaked) and trafilatura did not."""
    pairs = zip(figures["newsdesk"]["pages"], figures["trafilatura"]["pages"], strict=True)
    worse = []
    for ours, theirs in pairs:
        if ours["body_score"] >= theirs["body_score"] - MARGIN:
            continue
        missed = [s for s in ours.get("missed", []) if s not in theirs.get("missed", [])]
        leaked = [s for s in ours.get("leaked", []) if s not in theirs.get("leaked", [])]
        if ours["error"]:
            why = f"error: {ours['error']}"
        elif missed:
            why = f"missed: {missed[0]!r}"
        elif leaked:
            why = f"leaked: {leaked[0]!r}"
        else:
            why = ""
        worse.append((ours, theirs, why))
    return sorted(worse, key=lambda w: (w[0]["body_score"] - w[1]["body_score"], w[0]["id"]))


def print_report(scorer, figures: dict) -> None:
    def fmt(value):
        return "-" if value is None else f"{value:.3f}"

    ours, theirs = figures["newsdesk"]["summary"], figures["trafilatura"]["summary"]
    rows = [
        ("pages", "pages"),
        ("errors", "errors"),
        ("body_score", "body score"),
        ("with_recall", "  with-recall"),
        ("without_precision", "  without-precision"),
        *((key, label) for key, (_, label) in scorer.FIELDS.items()),
        ("pages_per_s", "pages/s (wall)"),
        ("cpu_pages_per_s", "pages/s (CPU)"),
        ("slowest_page_s", "slowest page (s)"),
    ]
    print(f"{'':22}{'newsdesk':>12}{'trafilatura':>14}")
    for key, label in rows:
        cells = []
        for summary in (ours, theirs):
            value = summary[key]
            cells.append(str(value) if key in ("pages", "errors") else fmt(value))
        n = f"   (n={ours[key + '_n']})" if key in scorer.FIELDS else ""
        print(f"{label:22}{cells[0]:>12}{cells[1]:>14}{n}")
    wall, cpu = ours["pages_per_s"] or 0, ours["cpu_pages_per_s"] or 0
    verdict = "met" if min(wall, cpu) >= TARGET_PAGES_PER_S else "missed"
    print(
        f"\nnewsdesk in one process: {wall:.1f} pages/s wall clock, {cpu:.1f} per CPU second "
        f"(target ≥ {TARGET_PAGES_PER_S} for HTML dry runs: {verdict})"
    )
    worse = worse_pages(figures)
    better = sum(
        1
        for a, b in zip(figures["newsdesk"]["pages"], figures["trafilatura"]["pages"], strict=True)
        if a["body_score"] > b["body_score"] + MARGIN
    )
    print(
        f"\nbody score lower than trafilatura's by more than {MARGIN}: {len(worse)} pages "
        f"(higher by more than {MARGIN}: {better})"
    )
    for a, b, why in worse:
        print(f"  {a['id']}  {a['body_score']:.2f} vs {b['body_score']:.2f}  {why[:110]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="score only the first N pages")
    parser.add_argument(
        "--importdev",
        type=Path,
        default=default_importdev(),
        help="the pages' folder (default: ../shared/importdev from the project)",
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the per-page results here")
    options = parser.parse_args()
    folder = options.importdev.resolve()
    if not (folder / "score.py").is_file() or not (folder / "truth.json").is_file():
        print(
            f"bench: no importdev pages in {folder} (give their folder with --importdev)",
            file=sys.stderr,
        )
        return 2
    scorer = load_scorer(folder)
    figures = run(folder, options.limit)
    if options.json:
        document = {"importdev": str(folder), "limit": options.limit, **figures}
        options.json.write_text(
            json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    print_report(scorer, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
