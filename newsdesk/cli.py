"""The ``newsdesk`` command: ``serve``, plus every Django management command.

newsdesk serve [--host H] [--port P] [--workers N]   production server (granian)
newsdesk demo                                         load the demo newsroom
newsdesk migrate | createsuperuser | ...              Django's own commands
"""

import argparse
import os
import sys


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


def collect_static_files() -> None:
    """Give the server hashed, compressed static files; quick when nothing changed."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    if argv[:1] == ["serve"]:
        options = serve_options(argv[1:])
        collect_static_files()
        print(f"newsdesk: serving on http://{options.host}:{options.port}", flush=True)
        command = granian_command(options)
        os.execv(command[0], command)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["newsdesk", *argv])


if __name__ == "__main__":
    main()
