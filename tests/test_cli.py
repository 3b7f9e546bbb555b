"""The `newsdesk` command line."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsdesk.cli import (
    STOP_SECONDS,
    granian_command,
    serve_commands,
    serve_options,
    supervise,
)
from tests.serving import (
    NEWSDESK,
    WAIT_SECONDS,
    Output,
    free_port,
    session_processes,
    start_serve,
    stop,
    wait_until_gone,
)

pytestmark = pytest.mark.embedded

ROOT = Path(__file__).resolve().parent.parent


def test_serve_defaults_to_loopback_port_8000_and_a_worker_per_cpu(monkeypatch):
    for name in ["HOST", "PORT", "WEB_CONCURRENCY"]:
        monkeypatch.delenv(name, raising=False)
    options = serve_options([])
    assert (options.host, options.port, options.workers) == ("127.0.0.1", 8000, os.cpu_count())


def test_serve_options_come_from_arguments_or_environment(monkeypatch):
    monkeypatch.setenv("PORT", "9000")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    options = serve_options(["--host", "0.0.0.0"])
    command = granian_command(options)
    assert command[:3] == [sys.executable, "-m", "granian"]
    assert command[command.index("--interface") + 1] == "wsgi"
    assert command[command.index("--host") + 1] == "0.0.0.0"
    assert command[command.index("--port") + 1] == "9000"
    assert command[command.index("--workers") + 1] == "3"
    assert command[command.index("--blocking-threads") + 1] == "4"
    assert command[-1] == "newsdesk.wsgi:application"


def test_granian_kills_a_stuck_worker_before_serve_would_kill_granian():
    """Else a worker that missed the stop keeps granian, then serve, waiting; killed, granian
    would leave that worker behind."""
    command = granian_command(serve_options([]))
    assert int(command[command.index("--workers-kill-timeout") + 1]) < STOP_SECONDS


def test_serve_runs_the_worker_beside_the_server_unless_told_not_to(monkeypatch):
    monkeypatch.delenv("SERVE_WORKER", raising=False)
    commands = serve_commands(serve_options([]))
    assert list(commands) == ["server", "worker"]
    assert commands["worker"] == [sys.executable, "-m", "newsdesk.cli", "worker"]
    assert list(serve_commands(serve_options(["--no-worker"]))) == ["server"]
    monkeypatch.setenv("SERVE_WORKER", "0")
    assert list(serve_commands(serve_options([]))) == ["server"]
    assert list(serve_commands(serve_options(["--worker"]))) == ["server", "worker"]


def test_a_malformed_serve_worker_fails_loudly(monkeypatch):
    monkeypatch.setenv("SERVE_WORKER", "sometimes")
    with pytest.raises(ImproperlyConfigured, match="SERVE_WORKER"):
        serve_options([])


def test_worker_variables_are_documented_in_the_readme():
    text = (ROOT / "README.md").read_text()
    for name in ["SERVE_WORKER", "WORKER_INTERVAL_SECONDS"]:
        assert f"`{name}`" in text


# A stand-in for the server or the worker: says when it is ready, writes down the signal
# that stopped it (or ignores SIGTERM when stubborn, or dies of it when unprepared, or
# misses the first, as a child still starting can). A stubborn one with a grandchild
# starts a process that ignores SIGTERM too and writes down its pid.
CHILD = """
import pathlib, signal, subprocess, sys
folder, name, mode = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
missed = []

def stop(signum, frame):
    if mode == "misses-one" and not missed:
        missed.append(signum)
        return
    (folder / name).write_text(signal.Signals(signum).name)
    sys.exit(0)

for signum in (signal.SIGTERM, signal.SIGINT):
    if mode != "unprepared":
        signal.signal(signum, signal.SIG_IGN if mode.startswith("stubborn") else stop)
if mode == "stubborn-with-grandchild":
    grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    (folder / "grandchild").write_text(str(grandchild.pid))
(folder / f"{name}.ready").touch()
while True:
    signal.pause()
"""

# Exits with code 3 (or argv[3]) once the other child (argv[2], "worker" by default) is
# ready: never before it has set up its signal handlers.
EXIT_WHEN_READY = """
import pathlib, sys, time
other = sys.argv[2] if len(sys.argv) > 2 else "worker"
ready = pathlib.Path(sys.argv[1]) / f"{other}.ready"
deadline = time.monotonic() + 120  # never reached unless the other child is broken
while not ready.exists() and time.monotonic() < deadline:
    time.sleep(0.05)
