"""The ``newsdesk`` command: ``serve``, plus every Django management command.

newsdesk serve [--host H] [--port P] [--workers N]   production server (granian) and worker
newsdesk worker [--interval S] [--once]               publish scheduled articles on time
newsdesk demo                                         load the demo newsroom
newsdesk migrate | createsuperuser | ...              Django's own commands
"""

import argparse
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

import django
from django.core.management import call_command, execute_from_command_line

from newsdesk.env import env_bool

# How long a child may take to stop after SIGTERM before it is killed, with every process
# it started.
STOP_SECONDS = 20
# When a child still runs this long after its stop signal, it is sent again: one that came
# while the child was starting, before it listened for it, may have been missed (granian
# was seen to, under full load).
REPEAT_SECONDS = 5
# How long granian waits for one of its workers to stop before killing it: less than the
# above, so that granian itself still stops cleanly and leaves no worker behind. (A worker
# still loading the site when the stop comes can miss it: seen once under full load.)
WORKERS_KILL_SECONDS = 10
# How long granian waits before replacing a worker that died.
RESPAWN_SECONDS = 1
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)

# Linux's prctl(2), so that a child is told when serve dies, even of SIGKILL: granian has
# no option for it, and the PyPI wrappers are unmaintained; one ctypes call does it.
PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None


def serve_options(argv: list[str]) -> argparse.Namespace:
    """The options of ``newsdesk serve``; defaults come from HOST, PORT, WEB_CONCURRENCY."""
    parser = argparse.ArgumentParser(prog="newsdesk serve", description="Serve newsdesk.")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY", "0")) or os.cpu_count() or 1,
        help="worker processes (default: WEB_CONCURRENCY, else one per CPU)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("WEB_THREADS", "4")),
        help="Python threads per worker (default: WEB_THREADS, else 4; see BENCHMARKS.md)",
    )
    parser.add_argument(
        "--worker",
        action=argparse.BooleanOptionalAction,
        default=env_bool("SERVE_WORKER", True),
        help="also run `newsdesk worker`, which publishes scheduled articles "
        "(default: SERVE_WORKER, else yes; --no-worker where it runs as its own service)",
    )
    return parser.parse_args(argv)


def granian_command(options: argparse.Namespace) -> list[str]:
    """The granian command line that serves newsdesk's WSGI application."""
    return [
        sys.executable, "-m", "granian",
        "--interface", "wsgi",
        "--host", options.host,
        "--port", str(options.port),
        "--workers", str(options.workers),
        # With the GIL, a few threads answer as fast as many, with less memory and a
        # lower p99 (BENCHMARKS.md); granian would otherwise start up to 256.
        "--blocking-threads", str(options.threads),
        "--workers-kill-timeout", str(WORKERS_KILL_SECONDS),
        # A worker that dies (killed, out of memory) is replaced; granian would otherwise
        # stop, taking the site down with it.
        "--respawn-failed-workers", "--respawn-interval", str(RESPAWN_SECONDS),
        "--no-ws",
        "newsdesk.wsgi:application",
    ]  # fmt: skip


def serve_commands(options: argparse.Namespace) -> dict[str, list[str]]:
    """What ``newsdesk serve`` runs, by name: the server and, unless told not to, the worker."""
    commands = {"server": granian_command(options)}
    if options.worker:
        commands["worker"] = [sys.executable, "-m", "newsdesk.cli", "worker"]
    return commands


