"""newsdesk's page benchmarks; run through ``bash bench/run`` (see BENCHMARKS.md).

(a) Cached pages under load: wrk at 64 connections against the home page, an article page
    and a section page served by ``newsdesk serve`` (granian, one worker per CPU), and
    against nginx serving the very same bytes as static files in the same run, one after
    the other, never at the same time. A bare WSGI callable under granian answering the
    same bytes is measured too, as a reference for what the HTTP server alone allows.
(b) Cold renders: the article, home and section pages rendered on a page-store miss
    (bench/cold.py), with the number of SQL queries.
(c) Memory: RSS of each server worker after the load, after a crawl of distinct article
    pages, and once its page store is full (PAGE_CACHE_MAX_MB of the settings).
(d) The newsroom (bench/newsroom.py) and search (bench/search.py), each in a process of
    its own, read from their JSON output; and the record of the ``newsdesk generate``
    step that made the database (bench/timed.py, kept in its var dir).

Prints a report, then every figure of issue #18 with its target in one table
(bench/report.py), and writes it all as JSON to bench/results/latest.json and to
latest-<sqlite|postgresql>-<articles wanted>.json beside it (so that the runs at 100k
and 1M, on SQLite and on PostgreSQL, can be printed together); raw wrk outputs
go to bench/results/wrk/. Runs against the database the environment names (bench/run sets
it: SQLite, or PostgreSQL + Redis). Configured by environment variables, see ``settings()``.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import load
from bench import report as report_table

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
# bench/run sets these; the same defaults when this module is run by hand.
os.environ.setdefault("NEWSDESK_VAR_DIR", str(RESULTS / "var"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

# Issue #18's targets, in one place with the final table (bench/report.py).
TARGET_OVER_BARE = report_table.OVER_BARE
TARGET_P99_MS = report_table.P99_MS
TARGET_PROXY_RATIO = report_table.PROXY_RATIO
TARGET_RSS_MB = report_table.RSS_MB


def settings() -> dict:
    cpus = os.cpu_count() or 1
    return {
        "seconds": int(os.environ.get("BENCH_SECONDS", "10")),
        "connections": int(os.environ.get("BENCH_CONNECTIONS", "64")),
        "wrk_threads": int(os.environ.get("BENCH_WRK_THREADS", "2")),
        "workers": int(os.environ.get("BENCH_WORKERS", str(cpus))),
        "rounds": int(os.environ.get("BENCH_ROUNDS", "2")),
        "renders": int(os.environ.get("BENCH_RENDERS", "50")),
        "newsroom_renders": int(os.environ.get("BENCH_NEWSROOM_RENDERS", "20")),
        "search_rounds": int(os.environ.get("BENCH_SEARCH_ROUNDS", "20")),
        "crawl": int(os.environ.get("BENCH_CRAWL", "300")),
        "fill": os.environ.get("BENCH_FILL", "1") not in ("0", "", "false", "no"),
        "articles_wanted": int(os.environ.get("BENCH_ARTICLES", "100000")),
        "granian_args": os.environ.get("BENCH_GRANIAN_ARGS", "").split(),
    }


def say(text: str = "") -> None:
    print(text, flush=True)


# --- The machine and the software ---------------------------------------------------------


def command_output(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except OSError:
        return "?"
    return (done.stdout + done.stderr).strip()


def machine() -> dict:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory_kb = int(line.split()[1])
    import sqlite3

    import django
    import granian

    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "granian": granian.__version__,
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgresql_version(),
        "nginx": command_output(["nginx", "-v"]).removeprefix("nginx version: "),
        "wrk": command_output(["wrk", "-v"]).splitlines()[0].split(" [")[0],
        "commit": command_output(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]),
        "uncommitted_changes": bool(
            command_output(["git", "-C", str(ROOT), "status", "--porcelain", "--", "newsdesk"])
        ),
    }


def postgresql_version() -> str | None:
    """The PostgreSQL server's version when the benchmark database is PostgreSQL's."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def database_description() -> tuple[str, str]:
    """The database's vendor, and what it is in words (with the page store)."""
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "postgresql":
        name = settings.DATABASES["default"]["NAME"]
        store = "Redis page store" if settings.REDIS_URL else "in-process page store"
        return connection.vendor, f"PostgreSQL ({name}) + {store}"
    return connection.vendor, "SQLite + in-process page store"


