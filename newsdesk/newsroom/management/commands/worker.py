"""``newsdesk worker``: publish scheduled articles when their time comes, until stopped."""

import logging
import signal

from django.core.management.base import BaseCommand, CommandError

from newsdesk.env import env_int
from newsdesk.newsroom import scheduler


def quiet_unless_verbose(verbosity: int) -> None:
    """``-v0``: warnings and errors only. Where the log goes is the settings' LOGGING
    (standard error, README "Logging")."""
    if verbosity == 0:
        scheduler.logger.setLevel(logging.WARNING)


class Command(BaseCommand):
    help = "Publish scheduled articles when their time comes: a round every few seconds."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=env_int("WORKER_INTERVAL_SECONDS", 5),
            help="seconds between rounds (default: WORKER_INTERVAL_SECONDS, else 5)",
        )
        parser.add_argument(
            "--once", action="store_true", help="run one round and exit (for cron or a timer)"
        )

    def handle(self, *args, interval, once, verbosity, **options):
        if interval <= 0:
            raise CommandError(
                f"The interval must be a positive number of seconds, not {interval}."
            )
        quiet_unless_verbose(verbosity)
        # SIGTERM (systemd, `newsdesk serve`) or Ctrl-C: finish the round, then stop.
        signals = []
        previous = {
            signum: signal.signal(signum, lambda signum, frame: signals.append(signum))
            for signum in (signal.SIGTERM, signal.SIGINT)
        }
        if not once:
            scheduler.logger.info("publishing scheduled articles every %g s", interval)
        try:
            succeeded = scheduler.run(interval, once=once, stopping=lambda: bool(signals))
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if once and not succeeded:
            raise CommandError("The round failed; see the log above.")
        if signals:
            scheduler.logger.info("stopped")
