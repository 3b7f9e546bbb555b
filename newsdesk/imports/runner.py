"""Running an import: find the inputs, read each safely, parse it, save it, sum it up.

Every input is read and parsed on its own: a broken one becomes a one-line reason in the
summary and the batch goes on. Each article is saved in its own transaction (save.py),
so an import killed midway leaves whole articles only, and running it again finishes
the job: what was saved already is skipped as unchanged.
"""

import glob
import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import charset_normalizer
from django.conf import settings

from newsdesk.imports import blas_threads  # noqa: F401  (first: before numpy loads)
from newsdesk.imports.htmlpage import parse_html_page
from newsdesk.imports.record import ImportedArticle, Unreadable
from newsdesk.imports.save import save_imported
from newsdesk.imports.textdump import parse_text_dump
from newsdesk.imports.wordpress import parse_wordpress_export

log = logging.getLogger(__name__)

SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "wordpress",
}
# The first bytes of files that are certainly not text, and what they are.
MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "a program",
}


@dataclass
class Failure:
    source: str
    reason: str


@dataclass
class Note:
    source: str
    text: str  # "in German (de), which is not an edition: imported as a draft"


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    would_import: int = 0  # dry runs
    failures: list[Failure] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def lines(self) -> list[str]:
        counts = [
            f"{self.created} created",
            f"{self.updated} updated",
            f"{self.skipped} skipped (unchanged)",
            f"{self.failed} failed",
        ]
        if self.would_import:
            counts = [f"{self.would_import} would be imported", f"{self.failed} failed"]
        return [
            "Import: " + ", ".join(counts),
            *(f"  failed: {f.source}: {f.reason}" for f in self.failures),
            *(f"  note: {n.source}: {n.text}" for n in self.notes),
        ]


def find_inputs(patterns: Iterable[str]) -> tuple[list[Path], list[Failure]]:
    """Files named, found in folders (recursively) or matched by globs, each once, in order."""
    found: dict[Path, None] = {}
    missing = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            matches = [
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
            ]
        elif path.exists():
            matches = [path]
        else:
            matches = [Path(p) for p in sorted(glob.glob(pattern, recursive=True))]
            matches = [p for p in matches if p.is_file()]
        if not matches:
            missing.append(Failure(pattern, "no such file, folder or matching files"))
        found.update(dict.fromkeys(matches))
    return list(found), missing


def read_input(path: Path) -> tuple[str, bytes]:
    """The kind of an input ("text", "html" or "wordpress") and its bytes; Unreadable if bad."""
    size = path.stat().st_size
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise Unreadable(
            f"too large: {size / 2**20:.1f} MB, the limit is {limit / 2**20:.0f} MB (IMPORT_MAX_MB)"
        )
    data = path.read_bytes()
    if not data.strip():
        raise Unreadable("empty file")
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            raise Unreadable(f"not text: this is {what}")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable("not text: a binary file")
    kind = SUFFIXES.get(path.suffix.lower()) or _sniff(data)
    return kind, data


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip().lower()
    if head.startswith(b"<?xml") and b"wordpress.org/export" in data[:8192]:
        return "wordpress"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    return "text"


def decode_text(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM, or UTF-16 with BOM), else the best guess."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    guess = charset_normalizer.from_bytes(data).best()
    if guess is None:
        raise Unreadable("unknown text encoding: not UTF-8, and no other encoding fits")
    return str(guess)


def parse_input(
    path: Path, *, url: str | None = None, include_pages: bool = False, media_dir=None
) -> list[ImportedArticle]:
    """The articles one input holds (a WordPress export holds many)."""
    kind, data = read_input(path)
    source = str(path)
    if kind == "wordpress":
        return parse_wordpress_export(
            data, source=source, include_pages=include_pages, media_dir=media_dir
        )
    if kind == "html":
        return [parse_html_page(data, source=source, url=url)]
    return [parse_text_dump(decode_text(data), source=source)]


def parse_safely(path: Path, **options) -> list[ImportedArticle] | Failure:
    """``parse_input``'s articles, or the one-line reason the input cannot be read."""
    try:
        return parse_input(path, **options)
    except Unreadable as error:
        return Failure(str(path), _one_line(error))
    except Exception as error:  # a parser bug must not stop the batch either
        log.exception("could not parse %s", path)  # the traceback, for the bug report
        return Failure(str(path), _one_line(f"{type(error).__name__}: {error}"))