# --- The pages ----------------------------------------------------------------------------


def database_facts(crawl: int) -> dict:
    """The pages to load and the articles to crawl, from the benchmark database."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.utils import translation

    from newsdesk.content.models import Article, Section

    with translation.override("en"):
        lead = Article.objects.published().in_language("en").latest_first().first()
        section = Section.objects.order_by("position", "name").first()
        section_url = section.get_absolute_url()
    ids = list(Article.objects.published().order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // max(1, crawl))
    picked = Article.objects.in_bulk(ids[step // 2 :: step][:crawl])
    # Distinct stored pages to fill the stores with: the later pages of each section's
    # English list, each at the keyset address its "Older" link names (a made-up query
    # string would be dropped and hit one stored page; a made-up position is not stored).
    from newsdesk.reader.pagination import Position

    fill_urls = []
    per_page = settings.ARTICLES_PER_PAGE
    with translation.override("en"):
        for each in Section.objects.order_by("position", "name"):
            listing = (
                Article.objects.published().in_language("en").filter(section=each)
                .order_by("-published_at", "-pk").only("published_at")
            )  # fmt: skip
            for number, article in enumerate(listing.iterator()):
                if number % per_page == per_page - 1:
                    fill_urls.append(f"{each.get_absolute_url()}?before={Position.of(article)}")
    vendor, description = database_description()
    facts = {
        "vendor": vendor,
        "description": description,
        "articles": Article.objects.count(),
        "published": len(ids),
        "pages": {"home": "/en/", "article": lead.get_absolute_url(), "section": section_url},
        "crawl_urls": [picked[pk].get_absolute_url() for pk in sorted(picked)],
        "fill_urls": fill_urls,
    }
    connection.close()
    return facts


def warm(port: int, path: str, times: int = 20) -> tuple[list[str], dict, bytes]:
    """Requests ``path`` on fresh connections; the X-Cache answers, last headers and body."""
    seen = []
    for _ in range(times):
        status, headers, body = load.fetch(port, path)
        if status != 200:
            raise SystemExit(f"bench: {path} answered {status}")
        seen.append(headers.get("x-cache", "?"))
    return seen, headers, body


def header_bytes(headers: dict) -> int:
    return sum(len(k) + len(v) + 4 for k, v in headers.items())


# --- (a) Cached pages under load ----------------------------------------------------------


def load_runs(config, pages, servers, raw: Path) -> dict:
    """wrk against each server for each page, servers alternating, rounds in ABBA order."""
    results = {page: {name: [] for name in servers} for page in pages}
    order = list(servers)
    for name, server in servers.items():  # warm up: connections, workers, page stores
        for page, path in pages.items():
            load.wrk(server.port, path if name in ("newsdesk", "proxy") else f"/{page}",
                     config["connections"], 2, config["wrk_threads"])  # fmt: skip
    for round_number in range(config["rounds"]):
        for page, path in pages.items():
            for name in order:
                target = path if name in ("newsdesk", "proxy") else f"/{page}"
                result = load.wrk(
                    servers[name].port, target,
                    config["connections"], config["seconds"], config["wrk_threads"],
                    server_pid=servers[name].process.pid,
                )  # fmt: skip
                (raw / f"{page}-{name}-{round_number + 1}.txt").write_text(result.output)
                results[page][name].append(result.as_dict())
                errors = f"  ERRORS {result.errors}" if result.errors else ""
                say(
                    f"   round {round_number + 1} {page:8} {name:12} "
                    f"{result.requests_per_second:9.0f} req/s  p50 {result.p50_ms:6.2f} ms  "
                    f"p99 {result.p99_ms:6.2f} ms  server CPU {result.server_cpu_us:5.1f} µs/req"
                    f"  others' CPU {result.others_cpu:.0%}"
                    f"  load before {result.load_before:.2f}{errors}"
                )
            order.reverse()
    return results


def median_of(runs: list[dict], key: str) -> float:
    return round(statistics.median(run[key] for run in runs), 2)


def summarize_load(results: dict) -> dict:
    summary = {}
    for page, by_server in results.items():
        row = {}
        for name, runs in by_server.items():
            row[name] = {
                "requests_per_second": round(median_of(runs, "requests_per_second")),
                "p50_ms": median_of(runs, "p50_ms"),
                "p99_ms": median_of(runs, "p99_ms"),
                "server_cpu_us": median_of(runs, "server_cpu_us"),
                "errors": sum(run["errors"] for run in runs),
                # The most CPU other processes took during one of these runs (a share of
                # the machine): a baseline is only honest when this stays near zero.
                "others_cpu_max": max(run["others_cpu"] or 0 for run in runs),
                "runs": runs,
            }
        # Paired ratios: each newsdesk run against the nginx run next to it.
        ratios = [
            n["requests_per_second"] / x["requests_per_second"]
            for n, x in zip(by_server["newsdesk"], by_server["nginx"], strict=True)
        ]
        row["ratio"] = round(statistics.median(ratios), 3)
        row["ratios"] = [round(r, 3) for r in ratios]
        if "bare" in by_server:
            bare = [
                b["requests_per_second"] / x["requests_per_second"]
                for b, x in zip(by_server["bare"], by_server["nginx"], strict=True)
            ]
            row["bare_ratio"] = round(statistics.median(bare), 3)
            front = [
                n["requests_per_second"] / b["requests_per_second"]
                for n, b in zip(by_server["newsdesk"], by_server["bare"], strict=True)
            ]
            row["newsdesk_over_bare"] = round(statistics.median(front), 3)
            # CPU per request, which the other processes on the machine disturb less.
            cpu = [
                b["server_cpu_us"] / n["server_cpu_us"]
                for n, b in zip(by_server["newsdesk"], by_server["bare"], strict=True)
                if n["server_cpu_us"] and b["server_cpu_us"]
            ]
            row["newsdesk_over_bare_by_cpu"] = round(statistics.median(cpu), 3) if cpu else None
        if "bare_headers" in by_server:
            front = [
                n["requests_per_second"] / b["requests_per_second"]
                for n, b in zip(by_server["newsdesk"], by_server["bare_headers"], strict=True)
            ]
            row["newsdesk_over_bare_headers"] = round(statistics.median(front), 3)
        if "proxy" in by_server:
            behind = [
                p["requests_per_second"] / x["requests_per_second"]
                for p, x in zip(by_server["proxy"], by_server["nginx"], strict=True)
            ]
            row["proxy_ratio"] = round(statistics.median(behind), 3)
            row["proxy_met"] = row["proxy_ratio"] >= TARGET_PROXY_RATIO
        row["over_bare_met"] = row.get("newsdesk_over_bare", 0) >= TARGET_OVER_BARE
        row["p99_met"] = row["newsdesk"]["p99_ms"] <= TARGET_P99_MS
        summary[page] = row
    return summary


# --- (c) Memory ---------------------------------------------------------------------------


def crawl(port: int, urls: list[str], clients: int) -> dict:
    """GET each URL once, ``clients`` at a time, each on a new connection (so that the
    kernel spreads them over the workers); how fast, how long each took, cache misses."""
    latencies, caches, failures = [], [], []
    lock = threading.Lock()
    queue = list(reversed(urls))

    def client():
        while True:
            with lock:
                if not queue:
                    break
                url = queue.pop()
            started = time.perf_counter()
            try:
                status, headers, _ = load.fetch(port, url)
            except OSError as error:
                status, headers = repr(error), {}
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed * 1000)
                caches.append(headers.get("x-cache", "?"))
                if status != 200:
                    failures.append((url, status))

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    latencies.sort()
    return {
        "pages": len(urls),
        "seconds": round(seconds, 1),
        "pages_per_second": round(len(urls) / seconds, 1) if seconds else 0,
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(latencies[int(0.99 * (len(latencies) - 1))], 1) if latencies else None,
        "misses": caches.count("miss"),
        "failures": failures[:5],
        "failure_count": len(failures),
    }


def mb(workers: list[dict]) -> str:
    return ", ".join(
        f"{w['rss_mb']} MB ({w.get('private_mb', '?')} MB private, {w.get('threads', '?')} threads)"
        for w in workers
    )


FILL_CHUNK = 1000  # requests between two looks at the workers' RSS
FILL_PLATEAU_MB = 2.0  # a full store: no worker grew more than this over a chunk


def fill_store(server, config, home_entry_bytes: int, fill_urls: list[str]) -> dict:
    """Fill every worker's page store to its byte budget with distinct section list pages
    (``?before=<position>``, about the size of the home page), chunk by chunk, until no worker's
    RSS grows any more (the store evicts as much as it adds), three budgets were sent or
    the list pages ran out."""
    from django.conf import settings

    budget_mb = round(settings.PAGE_CACHE_MAX_BYTES / 1024 / 1024, 1)
    fits = settings.PAGE_CACHE_MAX_BYTES // home_entry_bytes  # pages per worker, as counted
    limit = 3 * fits * config["workers"]
    sent, chunks = 0, []
    previous = server.workers_rss()
    limit = min(limit, len(fill_urls))
    while sent < limit:
        urls = fill_urls[sent : sent + FILL_CHUNK]
        stats = crawl(server.port, urls, 2 * config["workers"])
        sent += len(urls)
        now = server.workers_rss()
        growth = [b["rss_mb"] - a["rss_mb"] for a, b in zip(previous, now, strict=True)]
        chunks.append({"sent": sent, "rss_mb": [w["rss_mb"] for w in now], **stats})
        say(
            f"   {sent:6} pages sent ({stats['pages_per_second']} pages/s): RSS {mb(now)}"
            f" (+{', +'.join(f'{g:.1f}' for g in growth)} MB)"
        )
        previous = now
        if sent >= fits * config["workers"] and max(growth) < FILL_PLATEAU_MB:
            break
    return {
        "budget_mb": budget_mb,
        "home_entry_bytes": home_entry_bytes,
        "pages_a_store_holds": fits,
        "pages_sent": sent,
        "plateau": bool(chunks) and sent < limit,
        "chunks": chunks,
        "after_fill": previous,
    }


def memory(server, facts, config, home_entry_bytes: int) -> dict:
    rows = {"after_load": server.workers_rss()}
    say(f"   after the load: {mb(rows['after_load'])}")
    crawled = {}
    if config["crawl"] and facts["crawl_urls"]:
        say(f"   crawling {len(facts['crawl_urls'])} distinct article pages (misses) ...")
        crawled = crawl(server.port, facts["crawl_urls"], 2 * config["workers"])
        rows["after_crawl"] = server.workers_rss()
        say(
            f"   {crawled['pages']} pages in {crawled['seconds']} s "
            f"({crawled['pages_per_second']} pages/s, p50 {crawled['p50_ms']} ms, "
            f"p99 {crawled['p99_ms']} ms); RSS now {mb(rows['after_crawl'])}"
        )
    filled = {}
    if config["fill"]:
        say("   filling the page stores with distinct section list pages ...")
        filled = fill_store(server, config, home_entry_bytes, facts["fill_urls"])
        rows["after_fill"] = filled.pop("after_fill")
    largest = max(w["rss_mb"] for workers in rows.values() for w in workers)
    return {
        **rows,
        "crawl": crawled,
        "fill": filled,
        "max_rss_mb": largest,
        "max_peak_rss_mb": max(w["peak_rss_mb"] for w in list(rows.values())[-1]),
        "server_main_rss_mb": load.main_rss(server.main_pid()),
        "met": largest <= TARGET_RSS_MB,
    }


def entry_bytes(status: str, headers: dict, body: bytes) -> int:
    """What the page store counts for this response, by the store's own accounting."""
    from django.conf import settings

    from newsdesk.caching.store import Entry

    served = {"date", "server", "content-length", "x-cache", "connection"}
    kept = [(name, value) for name, value in headers.items() if name not in served]
    keys = headers.get("surrogate-key", "").split()
    return Entry.build(status, kept, body, keys, settings.PAGE_CACHE_SECONDS).size


