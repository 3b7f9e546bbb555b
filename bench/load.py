"""Servers under load: newsdesk (granian), nginx serving the same bytes, and wrk.

Everything listens on 127.0.0.1 at a free port and is stopped by its own process id.
"""

import http.client
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, headers: dict | None = None):
    """One GET on a new connection: (status, headers with lower-case names, body)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, response.read()
    finally:
        connection.close()


def wait_until_answers(port: int, path: str, process: subprocess.Popen, seconds=60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        try:
            fetch(port, path)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port} within {seconds}s")


def stop(process: subprocess.Popen, sig=signal.SIGTERM, seconds=15) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def server_environment(extra: dict | None = None) -> dict:
    """This environment without granian's own variables, which would change the server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRANIAN_")}
    return {**env, **(extra or {})}


class Newsdesk:
    """``newsdesk serve --workers N --port P`` against the benchmark's var dir.

    With ``granian_args`` (BENCH_GRANIAN_ARGS, e.g. "--blocking-threads 4"), granian is
    started directly with the command line ``newsdesk serve`` would use plus those options,
    to measure a server setting before changing ``newsdesk serve``.
    """

    def __init__(self, workers: int, log: Path, granian_args: list[str] | None = None):
        self.port = free_port()
        self.workers = workers
        self.log = log
        self.granian_args = granian_args or []
        self.process = None

    def command(self) -> list[str]:
        # Without the worker: it computes related lists (a whole archive's, after
        # generate), which would take CPU from whichever server is being measured.
        if not self.granian_args:
            return [
                str(ROOT / ".venv" / "bin" / "newsdesk"), "serve", "--no-worker",
                "--workers", str(self.workers), "--port", str(self.port),
            ]  # fmt: skip
        from newsdesk.cli import granian_command, serve_options

        options = serve_options(["--workers", str(self.workers), "--port", str(self.port)])
        command = granian_command(options)
        return command[:-1] + self.granian_args + command[-1:]

    def __enter__(self):
        command = self.command()
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=server_environment(), cwd=ROOT
            )
        wait_until_answers(self.port, "/en/", self.process)
        return self

    def __exit__(self, *exc):
        stop(self.process, signal.SIGINT)

    def workers_rss(self) -> list[dict]:
        return workers_rss(granian_workers(self.process.pid))

    def main_pid(self) -> int:
        """granian's main process (serve runs it as a child; the workers are its children)."""
        workers = granian_workers(self.process.pid)
        return parent(workers[0]) if workers else self.process.pid


class BareGranian:
    """granian serving a bare WSGI callable that returns the saved bytes (bench/bare.py)."""

    def __init__(self, workers: int, directory: Path, log: Path):
        self.port = free_port()
        self.workers = workers
        self.directory = directory
        self.log = log
        self.process = None

    def __enter__(self):
        from newsdesk.cli import granian_command, serve_options

        # granian exactly as ``newsdesk serve`` runs it (workers, threads, …), another app.
        options = serve_options(["--workers", str(self.workers), "--port", str(self.port)])
        command = [*granian_command(options)[:-1], "bench.bare:application"]
        env = server_environment({"BENCH_BARE_DIR": str(self.directory)})
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT
            )
        wait_until_answers(self.port, "/", self.process)
        return self

    def __exit__(self, *exc):
        stop(self.process, signal.SIGINT)


# nginx's main and http settings, the same for nginx serving files and for the reference
# proxy: ``{body}`` is what each puts in the http block.
NGINX_MAIN = """\
worker_processes {workers};
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
{body}
}}
"""
STATIC_SERVER = """\
    types {{ }}
    server {{
        listen {host}:{port};
        root {root};
{locations}
    }}"""


class Nginx:
    """nginx serving each saved page as a static file, with newsdesk's content type."""

    def __init__(self, workers: int, root: Path, content_types: dict[str, str], work: Path):
        self.port = free_port()
        self.workers = workers
        self.root = root
        self.content_types = content_types  # file name -> Content-Type
        self.work = work
        self.process = None

    def config(self) -> str:
        locations = "\n".join(
            f'        location = /{name} {{ default_type "{ctype}"; }}'
            for name, ctype in self.content_types.items()
        )
        server = STATIC_SERVER.format(
            host=HOST, port=self.port, root=self.root, locations=locations
        )
        return NGINX_MAIN.format(workers=self.workers, dir=self.work, body=server)

    def __enter__(self):
        self.work.mkdir(parents=True, exist_ok=True)
        conf = self.work / "nginx.conf"
        conf.write_text(self.config())
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        command = [nginx, "-p", str(self.work), "-c", str(conf), "-e", str(self.work / "error.log"),
                   "-g", "daemon off;"]  # fmt: skip
        self.process = subprocess.Popen(command, stderr=subprocess.STDOUT,
                                        stdout=open(self.work / "stdout.log", "ab"))  # fmt: skip
        first = next(iter(self.content_types))
        wait_until_answers(self.port, f"/{first}", self.process)
        return self

    def __exit__(self, *exc):
        stop(self.process, signal.SIGQUIT)


