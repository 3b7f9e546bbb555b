"""Sending the worker's emails: the newsroom's notifications, the newsletter's
confirmation links and its daily issues.

Each message is claimed before it goes out (a row updated and committed, which only one
worker can win), so a worker that stops halfway never sends one twice; a round's messages
share one SMTP connection. A recipient the server refuses fails that message alone; any
other failure (the server away, or refusing everyone) ends the round, and the rest wait
for a later one rather than each failing in turn.
"""

import contextlib
import smtplib
from collections.abc import Callable, Iterable
from typing import Any

from django.core import mail


def refused(error: Exception) -> bool:
    """Whether ``error`` is the server refusing this recipient only."""
    return isinstance(error, smtplib.SMTPRecipientsRefused)


def send_each(
    due: Iterable,
    *,
    claim: Callable[[Any], Any],
    message: Callable[[Any, Any], mail.EmailMessage],
    sent: Callable[[Any], None],
    failed: Callable[[Any, Exception], None],
) -> tuple[int, int]:
    """Email each of ``due`` that ``claim`` wins (it returns what it claimed, or None to
    skip), with the ``message`` made of that over the round's connection; then ``sent``
    or ``failed`` records how it went. Returns how many were sent and how many failed."""
    sent_count = failed_count = 0
    connection = mail.get_connection()
    try:
        for item in due:
            claimed = claim(item)
            if claimed is None:
                continue  # another worker has it, or there is nothing to send any more
            try:
                email = message(claimed, connection)
                connection.open()  # once a round, unless a failure closed it
                email.send()
            except Exception as error:
                failed_count += 1
                failed(claimed, error)
                with contextlib.suppress(Exception):
                    connection.close()
                if not refused(error):
                    break
            else:
                sent_count += 1
                sent(claimed)
    finally:
        with contextlib.suppress(Exception):
            connection.close()
    return sent_count, failed_count