# --- The report ---------------------------------------------------------------------------


def mark(met: bool) -> str:
    return "met" if met else "MISSED"


def report(result: dict) -> str:
    m, c = result["machine"], result["config"]
    lines = [
        "",
        "newsdesk benchmarks",
        "===================",
        f"machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gb']} GB; "
        f"Python {m['python']}, Django {m['django']}, granian {m['granian']}, "
        f"SQLite {m['sqlite']}, nginx {m['nginx']}, {m['wrk']}",
        f"code: {m['commit']}" + (" + uncommitted changes" if m["uncommitted_changes"] else ""),
        f"database: {result['database']['articles']:,} articles "
        f"({result['database']['published']:,} published), {result['database']['description']}",
        f"server: newsdesk serve --workers {c['workers']}"
        + (
            f" (granian started directly, plus {' '.join(c['granian_args'])})"
            * bool(c["granian_args"])
        )
        + f"; nginx worker_processes {c['workers']}",
        f"load: wrk -t{c['wrk_threads']} -c{c['connections']} -d{c['seconds']}s --latency, "
        f"{c['rounds']} round(s), medians shown",
        "",
        f"(a) Cached pages (X-Cache: hit) vs nginx serving the same bytes "
        f"(targets: newsdesk/bare >= {TARGET_OVER_BARE}, p99 <= {TARGET_P99_MS:g} ms)",
        "",
        f"{'page':8} {'bytes':>6} {'newsdesk':>9} {'nginx':>9} {'ratio':>6} {'target':>7}"
        f"  {'newsdesk p50/p99 ms':>19}  {'nginx p50/p99 ms':>16} {'p99':>7}"
        f"  {'bare granian':>12} {'newsdesk/bare':>13}",
    ]
    for page, row in result["load"].items():
        n, x = row["newsdesk"], row["nginx"]
        bare = row.get("bare")
        bare_text = f"{bare['requests_per_second']:>6} {row['bare_ratio']:.2f}x" if bare else ""
        lines.append(
            f"{page:8} {result['pages'][page]['body_bytes']:>6} "
            f"{n['requests_per_second']:>9} {x['requests_per_second']:>9} "
            f"{row['ratio']:>6.2f} {mark(row['over_bare_met']):>7}  "
            f"{n['p50_ms']:>8.2f} / {n['p99_ms']:>7.2f}  {x['p50_ms']:>6.2f} / {x['p99_ms']:>6.2f}"
            f" {mark(row['p99_met']):>7}  {bare_text:>12} {row.get('newsdesk_over_bare', 0):>13.2f}"
        )
    errors = sum(s["errors"] for row in result["load"].values()
                 for name, s in row.items() if isinstance(s, dict) and "errors" in s)  # fmt: skip
    lines += [
        "",
        "   req/s are medians over the rounds; ratio is the median of each newsdesk run over",
        "   the nginx run next to it; 'bare granian' is a bare WSGI callable returning the",
        "   same bytes under granian (its req/s and its ratio to nginx), newsdesk/bare what",
        "   newsdesk's cache-hit path keeps of it. By CPU per request (steadier on a shared",
        "   machine) and against bare granian answering newsdesk's own headers: "
        + ", ".join(
            f"{p} {row.get('newsdesk_over_bare_by_cpu')} / {row.get('newsdesk_over_bare_headers')}"
            for p, row in result["load"].items()
        ),
        "   Response header bytes:",
        "   "
        + ", ".join(
            f"{p} {v['newsdesk_header_bytes']} B (nginx {v['nginx_header_bytes']} B)"
            for p, v in result["pages"].items()
        ),
        "   behind the reference nginx (deploy/nginx.conf, proxy cache on), against nginx "
        f"serving the files (target >= {TARGET_PROXY_RATIO}):",
        *(
            f"   {page:8} {row['proxy']['requests_per_second']:>9} req/s, ratio "
            f"{row['proxy_ratio']:.2f} {mark(row['proxy_met'])}, p50 {row['proxy']['p50_ms']:.2f} "
            f"/ p99 {row['proxy']['p99_ms']:.2f} ms"
            for page, row in result["load"].items()
            if "proxy" in row
        ),
        f"   errors (non-2xx, socket errors, timeouts) over all runs: {errors}",
        "   most CPU other processes took during one run (share of the machine; a baseline is",
        "   honest only near 0): "
        + ", ".join(
            f"{page} "
            + "/".join(
                f"{name} {s['others_cpu_max']:.0%}"
                for name, s in row.items()
                if isinstance(s, dict) and "others_cpu_max" in s
            )
            for page, row in result["load"].items()
        ),  # fmt: skip
        "",
        f"(b) Cold renders (page-store miss), {c['renders']} each, in one process "
        f"(targets in the table below)",
        "",
        f"{'page':13} {'median':>8} {'p95':>8} {'min':>8} {'max':>8} {'queries':>8} {'SQL ms':>7}",
    ]
    for page, row in result["cold"].items():
        lines.append(
            f"{page:13} {row['median_ms']:>8.2f} {row['p95_ms']:>8.2f} {row['min_ms']:>8.2f} "
            f"{row['max_ms']:>8.2f} {row['queries']:>8} {row['sql_ms']:>7.2f}"
        )
    lines += ["", "   slowest query of each page's counted render:"]
    for page, row in result["cold"].items():
        slowest = row["slowest"][0] if row["slowest"] else None
        if slowest:
            lines.append(f"   {page}: {slowest['ms']:.2f} ms  {slowest['sql'][:150]}...")
    mem = result["memory"]
    lines += [
        "",
        f"(c) RSS per worker (target <= {TARGET_RSS_MB:g} MB)",
        "",
        f"   after the load:           {mb(mem['after_load'])}",
    ]
    if mem["crawl"]:
        cr = mem["crawl"]
        lines += [
            f"   after {cr['pages']} distinct article pages: {mb(mem['after_crawl'])}"
            f"   (misses through the server, {2 * c['workers']} clients: "
            f"{cr['pages_per_second']} pages/s, p50 {cr['p50_ms']} ms, p99 {cr['p99_ms']} ms, "
            f"{cr['misses']} misses, {cr['failure_count']} failures)",
        ]
    if mem["fill"]:
        fill = mem["fill"]
        state = "RSS stopped growing" if fill["plateau"] else "RSS still growing at the limit"
        lines += [
            f"   with full page stores:    {mb(mem['after_fill'])}"
            f"   ({fill['pages_sent']} distinct list pages sent; a {fill['budget_mb']} MB store "
            f"holds {fill['pages_a_store_holds']} of {fill['home_entry_bytes']} B, as it counts "
            f"them; {state})",
        ]
    lines += [
        f"   largest: {mem['max_rss_mb']} MB  {mark(mem['met'])}"
        f"   (granian's main process: {mem['server_main_rss_mb']} MB)",
    ]
    lines += [
        "",
        report_table.table(result),
        "",
        f"JSON: {RESULTS / 'latest.json'}, {kept(result)}",
    ]
    return "\n".join(lines)


