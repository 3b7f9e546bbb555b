"""The ``newsdesk`` command: ``serve``, plus every Django management command.

newsdesk serve [--host H] [--port P] [--workers N]   production server (granian) and worker
newsdesk worker [--interval S] [--once]               publish scheduled articles on time
newsdesk demo                                         load the demo newsroom
newsdesk migrate | createsuperuser | ...              Django's own commands
"""

import argparse
import os
import signal
import subprocess
import sys
import time

import django
from django.core.management import call_command, execute_from_command_line

from newsdesk.env import env_bool

# How long a child may take to stop after SIGTERM before it is killed.
STOP_SECONDS = 20


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
        "--no-ws",
        "newsdesk.wsgi:application",
    ]  # fmt: skip


def serve_commands(options: argparse.Namespace) -> dict[str, list[str]]:
    """What ``newsdesk serve`` runs, by name: the server and, unless told not to, the worker."""
    commands = {"server": granian_command(options)}
    if options.worker:
        commands["worker"] = [sys.executable, "-m", "newsdesk.cli", "worker"]
    return commands


def supervise(commands: dict[str, list[str]], *, stop_seconds: float = STOP_SECONDS) -> int:
    """Run ``commands`` as child processes until one exits; stop the others, return its code.

    SIGTERM and SIGINT are passed on to every child. A child still running
    ``stop_seconds`` after it was asked to stop is killed.
    """
    children: dict[str, subprocess.Popen] = {}
    received = []

    def forward(signum, frame):
        received.append(signum)
        for child in list(children.values()):
            child.send_signal(signum)

    signals = (signal.SIGTERM, signal.SIGINT)
    previous = {signum: signal.signal(signum, forward) for signum in signals}
    try:
        for name, command in commands.items():
            children[name] = subprocess.Popen(command)
        # Polling is portable and cheap; signals are forwarded the moment they arrive.
        while (exited := _first_exited(children)) is None:
            time.sleep(0.1)
        returncode = children[exited].returncode
        if -returncode in received:
            code = 0  # stopped by the signal it was asked to stop with, before it could catch it
        else:
            # Killed by a signal: the shell's convention, 128 + its number.
            code = returncode if returncode >= 0 else 128 - returncode
        others = [name for name in children if name != exited]
        if others and not received:
            print(
                f"newsdesk: the {exited} exited with code {code}; stopping the "
                + " and the ".join(others),
                file=sys.stderr,
                flush=True,
            )
    finally:
        _stop(children.values(), stop_seconds)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return code


def _first_exited(children: dict[str, subprocess.Popen]) -> str | None:
    return next((name for name, child in children.items() if child.poll() is not None), None)


def _stop(children, seconds: float) -> None:
    """Ask every child still running to stop; kill those that take longer than ``seconds``."""
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + seconds
    for child in children:
        try:
            child.wait(timeout=max(deadline - time.monotonic(), 0))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def collect_static_files() -> None:
    """Give the server hashed, compressed static files; quick when nothing changed."""
    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    if argv[:1] == ["serve"]:
        options = serve_options(argv[1:])
        collect_static_files()
        print(f"newsdesk: serving on http://{options.host}:{options.port}", flush=True)
        sys.exit(supervise(serve_commands(options)))
    execute_from_command_line(["newsdesk", *argv])


if __name__ == "__main__":
    main()
