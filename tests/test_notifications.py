"""Notifications: each person is told what happened to their work, in the newsroom and by
email from the worker, once."""

import contextlib
import logging
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.content.models import Article
from newsdesk.newsroom import notifications, revisions, scheduler
from newsdesk.newsroom.models import Notification, NotificationPreference
from newsdesk.newsroom.templatetags.newsroom_nav import nav_links
from newsdesk.newsroom.translations import request_translation
from newsdesk.newsroom.workflow import publish_due, take_step
from tests.conftest import closed_port
from tests.factories import make_article, make_person, make_user
from tests.newsroom_forms import article_form, change_url

Kind = Notification.Kind
Status = Article.Status


@pytest.fixture(autouse=True)
def file_lock(settings):
    """The notifications lock in this test's own folder: in Redis, parallel tests share it."""
    settings.REDIS_URL = ""
    settings.PUBLIC_URL = "https://news.example.org"


def told(kind=None) -> list[tuple[str, str]]:
    """(username, kind) of every notification, in a stable order."""
    notes = Notification.objects.all() if kind is None else Notification.objects.filter(kind=kind)
    return sorted(notes.values_list("recipient__username", "kind"))


def story(writer, **fields) -> Article:
    fields.setdefault("status", Status.DRAFT)
    fields.setdefault("published_at", None)
    return make_article(created_by=writer, **fields)


# Who is told -----------------------------------------------------------------------------


def test_returning_a_story_tells_its_writer_and_the_people_of_its_byline_with_the_note(
    client, editor, writer, other_writer
):
    byline = make_person(name="Walter Nakamura", user=other_writer)
    article = story(writer, status=Status.REVIEW, authors=[byline, make_person()])
    client.force_login(editor)
    client.post(
        change_url(article),
        article_form(article, dates=True, _step="returned", review_note="Check the tide times."),
    )
    assert told() == [("walter", "returned"), ("wendy", "returned")]
    note = Notification.objects.get(recipient=writer)
    assert (note.article, note.headline, note.actor_name) == (
        article,
        article.headline,
        "Edith Okafor",
    )
    assert note.note == "Check the tide times."
    assert note.summary == f"Edith Okafor returned “{article.headline}” to you."


def test_submitting_tells_every_active_editor_but_the_one_who_submitted(editor, writer, site_admin):
    second = make_user("esme", "Editor", first_name="Esme", last_name="Obi")
    make_user("gone", "Editor", is_active=False)
    take_step(story(writer), "submitted", writer)
    assert told() == [("ada", "submitted"), ("edith", "submitted"), ("esme", "submitted")]

    Notification.objects.all().delete()
    take_step(story(second), "submitted", second)
    assert told() == [("ada", "submitted"), ("edith", "submitted")]


def test_scheduling_tells_the_writer_the_time_and_not_the_editor(editor, writer):
    article = story(writer, status=Status.REVIEW, authors=[make_person(user=editor)])
    when = timezone.now() + timedelta(hours=3)
    take_step(article, "scheduled", editor, when=when)
    [note] = Notification.objects.all()
    assert (note.recipient, note.kind) == (writer, Kind.SCHEDULED)
    assert timezone.localtime(when).strftime("%Y-%m-%d %H:%M") in note.summary


def test_rescheduling_tells_the_writer_the_new_time(editor, writer):
    article = story(writer, status=Status.REVIEW)
    take_step(article, "scheduled", editor, when=timezone.now() + timedelta(hours=3))
    later = timezone.now() + timedelta(days=2)
    take_step(article, "scheduled", editor, when=later)
    assert told() == [("wendy", "scheduled"), ("wendy", "scheduled")]
    newest = Notification.objects.filter(recipient=writer).first()
    assert timezone.localtime(later).strftime("%Y-%m-%d %H:%M") in newest.summary


