"""Sign-in throttling: wrong passwords lock a client out, before any password is hashed.

A client is a username at an address, and an address: five failures for one username at
one address lock that pair; twenty for any usernames lock the address. Failures live in
the database, so every worker, process and machine sees the same count.
"""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command
from django.db.models import F
from django.test import Client

from tests.serving import run_python

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
LIMIT = 5
ADDRESS_LIMIT = 20


def sign_in(client, username, password="pw", **request):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, **request
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response.url == "/admin/"


def fail(client, username, times=LIMIT, **request):
    for _ in range(times):
        response = sign_in(client, username, "wrong", **request)
        assert not signed_in(response)


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting every password it hashes (to check or to store)."""

    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.fixture
def hashes(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.calls = 0
    return CountingHasher


def test_wrong_passwords_lock_the_account_even_for_the_right_password(client, editor):
    fail(client, "edith")
    response = sign_in(client, "edith", "pw")
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302  # still signed out


def test_the_lockout_page_says_what_happened_and_for_how_long(client, editor):
    fail(client, "edith")
    response = sign_in(client, "edith", "pw")
    page = response.content.decode()
    assert "Too many failed sign-in attempts from your address" in page
    assert "paused for 15 minutes" in page
    assert "An Admin of the newsroom can unlock you" in page
    assert response["Retry-After"] == "900"


def test_a_locked_out_sign_in_never_hashes_a_password(client, editor, hashes):
    fail(client, "edith")
    assert hashes.calls == LIMIT  # each failure before the lockout was checked
    hashes.calls = 0
    for password in ["wrong", "pw", "wrong again"]:
        assert sign_in(client, "edith", password).status_code == 429
    assert hashes.calls == 0


def test_an_address_trying_many_usernames_is_locked_out_without_hashing(client, hashes):
    answers = [sign_in(client, f"guess{n}", "wrong").status_code for n in range(ADDRESS_LIMIT)]
    assert answers == [200] * (ADDRESS_LIMIT - 1) + [429]  # the last failure locks
    hashes.calls = 0
    assert sign_in(client, "someone-new", "wrong").status_code == 429
    assert hashes.calls == 0


def test_fewer_failures_than_the_address_limit_leave_other_usernames_alone(client, writer):
    for number in range(ADDRESS_LIMIT - 2):
        sign_in(client, f"guess{number}", "wrong")
    # A colleague behind the same office address still signs in.
    assert signed_in(sign_in(client, "wendy"))


def test_a_username_locked_at_one_address_still_signs_in_from_another(client, editor):
    """Typing an editor's name from elsewhere does not lock the editor out."""
    fail(client, "edith", REMOTE_ADDR="198.51.100.66")
    assert sign_in(client, "edith", REMOTE_ADDR="198.51.100.66").status_code == 429
    assert signed_in(sign_in(Client(), "edith", REMOTE_ADDR="192.0.2.10"))


def test_a_locked_username_leaves_colleagues_at_the_same_address_alone(client, editor, writer):
    fail(client, "edith")
    assert signed_in(sign_in(Client(), "wendy"))


def test_the_lock_holds_for_a_new_client_with_no_cookies(client, editor):
    fail(client, "edith")
    assert sign_in(Client(), "edith").status_code == 429


def test_after_the_cool_off_the_right_password_signs_in(client, editor):
    fail(client, "edith")
    # The failures were made 14 minutes ago: still locked.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14))
    assert sign_in(client, "edith").status_code == 429
    # Failed attempts during the lockout restart the wait: these were 16 minutes ago.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    assert signed_in(sign_in(client, "edith"))


def test_an_admin_unlocks_an_account_with_axes_reset_username(client, editor):
    fail(client, "edith")
    call_command("axes_reset_username", "edith")
    assert signed_in(sign_in(client, "edith"))


def test_an_admin_unlocks_an_account_by_deleting_its_attempts_in_the_admin(
    client, editor, site_admin
):
    fail(client, "edith")
    admin = Client()
    admin.force_login(site_admin)
    attempt = AccessAttempt.objects.get(username="edith")
    assert admin.get("/admin/axes/accessattempt/").status_code == 200
    response = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert signed_in(sign_in(client, "edith"))


def test_the_address_counted_is_the_one_our_proxy_saw(client, editor, settings):
    """Rotating the client-written part of X-Forwarded-For does not escape the lock."""
    settings.TRUSTED_PROXIES = 1
    for number in range(LIMIT):
        sign_in(client, "edith", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, 203.0.113.7")
    assert {a.ip_address for a in AccessAttempt.objects.all()} == {"203.0.113.7"}
    response = sign_in(client, "edith", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")
    assert response.status_code == 429
    # The same client seen by our proxy at another address is another client.
    assert signed_in(sign_in(Client(), "edith", HTTP_X_FORWARDED_FOR="203.0.113.7, 192.0.2.1"))


def test_no_password_or_code_is_kept_with_a_failed_attempt(client, editor):
    client.post(LOGIN, {"username": "edith", "password": "hunter22", "otp_token": "123456"})
    kept = AccessAttempt.objects.get().post_data
    assert "hunter22" not in kept and "123456" not in kept


# What a second process runs before the test's code: a sign-in as edith.
SIGN_IN = (
    "from django.test import Client\n"
    "def sign_in(password):\n"
    "    return Client().post('/admin/login/', {'username': 'edith', 'password': password,"
    " 'next': '/admin/'}).status_code\n"
)


def test_failures_in_one_process_lock_the_account_in_another(tmp_path):
    """Two server processes share the count: it lives in the database, not in memory."""
    env = {**os.environ, "NEWSDESK_VAR_DIR": str(tmp_path), "ALLOWED_HOSTS": "testserver"}
    env["SECRET_KEY"] = "a-key-for-two-processes"  # a host other than loopback needs one
    env["DEBUG"] = "true"  # static files without a collected manifest
    for name in ["DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"]:
        env.pop(name, None)  # a file SQLite database that both processes share
    subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", "migrate", "-v0"], env=env, check=True, timeout=120
    )
    run_python("from tests.factories import make_user; make_user('edith', 'Editor')", env)
    answers = run_python(SIGN_IN + f"print([sign_in('wrong') for _ in range({LIMIT})])", env)
    assert answers == str([200] * (LIMIT - 1) + [429])
    assert run_python(SIGN_IN + "print(sign_in('pw'))", env) == "429"
