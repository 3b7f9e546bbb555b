"""Authenticator codes (TOTP) for newsroom accounts: optional, or required by an Admin."""

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
TOTP = "/admin/totp/"


def code(device) -> str:
    return f"{totp(device.bin_key):06d}"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def sign_in(client, username, **fields):
    data = {"username": username, "password": "pw", "next": "/admin/", **fields}
    return client.post(LOGIN, data)


def signed_in(response) -> bool:
    return response.status_code == 302 and response.url == "/admin/"


def test_a_staff_member_enrolls_by_scanning_a_qr_code_and_typing_a_code(client, writer):
    client.force_login(writer)
    page = client.get(TOTP).content.decode()
    device = TOTPDevice.objects.get(user=writer)
    assert not device.confirmed
    assert "<svg" in page and "Enroll" in page
    assert client.get(TOTP).status_code == 200
    assert TOTPDevice.objects.filter(user=writer).count() == 1  # a reload shows the same code
    response = client.post(TOTP, {"otp_token": code(device)})
    assert response.status_code == 302 and response.url == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_does_not_enroll(client, writer):
    client.force_login(writer)
    client.get(TOTP)
    device = TOTPDevice.objects.get(user=writer)
    response = client.post(TOTP, {"otp_token": f"{(int(code(device)) + 1) % 10**6:06d}"})
    assert response.status_code == 200 and "That code is not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_enrolling_needs_a_signed_in_staff_member(client):
    response = client.get(TOTP)
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_the_qr_code_holds_the_authenticator_address(client, writer):
    from tests.test_app_page import decode, rasterize

    client.force_login(writer)
    page = client.get(TOTP).content.decode()
    device = TOTPDevice.objects.get(user=writer)
    svg = re.search(r'<div class="totp-qr">(<svg.*?</svg>)</div>', page, re.S).group(1)
    assert decode(rasterize(svg)).text == device.config_url
    assert "Pacific%20Meridian" in device.config_url  # the issuer: the site's name


def test_without_an_authenticator_the_password_is_enough_by_default(client, editor):
    assert signed_in(sign_in(client, "edith"))
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("required", [False, True])
def test_an_enrolled_account_needs_its_code_to_sign_in(client, editor, settings, required):
    settings.REQUIRE_TOTP = required
    device = enrolled(editor)
    response = sign_in(client, "edith")
    assert response.status_code == 200
    assert "needs the code from its authenticator app" in response.content.decode()
    wrong = f"{(int(code(device)) + 1) % 10**6:06d}"
    assert sign_in(client, "edith", otp_token=wrong).status_code == 200
    assert client.get("/admin/").status_code == 302

    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp slows repeated wrong codes down
    device.throttling_failure_timestamp = None
    device.save()
    fresh = Client()
    assert signed_in(sign_in(fresh, "edith", otp_token=code(device)))
    assert fresh.get("/admin/").status_code == 200


def test_with_totp_required_an_account_without_one_is_sent_to_enroll(client, editor, settings):
    settings.REQUIRE_TOTP = True
    assert signed_in(sign_in(client, "edith"))
    for page in ["/admin/", "/admin/content/article/"]:
        response = client.get(page)
        assert response.status_code == 302
        assert response.url.startswith(f"{TOTP}?next=")
    enroll = client.get(TOTP).content.decode()
    assert "asks every account for an authenticator code" in enroll
    device = TOTPDevice.objects.get(user=editor)
    response = client.post(f"{TOTP}?next=/admin/content/article/", {"otp_token": code(device)})
    assert response.url == "/admin/content/article/"
    assert client.get("/admin/content/article/").status_code == 200


def test_a_session_from_before_enrolling_must_give_a_code(client, editor):
    client.force_login(editor)
    device = enrolled(editor)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url == f"{TOTP}?next=%2Fadmin%2F"
    assert "Type the code your authenticator app shows" in client.get(TOTP).content.decode()
    assert client.post(TOTP + "?next=/admin/", {"otp_token": code(device)}).url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_next_page_after_a_code_stays_on_this_site(client, editor):
    client.force_login(editor)
    device = enrolled(editor)
    response = client.post(TOTP + "?next=https://evil.test/", {"otp_token": code(device)})
    assert response.url == "/admin/"


def test_signing_out_needs_no_code(client, editor, settings):
    settings.REQUIRE_TOTP = True
    client.force_login(editor)
    assert client.post("/admin/logout/").status_code == 200


def test_require_totp_is_read_from_the_environment(tmp_path):
    from tests.test_settings import _settings_in_subprocess

    assert _settings_in_subprocess(tmp_path, "print(s.REQUIRE_TOTP)") == "False"
    out = _settings_in_subprocess(tmp_path, "print(s.REQUIRE_TOTP)", REQUIRE_TOTP="true")
    assert out == "True"


def test_the_sign_in_page_has_a_field_for_the_code(client):
    page = client.get(LOGIN).content.decode()
    assert 'name="otp_token"' in page and 'autocomplete="one-time-code"' in page
    assert "Only if you have enrolled an authenticator app." in page