def test_the_scheduler_publishing_a_translation_tells_its_writer_and_translator(
    editor, writer, translator
):
    original = make_article(created_by=writer, authors=[make_person(user=writer)])
    translation = request_translation(original, "zh-hans", translator, by=editor)
    translation.status, translation.published_at = Status.SCHEDULED, timezone.now()
    translation.save()
    Notification.objects.all().delete()

    publish_due(timezone.now() + timedelta(seconds=1))

    # The editor who requested it (and created the draft) hears of it too: she did not act.
    assert told() == [("edith", "published"), ("tao", "published"), ("wendy", "published")]
    note = Notification.objects.get(recipient=translator)
    assert note.actor_name == "scheduler"
    assert note.summary == f"“{translation.headline}” was published as scheduled."


def test_an_editor_publishing_tells_the_writer_not_herself(editor, writer):
    byline = [make_person(user=writer)]
    article = make_article(status=Status.DRAFT, created_by=editor, authors=byline)
    take_step(article, "published", editor)
    assert told() == [("wendy", "published")]


def test_returning_a_translation_tells_its_translator_not_the_originals_authors(
    editor, writer, translator, site_admin
):
    original = make_article(created_by=writer, authors=[make_person(user=writer)])
    translation = request_translation(original, "zh-hans", translator, by=site_admin)
    Article.objects.filter(pk=translation.pk).update(status=Status.REVIEW)
    translation.refresh_from_db()
    Notification.objects.all().delete()
    take_step(translation, "returned", editor, note="The second paragraph is missing.")
    assert told() == [("ada", "returned"), ("tao", "returned")]


def test_requesting_a_translation_tells_its_translator_once(editor, translator):
    original = make_article()
    translation = request_translation(original, "zh-hans", translator, by=editor)
    [note] = Notification.objects.all()
    assert (note.recipient, note.kind, note.article) == (
        translator,
        Kind.TRANSLATION_ASSIGNED,
        translation,
    )
    assert "Edith Okafor assigned you the translation of" in note.summary


def test_an_editor_assigning_a_translation_to_herself_is_not_told(editor):
    request_translation(make_article(), "zh-hans", editor, by=editor)
    assert told() == []


def test_changing_the_translator_tells_the_new_one(client, editor, translator):
    other = make_user("tamar", "Translator", first_name="Tamar", last_name="Cohen")
    translation = request_translation(make_article(), "zh-hans", translator, by=editor)
    task = translation.translation_task
    Notification.objects.all().delete()
    client.force_login(editor)
    url = f"/admin/newsroom/translationtask/{task.pk}/change/"
    assert client.post(url, {"translator": other.pk}).status_code == 302
    assert told() == [("tamar", "translation_assigned")]
    # Saved again with the same translator: nobody is told again.
    client.post(url, {"translator": other.pk})
    assert told() == [("tamar", "translation_assigned")]


def test_a_change_to_the_original_tells_the_translator_once_until_the_translation_catches_up(
    editor, writer, translator
):
    original = make_article(created_by=writer)
    translation = request_translation(original, "zh-hans", translator, by=editor)
    Notification.objects.all().delete()

    original.body = "<p>A new first paragraph.</p>"
    original.save()
    revisions.record(original, writer)
    assert told() == [("tao", "original_changed")]
    note = Notification.objects.get()
    assert (note.article, note.actor_name) == (translation, "Wendy Lam")

    original.body = "<p>A newer first paragraph.</p>"
    original.save()
    revisions.record(original, writer)
    assert told() == [("tao", "original_changed")]  # still outdated: not told again


def test_the_translator_changing_the_original_is_not_told(editor):
    original = make_article()
    request_translation(original, "zh-hans", editor, by=editor)
    original.headline = "A changed headline"
    original.save()
    revisions.record(original, editor)
    assert told() == []


# Preferences ---------------------------------------------------------------------------


def test_email_is_due_by_default_for_what_asks_to_act_and_not_for_publication(editor, writer):
    article = story(writer, status=Status.REVIEW)
    take_step(article, "returned", editor, note="Shorter, please.")
    take_step(article, "published", editor)
    returned = Notification.objects.get(kind=Kind.RETURNED)
    published = Notification.objects.get(kind=Kind.PUBLISHED)
    assert returned.email_due_at is not None and published.email_due_at is None