def supervise(
    commands: dict[str, list[str]],
    *,
    stop_seconds: float = STOP_SECONDS,
    repeat_seconds: float = REPEAT_SECONDS,
    started: Callable[[str], None] = lambda name: None,
) -> int:
    """Run ``commands`` as child processes until one exits; stop the others, return its code.

    SIGTERM and SIGINT are passed on to every child, once: each child runs in a process
    group of its own, so a signal to serve's whole group (Ctrl-C in a terminal) reaches
    the children only through serve, and granian stops its workers itself. A signal that
    arrives while the children start stops those started so far and starts no more.
    ``started(name)`` is called after each child has started. A child still running
    ``repeat_seconds`` after it was asked to stop is asked again, and one still running
    ``stop_seconds`` after is killed, with its process group (granian's workers); every
    child is sent SIGTERM should serve itself die (even of SIGKILL).
    """
    children: dict[str, subprocess.Popen] = {}
    received = []

    def forward(signum, frame):
        received.append(signum)
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signum)

    previous = {signum: signal.signal(signum, forward) for signum in STOP_SIGNALS}
    code = 0
    try:
        for name, command in commands.items():
            if received:
                break
            # Held back until the child is in ``children``: a signal arriving meanwhile
            # is then passed on to it too, never lost.
            signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
            try:
                children[name] = subprocess.Popen(
                    command,
                    # Outside the terminal's foreground group, where reading would stop it.
                    stdin=subprocess.DEVNULL,
                    process_group=0,
                    preexec_fn=_child_of(os.getpid()),
                )
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
            started(name)
        # Polling is portable and cheap; signals are forwarded the moment they arrive.
        while not received and (exited := _first_exited(children)) is None:
            time.sleep(0.1)
        if not received:
            returncode = children[exited].returncode
            # Killed by a signal: the shell's convention, 128 + its number.
            code = returncode if returncode >= 0 else 128 - returncode
            others = [name for name in children if name != exited]
            if others:
                print(
                    f"newsdesk: the {exited} exited with code {code}; stopping the "
                    + " and the ".join(others),
                    file=sys.stderr,
                    flush=True,
                )
    finally:
        if not received:
            for child in children.values():
                if child.poll() is None:
                    child.terminate()
        signum = received[-1] if received else signal.SIGTERM
        _wait_or_kill(children, signum, repeat_seconds, stop_seconds)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if received:
        # Stopped as asked: clean, unless a child failed on its way out. One that died of
        # the signal passed on, before it could catch it, has stopped cleanly too.
        codes = [child.returncode for child in children.values()]
        failed = [c for c in codes if c not in (0, *(-s for s in received))]
        code = 0 if not failed else (failed[0] if failed[0] >= 0 else 128 - failed[0])
    return code


def _first_exited(children: dict[str, subprocess.Popen]) -> str | None:
    return next((name for name, child in children.items() if child.poll() is not None), None)


def _wait_or_kill(
    children: dict[str, subprocess.Popen], signum: int, repeat_seconds: float, seconds: float
) -> None:
    """Wait for every child to exit, each asked to by ``signum``: ask again those still
    running after ``repeat_seconds``; kill those still running after ``seconds``."""
    started = time.monotonic()
    repeated = False
    while running := {name: c for name, c in children.items() if c.poll() is None}:
        waited = time.monotonic() - started
        if waited >= seconds:
            for name, child in running.items():
                print(f"newsdesk: the {name} did not stop in {seconds:g} s; killing it",
                      file=sys.stderr, flush=True)  # fmt: skip
                _kill_group(child)
            break
        if not repeated and waited >= repeat_seconds:
            repeated = True
            for child in running.values():
                child.send_signal(signum)
        time.sleep(0.05)
    for child in children.values():
        child.wait()


def _kill_group(child: subprocess.Popen) -> None:
    """SIGKILL to ``child`` and every process in its group: nothing it started lives on."""
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it has just exited, and its group with it


def _child_of(parent: int) -> Callable[[], None]:
    """What a child runs between fork and exec: it gets SIGTERM should ``parent`` die."""

    def prepare() -> None:
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_DFL)  # not serve's handler, should one arrive now
        if _LIBC is not None:
            _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:
            os._exit(1)  # serve died before the line above: nobody would stop this child
        # The mask survives exec: the child must receive its stop signals.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)

    return prepare


def collect_static_files() -> None:
    """Give the server hashed, compressed static files; quick when nothing changed."""
    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)


def check_settings() -> None:
    """Exit with the reason, on one line, when the settings refuse the environment."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 — reading one setting loads them all
    except ImproperlyConfigured as error:
        sys.exit(f"newsdesk: {error}")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    if argv[:1] == ["serve"]:
        options = serve_options(argv[1:])
        # The settings (and granian's workers) judge whether this is production by it.
        os.environ["HOST"] = options.host
        # PUBLIC_URL follows them when it is not set (settings.py).
        os.environ["PORT"] = str(options.port)
    check_settings()
    if argv[:1] == ["serve"]:
        collect_static_files()
        print(f"newsdesk: serving on http://{options.host}:{options.port}", flush=True)
        sys.exit(supervise(serve_commands(options)))
    execute_from_command_line(["newsdesk", *argv])


if __name__ == "__main__":
    main()
