"""A mixed load as a busy news site sees it, with an editor publishing, and faults.

    bash bench/load [--seconds 60] [--runs plain,random,fault]   (or: python -m bench.loadmix)

wrk keeps ``--connections`` (256) open to ``newsdesk serve`` on loopback for ``--seconds``
and sends, from a Lua script, a mix of reader pages, API calls, searches with many
different queries, read beacons (``POST /read/<id>``) and pages with tracking parameters
(``utm_*``, ``fbclid``). Meanwhile an editor, in a process of its own, publishes a new
article through the model every ``--publish-every`` seconds, as the admin does.

Runs:
- ``plain``: the mix as described.
- ``random``: the same, each URL with ``?v=<random>`` added (a cache-busting crawler).
- ``fault``: the plain mix on PostgreSQL and Redis (DATABASE_URL and REDIS_URL must name
  them); a third of the way in one granian worker is killed with SIGKILL, two thirds in
  PostgreSQL is restarted (``--pg-restart``, default ``pg_ctlcluster 15 main restart``).

Each run reports req/s, p50 and p99 (wrk), answers by status class, socket errors and
the editor's publishes; then checks that every publish the editor saw succeed is
published in the database and on the front page, and that the site answers again by
itself after the load. The figures go to stdout, as a table and as JSON on the last
line, and to bench/results/load.json; scripts, the editor's records and the server's
logs to bench/results/load/. Exits non-zero on a lost publish, a site that
did not recover, or (but in the fault run, which counts them) any 5xx or socket error.
"""

import argparse
import json
import os
import platform
import random
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench import load

RESULTS = Path(__file__).resolve().parent / "results"
# Not the embedded default: API calls all come from loopback, beacons from one reader.
SERVER_ENV = {"API_ANON_RATE_PER_MINUTE": "100000000", "TRUSTED_PROXIES": "1"}
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0.0.0 Safari/537.36"
# How long the site may take to answer again after the load, at most.
RECOVERY_SECONDS = 60

# One request per table entry; wrk picks them at random. In "random" mode every GET
# gets "v=<random number>" added to its query string.
WRK_SCRIPT = """\
local requests = {requests}
local randomise = {randomise}
local agent = "{agent}"
local threads = {{}}
counts = {{0, 0, 0, 0, 0}}  -- a global: done() reads each thread's with thread:get()

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  counts = {{0, 0, 0, 0, 0}}
end

function request()
  local r = requests[math.random(#requests)]
  local method, path, body = r[1], r[2], r[3]
  local headers = {{["User-Agent"] = agent}}
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded;charset=UTF-8"
  elseif randomise then
    local glue = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. glue .. "v=" .. math.random(1, 2000000000)
  end
  return wrk.format(method, path, headers, body)
end

function response(status, headers, body)
  local class = math.floor(status / 100)
  if class >= 1 and class <= 5 then counts[class] = counts[class] + 1 end
end

function done(summary, latency, requests)
  local total = {{0, 0, 0, 0, 0}}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for i = 1, 5 do total[i] = total[i] + c[i] end
  end
  local e = summary.errors
  io.write(string.format(
    'LOADMIX {{"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p90_ms": %.3f, ' ..
    '"p99_ms": %.3f, "max_ms": %.3f, "2xx": %d, "3xx": %d, "4xx": %d, "5xx": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    total[2], total[3], total[4], total[5], e.connect, e.read, e.write, e.timeout))
end
"""


def say(text: str = "") -> None:
    print(text, flush=True)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django

    django.setup()


# --- What to ask for ------------------------------------------------------------------------


