"""End to end in a real Chromium: a lockout after wrong passwords, and a sign-in with a code."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    yield context.new_page()
    context.close()


def submit(page, server, username, password, code=""):
    page.goto(f"{server}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    if code:
        page.locator("#id_otp_token").fill(code)
    page.locator("input[type=submit]").click()


def test_wrong_passwords_show_the_lockout_page_even_for_the_right_one(live_server, page, editor):
    for _ in range(4):
        submit(page, live_server.url, "edith", "wrong")
        expect(page.locator(".errornote")).to_contain_text("Please enter the correct username")
    submit(page, live_server.url, "edith", "wrong")
    expect(page.locator("h1")).to_have_text("Sign-in paused")
    expect(page.locator(".errornote")).to_contain_text(
        "Too many failed sign-in attempts from your address. Sign-in is paused for 15 minutes."
    )
    submit(page, live_server.url, "edith", "pw")
    expect(page.locator("h1")).to_have_text("Sign-in paused")


def test_an_enrolled_editor_signs_in_with_her_code(live_server, page, editor):
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    submit(page, live_server.url, "edith", "pw")
    expect(page.locator(".errornote")).to_contain_text("needs the code from its authenticator")
    submit(page, live_server.url, "edith", "pw", code=f"{totp(device.bin_key):06d}")
    expect(page).to_have_url(f"{live_server.url}/admin/")