sys.exit(int(sys.argv[3]) if len(sys.argv) > 3 else 3)
"""


def child(folder, name, mode="polite") -> list[str]:
    return [sys.executable, "-c", CHILD, str(folder), name, mode]


def wait_for(path: Path, seconds: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.05)


def test_when_the_server_exits_the_worker_is_stopped_and_its_code_returned(tmp_path):
    code = supervise(
        {
            "server": [sys.executable, "-c", EXIT_WHEN_READY, str(tmp_path)],
            "worker": child(tmp_path, "worker"),
        }
    )
    assert code == 3
    assert (tmp_path / "worker").read_text() == "SIGTERM"


def test_when_the_worker_exits_the_server_is_stopped_and_its_code_returned(tmp_path):
    code = supervise(
        {
            "server": child(tmp_path, "server"),
            "worker": [sys.executable, "-c", EXIT_WHEN_READY, str(tmp_path), "server", "4"],
        }
    )
    assert code == 4
    assert (tmp_path / "server").read_text() == "SIGTERM"


def test_a_child_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path):
    code = supervise(
        {
            "server": [sys.executable, "-c", EXIT_WHEN_READY, str(tmp_path)],
            "worker": child(tmp_path, "worker", "stubborn"),
        },
        stop_seconds=0.5,
    )
    assert code == 3  # supervise() returned: the stubborn worker is gone
    assert not (tmp_path / "worker").exists()


def test_a_child_that_missed_its_stop_signal_is_asked_again(tmp_path):
    """Without the second signal it would be killed, and write nothing, 120 s on."""
    code = supervise(
        {
            "server": [sys.executable, "-c", EXIT_WHEN_READY, str(tmp_path)],
            "worker": child(tmp_path, "worker", "misses-one"),
        },
        repeat_seconds=0.2,
        stop_seconds=WAIT_SECONDS,
    )
    assert code == 3
    assert (tmp_path / "worker").read_text() == "SIGTERM"


def test_killing_a_stubborn_child_kills_what_it_started_too(tmp_path):
    """As granian's workers, which would otherwise outlive serve."""
    supervise(
        {
            "server": [sys.executable, "-c", EXIT_WHEN_READY, str(tmp_path)],
            "worker": child(tmp_path, "worker", "stubborn-with-grandchild"),
        },
        repeat_seconds=0.1,
        stop_seconds=0.5,
    )
    grandchild = int((tmp_path / "grandchild").read_text())
    wait_until_exited(grandchild)


def wait_until_exited(pid: int) -> None:
    """Wait (generously) until ``pid`` has exited: gone, or a zombie nobody reaped yet."""
    stat = Path(f"/proc/{pid}/stat")
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            if stat.read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return
        except (OSError, IndexError):
            return
        assert time.monotonic() < deadline, f"process {pid} still running"
        time.sleep(0.05)


def stop_supervisor(commands: dict, folder: Path, signum: int) -> int:
    """Run ``supervise(commands)`` in a process of its own; signal it once both children
    are ready and return its exit code."""
    supervisor = subprocess.Popen(
        [sys.executable, "-c",
         f"import sys; from newsdesk.cli import supervise; sys.exit(supervise({commands!r}))"],
        cwd=ROOT,
    )  # fmt: skip
    try:
        wait_for(folder / "server.ready")
        wait_for(folder / "worker.ready")
        supervisor.send_signal(signum)
        return supervisor.wait(timeout=WAIT_SECONDS)
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_the_supervisor_passes_a_stop_signal_to_both_children(tmp_path, signum):
    commands = {"server": child(tmp_path, "server"), "worker": child(tmp_path, "worker")}
    assert stop_supervisor(commands, tmp_path, signum) == 0
    assert (tmp_path / "server").read_text() == signum.name
    assert (tmp_path / "worker").read_text() == signum.name


def test_a_child_that_dies_of_the_signal_passed_on_has_stopped_cleanly(tmp_path):
    """As a worker still starting up does: SIGTERM before it could catch it."""
    commands = {
        "server": child(tmp_path, "server", "unprepared"),
        "worker": child(tmp_path, "worker", "unprepared"),
    }
    assert stop_supervisor(commands, tmp_path, signal.SIGTERM) == 0


# While the children start: a signal then stops those started and starts no more.
STOPPED_WHILE_STARTING = """
import os, pathlib, signal, sys, time
from newsdesk.cli import supervise
folder = pathlib.Path(sys.argv[1])
commands = {"server": sys.argv[2:8], "worker": sys.argv[8:]}

def started(name):
    # Once the server is ready, and before the worker is started: SIGTERM from outside.
    deadline = time.monotonic() + 120  # never reached unless the server is broken
    while not (folder / "server.ready").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(os.getpid(), signal.SIGTERM)

sys.exit(supervise(commands, started=started))
"""