def json_of(module: list[str]) -> dict:
    """Runs ``python -m <module...>`` from the repository root, in the environment bench/run
    set, and reads the JSON on the last line of its standard output."""
    done = subprocess.run(
        [sys.executable, "-m", *module],
        cwd=ROOT, capture_output=True, text=True, env=os.environ.copy(), timeout=3 * 3600,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"{module[0]} failed:\n{done.stderr[-3000:]}")
    lines = done.stdout.strip().splitlines()
    last = lines[-1] if lines and lines[-1].startswith("{") else done.stdout
    try:
        return json.loads(last)
    except json.JSONDecodeError as error:
        raise SystemExit(f"{module[0]} printed no JSON ({error}):\n{done.stdout[-2000:]}") from None


def kept(result: dict) -> Path:
    """Where this run's JSON is kept beside latest.json: one file per database and size."""
    articles = result["config"]["articles_wanted"]
    return RESULTS / f"latest-{result['database']['vendor']}-{articles}.json"


def generate_record() -> dict | None:
    """What the ``newsdesk generate`` step that made the database cost (bench/timed.py):
    this run's when bench/run generated (BENCH_GENERATED=1), else the last one recorded."""
    path = Path(os.environ["NEWSDESK_VAR_DIR"]) / "generate.json"
    if not path.exists():
        return None
    record = json.loads(path.read_text())
    record["this_run"] = os.environ.get("BENCH_GENERATED") == "1"
    return record


