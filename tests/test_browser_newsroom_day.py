"""Issue 16's bar, in a real Chromium: a newsroom of four people runs a day's work (write,
review, return, translate, schedule, arrange the front, publish) without anyone opening a
list to hunt for their work.

Ada (Admin) invites Wendy, a writer. Wendy, Edith (Editor) and Tao (Translator) each work
in a browser of their own and find every piece of work on their newsroom home, or behind
a notification: nobody types an address to find it. The worker's chores (the scheduler,
the notification and invitation emails) are called as the worker calls them.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from newsdesk.content.models import Article
from newsdesk.newsroom import invitations, notifications, workflow
from tests.browser import rich_text
from tests.factories import make_article, make_person, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Night ferries return to the harbour"
FIRST_DRAFT = "The harbour authority brings back the night ferries."
ADDED = "Boats leave every forty minutes until midnight, from Friday."
NOTE = "Say when they start, and how often they run."
CHINESE = {
    "headline": "夜班渡轮重返港口",
    "standfirst": "周五起，渡轮午夜前每四十分钟一班。",
    "paragraphs": ["港务局恢复夜班渡轮。", "周五起，渡轮午夜前每四十分钟一班。"],
}


# Steps everyone takes ----------------------------------------------------------------


def home(page, server):
    """Back to the newsroom home, the first screen."""
    page.goto(f"{server}/admin/")
    return page


def work_list(page, title):
    """One list of the home, by its heading ("Awaiting review", "Returned to me"…)."""
    return page.get_by_role("region", name=title, exact=True)


def open_from(page, title, headline):
    """Open ``headline``'s article from the home's list ``title``."""
    work_list(page, title).get_by_role("link", name=headline, exact=True).click()


def nav_link(page, label):
    return page.get_by_role("navigation", name="Newsroom").get_by_role(
        "link", name=re.compile(f"^{label}")
    )


def expect_count(page, label, count):
    """The navigation's link ``label`` shows ``count`` things waiting."""
    expect(nav_link(page, label).locator(".newsroom-count")).to_have_text(str(count))


def expect_message(page, text):
    expect(page.locator("ul.messagelist")).to_contain_text(text)


def step(page, action):
    """Press a workflow button of the article form ("submitted", "returned"…)."""
    page.locator(f'button[name="_step"][value="{action}"]').click()


def invite_writer(admin, open_page, server, smtp_server):
    """Ada invites Wendy as a writer; Wendy joins from the emailed link, signed in."""
    admin.get_by_role("link", name="Invite a colleague").click()
    admin.get_by_label("Email").fill("wendy@example.test")
    admin.get_by_label("Role").select_option(label="Writer")
    admin.get_by_role("button", name="Send the invitation").click()
    expect_message(admin, "Invitation saved for wendy@example.test")
    invitations.send_due()  # the worker's chore
    [message] = smtp_server.to("wendy@example.test")
    link = re.search(r"http://\S+/admin/invitation/\S+/", message.get_content()).group()
    page = open_page()
    page.goto(link)
    page.get_by_label("Public name").fill("Wendy Lam")
    page.get_by_label("Role title").fill("Harbour reporter")
    page.get_by_label("Bio").fill("Covers the harbour and its ferries.")
    page.locator("#id_new_password1").fill("tide-Harbour-1987")
    page.locator("#id_new_password2").fill("tide-Harbour-1987")
    page.get_by_role("button", name="Join the newsroom").click()
    expect(page).to_have_url(f"{server}/admin/")
    return page, get_user_model().objects.get(email="wendy@example.test")


