"""`make admin` / `newsdesk createsuperuser`: without a terminal it creates nothing and fails
clearly (Django's own says "skipped" and exits 0); with --noinput it creates the account."""

import io
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.serving import ROOT

pytestmark = pytest.mark.django_db


def test_without_a_terminal_no_account_is_made_and_the_command_says_how():
    with pytest.raises(CommandError, match="No account was created") as error:
        call_command("createsuperuser", stdin=io.StringIO(""), stdout=io.StringIO())
    assert "--noinput --username" in str(error.value)
    assert "DJANGO_SUPERUSER_PASSWORD" in str(error.value)
    assert not get_user_model().objects.exists()


def test_the_newsdesk_command_exits_non_zero_without_a_terminal(tmp_path):
    run = subprocess.run(
        [str(ROOT / ".venv/bin/newsdesk"), "createsuperuser"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"NEWSDESK_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert run.returncode == 1
    assert "No account was created" in run.stderr


def test_without_a_terminal_noinput_creates_the_account(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long harbour password")
    call_command(
        "createsuperuser",
        interactive=False,
        username="rosa",
        email="rosa@example.org",
        stdin=io.StringIO(""),
        stdout=io.StringIO(),
    )
    rosa = get_user_model().objects.get(username="rosa")
    assert rosa.is_superuser and rosa.check_password("a long harbour password")