# --- Main ---------------------------------------------------------------------------------


def main() -> None:
    config = settings()
    RESULTS.mkdir(parents=True, exist_ok=True)
    raw = RESULTS / "wrk"
    raw.mkdir(exist_ok=True)
    logs = RESULTS / "logs"
    logs.mkdir(exist_ok=True)

    load_at_start = [round(x, 2) for x in os.getloadavg()]
    say("== the database")
    facts = database_facts(config["crawl"])
    say(f"   {facts['articles']:,} articles, {facts['published']:,} published")
    if facts["articles"] < config["articles_wanted"]:
        say(f"   WARNING: fewer than BENCH_ARTICLES={config['articles_wanted']} articles")

    say(f"== (b) cold renders: python -m bench.cold --renders {config['renders']}")
    cold = json_of(["bench.cold", "--renders", str(config["renders"])])
    for page, row in cold.items():
        say(f"   {page:13} median {row['median_ms']:.2f} ms, p95 {row['p95_ms']:.2f} ms, "
            f"{row['queries']} queries")  # fmt: skip

    newsroom = {}
    if config["newsroom_renders"]:
        say(f"== (d) the newsroom: python -m bench.newsroom --json "
            f"--renders {config['newsroom_renders']}")  # fmt: skip
        newsroom = json_of(["bench.newsroom", "--json", "--renders",
                            str(config["newsroom_renders"])])  # fmt: skip
        for page, row in newsroom["pages"].items():
            say(f"   {page:32} median {row['median_ms']:6.1f} ms, p95 {row['p95_ms']:6.1f} ms")
    search = {}
    if config["search_rounds"]:
        say(f"== (d) search: python -m bench.search --rounds {config['search_rounds']}")
        search = json_of(["bench.search", "--rounds", str(config["search_rounds"])])
        for key, row in search.items():
            if key.startswith("search ") and isinstance(row, dict) and "p95_ms" in row:
                say(f"   {key:32} p50 {row['p50_ms']:6.1f} ms, p95 {row['p95_ms']:6.1f} ms")
    generate = generate_record()

    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as temporary:
        temporary = Path(temporary)
        static = temporary / "static"
        static.mkdir()
        extra = " ".join(config["granian_args"])
        say(f"== (a) cached pages: newsdesk serve --workers {config['workers']} {extra}")
        with load.Newsdesk(
            config["workers"], logs / "newsdesk.log", config["granian_args"]
        ) as server:
            pages, content_types, answered_headers = {}, {}, {}
            for page, path in facts["pages"].items():
                seen, headers, body = warm(server.port, path)
                if seen[-1] != "hit":
                    raise SystemExit(f"bench: {path} is not answered from the page store: {seen}")
                (static / page).write_bytes(body)
                if page == "home":
                    home_headers = headers
                content_types[page] = headers["content-type"]
                served = {"date", "server"}  # granian adds them to every answer
                answered_headers[page] = [(k, v) for k, v in headers.items() if k not in served]
                pages[page] = {
                    "path": path,
                    "body_bytes": len(body),
                    "content_type": headers["content-type"],
                    "x_cache_while_warming": seen,
                    "newsdesk_header_bytes": header_bytes(headers),
                }
                say(f"   {page:8} {path}  {len(body)} bytes, X-Cache {seen[0]} then {seen[-1]}")
            (static / "content-types.json").write_text(json.dumps(content_types))
            # The bare callable again, answering newsdesk's own headers: granian's cost
            # per header, told apart from newsdesk's Python (bench/bare.py).
            same = temporary / "same-headers"
            same.mkdir()
            for file in static.iterdir():
                (same / file.name).write_bytes(file.read_bytes())
            (same / "headers.json").write_text(json.dumps(answered_headers))
            os.chmod(temporary, 0o755)  # nginx's workers run as another user
            os.chmod(static, 0o755)
            os.chmod(same, 0o755)
            for file in [*static.iterdir(), *same.iterdir()]:
                os.chmod(file, 0o644)
            with (
                load.Nginx(config["workers"], static, content_types, temporary / "nginx") as nginx,
                load.BareGranian(config["workers"], static, logs / "bare.log") as bare,
                load.BareGranian(config["workers"], same, logs / "bare.log") as bare_headers,
                load.ReferenceProxy(
                    config["workers"],
                    server.port,
                    Path(os.environ["NEWSDESK_VAR_DIR"]),
                    temporary / "proxy",
                ) as proxy,
            ):
                for page in pages:
                    status, headers, body = load.fetch(nginx.port, f"/{page}")
                    if status != 200 or body != (static / page).read_bytes():
                        raise SystemExit(f"bench: nginx does not serve the same bytes for {page}")
                    pages[page]["nginx_header_bytes"] = header_bytes(headers)
                    seen = [load.fetch(proxy.port, path)[1].get("x-proxy-cache") for _ in range(3)]
                    if seen[-1] != "HIT":
                        raise SystemExit(f"bench: the reference proxy misses {path}: {seen}")
                say("   wrk: warming up, then newsdesk, nginx, bare granian and the proxy in turn")
                servers = {"newsdesk": server, "nginx": nginx, "bare": bare,
                           "bare_headers": bare_headers, "proxy": proxy}  # fmt: skip
                runs = load_runs(config, facts["pages"], servers, raw)
            for page, path in facts["pages"].items():
                seen, _, _ = warm(server.port, path, times=4)
                pages[page]["x_cache_after_load"] = seen
            say("== (c) memory of the newsdesk workers")
            home_entry = entry_bytes("200 OK", home_headers, (static / "home").read_bytes())
            mem = memory(server, facts, config, home_entry)

    result = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "load_average_at_start": load_at_start,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "machine": machine(),
        "config": config,
        "database": {k: facts[k] for k in ("vendor", "description", "articles", "published")},
        "pages": pages,
        "load": summarize_load(runs),
        "cold": cold,
        "memory": mem,
        "newsroom": newsroom,
        "search": search,
        "generate": generate,
    }
    result["table"] = report_table.rows(result)
    result["targets"] = {
        f"{r['group']}: {r['figure']} ({r['target']})": r["verdict"] == report_table.MET
        for r in result["table"]
        if r["verdict"] != report_table.NONE
    }
    text = json.dumps(result, indent=2, ensure_ascii=False)
    (RESULTS / "latest.json").write_text(text)
    kept(result).write_text(text)
    say(report(result))


if __name__ == "__main__":
    main()