def request_mix(seed: int = 1) -> list[tuple[str, str, str]]:
    """(method, path, body) of the mix, repeated by weight: pages 45 %, API 15 %,
    search 10 %, beacons 15 %, tracking links 15 %."""
    setup_django()
    from django.db import connection
    from django.utils import translation

    from newsdesk.content.models import Article, Person, Section, Tag

    rng = random.Random(seed)
    articles = list(Article.objects.published().latest_first()[:400])
    if not articles:
        raise SystemExit("bench: no published articles; run bash bench/load, which makes them")
    pages = ["/en/", "/zh-hans/"]
    for language in ("en", "zh-hans"):
        with translation.override(language):
            pages += [s.get_absolute_url() for s in Section.objects.all()[:20]]
            pages += [t.get_absolute_url() for t in Tag.objects.all()[:20]]
            pages += [p.get_absolute_url() for p in Person.objects.all()[:20]]
    pages += [article.get_absolute_url() for article in articles]
    ids = [article.pk for article in articles]
    words = sorted({w.strip(".,:;'\"").lower() for a in articles for w in a.headline.split()})
    words = [w for w in words if len(w) > 3] or ["ferry"]
    api = ["/api/v1/articles", "/api/v1/hot"]
    api += [f"/api/v1/articles/{pk}" for pk in ids[:100]]
    api += [f"/api/v1/search?q={w}" for w in rng.sample(words, min(50, len(words)))]
    search = [f"/en/search/?q={w}" for w in words[:300]]
    search += [f"/en/search/?q={a}+{b}" for a, b in zip(words, reversed(words), strict=True)][:100]
    tracking = []
    for n, path in enumerate(rng.sample(pages, min(100, len(pages)))):
        tracking.append(f"{path}?utm_source=social&utm_medium=share&utm_campaign=c{n}")
        tracking.append(f"{path}?fbclid=IwAR{rng.getrandbits(64):x}")
    connection.close()

    def pick(paths, count, method="GET", body=""):
        return [(method, rng.choice(paths), body) for _ in range(count)]

    return (
        pick(pages, 450)
        + pick(api, 150)
        + pick(search, 100)
        + pick([f"/read/{pk}" for pk in ids], 150, "POST", "r=news.example.org")
        + pick(tracking, 150)
    )


def lua_script(mix, randomise: bool) -> str:
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    table = "{\n" + ",\n".join(
        "  {" + ", ".join(quote(part) for part in entry) + "}" for entry in mix
    ) + "\n}"  # fmt: skip
    return WRK_SCRIPT.format(
        requests=table, randomise="true" if randomise else "false", agent=BROWSER
    )


