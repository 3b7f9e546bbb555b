"""Read beacons per second: newsdesk counting reads, against nginx answering 204.

    bash bench/beacon            (or: python -m bench.beacon)

Starts ``newsdesk serve`` (granian, one worker per CPU) on a throwaway SQLite database
holding three published articles, and nginx answering every request with an empty 204,
both on 127.0.0.1. wrk then POSTs the beacon exactly as ``read.js`` sends it (a urlencoded
body with the referrer field, a desktop Chrome user agent), in three runs one after the
other, never at the same time:

- **new readers**: every request from another reader (its own X-Forwarded-For address,
  which the server believes with TRUSTED_PROXIES=1, as behind deploy/nginx.conf): each
  one is counted;
- **one reader**: the same reader again and again: counted once, then deduplicated;
- **nginx**: the new-readers requests, answered 204 by nginx without any work.

Then it waits for the periodic flush and reads the counts back from the database, stops
the server (which flushes once more) and reads them again: the reads of the first run must
all be there, those of the second once per worker at most (each worker has its own
in-memory buffer unless REDIS_URL is set). Prints a report, then the figures as JSON on
the last line.

Knobs (environment), defaults in brackets: BENCH_SECONDS [10] per wrk run,
BENCH_CONNECTIONS [64], BENCH_WRK_THREADS [2], BENCH_WORKERS [CPUs].
"""

import http.client
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import load

# A desktop browser: read.js runs in one, and a robot's reads are not counted.
BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/140.0.0.0 Safari/537.36"
)
CONTENT_TYPE = "application/x-www-form-urlencoded;charset=UTF-8"
BODY = "r=news.example.org"
WARMUP_SECONDS = 2

# The beacon as read.js sends it: navigator.sendBeacon(url, URLSearchParams{r: referrer}).
# In "new" mode each request comes from another reader: an address of its own, made of
# the wrk thread's number and a counter (IPv6 text, so it never runs out).
WRK_SCRIPT = """\
local path, mode = "{path}", "{mode}"
local body = "{body}"
local headers = {{
  ["User-Agent"] = "{agent}",
  ["Content-Type"] = "{content_type}",
  ["X-Forwarded-For"] = "203.0.113.7",
}}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
local n, fixed = 0, nil
function request()
  if mode == "one" then
    fixed = fixed or wrk.format("POST", path, headers, body)
    return fixed
  end
  n = n + 1
  headers["X-Forwarded-For"] = string.format("fd00::%x:%x:%x", id, math.floor(n / 65536), n % 65536)
  return wrk.format("POST", path, headers, body)
end
"""


def settings() -> dict:
    return {
        "seconds": int(os.environ.get("BENCH_SECONDS", "10")),
        "connections": int(os.environ.get("BENCH_CONNECTIONS", "64")),
        "wrk_threads": int(os.environ.get("BENCH_WRK_THREADS", "2")),
        "workers": int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 1))),
    }


def say(text: str = "") -> None:
    print(text, flush=True)


def throwaway_environment(work: Path) -> None:
    """A fresh SQLite database and the embedded defaults, whatever this shell says."""
    os.environ["NEWSDESK_VAR_DIR"] = str(work / "var")
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsdesk.settings"
    for name in [
        "DATABASE_URL", "DATABASE_REPLICA_URL", "DATABASE_POOL", "REDIS_URL", "DEBUG",
        "PROXY_PURGE_URL", "PURGE_HOOKS", "SECRET_KEY", "MEDIA_ROOT", "WEB_CONCURRENCY",
        "READS_FLUSH_SECONDS", "READ_WINDOW_MINUTES", "ALLOWED_HOSTS",
    ]:  # fmt: skip
        os.environ.pop(name, None)
    # wrk stands for our proxy: its X-Forwarded-For is the one nginx would write.
    os.environ["TRUSTED_PROXIES"] = "1"