def parse_all(paths: list[Path], *, jobs: int = 1, **options) -> Iterator:
    """``parse_safely`` of each path, in the order of ``paths``; in ``jobs`` processes.

    The worker processes only parse: parsing is most of the work and needs no database.
    They are forked, so that they read the settings the import runs with (a test's or a
    command's overrides too) and start at once; a few pages per worker are parsed ahead
    of the one being saved, not the whole batch, so memory stays bounded. A worker that
    dies (a crash in a parser's C code, the kernel's out-of-memory killer) takes the pool
    with it: the input it was waited for is parsed again alone, and fails alone if it is
    the one that kills its process; the others go on in a new pool.
    """
    parse = partial(parse_safely, **options)
    if jobs <= 1:
        yield from map(parse, paths)
        return
    pool, ahead, submitted = _pool(jobs), deque(), 0
    try:
        for number, path in enumerate(paths):
            while submitted < len(paths) and len(ahead) < 4 * jobs:
                try:
                    ahead.append(pool.submit(parse, paths[submitted]))
                except BrokenProcessPool:
                    break  # seen below, at the input waited for
                submitted += 1
            try:
                if not ahead:
                    raise BrokenProcessPool("broken before this input was given to it")
                result = ahead.popleft().result()
            except BrokenProcessPool:
                result = _parse_alone(parse, path)
                pool.shutdown(cancel_futures=True)
                pool, ahead, submitted = _pool(jobs), deque(), number + 1
            yield result
    finally:
        pool.shutdown(cancel_futures=True)


def _pool(jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))


def _parse_alone(parse, path: Path) -> list[ImportedArticle] | Failure:
    with _pool(1) as alone:
        try:
            return alone.submit(parse, path).result()
        except BrokenProcessPool:
            return Failure(str(path), "its parser stopped (a crash, or out of memory)")


def run_import(
    patterns: Iterable[str],
    *,
    dry_run: bool = False,
    publish: bool = False,
    url: str | None = None,
    include_pages: bool = False,
    media_dir=None,
    jobs: int = 1,
    on_article: Callable[[ImportedArticle], None] | None = None,
    on_saved: Callable[[ImportedArticle], None] | None = None,
    progress: Callable[[Iterable[Path]], Iterable[Path]] = iter,
) -> Summary:
    """Import every input; ``on_article`` sees each parsed article (the dry run prints it),
    ``on_saved`` each article once it is saved (its transaction committed).

    With ``jobs`` > 1 the inputs are parsed in that many processes, and saved here, in
    this one, in their order, one transaction per article, exactly as with one job: the
    same articles, the same summary in the same order. Saving is not spread over the
    workers: SQLite takes one writer at a time (parallel writers fail with "database is
    locked"), and two transactions matching the same new person or section at once would
    each create it.
    """
    paths, missing = find_inputs(patterns)
    summary = Summary(failures=missing)
    if url and len(paths) != 1:
        summary.failures.append(Failure(url, "--url gives the address of one HTML file only"))
        return summary
    parsed = parse_all(
        paths,
        jobs=min(jobs, len(paths)),
        url=url,
        include_pages=include_pages,
        media_dir=media_dir,
    )
    with closing(parsed):  # the worker processes end with the loop, however it ends
        for _path, articles in zip(progress(paths), parsed, strict=True):
            if isinstance(articles, Failure):
                summary.failures.append(articles)
                continue
            for article in articles:
                if on_article is not None:
                    on_article(article)
                summary.notes.extend(Note(article.source, text) for text in article.notes)
                if dry_run:
                    summary.would_import += 1
                    continue
                try:
                    outcome = save_imported(article, publish=publish)
                except Exception as error:
                    log.exception("could not save %s", article.source)
                    summary.failures.append(
                        Failure(
                            article.source, _one_line(f"not saved: {type(error).__name__}: {error}")
                        )
                    )
                    continue
                setattr(summary, outcome.action, getattr(summary, outcome.action) + 1)
                if on_saved is not None:
                    on_saved(article)
    return summary


def _one_line(error) -> str:
    return " ".join(str(error).split())[:300] or "unreadable"
