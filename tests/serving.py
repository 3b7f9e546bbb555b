"""`newsdesk serve` in tests: used once it says it is ready, its output read line by line.

Nothing here races the server: a test waits for the line that says a thing happened
(granian's "Started worker-1", the worker's "publishing scheduled articles"), never for
a while. The timeouts are generous: only a broken server reaches them, however loaded the
machine.
"""

import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

NEWSDESK = [sys.executable, "-m", "newsdesk.cli"]
ROOT = Path(__file__).resolve().parent.parent
WAIT_SECONDS = 120
WORKER_STARTED = "worker: publishing scheduled articles every"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Output:
    """A process's output (text), read line by line in a thread of its own."""

    def __init__(self, stream):
        self.lines: list[str] = []
        self.ended = False
        self.changed = threading.Condition()
        self.reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.reader.start()

    def _read(self, stream) -> None:
        for line in stream:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()
        with self.changed:
            self.ended = True
            self.changed.notify_all()

    def __str__(self) -> str:
        with self.changed:
            return "".join(self.lines)

    def wait_for(self, text: str, seconds: float = WAIT_SECONDS) -> str:
        """The first line holding ``text``, once printed; fails if the output ends first."""

        def found():
            return next((line for line in self.lines if text in line), None)

        with self.changed:
            self.changed.wait_for(lambda: found() or self.ended, timeout=seconds)
            line = found()
        if line is None:
            pytest.fail(f"never printed {text!r}; the output:\n{self}")
        return line

    def close(self) -> str:
        """All the output, once the stream has ended (every writer has exited)."""
        self.reader.join(timeout=WAIT_SECONDS)
        return str(self)


def start_serve(env: dict, *, port=None, workers: int = 1, worker: bool = True, **popen):
    """``newsdesk serve`` on ``port`` (else a free one), once every granian worker (and
    the scheduler worker) has started: the process, its Output and the site's address."""
    port = port or free_port()
    process = subprocess.Popen(
        [*NEWSDESK, "serve", "--port", str(port), "--workers", str(workers),
         "--worker" if worker else "--no-worker"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **popen,
    )  # fmt: skip
    output = Output(process.stdout)
    try:
        for number in range(1, workers + 1):
            output.wait_for(f"Started worker-{number}")
        if worker:
            output.wait_for(WORKER_STARTED)
        _wait_until_listening(port, output)
    except BaseException:
        process.kill()
        process.wait()
        raise
    return process, output, f"http://127.0.0.1:{port}"


def _wait_until_listening(port: int, output: Output) -> None:
    # A granian worker says it started a little before it listens.
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=WAIT_SECONDS).close()
            return
        except ConnectionRefusedError:
            if time.monotonic() > deadline or output.ended:
                pytest.fail(f"never listened on port {port}; the output:\n{output}")
            time.sleep(0.1)


def stop(process: subprocess.Popen, output: Output, signum=signal.SIGTERM) -> str:
    """Signal ``process`` (unless ``signum`` is None); wait for it; all its output."""
    if signum is not None and process.poll() is None:
        process.send_signal(signum)
    try:
        process.wait(timeout=WAIT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail(f"still running {WAIT_SECONDS} s after {signum!r}; the output:\n{output}")
    return output.close()


@contextmanager
def serving(env: dict, **options):
    """The site's address while ``newsdesk serve`` runs (see ``start_serve``)."""
    process, output, base = start_serve(env, **options)
    try:
        yield base
    finally:
        stop(process, output)


def session_processes(session: int) -> list[int]:
    """The processes still running (zombies aside) in the session ``session``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # it has just exited
        state, _, _, sid = stat.rsplit(")", 1)[1].split()[:4]
        if int(sid) == session and state != "Z":
            found.append(int(entry.name))
    return found


def wait_until_gone(session: int, seconds: float = WAIT_SECONDS) -> None:
    """Wait for every process of ``session`` to exit; fail if some outlive ``seconds``."""
    deadline = time.monotonic() + seconds
    while left := session_processes(session):
        if time.monotonic() > deadline:
            pytest.fail(f"processes {left} still running {seconds} s on")
        time.sleep(0.1)


def run_python(code: str, env: dict) -> str:
    """Run ``code`` in a new process with Django set up; return what it printed."""
    setup = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'newsdesk.settings');"
        " django.setup()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", setup + code], env=env, cwd=ROOT,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