def make_articles() -> dict[str, int]:
    """A migrated database with one published article per run: their ids by run."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from newsdesk.content.models import Article, Section

    call_command("migrate", verbosity=0)
    section = Section.objects.create(name="News", slug="news")
    ids = {}
    for run in ("warm-up", "new readers", "one reader"):
        article = Article.objects.create(
            headline=f"Beacon benchmark: {run}",
            slug=f"beacon-{run.replace(' ', '-')}",
            section=section,
            body="<p>Read me.</p>",
            status=Article.Status.PUBLISHED,
        )
        ids[run] = article.pk
    connection.close()
    return ids


def reads_in_database(ids: dict[str, int]) -> dict[str, int]:
    """The reads written so far (DailyReads), by run."""
    from django.db import connection
    from django.db.models import Sum

    from newsdesk.trending.models import DailyReads

    sums = dict(
        DailyReads.objects.values("article_id")
        .annotate(total=Sum("reads"))
        .values_list("article_id", "total")
    )
    connection.close()
    return {run: sums.get(pk, 0) for run, pk in ids.items()}


class NginxNoContent(load.Nginx):
    """nginx answering every request with an empty 204, as the beacon does."""

    def __init__(self, workers: int, work: Path):
        super().__init__(workers, work, {"read": ""}, work)

    def config(self) -> str:
        server = load.STATIC_SERVER.format(
            host=load.HOST, port=self.port, root=self.root,
            locations="        location / { return 204; }",
        )  # fmt: skip
        return load.NGINX_MAIN.format(workers=self.workers, dir=self.work, body=server)


def post_beacon(port: int, path: str) -> int:
    """One beacon on a new connection, from a reader of its own; its status."""
    headers = {
        "User-Agent": BROWSER,
        "Content-Type": CONTENT_TYPE,
        "X-Forwarded-For": "198.51.100.1",
    }
    connection = http.client.HTTPConnection(load.HOST, port, timeout=30)
    try:
        connection.request("POST", path, body=BODY, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def wrk(port: int, script: Path, config: dict, seconds: int) -> load.WrkResult:
    command = [
        shutil.which("wrk") or "wrk", f"-t{config['wrk_threads']}",
        f"-c{config['connections']}", f"-d{seconds}s", "--latency", "-s", str(script),
        f"http://{load.HOST}:{port}/",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    return load.parse_wrk(done.stdout)


def script_for(work: Path, article_id: int, mode: str) -> Path:
    lua_body = BODY.replace("\r", "\\r").replace("\n", "\\n").replace('"', '\\"')
    path = work / f"beacon-{article_id}-{mode}.lua"
    path.write_text(
        WRK_SCRIPT.format(
            path=f"/read/{article_id}",
            mode=mode,
            content_type=CONTENT_TYPE,
            agent=BROWSER,
            body=lua_body,
        )
    )
    return path


def granian_workers(server_pid: int) -> list[dict]:
    """RSS of granian's worker processes."""
    return [
        {"pid": pid, "rss_mb": round(load.status_kb(pid, "VmRSS") / 1024, 1)}
        for pid in load.granian_workers(server_pid)
    ]


def row(result: load.WrkResult) -> str:
    errors = f"  ERRORS {result.errors}" if result.errors else ""
    return (
        f"{result.requests_per_second:9.0f} req/s  p50 {result.p50_ms:6.2f} ms  "
        f"p99 {result.p99_ms:6.2f} ms  {result.requests} requests{errors}"
    )