def test_the_choices_on_the_settings_page_are_honoured(client, editor, writer):
    client.force_login(writer)
    page = client.get("/admin/notifications/settings/").content.decode()
    ticked = re.findall(r'value="(\w+)" id="id_email_kinds_\d+" checked', page)
    assert ticked == ["returned", "submitted", "translation_assigned", "original_changed"]
    client.post("/admin/notifications/settings/", {"email_kinds": ["published"], "language": "en"})
    assert NotificationPreference.objects.get(user=writer).email_kinds == ["published"]
    page = client.get("/admin/notifications/settings/").content.decode()
    assert re.findall(r'value="(\w+)" id="id_email_kinds_\d+" checked', page) == ["published"]

    article = story(writer, status=Status.REVIEW)
    take_step(article, "returned", editor, note="Shorter, please.")
    take_step(article, "published", editor)
    # Both are in the newsroom; only publication is emailed.
    assert told() == [("wendy", "published"), ("wendy", "returned")]
    assert Notification.objects.get(kind=Kind.RETURNED).email_due_at is None
    assert Notification.objects.get(kind=Kind.PUBLISHED).email_due_at is not None


def test_a_person_without_an_email_address_gets_none_and_the_settings_page_says_so(
    client, editor, writer
):
    writer.email = ""
    writer.save()
    client.force_login(writer)
    page = client.get("/admin/notifications/settings/").content.decode()
    assert "Your account has no email address: you get no email" in page
    take_step(story(writer, status=Status.REVIEW), "returned", editor, note="Shorter.")
    assert Notification.objects.get().email_due_at is None


