"""Issue 16, point 4, in a real Chromium: an Admin invites a colleague, who joins from the
emailed link and writes her first story under her own byline."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from newsdesk.content.models import Article, Person
from newsdesk.newsroom import invitations
from tests.factories import make_section
from tests.test_browser_csp import RECORD_VIOLATIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_invited_writer_joins_and_writes_under_her_own_byline(
    live_server, settings, sign_in, open_page, site_admin, smtp_server
):
    settings.PUBLIC_URL = live_server.url
    make_section(name="Harbour", slug="harbour")

    desk = sign_in(site_admin)
    desk.get_by_role("link", name="Invite a colleague").click()
    desk.get_by_label("Email").fill("ana@example.test")
    desk.get_by_label("Role").select_option(label="Writer")
    desk.get_by_role("button", name="Send the invitation").click()
    expect(desk.locator("ul.messagelist")).to_contain_text("Invitation saved for ana@example.test")

    # The worker emails the link; the invitee opens it, signed in as nobody.
    invitations.send_due()
    [message] = smtp_server.to("ana@example.test")
    link = re.search(r"http://\S+/admin/invitation/\S+/", message.get_content()).group()
    page = open_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(link)
    page.get_by_label("Public name").fill("Ana Lima")
    page.get_by_label("Role title").fill("Staff writer")
    page.get_by_label("Bio").fill("Covers the harbour and its ferries.")
    page.locator("#id_new_password1").fill("tide-Harbour-1987")
    page.locator("#id_new_password2").fill("tide-Harbour-1987")
    page.get_by_role("button", name="Join the newsroom").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.locator("ul.messagelist")).to_contain_text("Welcome to the newsroom")

    ana = get_user_model().objects.get(email="ana@example.test")
    person = Person.objects.get(user=ana)
    assert (person.name, person.role_title) == ("Ana Lima", "Staff writer")

    # Her first story: the form shows her as its author before she touches it.
    page.goto(f"{live_server.url}/admin/content/article/add/")
    expect(page.locator("#id_bylines-0-person")).to_have_value(str(person.pk))
    expect(page.locator("#select2-id_bylines-0-person-container")).to_have_text(
        re.compile("Ana Lima")
    )
    page.locator("#id_headline").fill("Night ferries return to the harbour")
    page.locator("#id_section").select_option(label="Harbour")
    page.get_by_role("textbox", name="Body").click()
    page.keyboard.type("The harbour authority brings back the night ferries on Friday.")
    page.locator('input[name="_continue"]').click()
    expect(page.locator("ul.messagelist")).to_be_visible()

    article = Article.objects.get(headline="Night ferries return to the harbour")
    assert article.created_by == ana
    assert [byline.person for byline in article.bylines.all()] == [person]
    assert page.evaluate("window.__violations") == []
