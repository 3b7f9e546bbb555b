"""Locks across processes: Redis when REDIS_URL is set (across machines), else a file lock
under var/locks/ (across the processes of one machine).

    with exclusive("scheduler", wait=False) as acquired:
        if acquired: ...

Used wherever only one process at a time may do a thing: rotating the purge log, and the
jobs that later run on a schedule.
"""

import contextlib
import fcntl
import os
import re

import redis
from django.conf import settings


@contextlib.contextmanager
def exclusive(name: str, *, wait: bool = True, timeout: int = 60):
    """Hold the lock ``name``; yields False instead of waiting when ``wait`` is False.

    ``timeout`` bounds how long a Redis lock outlives a crashed holder.
    """
    if not re.fullmatch(r"[\w.-]+", name):
        raise ValueError(f"lock names are words, dots and dashes, not {name!r}")
    if settings.REDIS_URL:
        with _redis_lock(name, wait, timeout) as acquired:
            yield acquired
    else:
        with _file_lock(name, wait) as acquired:
            yield acquired


@contextlib.contextmanager
def _file_lock(name, wait):
    directory = settings.VAR_DIR / "locks"
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _redis_lock(name, wait, timeout):
    client = redis.Redis.from_url(settings.REDIS_URL)
    lock = client.lock(settings.LOCKS_REDIS_PREFIX + name, timeout=timeout, blocking=wait)
    if not lock.acquire():
        yield False
        return
    try:
        yield True
    finally:
        with contextlib.suppress(redis.exceptions.LockError):
            lock.release()