def test_the_settings_page_refuses_a_kind_that_does_not_exist(client, writer):
    client.force_login(writer)
    response = client.post("/admin/notifications/settings/", {"email_kinds": ["everything"]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not NotificationPreference.objects.exists()


# The newsroom's pages -----------------------------------------------------------------


def test_the_navigation_counts_the_unread_notifications(client, rf, editor, writer):
    for n in range(2):
        take_step(story(writer, status=Status.REVIEW), "returned", editor, note=f"Note {n}")
    request = rf.get("/admin/")
    request.user = writer
    [link] = [link for link in nav_links(request) if link.label == "Notifications"]
    assert (link.url, link.count) == ("/admin/notifications/", 2)
    request.user = editor
    [link] = [link for link in nav_links(request) if link.label == "Notifications"]
    assert link.count == 0

    client.force_login(writer)
    page = client.get("/admin/notifications/").content.decode()
    assert 'Notifications <span class="newsroom-count">2</span>' in page


def test_the_list_shows_the_persons_notifications_newest_first_and_marks_the_unread(
    client, editor, writer, other_writer
):
    first = story(writer, status=Status.REVIEW, headline="Tide tables for the week")
    second = story(writer, status=Status.REVIEW, headline="Night ferries return")
    take_step(first, "returned", editor, note="Check the tide times.")
    take_step(second, "returned", editor, note="Name the operator.")
    take_step(story(other_writer, status=Status.REVIEW), "returned", editor, note="Not hers.")
    Notification.objects.filter(article=first).mark_read()

    client.force_login(writer)
    page = client.get("/admin/notifications/").content.decode()
    assert page.index("Night ferries return") < page.index("Tide tables for the week")
    assert "Name the operator." in page and "Not hers." not in page
    assert page.count("notification-unread") == 1
    assert ">Mark all read<" in page


def test_opening_a_notification_marks_it_read_and_leads_to_the_article(client, editor, writer):
    article = story(writer, status=Status.REVIEW)
    take_step(article, "returned", editor, note="Shorter.")
    note = Notification.objects.get()
    client.force_login(writer)
    response = client.get(note.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == change_url(article)
    note.refresh_from_db()
    assert note.is_read


def test_a_colleague_on_the_byline_is_led_to_the_published_page_not_a_form_she_cannot_open(
    client, editor, writer, other_writer
):
    byline = [make_person(user=writer), make_person(user=other_writer)]
    article = story(writer, status=Status.REVIEW, authors=byline, headline="Harbour wall")
    take_step(article, "returned", editor, note="Shorter.")
    client.force_login(other_writer)
    returned = Notification.objects.get(recipient=other_writer)
    response = client.get(returned.get_absolute_url(), follow=True)
    assert response.redirect_chain[-1][0] == "/admin/notifications/"
    assert "“Harbour wall” is not yours to open in the newsroom." in response.content.decode()

    take_step(article, "published", editor)
    published = Notification.objects.get(recipient=other_writer, kind=Kind.PUBLISHED)
    response = client.get(published.get_absolute_url())
    assert response["Location"] == article.get_absolute_url()
    with_link = Notification.objects.select_related("recipient", "article").get(pk=published.pk)
    assert (
        notifications.email_message(with_link).body.count(
            f"https://news.example.org{article.get_absolute_url()}"
        )
        == 1
    )


def test_nobody_opens_anothers_notification_nor_one_past_the_id_range(client, editor, writer):
    take_step(story(writer, status=Status.REVIEW), "returned", editor, note="Shorter.")
    note = Notification.objects.get()
    client.force_login(editor)
    assert client.get(note.get_absolute_url()).status_code == 404
    assert client.get(f"/admin/notifications/{2**63}/open/").status_code == 404
    note.refresh_from_db()
    assert not note.is_read


def test_a_notification_of_a_deleted_article_opens_the_list(client, editor, writer):
    article = story(writer, status=Status.REVIEW, headline="Gone tomorrow")
    take_step(article, "returned", editor, note="Shorter.")
    article.delete()
    note = Notification.objects.get()
    client.force_login(writer)
    response = client.get(note.get_absolute_url(), follow=True)
    assert response.redirect_chain[-1][0] == "/admin/notifications/"
    assert "“Gone tomorrow” was deleted." in response.content.decode()


def test_mark_all_read_marks_only_the_persons_own(client, editor, writer, other_writer):
    take_step(story(writer, status=Status.REVIEW), "returned", editor, note="Shorter.")
    take_step(story(other_writer, status=Status.REVIEW), "returned", editor, note="Longer.")
    client.force_login(writer)
    assert client.post("/admin/notifications/").status_code == 302
    assert not Notification.objects.filter(recipient=writer).unread().exists()
    assert Notification.objects.filter(recipient=other_writer).unread().count() == 1


def test_mark_all_read_needs_the_csrf_token(editor, writer):
    from django.test import Client

    take_step(story(writer, status=Status.REVIEW), "returned", editor, note="Shorter.")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(writer)
    assert browser.post("/admin/notifications/").status_code == 403
    assert Notification.objects.unread().count() == 1


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999999999999999999999999"])
def test_the_list_answers_any_page_number(client, writer, page):
    client.force_login(writer)
    assert client.get(f"/admin/notifications/?page={page}").status_code == 200


def test_the_pages_are_for_the_newsroom_only(client):
    for url in ["/admin/notifications/", "/admin/notifications/settings/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


# Email, sent by the worker -------------------------------------------------------------


def test_a_returned_story_is_emailed_by_the_worker_not_in_the_request(
    client, smtp_server, editor, writer
):
    article = story(writer, status=Status.REVIEW, headline="Night ferries return")
    client.force_login(editor)
    response = client.post(
        change_url(article),
        article_form(article, dates=True, _step="returned", review_note="Name the operator."),
    )
    assert response.status_code == 302
    assert smtp_server.messages == []

    assert notifications.send_due() == "notifications: 1 emailed"

    [message] = smtp_server.messages
    assert message["X-Envelope-To"] == "wendy@example.test"
    assert message["To"] == "Wendy Lam <wendy@example.test>"
    assert message["Subject"] == "Returned: Night ferries return"
    text = message.get_content()
    assert "Edith Okafor returned “Night ferries return” to you." in text
    assert "Name the operator." in text
    assert f"https://news.example.org/admin/content/article/{article.pk}/change/" in text
    assert Notification.objects.get().emailed_at is not None


def test_each_person_is_emailed_in_the_language_they_chose(client, smtp_server, editor, writer):
    translator = make_user("xiao", "Translator", first_name="晓", last_name="王")
    # Until they choose, the settings page offers the language they read the newsroom in.
    client.force_login(translator)
    page = client.get("/admin/notifications/settings/", headers={"accept-language": "zh-hans"})
    assert re.search(r'<option value="zh-hans" selected>简体中文</option>', page.content.decode())
    client.post(
        "/admin/notifications/settings/", {"email_kinds": ["returned"], "language": "zh-hans"}
    )
    assert NotificationPreference.objects.get(user=translator).language == "zh-hans"

    for person in (writer, translator):
        take_step(
            story(person, status=Status.REVIEW, headline="Night ferries return"),
            "returned",
            editor,
            note="Shorter.",
        )
    notifications.send_due()
    [chinese] = smtp_server.to("xiao@example.test")
    assert chinese["Subject"] == "已退回: Night ferries return"
    assert "Edith Okafor将“Night ferries return”退回给您。" in chinese.get_content()
    # Without a choice: the site's language.
    [english] = smtp_server.to("wendy@example.test")
    assert english["Subject"] == "Returned: Night ferries return"


def test_a_language_the_site_no_longer_has_falls_back_to_its_own(smtp_server, editor, writer):
    NotificationPreference.objects.create(user=writer, email_kinds=["returned"], language="fr")
    article = story(writer, status=Status.REVIEW, headline="Tides")
    take_step(article, "returned", editor, note="Shorter.")
    notifications.send_due()
    [message] = smtp_server.to("wendy@example.test")
    assert message["Subject"] == "Returned: Tides"


def test_the_settings_page_refuses_a_language_the_site_does_not_have(client, writer):
    client.force_login(writer)
    response = client.post("/admin/notifications/settings/", {"language": "fr"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_a_name_and_headline_in_chinese_reach_the_smtp_server_intact(smtp_server, editor):
    writer = make_user("xiao", "Writer", first_name="晓", last_name="王")
    article = story(writer, status=Status.REVIEW, headline="港口夜班渡轮恢复")
    take_step(article, "returned", editor, note="请核实时间。")
    notifications.send_due()
    [message] = smtp_server.to("xiao@example.test")
    assert message["To"] == "晓 王 <xiao@example.test>"
    assert message["Subject"] == "Returned: 港口夜班渡轮恢复"
    assert "请核实时间。" in message.get_content()


def test_each_notification_is_emailed_once_however_often_the_worker_runs(
    smtp_server, editor, writer, other_writer
):
    take_step(story(writer, status=Status.REVIEW), "returned", editor, note="Shorter.")
    take_step(story(other_writer, status=Status.REVIEW), "returned", editor, note="Longer.")
    assert notifications.send_due() == "notifications: 2 emailed"
    assert notifications.send_due() is None
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages) == [
        "walter@example.test",
        "wendy@example.test",
    ]


def test_two_rounds_at_once_send_each_email_once(monkeypatch, smtp_server, editor, writer):
    """A second round starting while the first is sending (as if the lock did not reach it:
    two machines on a file lock): each row is claimed by one of them only."""
    for n in range(3):
        take_step(story(writer, status=Status.REVIEW), "returned", editor, note=f"Note {n}")
    monkeypatch.setattr(notifications, "exclusive", lambda *a, **k: contextlib.nullcontext(True))
    inner = []
    send = notifications.mail.EmailMultiAlternatives.send

    def send_and_race(message, *args, **kwargs):
        if not inner:  # the first message is on its way: another worker's round starts
            inner.append("racing")
            inner.append(notifications.send_due())
        return send(message, *args, **kwargs)

    monkeypatch.setattr(notifications.mail.EmailMultiAlternatives, "send", send_and_race)
    outer = notifications.send_due()

    assert len(smtp_server.messages) == 3
    notes = [n for m in smtp_server.messages for n in range(3) if f"Note {n}" in m.get_content()]
    assert sorted(notes) == [0, 1, 2]
    assert sorted([inner[1], outer]) == ["notifications: 1 emailed", "notifications: 2 emailed"]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_round_leaves_the_emails_to_the_worker_holding_the_lock(smtp_server, editor, writer):
    from newsdesk.locks import exclusive

    take_step(story(writer, status=Status.REVIEW), "returned", editor, note="Shorter.")
    with exclusive("notifications", wait=False) as acquired:
        assert acquired
        assert notifications.send_due() is None
    assert smtp_server.messages == []
    assert notifications.send_due() == "notifications: 1 emailed"


def test_a_failing_smtp_server_leaves_the_email_for_a_later_round(
    settings, smtp_server, caplog, editor, writer
):
    take_step(story(writer, status=Status.REVIEW), "returned", editor, note="Shorter.")
    port, settings.EMAIL_PORT = settings.EMAIL_PORT, closed_port()
    now = timezone.now()

    assert notifications.send_due(now) == "notifications: 0 emailed, 1 failed"

    note = Notification.objects.get()
    assert (note.emailed_at, note.email_attempts) == (None, 1)
    assert note.email_due_at == now + notifications.RETRY_AFTER[0]
    assert "could not email wendy@example.test" in caplog.text
    assert notifications.send_due(now + timedelta(seconds=30)) is None  # not yet

    settings.EMAIL_PORT = port
    assert notifications.send_due(now + timedelta(minutes=2)) == "notifications: 1 emailed"
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == ["wendy@example.test"]


def test_an_email_that_keeps_failing_is_given_up_and_logged(settings, caplog, editor, writer):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    take_step(story(writer, status=Status.REVIEW), "returned", editor, note="Shorter.")
    now = timezone.now()
    for _attempt in range(notifications.MAX_ATTEMPTS):
        now += timedelta(days=1)
        assert notifications.send_due(now) == "notifications: 0 emailed, 1 failed"
    note = Notification.objects.get()
    assert (note.email_due_at, note.emailed_at) == (None, None)
    assert note.email_attempts == notifications.MAX_ATTEMPTS
    assert notifications.send_due(now + timedelta(days=1)) is None
    gave_up = [r for r in caplog.records if "gave up emailing" in r.getMessage()]
    assert len(gave_up) == 1 and gave_up[0].levelno == logging.ERROR


def test_a_server_that_is_down_costs_one_attempt_per_round_not_one_per_email(
    settings, editor, writer, other_writer
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    take_step(story(writer, status=Status.REVIEW), "returned", editor, note="Shorter.")
    take_step(story(other_writer, status=Status.REVIEW), "returned", editor, note="Longer.")
    notifications.send_due()
    assert sorted(Notification.objects.values_list("email_attempts", flat=True)) == [0, 1]


def test_a_person_who_lost_their_address_since_is_not_emailed(smtp_server, editor, writer):
    take_step(story(writer, status=Status.REVIEW), "returned", editor, note="Shorter.")
    writer.email = ""
    writer.save()
    assert notifications.send_due() is None
    assert smtp_server.messages == []
    assert Notification.objects.get().email_due_at is None


def test_the_worker_publishes_on_time_and_emails_whoever_asked(transactional_db, smtp_server):
    writer = make_user("wendy", "Writer", first_name="Wendy", last_name="Lam")
    NotificationPreference.objects.create(user=writer, email_kinds=[Kind.PUBLISHED])
    make_article(
        created_by=writer,
        headline="Tide tables for the week",
        status=Status.SCHEDULED,
        published_at=timezone.now() - timedelta(minutes=1),
    )
    assert scheduler.run(5, once=True) is True
    [message] = smtp_server.to("wendy@example.test")
    assert message["Subject"] == "Published: Tide tables for the week"
    assert "“Tide tables for the week” was published as scheduled." in message.get_content()


def test_the_worker_has_a_chore_sending_notifications():
    assert ("send notifications", notifications.send_due) in scheduler.chores()
