"""The `newsdesk` command line."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsdesk.cli import granian_command, serve_commands, serve_options, supervise

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
# that stopped it (or ignores SIGTERM when stubborn, or dies of it when unprepared).
CHILD = """
import pathlib, signal, sys
folder, name, mode = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]

def stop(signum, frame):
    (folder / name).write_text(signal.Signals(signum).name)
    sys.exit(0)

for signum in (signal.SIGTERM, signal.SIGINT):
    if mode != "unprepared":
        signal.signal(signum, signal.SIG_IGN if mode == "stubborn" else stop)
(folder / f"{name}.ready").touch()
while True:
    signal.pause()
"""

# Exits with code 3 once the other child is ready.
EXIT_WHEN_READY = """
import pathlib, sys, time
ready = pathlib.Path(sys.argv[1]) / "worker.ready"
deadline = time.monotonic() + 30
while not ready.exists() and time.monotonic() < deadline:
    time.sleep(0.05)
sys.exit(3)
"""


def child(folder, name, mode="polite") -> list[str]:
    return [sys.executable, "-c", CHILD, str(folder), name, mode]


def wait_for(path: Path, seconds: float = 30) -> None:
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
            "worker": [sys.executable, "-c", "import sys; sys.exit(4)"],
        }
    )
    assert code == 4
    wait_for(tmp_path / "server.ready")


def test_a_child_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path):
    started = time.monotonic()
    code = supervise(
        {
            "server": [sys.executable, "-c", EXIT_WHEN_READY, str(tmp_path)],
            "worker": child(tmp_path, "worker", "stubborn"),
        },
        stop_seconds=0.5,
    )
    assert code == 3
    assert time.monotonic() - started < 15
    assert not (tmp_path / "worker").exists()


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
        return supervisor.wait(timeout=30)
    finally:
        if supervisor.poll() is None:
            supervisor.terminate()
            supervisor.wait(timeout=30)


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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode(), response.headers


def test_newsdesk_serve_serves_the_site_with_hashed_static_files(tmp_path):
    """What `make run` does, on an empty database: migrate, then serve."""
    env = {**os.environ, "NEWSDESK_VAR_DIR": str(tmp_path)}
    for name in ["DJANGO_SETTINGS_MODULE", "DATABASE_URL"]:
        env.pop(name, None)  # the embedded SQLite file, never a real PostgreSQL database
    newsdesk = [sys.executable, "-m", "newsdesk.cli"]
    subprocess.run([*newsdesk, "migrate", "-v0"], env=env, check=True, timeout=120)
    port = free_port()
    server = subprocess.Popen(
        [*newsdesk, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, page, _ = get(f"http://127.0.0.1:{port}/en/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("the server did not start: " + server.stdout.read1().decode())
                time.sleep(0.2)
        assert status == 200
        assert "Nothing has been published in this edition yet." in page
        css = page.split('rel="stylesheet" href="')[1].split('"')[0]
        assert (
            css.startswith("/static/reader/site.") and css.endswith(".css") and css.count(".") == 2
        )
        status, _, headers = get(f"http://127.0.0.1:{port}{css}")
        assert status == 200
        assert "max-age=315360000" in headers["Cache-Control"]

        # The worker runs beside the server, and both stop cleanly on SIGTERM.
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
        assert server.returncode == 0, output
        assert "worker: publishing scheduled articles every 5 s" in output
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