def test_a_newsroom_of_four_runs_a_days_work_from_their_homes(
    live_server, settings, open_page, sign_in, smtp_server, site_admin, editor, translator
):
    server = live_server.url
    settings.PUBLIC_URL = server
    make_section(name="Harbour", slug="harbour")
    make_person(name="Edith Okafor", user=editor)
    make_person(name="Tao Zhang", user=translator)
    admin = sign_in(site_admin)
    desk = sign_in(editor)
    tao = sign_in(translator)
    wendy, writer = invite_writer(admin, open_page, server, smtp_server)

    # 1. Wendy writes a story from her home and submits it.
    wendy.get_by_role("link", name="Write a story").click()
    # Loaded: the form's scripts fill the slug from the headline as it is typed.
    wendy.wait_for_url("**/admin/content/article/add/")
    wendy.locator("#id_headline").fill(HEADLINE)
    wendy.locator("#id_standfirst").fill("The crossings run until midnight from Friday.")
    wendy.locator("#id_section").select_option(label="Harbour")
    rich_text(wendy, "Body").click()
    wendy.keyboard.type(FIRST_DRAFT)
    step(wendy, "submitted")
    expect_message(wendy, "Submit for review: done.")
    story = Article.objects.get(headline=HEADLINE)
    assert [person.name for person in story.ordered_authors()] == ["Wendy Lam"]

    # 2. Edith finds it awaiting review, and returns it with a note.
    home(desk, server)
    expect_count(desk, "Awaiting review", 1)
    open_from(desk, "Awaiting review", HEADLINE)
    desk.get_by_label("Note for the writer or editor").fill(NOTE)
    desk.get_by_role("button", name="Return to the writer").click()
    expect_message(desk, "Return to the writer: done.")

    # 3. Wendy is told; her home shows the story returned, with the note.
    home(wendy, server)
    expect_count(wendy, "Notifications", 1)
    expect_count(wendy, "Returned to me", 1)
    returned = work_list(wendy, "Returned to me")
    expect(returned.locator(".home-note")).to_contain_text(NOTE)
    open_from(wendy, "Returned to me", HEADLINE)
    expect(wendy.locator(".newsroom-notes")).to_contain_text(NOTE)
    rich_text(wendy, "Body").click()
    wendy.keyboard.press("Control+End")
    wendy.keyboard.press("Enter")
    wendy.keyboard.type(ADDED)
    step(wendy, "submitted")
    expect_message(wendy, "Submit for review: done.")

    # 4. Edith publishes it, and has it translated by Tao.
    home(desk, server)
    open_from(desk, "Awaiting review", HEADLINE)
    step(desk, "published")
    expect_message(desk, "Publish now: done.")
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert story.body == f"<p>{FIRST_DRAFT}</p><p>{ADDED}</p>"
    home(desk, server)
    open_from(desk, "Recently published", HEADLINE)
    desk.get_by_role("link", name="Request a translation").click()
    desk.locator("#id_language").select_option("zh-hans")
    desk.locator("#id_translator").select_option(str(translator.pk))
    desk.get_by_role("button", name="Request the translation").click()
    expect_message(desk, "a draft is waiting for Tao Zhang")
    translation = Article.objects.get(translation_of=story)

    # 5. Tao finds it assigned to him, translates it side by side and submits it.
    home(tao, server)
    expect_count(tao, "Notifications", 1)
    expect_count(tao, "My translations", 1)
    nav_link(tao, "Notifications").click()
    expect(tao.locator(".notification-unread")).to_contain_text("Translation assigned")
    home(tao, server)
    assigned = work_list(tao, "Translations assigned to me")
    assigned.get_by_role("link", name="Translate side by side").click()
    expect(tao).to_have_url(f"{server}/admin/content/article/{translation.pk}/translate/")
    tao.locator("#id_headline").fill(CHINESE["headline"])
    tao.locator("#id_standfirst").fill(CHINESE["standfirst"])
    for n, text in enumerate(CHINESE["paragraphs"]):
        rich_text(tao, f"Block {n + 1}").fill(text)
    tao.get_by_role("button", name="Save and submit for review").click()
    expect_message(tao, "Saved and submitted for review.")

    # 6. Edith schedules the translation for this evening; the scheduler publishes it.
    when = timezone.localtime() + timedelta(hours=3)
    when = when.replace(second=0, microsecond=0)
    home(desk, server)
    open_from(desk, "Awaiting review", CHINESE["headline"])
    desk.locator("#id_published_at_0").fill(when.strftime("%Y-%m-%d"))
    desk.locator("#id_published_at_1").fill(when.strftime("%H:%M:%S"))
    desk.get_by_role("button", name="Schedule", exact=True).click()
    expect_message(desk, "Schedule: done.")
    home(desk, server)
    scheduled = work_list(desk, "Scheduled")
    item = scheduled.get_by_role("listitem").filter(has_text=CHINESE["headline"])
    expect(item.locator("time")).to_have_text(when.strftime("%-d %b %Y, %H:%M"))
    assert workflow.publish_due(now=when + timedelta(minutes=1)) == [translation]
    translation.refresh_from_db()
    assert translation.status == Article.Status.PUBLISHED
    assert translation.published_at == when

    # 7. A wire story comes in after Wendy's; Edith pins Wendy's as the English lead.
    make_article(headline="Tide tables printed for the winter", published_at=timezone.now())
    reader = open_page()
    reader.goto(f"{server}/en/")
    lead = reader.locator(".lead-story .card-headline")
    expect(lead).to_have_text("Tide tables printed for the winter")
    home(desk, server)
    nav_link(desk, "Front page").click()
    desk.get_by_label("Add a story").select_option(label=HEADLINE)
    desk.get_by_label("as the lead").check()
    desk.get_by_role("button", name="Add", exact=True).click()
    expect_message(desk, "Draft saved")
    desk.get_by_role("button", name="Make live").click()
    expect_message(desk, "The arrangement is live.")
    reader.reload()
    expect(lead).to_have_text(HEADLINE)

    # 8. The worker emails what each person's defaults ask for, each once.
    notifications.send_due()
    # (A subject folded onto its own line, as a non-ASCII one is, parses with a space.)
    site = settings.SITE_NAME
    people = {"ada": site_admin, "edith": editor, "wendy": writer, "tao": translator}
    subjects = {
        name: sorted(m["Subject"].strip() for m in smtp_server.to(person.email))
        for name, person in people.items()
    }
    # Wendy's story was submitted twice, Tao's translation once.
    submitted = sorted(
        [f"Submitted for review: {HEADLINE}"] * 2 + [f"Submitted for review: {CHINESE['headline']}"]
    )
    assert subjects == {
        "ada": submitted,
        "edith": submitted,
        "wendy": [f"Returned: {HEADLINE}", f"You are invited to the {site} newsroom"],
        "tao": [f"Translation assigned: {HEADLINE}"],
    }
    before = len(smtp_server.messages)
    assert notifications.send_due() is None
    assert len(smtp_server.messages) == before