class ReferenceProxy:
    """nginx with the README's reference configuration (deploy/nginx.conf, proxy cache
    on) in front of a newsdesk server; the http {} around it is the static baseline's."""

    def __init__(self, workers: int, upstream_port: int, var_dir: Path, work: Path):
        self.port = free_port()
        self.workers = workers
        self.upstream_port = upstream_port
        self.var_dir = var_dir
        self.work = work
        self.process = None

    def __enter__(self):
        self.work.mkdir(parents=True, exist_ok=True)
        site = (ROOT / "deploy" / "nginx.conf").read_text()
        site = (
            site.replace("/var/cache/nginx/newsdesk", str(self.work / "cache"))
            .replace("127.0.0.1:8000", f"127.0.0.1:{self.upstream_port}")
            .replace("listen 8080", f"listen {HOST}:{self.port}")
            .replace("/srv/newsdesk/var/", f"{self.var_dir}/")
        )
        (self.work / "site.conf").write_text(site)
        conf = self.work / "nginx.conf"
        site_conf = f"    include {self.work}/site.conf;"
        conf.write_text(NGINX_MAIN.format(workers=self.workers, dir=self.work, body=site_conf))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        command = [nginx, "-p", str(self.work), "-c", str(conf), "-e", str(self.work / "error.log"),
                   "-g", "daemon off;"]  # fmt: skip
        self.process = subprocess.Popen(command, stderr=subprocess.STDOUT,
                                        stdout=open(self.work / "stdout.log", "ab"))  # fmt: skip
        wait_until_answers(self.port, "/en/", self.process)
        return self

    def __exit__(self, *exc):
        stop(self.process, signal.SIGQUIT)


@dataclass
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers, socket errors and timeouts
    output: str
    # Share of the machine's CPU used during the run by processes other than the server
    # under test and wrk (None: not measured), and the 1-minute load average before it.
    others_cpu: float | None = None
    load_before: float | None = None
    # CPU the server under test (its whole process tree) spent per answered request, in
    # microseconds: steadier than requests/s on a shared machine (None: not measured).
    server_cpu_us: float | None = None

    def as_dict(self) -> dict:
        return {
            "requests_per_second": self.requests_per_second,
            "p50_ms": self.p50_ms,
            "p99_ms": self.p99_ms,
            "requests": self.requests,
            "errors": self.errors,
            "others_cpu": self.others_cpu,
            "load_before": self.load_before,
            "server_cpu_us": self.server_cpu_us,
        }


def milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(output: str) -> WrkResult:
    """Requests/s, p50, p99 and errors from ``wrk --latency`` output."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = milliseconds(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = milliseconds(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                        output)  # fmt: skip
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    return WrkResult(rps, p50, p99, requests, errors, output)


def wrk(
    port: int, path: str, connections: int, seconds: int, threads: int, server_pid=None
) -> WrkResult:
    """wrk against a server; with ``server_pid``, also what other processes used meanwhile."""
    command = [
        shutil.which("wrk") or "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s",
        "--latency", f"http://{HOST}:{port}{path}",
    ]  # fmt: skip
    load_before = os.getloadavg()[0]
    busy, server, children = machine_busy(), tree_cpu(server_pid), own_children_cpu()
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    result = parse_wrk(done.stdout)
    result.load_before = round(load_before, 2)
    if server_pid is not None:
        spent = tree_cpu(server_pid) - server
        result.server_cpu_us = round(spent / max(result.requests, 1) * 1e6, 2)
        others = (
            machine_busy() - busy
            - spent
            - (own_children_cpu() - children)  # wrk
        )  # fmt: skip
        result.others_cpu = round(max(others, 0.0) / (elapsed * (os.cpu_count() or 1)), 3)
    return result


# --- CPU used by whom during a run, from /proc (in seconds) ------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def machine_busy() -> float:
    """CPU seconds all processors spent busy since boot (not idle, not waiting for I/O)."""
    fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / TICKS


def tree_cpu(pid: int | None) -> float:
    """CPU seconds used so far by a process and its descendants still running."""
    if pid is None:
        return 0.0
    total, queue = 0.0, [pid]
    while queue:
        current = queue.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
        queue.extend(children(current))
    return total


def own_children_cpu() -> float:
    """CPU seconds of this process's finished children (wrk, once it has exited)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --- Memory of the server's processes, from /proc (psutil is not installed) ----------------


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces: the ppid follows it.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return sorted(found)


def status_kb(pid: int, field: str) -> int:
    """A number from /proc/<pid>/status: kB for the Vm* fields, a count for Threads."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()


def granian_workers(server_pid: int) -> list[int]:
    """granian's worker processes: the server's descendants that run no child."""
    found, queue = [], [server_pid]
    while queue:
        pid = queue.pop()
        below = children(pid)
        queue.extend(below)
        if not below and pid != server_pid and "granian" in command_line(pid):
            found.append(pid)
    return found


def parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def private_kb(pid: int) -> int:
    """Memory only this process holds (private pages, from smaps_rollup): its RSS less the
    pages of shared libraries every worker maps alike; 0 where the kernel has no rollup."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0
    fields = dict(line.split()[:2] for line in lines[1:] if line.count(" ") >= 1)
    return int(fields.get("Private_Clean:", 0)) + int(fields.get("Private_Dirty:", 0))


def workers_rss(pids: list[int]) -> list[dict]:
    """RSS (now and peak), private memory and threads of each of these processes (a
    server's workers)."""
    rows = []
    for child in pids:
        try:
            rows.append(
                {
                    "pid": child,
                    "rss_mb": round(status_kb(child, "VmRSS") / 1024, 1),
                    "private_mb": round(private_kb(child) / 1024, 1),
                    "peak_rss_mb": round(status_kb(child, "VmHWM") / 1024, 1),
                    "threads": status_kb(child, "Threads"),
                    "command": command_line(child)[:120],
                }
            )
        except OSError:
            continue
    return rows


def main_rss(pid: int) -> float:
    return round(status_kb(pid, "VmRSS") / 1024, 1)