def run_wrk(port: int, script: Path, connections: int, threads: int, seconds: float):
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
        "-s", str(script), f"http://{load.HOST}:{port}/",
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wrk_figures(process: subprocess.Popen, seconds: float) -> dict:
    output, _ = process.communicate(timeout=seconds + 120)
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed: {output}")
    line = next((ln for ln in output.splitlines() if ln.startswith("LOADMIX ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no figures: {output}")
    figures = json.loads(line.removeprefix("LOADMIX "))
    figures["requests_per_second"] = round(figures["requests"] / figures["seconds"], 1)
    figures["socket_errors"] = sum(
        figures[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    return figures


# --- The editor -----------------------------------------------------------------------------


def editor(every: float, seconds: float, out: Path) -> None:
    """Publish a new article every ``every`` seconds for ``seconds``, as an editor would
    through the admin: on the model, in a transaction. A publish that fails (the database
    restarting) is tried again a second later, as a person would press Save again.
    Writes the ids and headlines it saw published, and its failed tries, to ``out``."""
    setup_django()
    from django.db import close_old_connections

    from newsdesk.content.models import Article, Section

    section = Section.objects.order_by("pk").first()
    published, failures = [], []
    started = time.monotonic()
    run = f"{os.getpid()}-{int(time.time())}"
    n = 0
    while time.monotonic() - started < seconds:
        n += 1
        headline = f"Load desk bulletin {run} number {n}"
        while True:
            close_old_connections()  # as Django does between requests: drop a broken one
            try:
                article = Article(
                    headline=headline, slug=f"load-desk-{run}-{n}", section=section,
                    body="The desk reports, under load.",
                )  # fmt: skip
                article.publish(by="bench editor")
                published.append({"id": article.pk, "headline": headline})
                break
            except Exception as error:
                failures.append(f"{time.monotonic() - started:.1f}s {type(error).__name__}")
                time.sleep(1)
                if time.monotonic() - started > seconds + RECOVERY_SECONDS:
                    break
        time.sleep(max(0.0, every - (time.monotonic() - started) % every))
    out.write_text(json.dumps({"published": published, "failures": failures}))


def start_editor(every: float, seconds: float, out: Path) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "bench.loadmix", "--editor", str(out),
        "--publish-every", str(every), "--seconds", str(seconds),
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=load.ROOT, env=os.environ.copy())


def check_publishes(port: int, record: dict) -> dict:
    """Every publish the editor saw succeed: published in the database and on /en/ once
    the purges are through (waited for up to RECOVERY_SECONDS: the site's own pace)."""
    setup_django()
    from django.db import close_old_connections

    from newsdesk.content.models import Article

    close_old_connections()
    ids = [entry["id"] for entry in record["published"]]
    in_database = Article.objects.published().filter(pk__in=ids).count()
    latest = record["published"][-1]["headline"] if ids else None
    shown = latest is None
    deadline = time.monotonic() + RECOVERY_SECONDS
    while not shown and time.monotonic() < deadline:
        try:
            status, _, body = load.fetch(port, "/en/")
            shown = status == 200 and latest.encode() in body
        except OSError:
            pass
        if not shown:
            time.sleep(0.5)
    return {
        "publishes": len(ids),
        "failed_tries": len(record["failures"]),
        "lost_publishes": len(ids) - in_database,
        "latest_on_front_page": shown,
    }


# --- Faults ---------------------------------------------------------------------------------


def recovered(port: int, paths: list[str]) -> float | None:
    """Seconds until every path answers 200 three times in a row; None if it never did."""
    started = time.monotonic()
    while time.monotonic() - started < RECOVERY_SECONDS:
        try:
            if all(load.fetch(port, path)[0] == 200 for path in paths * 3):
                return round(time.monotonic() - started, 1)
        except OSError:
            pass
        time.sleep(0.5)
    return None


def faults(server, seconds: float, pg_restart: list[str]) -> list[str]:
    """Kill a granian worker a third of the way in, restart PostgreSQL two thirds in."""
    events = []
    started = time.monotonic()
    time.sleep(seconds / 3)
    workers = load.granian_workers(server.process.pid)
    if workers:
        victim = random.choice(workers)
        os.kill(victim, signal.SIGKILL)
        events.append(f"{time.monotonic() - started:.1f}s: SIGKILL to granian worker {victim}")
    else:
        events.append("no granian worker found to kill")
    time.sleep(max(0.0, seconds * 2 / 3 - (time.monotonic() - started)))
    done = subprocess.run(pg_restart, capture_output=True, text=True, timeout=120)
    events.append(
        f"{time.monotonic() - started:.1f}s: {shlex.join(pg_restart)} -> {done.returncode}"
        + (f" {done.stderr.strip()}" if done.returncode else "")
    )
    return events


# --- A run ----------------------------------------------------------------------------------


def one_run(name: str, options, work: Path, mix) -> dict:
    randomise = name == "random"
    script = work / f"{name}.lua"
    script.write_text(lua_script(mix, randomise))
    say(f"== {name}: wrk -t{options.threads} -c{options.connections} -d{options.seconds}s"
        f"{' (?v=<random>)' if randomise else ''}, an editor publishing every "
        f"{options.publish_every:g} s")  # fmt: skip
    log = work / f"{name}-server.log"
    with load.Newsdesk(options.workers, log) as server:
        warm = run_wrk(server.port, script, min(options.connections, 32), 1, 2)
        wrk_figures(warm, 2)
        record_file = work / f"{name}-editor.json"
        edit = start_editor(options.publish_every, options.seconds, record_file)
        traffic = run_wrk(
            server.port, script, options.connections, options.threads, options.seconds
        )
        events = faults(server, options.seconds, options.pg_restart) if name == "fault" else []
        figures = wrk_figures(traffic, options.seconds)
        edit.wait(timeout=options.seconds + RECOVERY_SECONDS + 60)
        figures["recovery_seconds"] = recovered(server.port, ["/en/", "/api/v1/articles"])
        record = json.loads(record_file.read_text())
        figures.update(check_publishes(server.port, record))
        figures["granian_workers_after"] = len(load.granian_workers(server.process.pid))
    figures["events"] = events
    return figures


def row(name: str, f: dict) -> str:
    recovery = f["recovery_seconds"]
    return (
        f"   {name:7} {f['requests_per_second']:8.0f} req/s  p50 {f['p50_ms']:8.1f} ms  "
        f"p99 {f['p99_ms']:8.1f} ms  {f['requests']} requests: 2xx {f['2xx']} 3xx {f['3xx']} "
        f"4xx {f['4xx']} 5xx {f['5xx']}, socket errors {f['socket_errors']} "
        f"(timeouts {f['timeouts']}); publishes {f['publishes']} "
        f"(lost {f['lost_publishes']}, failed tries {f['failed_tries']}, latest on /en/: "
        f"{'yes' if f['latest_on_front_page'] else 'NO'}); answering again after the load: "
        f"{'NEVER' if recovery is None else f'{recovery} s'}"
    )


def healthy(name: str, f: dict) -> bool:
    """No 5xx and no socket error (but in the fault run, where they are counted), no lost
    publish, the latest on the front page and the site answering after the load."""
    return (
        f["requests"] > 0
        and (name == "fault" or (f["5xx"] == 0 and f["socket_errors"] == 0))
        and f["lost_publishes"] == 0
        and f["latest_on_front_page"]
        and f["recovery_seconds"] is not None
    )


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="length of each run [60]")
    parser.add_argument("--connections", type=int, default=256, help="wrk connections [256]")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads [2]")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="granian workers [CPUs]"
    )
    parser.add_argument(
        "--publish-every", type=float, default=3, help="seconds between publishes [3]"
    )
    parser.add_argument(
        "--runs", default="plain,random", help="plain, random and/or fault [plain,random]"
    )
    parser.add_argument(
        "--pg-restart", type=shlex.split, default=["pg_ctlcluster", "15", "main", "restart"],
        help="command that restarts PostgreSQL in the fault run [pg_ctlcluster 15 main restart]",
    )  # fmt: skip
    parser.add_argument("--editor", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None) -> None:
    options = arguments(argv)
    if options.editor:
        editor(options.publish_every, options.seconds, options.editor)
        return
    runs = [run.strip() for run in options.runs.split(",") if run.strip()]
    unknown = set(runs) - {"plain", "random", "fault"}
    if unknown:
        sys.exit(f"bench: unknown runs {', '.join(sorted(unknown))}")
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    if "fault" in runs and not (on_postgres and os.environ.get("REDIS_URL")):
        sys.exit("bench: the fault run needs DATABASE_URL=postgres://... and REDIS_URL")
    os.environ.update(SERVER_ENV)
    mix = request_mix()
    say(f"== {len(mix)} requests in the mix; database {'PostgreSQL' if on_postgres else 'SQLite'}"
        f"{', Redis' if os.environ.get('REDIS_URL') else ''}")  # fmt: skip
    results = {}
    work = RESULTS / "load"  # the scripts, the editor's records and the server logs
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for name in runs:
        results[name] = one_run(name, options, work, mix)
        say(row(name, results[name]))
        for event in results[name]["events"]:
            say(f"           {event}")
    say(f"   server logs: {work}/")
    figures = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "config": {k: v for k, v in vars(options).items() if k != "editor"},
        "runs": results,
    }
    if "plain" in results and results.get("random", {}).get("requests_per_second"):
        ratio = results["plain"]["requests_per_second"] / results["random"]["requests_per_second"]
        figures["plain_over_random"] = round(ratio, 2)
        say(f"   plain/random req/s: {ratio:.2f} (within 2 is the goal)")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(figures, indent=1))
    print(json.dumps(figures))
    if not all(healthy(name, f) for name, f in results.items()):
        sys.exit(1)


if __name__ == "__main__":
    main()