def test_a_stop_signal_while_the_children_start_stops_those_started_and_starts_no_more(
    tmp_path,
):
    supervisor = subprocess.run(
        [sys.executable, "-c", STOPPED_WHILE_STARTING, str(tmp_path),
         *child(tmp_path, "server"), *child(tmp_path, "worker")],
        cwd=ROOT, timeout=WAIT_SECONDS,
    )  # fmt: skip
    assert supervisor.returncode == 0
    assert (tmp_path / "server").read_text() == "SIGTERM"
    assert not (tmp_path / "worker.ready").exists()  # never started


def get(url: str):
    with urllib.request.urlopen(url, timeout=WAIT_SECONDS) as response:
        return response.status, response.read().decode(), response.headers


@pytest.fixture(scope="module")
def site_env(tmp_path_factory):
    """What `make run` does, on an empty database: migrate (then serve)."""
    env = {**os.environ, "NEWSDESK_VAR_DIR": str(tmp_path_factory.mktemp("var"))}
    for name in ["DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"]:
        env.pop(name, None)  # the embedded SQLite file, never a real PostgreSQL database
    subprocess.run([*NEWSDESK, "migrate", "-v0"], env=env, check=True, timeout=WAIT_SECONDS)
    return env


def test_newsdesk_serve_serves_the_site_with_hashed_static_files(site_env):
    server, output, base = start_serve(site_env)
    try:
        status, page, _ = get(f"{base}/en/")
        assert status == 200
        assert "Nothing has been published in this edition yet." in page
        css = page.split('rel="stylesheet" href="')[1].split('"')[0]
        assert (
            css.startswith("/static/reader/site.") and css.endswith(".css") and css.count(".") == 2
        )
        status, _, headers = get(f"{base}{css}")
        assert status == 200
        assert "max-age=315360000" in headers["Cache-Control"]
    finally:
        # The worker ran beside the server (start_serve waited for its line), and both
        # stop cleanly on SIGTERM.
        text = stop(server, output)
    assert server.returncode == 0, text
    assert "worker: stopped" in text, text


def test_a_server_worker_that_dies_is_replaced_and_the_site_keeps_answering(site_env):
    server, output, base = start_serve(site_env, workers=2, worker=False)
    try:
        pid = int(output.wait_for("Spawning worker-1 with PID: ").rsplit(":", 1)[1])
        os.kill(pid, signal.SIGKILL)  # as the kernel's OOM killer would
        output.wait_for("Respawning worker-1")
        output.wait_for("Stopped old worker-1")
        assert server.poll() is None
        assert get(f"{base}/en/")[0] == 200
    finally:
        text = stop(server, output)
    assert server.returncode == 0, text


def test_a_stop_signal_as_serve_starts_stops_it_and_everything_it_started(site_env):
    serve = subprocess.Popen(
        [*NEWSDESK, "serve", "--port", str(free_port()), "--workers", "2"],
        env=site_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    output = Output(serve.stdout)
    output.wait_for("newsdesk: serving on")  # printed just before the children start
    text = stop(serve, output)
    # Stopped before or while starting its children: cleanly, or of the signal itself
    # when it came before serve listened for it (and there was nothing to stop yet).
    assert serve.returncode in (0, -signal.SIGTERM), text
    wait_until_gone(serve.pid)


def test_ctrl_c_to_serves_process_group_stops_everything_without_errors(site_env):
    """Ctrl-C in a terminal signals the whole process group at once."""
    serve, output, _ = start_serve(site_env, workers=2, start_new_session=True)
    os.killpg(serve.pid, signal.SIGINT)
    text = stop(serve, output, signum=None)  # signalled already
    assert serve.returncode == 0, text
    assert "Unexpected exit" not in text and "Traceback" not in text, text
    assert "Stopped worker-2" in text and "worker: stopped" in text, text
    wait_until_gone(serve.pid)


def test_granian_and_the_worker_stop_when_serve_is_killed(site_env):
    serve, output, _ = start_serve(site_env, workers=2, start_new_session=True)
    children = set(session_processes(serve.pid)) - {serve.pid}
    assert len(children) >= 4, output  # granian, its two workers and the scheduler worker
    serve.kill()
    serve.wait()
    wait_until_gone(serve.pid)
    text = output.close()  # ends once the last child has exited
    assert "Unexpected exit" not in text, text
