"""Check the reader site against issue #14's bar; ``make sitecheck`` runs it.

    python -m bench.sitecheck.run [--report-only] [--base URL] [--types T,…] [--editions E,…]
                                  [--no-lighthouse] [--no-axe] [--no-nu] [--output DIR]

Without --base it builds a fresh demo site in a temporary var dir (newsdesk migrate,
collectstatic, demo) and serves it with ``newsdesk serve`` on a free port, configured
only by PORT as a reader of the README would. Then, one page at a time (two shared cores:
nothing runs beside Lighthouse): the Nu HTML checker on every page, the JSON-LD of every
page, every feed and sitemap, axe at a phone's and a desktop's viewport, and Lighthouse
with its mobile and desktop presets, the 1-minute load average noted before each run.

Prints a table and the failures grouped by message, and writes them with every raw
report under bench/results/sitecheck/. Exits 1 when the bar is not met (0 with
--report-only), 2 when the tools are not installed.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from bench import load
from bench.sitecheck import discover, documents, report, tools

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "bench" / "results" / "sitecheck"
NEWSDESK = [sys.executable, "-m", "newsdesk.cli"]
# What bench/run leaves out too: the demo site is SQLite in its own var dir.
UNSET = [
    "DATABASE_URL", "DATABASE_REPLICA_URL", "DATABASE_POOL", "REDIS_URL", "DEBUG",
    "PROXY_PURGE_URL", "PURGE_HOOKS", "PAGE_CACHE_SECONDS", "PAGE_CACHE_MAX_MB", "SECRET_KEY",
    "MEDIA_ROOT", "WEB_CONCURRENCY", "PUBLIC_URL", "HOST", "PORT",
]  # fmt: skip


def say(text: str = "") -> None:
    print(text, flush=True)


@contextmanager
def demo_site():
    """A fresh demo newsroom served on a free port: its base URL."""
    with tempfile.TemporaryDirectory(prefix="sitecheck-") as var:
        port = load.free_port()
        env = {k: v for k, v in load.server_environment().items() if k not in UNSET}
        env.update(NEWSDESK_VAR_DIR=var, DJANGO_SETTINGS_MODULE="newsdesk.settings",
                   PORT=str(port), PYTHONPATH=str(ROOT))  # fmt: skip
        for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"],
                        ["demo"]):  # fmt: skip
            done = subprocess.run([*NEWSDESK, *command], env=env, cwd=ROOT,
                                  capture_output=True, text=True)  # fmt: skip
            if done.returncode != 0:
                raise SystemExit(f"newsdesk {command[0]} failed:\n{done.stdout}{done.stderr}")
        with open(Path(var) / "serve.log", "wb") as log:
            process = subprocess.Popen([*NEWSDESK, "serve"], env=env, cwd=ROOT, stdout=log,
                                       stderr=subprocess.STDOUT)  # fmt: skip
        try:
            load.wait_until_answers(port, "/robots.txt", process, seconds=120)
            yield f"http://{load.HOST}:{port}"
        finally:
            load.stop(process)


def fetcher(base: str):
    parts = urlsplit(base)

    def fetch(path: str):
        if parts.hostname == load.HOST:
            return load.fetch(parts.port or 80, path)
        return _get(base + path)

    return fetch


def _get(url: str):
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            headers = {k.lower(): v for k, v in response.getheaders()}
            return response.status, headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def indexable(headers: dict, body: bytes) -> bool:
    """False when the page asks robots not to index it (meta robots or X-Robots-Tag)."""
    if "noindex" in headers.get("x-robots-tag", ""):
        return False
    robots = documents.parse_html(body).xpath('//meta[@name="robots"]/@content')
    return not any("noindex" in value for value in robots)


def images_answer(body: bytes, fetch, where: str) -> list[documents.Problem]:
    """Problems of the images a page names for sharing (og:image, twitter:image): each
    must answer 200 with an image."""
    head = documents.head_metadata(body)
    problems = []
    for name in ("og:image", "twitter:image"):
        url = head.get(name)
        if not url:
            continue
        status, headers, _ = fetch(discover.local_path(url))
        if status != 200 or not headers.get("content-type", "").startswith("image/"):
            problems.append(
                documents.Problem("head", f"{name} does not answer 200 with an image",
                                  f"{where} {url}: {status}")
            )  # fmt: skip
    return problems


def check_documents(site: discover.Site, fetch) -> list[documents.Problem]:
    problems = []
    schema = documents.sitemap_schema()
    for path in site.sitemaps:
        status, headers, body = fetch(path)
        if status != 200:
            problems.append(documents.Problem("sitemap", f"status {status}", path))
            continue
        problems.extend(documents.check_sitemap(body, path, schema))
    for path in site.feeds:
        status, headers, body = fetch(path)
        if status == 404:
            continue  # a listing without a feed of that kind
        if status != 200:
            problems.append(documents.Problem("feed", f"status {status}", path))
            continue
        kind = path.rstrip("/").rsplit("/", 1)[1]
        problems.extend(documents.check_feed(body, headers.get("content-type", ""), kind, path))
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report-only", action="store_true", help="exit 0 whatever is found")
    parser.add_argument("--base", help="check this running site instead of a fresh demo")
    parser.add_argument("--types", help="page types to check, comma-separated")
    parser.add_argument("--editions", help="editions to check, comma-separated")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-axe", action="store_true")
    parser.add_argument("--no-nu", action="store_true")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default {OUTPUT}")
    options = parser.parse_args(argv)

    missing = tools.missing_tools()
    if missing:
        say(f"sitecheck: not installed: {', '.join(missing)}; run `make sitecheck` "
            "(npm ci in bench/sitecheck)")  # fmt: skip
        return 2
    started = datetime.now(UTC)
    if options.base:
        return check(options.base.rstrip("/"), options, started)
    with demo_site() as base:
        return check(base, options, started)


def check(base: str, options, started: datetime) -> int:
    fetch = fetcher(base)
    site = discover.discover(fetch)
    wanted_types = options.types.split(",") if options.types else discover.PAGE_TYPES
    wanted_editions = options.editions.split(",") if options.editions else site.editions
    chosen = [p for p in site.pages if p.type in wanted_types and p.edition in wanted_editions]
    say(f"== {base}: editions {', '.join(site.editions)}; {len(chosen)} pages, "
        f"{len(site.feeds)} feeds, {len(site.sitemaps)} sitemaps")  # fmt: skip
    for kind, edition in site.missing:
        if kind in wanted_types and edition in wanted_editions:
            say(f"   no {kind} page found in {edition}")

    out = options.output
    (out / "html").mkdir(parents=True, exist_ok=True)
    (out / "lighthouse").mkdir(parents=True, exist_ok=True)
    pages, files = [], {}
    for page in chosen:
        status, headers, body = fetch(page.path)
        result = report.PageResult(page.type, page.edition, page.path)
        if status != 200:
            result.json_ld.append(documents.Problem("json-ld", f"status {status}", page.path))
            pages.append(result)
            continue
        result.indexable = indexable(headers, body)
        where = f"{result.label} {page.path}"
        result.json_ld = documents.check_json_ld(body, page.type, where)
        result.head = documents.check_head(body, base, result.indexable, where)
        result.head.extend(images_answer(body, fetch, where))
        result.lang = documents.check_languages(body, where)
        name = f"{page.type}-{page.edition}.html"
        (out / "html" / name).write_bytes(body)
        files[name] = result
        pages.append(result)

    if not options.no_nu:
        say("== Nu HTML checker")
        by_file = tools.run_vnu([out / "html" / name for name in files])
        for name, result in files.items():
            result.nu = by_file.get(name, [])

    say("== feeds and sitemaps")
    document_problems = check_documents(site, fetch)

    if not options.no_axe:
        say("== axe")
        with tools.Axe() as axe:
            for result in pages:
                result.axe = axe.check(base + result.path)

    if not options.no_lighthouse:
        for result in pages:
            for preset in ("mobile", "desktop"):
                result.load[preset] = os.getloadavg()[0]
                say(f"== Lighthouse {preset} {result.label} {result.path} "
                    f"(load {result.load[preset]:.2f})")  # fmt: skip
                output = out / "lighthouse" / f"{result.type}-{result.edition}-{preset}.json"
                output.unlink(missing_ok=True)
                began = time.monotonic()
                result.lighthouse[preset] = tools.run_lighthouse(base + result.path, preset, output)
                say(f"   {result.lighthouse[preset].scores} in {time.monotonic() - began:.0f} s")

    groups = report.group_failures(pages, document_problems)
    shortfalls = {p.label: report.meets_bar(p) for p in pages}
    load_now = os.getloadavg()
    text = "\n".join(
        [
            f"Reader site checks, {started:%Y-%m-%d %H:%M} UTC, {base}",
            f"load average now {load_now[0]:.2f} {load_now[1]:.2f} {load_now[2]:.2f} "
            f"({os.cpu_count()} CPUs); the (load) beside scores is the 1-minute load "
            "before that Lighthouse run",
            benchmark_range(pages),
            "",
            report.table(pages),
            "",
            f"Feeds: {len(site.feeds)} checked; sitemaps: {len(site.sitemaps)} checked; "
            f"{len(document_problems)} problems.",
            "",
            "Failures, grouped by message (check `id` (owner): message; pages; samples):",
            report.failures_text(groups) or "none",
        ]
    )
    say()
    say(text)
    (out / "report.md").write_text(text + "\n")
    (out / "results.json").write_text(
        json.dumps(
            {
                "base": base,
                "started": started.isoformat(),
                "pages": [_as_dict(p) for p in pages],
                "documents": [asdict(p) for p in document_problems],
                "shortfalls": shortfalls,
            },
            indent=1,
            ensure_ascii=False,
        )
    )
    # A type no edition has means discovery failed; one edition without it (the demo has
    # no translation into Chinese) is reported above and not counted.
    absent = {kind for kind, _ in site.missing} - {page.type for page in site.pages}
    met = not document_problems and not any(shortfalls.values()) and not absent
    say()
    say(f"bar {'MET' if met else 'NOT met'}; report in {out / 'report.md'}")
    return 0 if met or options.report_only else 1


def benchmark_range(pages: list[report.PageResult]) -> str:
    found = [r.benchmark_index for p in pages for r in p.lighthouse.values() if r.benchmark_index]
    if not found:
        return ""
    return f"Lighthouse benchmarkIndex (CPU speed it measured) {min(found):.0f}–{max(found):.0f}"


def _as_dict(page: report.PageResult) -> dict:
    data = asdict(page)
    data["lighthouse"] = {k: asdict(v) for k, v in page.lighthouse.items()}
    data["json_ld"] = [asdict(p) for p in page.json_ld]
    return data


if __name__ == "__main__":
    sys.exit(main())