def main() -> None:
    config = settings()
    missing = [tool for tool in ("wrk", "nginx") if not (shutil.which(tool) or
               os.path.exists(f"/usr/sbin/{tool}"))]  # fmt: skip
    if missing:
        sys.exit(f"bench: missing {' '.join(missing)}; on Debian: apt-get install wrk nginx-light")
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-beacon-") as temporary:
        work = Path(temporary)
        throwaway_environment(work)
        say(f"== a throwaway database in {work}")
        ids = make_articles()
        from django.conf import settings as django_settings

        flush_seconds = django_settings.READS_FLUSH_SECONDS
        scripts = {
            "warm-up": script_for(work, ids["warm-up"], "new"),
            "new readers": script_for(work, ids["new readers"], "new"),
            "one reader": script_for(work, ids["one reader"], "one"),
        }
        (work / "nginx").mkdir()
        os.chmod(work, 0o755)  # nginx's workers run as another user
        say(f"== newsdesk serve --workers {config['workers']} and nginx (return 204)")
        results = {}
        with (
            load.Newsdesk(config["workers"], work / "newsdesk.log") as server,
            NginxNoContent(config["workers"], work / "nginx") as nginx,
        ):
            for name, port in (("newsdesk", server.port), ("nginx", nginx.port)):
                status = post_beacon(port, f"/read/{ids['warm-up']}")
                if status != 204:
                    raise SystemExit(f"bench: {name} answered {status} to a beacon")
            say(f"   warming up: {WARMUP_SECONDS} s each")
            wrk(server.port, scripts["warm-up"], config, WARMUP_SECONDS)
            wrk(nginx.port, scripts["warm-up"], config, WARMUP_SECONDS)
            say(
                f"== wrk -t{config['wrk_threads']} -c{config['connections']} "
                f"-d{config['seconds']}s, POST /read/<id> (urlencoded, browser user agent)"
            )
            for name, port, script in [
                ("new readers", server.port, scripts["new readers"]),
                ("nginx", nginx.port, scripts["new readers"]),
                ("one reader", server.port, scripts["one reader"]),
            ]:
                results[name] = wrk(port, script, config, config["seconds"])
                say(f"   {name:12} {row(results[name])}")
            workers = granian_workers(server.process.pid)
            rss = ", ".join(f"{worker['rss_mb']} MB" for worker in workers)
            say(f"   granian workers' RSS after the runs: {rss}")
            say(f"   waiting {flush_seconds + 2} s for the periodic flush ...")
            time.sleep(flush_seconds + 2)
            while_serving = reads_in_database(ids)
        after_stop = reads_in_database(ids)  # the server flushed once more as it stopped

    nginx_rps = results["nginx"].requests_per_second
    sent = results["new readers"].requests
    figures = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "config": config,
        "runs": {name: result.as_dict() for name, result in results.items()},
        "ratio_new_readers": round(results["new readers"].requests_per_second / nginx_rps, 3),
        "ratio_one_reader": round(results["one reader"].requests_per_second / nginx_rps, 3),
        "reads_while_serving": while_serving,
        "reads_after_stop": after_stop,
        "worker_rss_mb": [w["rss_mb"] for w in workers],
    }
    # wrk counts the answers it read; a request in flight when it stopped may be counted
    # by the server too: at most one per connection.
    new_ok = sent <= after_stop["new readers"] <= sent + config["connections"]
    one_ok = 1 <= after_stop["one reader"] <= config["workers"]
    figures["counts_ok"] = new_ok and one_ok
    say("")
    say("Read beacons on loopback: newsdesk against nginx answering 204")
    for name, key in (("new readers", "ratio_new_readers"), ("one reader", "ratio_one_reader")):
        say(
            f"   {name + ':':12} {results[name].requests_per_second:,.0f} req/s against nginx's "
            f"{nginx_rps:,.0f}: a ratio of {figures[key]:.3f}"
        )
    say(
        f"   reads in the database (DailyReads) after the periodic flush: "
        f"{while_serving['new readers']} new readers, {while_serving['one reader']} one reader"
    )
    say(
        f"   after the server stopped: {after_stop['new readers']} new readers "
        f"(wrk read {sent} answers: {'ok' if new_ok else 'MISMATCH'}), "
        f"{after_stop['one reader']} one reader "
        f"(1 to {config['workers']}, one per worker: {'ok' if one_ok else 'MISMATCH'}), "
        f"{after_stop['warm-up']} warm-up"
    )
    print(json.dumps(figures))
    if not figures["counts_ok"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
