"""Locks between processes, on the file system and in Redis."""

import subprocess
import sys

import pytest

from newsdesk.locks import exclusive

HOLD_IN_ANOTHER_PROCESS = """
import os, sys, time
os.environ["DJANGO_SETTINGS_MODULE"] = "newsdesk.settings"
import django; django.setup()
from django.conf import settings
settings.LOCKS_REDIS_PREFIX = sys.argv[1]  # the test's own
from newsdesk.locks import exclusive
with exclusive("job") as acquired:
    print("held", flush=True)
    sys.stdin.readline()
"""


@pytest.fixture(params=["file", "redis"])
def backend(request, settings, tmp_path):
    settings.REDIS_URL = request.getfixturevalue("redis_url") if request.param == "redis" else ""
    return {"NEWSDESK_VAR_DIR": str(settings.VAR_DIR), "REDIS_URL": settings.REDIS_URL}


def test_a_lock_held_by_another_process_is_refused_without_waiting(backend, settings):
    import os

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_IN_ANOTHER_PROCESS, settings.LOCKS_REDIS_PREFIX],
        env={**os.environ, **backend}, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        with exclusive("job", wait=False) as acquired:
            assert acquired is False
        with exclusive("other-job", wait=False) as acquired:
            assert acquired is True
    finally:
        holder.communicate("done\n", timeout=10)
    with exclusive("job", wait=False) as acquired:
        assert acquired is True


def test_lock_names_are_checked(settings):
    with pytest.raises(ValueError):
        with exclusive("../etc/passwd"):
            pass
