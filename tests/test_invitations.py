"""Accounts: an Admin invites a colleague with a role; the link makes her account and her
Person; she is her own byline; nobody is credited under a login name."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone

from newsdesk.content.models import Article, Person
from newsdesk.newsroom import invitations, scheduler
from newsdesk.newsroom.models import Invitation, NotificationPreference
from newsdesk.newsroom.translations import person_for
from tests.conftest import closed_port
from tests.factories import make_person, make_section, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "tide-Harbour-1987"


def as_user(client, user):
    client.force_login(user)
    return client


def invite(client, email="ana@example.test", role="Writer", language="en"):
    return client.post(
        "/admin/invite/", {"action": "invite", "email": email, "role": role, "language": language}
    )


def acceptance(**fields):
    data = {
        "new_password1": PASSWORD,
        "new_password2": PASSWORD,
        "name": "Ana Lima",
        "role_title": "Staff writer",
        "bio": "Covers the harbour.",
    }
    data.update(fields)
    return data


def accepted_writer(client, site_admin) -> User:
    """Ana, invited as a writer by Ada, who accepted: signed in on ``client``."""
    invitation = Invitation.create("ana@example.test", "Writer", by=site_admin)
    client.post(invitation.get_absolute_url(), acceptance())
    return User.objects.get(email="ana@example.test")


# Inviting


def test_an_admin_invites_a_colleague_with_a_role(client, site_admin):
    response = invite(as_user(client, site_admin))
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "ana@example.test",
        "Writer",
        site_admin,
    )
    assert invitation.is_pending and invitation.sent_at is None
    page = client.get("/admin/invite/").content.decode()
    assert "<td>ana@example.test</td>" in page and "Waiting for the worker" in page


def test_a_superuser_may_invite(client):
    boss = User.objects.create_superuser("boss", "boss@example.test", "pw")
    assert invite(as_user(client, boss)).status_code == 302
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize("who", ["editor", "writer", "translator"])
def test_only_admins_may_invite(client, request, who):
    user = request.getfixturevalue(who)
    as_user(client, user)
    assert client.get("/admin/invite/").status_code == 403
    assert invite(client).status_code == 403
    assert not Invitation.objects.exists()


def test_the_invite_page_is_not_for_visitors(client):
    response = client.get("/admin/invite/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_navigation_offers_invitations_to_admins_only(client, site_admin, editor):
    assert "Invite a colleague" in as_user(client, site_admin).get("/admin/").content.decode()
    assert "Invite a colleague" not in as_user(client, editor).get("/admin/").content.decode()


def test_an_email_with_an_account_is_refused(client, site_admin, writer):
    response = invite(as_user(client, site_admin), email=writer.email.upper())
    assert response.status_code == 200
    assert "already has an account" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_email_with_a_pending_invitation_is_refused(client, site_admin):
    invite(as_user(client, site_admin))
    response = invite(client, email="Ana@Example.test", role="Editor")
    assert "already has a pending invitation" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_an_unknown_role_is_refused(client, site_admin):
    response = invite(as_user(client, site_admin), role="Owner")
    assert response.status_code == 200 and not Invitation.objects.exists()


def test_an_admin_revokes_an_invitation(client, site_admin):
    invite(as_user(client, site_admin))
    invitation = Invitation.objects.get()
    client.post("/admin/invite/", {"action": "revoke", "invitation": invitation.pk})
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    # Gone from the list; the address may be invited again.
    assert "<td>ana@example.test</td>" not in client.get("/admin/invite/").content.decode()
    assert invite(client).status_code == 302


def test_an_out_of_range_invitation_id_is_refused_cleanly(client, site_admin):
    as_user(client, site_admin)
    for value in ["99999999999999999999999", "abc", ""]:
        response = client.post("/admin/invite/", {"action": "revoke", "invitation": value})
        assert response.status_code == 302


# Sending: by the worker, once


def test_the_invitation_is_emailed_by_the_worker_once(client, site_admin, smtp_server, settings):
    settings.PUBLIC_URL = "https://news.example.org"
    invite(as_user(client, site_admin))
    assert smtp_server.messages == []  # not during the request
    assert "invitations" in dict(scheduler.chores())["email invitations"]()
    [message] = smtp_server.to("ana@example.test")
    invitation = Invitation.objects.get()
    assert invitation.sent_at is not None
    link = f"https://news.example.org/admin/invitation/{invitation.signed}/"
    assert link in message.get_content()
    assert "Writer" in message.get_content() and "Ada Reyes" in message.get_content()
    # Once: the next rounds send nothing.
    assert invitations.send_due() is None
    assert len(smtp_server.messages) == 1


def test_send_again_emails_it_once_more(client, site_admin, smtp_server):
    invite(as_user(client, site_admin))
    invitations.send_due()
    invitation = Invitation.objects.get()
    client.post("/admin/invite/", {"action": "resend", "invitation": invitation.pk})
    invitations.send_due()
    invitations.send_due()
    assert len(smtp_server.to("ana@example.test")) == 2


def test_an_invitation_claimed_by_another_worker_is_not_sent_twice(
    site_admin, smtp_server, monkeypatch
):
    invitation = Invitation.create("ana@example.test", "Writer", by=site_admin)

    def due_then_claimed():
        # This worker read it as due; another one claimed it before this one could.
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
        return Invitation.objects.filter(pk=invitation.pk)

    monkeypatch.setattr(Invitation.objects, "due", due_then_claimed)
    assert invitations.send_due() is None
    assert smtp_server.messages == []


def test_a_refused_email_is_tried_again_next_round(site_admin, smtp_server, settings):
    Invitation.create("ana@example.test", "Writer", by=site_admin)
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    assert invitations.send_due() == "invitations: 0 sent, 1 to try again"
    invitation = Invitation.objects.get()
    assert invitation.sent_at is None and invitation.send_failures == 1
    settings.EMAIL_PORT = port
    assert invitations.send_due() == "invitations: 1 sent, 0 to try again"
    assert len(smtp_server.to("ana@example.test")) == 1


def test_a_server_that_is_away_costs_one_try_a_round_not_one_per_invitation(
    site_admin, smtp_server, settings
):
    for name in ("ana", "bea", "cai"):
        Invitation.create(f"{name}@example.test", "Writer", by=site_admin)
    port, settings.EMAIL_PORT = settings.EMAIL_PORT, closed_port()
    assert invitations.send_due() == "invitations: 0 sent, 1 to try again"
    assert sorted(Invitation.objects.values_list("send_failures", flat=True)) == [0, 0, 1]
    settings.EMAIL_PORT = port
    assert invitations.send_due() == "invitations: 3 sent, 0 to try again"


def test_an_invitation_in_chinese_and_the_newsrooms_emails_to_her_after(
    client, site_admin, smtp_server, editor
):
    page = as_user(client, site_admin).get("/admin/invite/", headers={"accept-language": "zh-hans"})
    assert '<option value="zh-hans" selected>' in page.content.decode()
    invite(client, language="zh-hans")
    invitations.send_due()
    [message] = smtp_server.to("ana@example.test")
    assert message["Subject"] == "您受邀加入Pacific Meridian编辑部"
    assert "Writer" not in message.get_content()

    invitation = Invitation.objects.get()
    client.logout()
    client.post(invitation.get_absolute_url(), acceptance())
    ana = User.objects.get(email="ana@example.test")
    assert NotificationPreference.objects.get(user=ana).language == "zh-hans"
    assert NotificationPreference.language_of(ana) == "zh-hans"
    # Her email choices are the defaults until she changes them.
    assert NotificationPreference.email_kinds_of([ana.pk])[ana.pk] == set(
        NotificationPreference.DEFAULT_EMAIL
    )


def test_an_invitation_in_a_language_the_site_does_not_have_is_refused(client, site_admin):
    response = invite(as_user(client, site_admin), language="fr")
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_address_refused_again_and_again_waits_for_an_admin(site_admin, settings):
    invitation = Invitation.create("ana@example.test", "Writer", by=site_admin)
    Invitation.objects.filter(pk=invitation.pk).update(send_failures=Invitation.MAX_SEND_FAILURES)
    assert invitations.send_due() is None


# Accepting


def test_the_link_opens_without_signing_in(client, site_admin):
    invitation = Invitation.create("ana@example.test", "Writer", by=site_admin)
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    for label in ["Password", "Password again", "Public name", "Role title", "Bio"]:
        assert f">{label}:</label>" in page
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_accepting_makes_the_account_its_role_and_its_person(client, site_admin):
    invitation = Invitation.create("ana@example.test", "Writer", by=site_admin)
    response = client.post(invitation.get_absolute_url(), acceptance())
    assert response.status_code == 302 and response["Location"] == "/admin/"
    user = User.objects.get(email="ana@example.test")
    assert user.check_password(PASSWORD)
    assert (user.first_name, user.last_name) == ("Ana", "Lima")
    assert list(user.groups.values_list("name", flat=True)) == ["Writer"]
    assert user.is_staff and not user.is_superuser
    person = Person.objects.get(user=user)
    assert (person.name, person.role_title, person.bio, person.slug) == (
        "Ana Lima",
        "Staff writer",
        "Covers the harbour.",
        "ana-lima",
    )
    invitation.refresh_from_db()
    assert invitation.accepted_user == user and invitation.accepted_at is not None
    # Signed in, on the newsroom home.
    home = client.get("/admin/")
    assert home.status_code == 200 and home.context["user"] == user


def test_an_admin_invitation_makes_an_admin_not_a_superuser(client, site_admin):
    invitation = Invitation.create("max@example.test", "Admin", by=site_admin)
    client.post(invitation.get_absolute_url(), acceptance(name="Max Ortiz"))
    user = User.objects.get(email="max@example.test")
    assert user.is_staff and not user.is_superuser
    assert client.get("/admin/invite/").status_code == 200


def test_the_link_works_once(client, site_admin):
    invitation = Invitation.create("ana@example.test", "Writer", by=site_admin)
    client.post(invitation.get_absolute_url(), acceptance())
    client.logout()
    again = client.post(invitation.get_absolute_url(), acceptance(name="Someone Else"))
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert User.objects.filter(email="ana@example.test").count() == 1
    assert not Person.objects.filter(name="Someone Else").exists()


def test_an_expired_invitation_is_refused(client, site_admin):
    invitation = Invitation.create("ana@example.test", "Writer", by=site_admin)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.post(invitation.get_absolute_url(), acceptance())
    assert response.status_code == 410 and "It has expired." in response.content.decode()
    assert not User.objects.filter(email="ana@example.test").exists()


def test_a_revoked_invitation_is_refused(client, site_admin):
    invitation = Invitation.create("ana@example.test", "Writer", by=site_admin)
    invitation.revoke()
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 410 and "withdrawn" in response.content.decode()


def test_a_forged_token_is_refused(client, site_admin):
    invitation = Invitation.create("ana@example.test", "Writer", by=site_admin)
    forged = f"{invitation.pk}:{'x' * 27}"
    response = client.post(f"/admin/invitation/{forged}/", acceptance())
    assert response.status_code == 404
    assert not User.objects.filter(email="ana@example.test").exists()


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"name": "  "}, "This field is required."),
        ({"new_password2": "something-else-1"}, "didn’t match"),
        ({"new_password1": "ana", "new_password2": "ana"}, "too short"),
    ],
)
def test_acceptance_needs_a_public_name_and_a_good_password(client, site_admin, fields, error):
    invitation = Invitation.create("ana@example.test", "Writer", by=site_admin)
    response = client.post(invitation.get_absolute_url(), acceptance(**fields))
    assert response.status_code == 200 and error in response.content.decode()
    assert not User.objects.filter(email="ana@example.test").exists()
    assert Invitation.objects.get().is_pending


def test_a_username_taken_already_gets_a_number(client, site_admin):
    User.objects.create_user("ana@example.test", "other@example.test", "pw")
    invitation = Invitation.create("ana@example.test", "Writer", by=site_admin)
    client.post(invitation.get_absolute_url(), acceptance())
    assert User.objects.get(email="ana@example.test").username == "ana@example.test-2"


# Her own byline


def test_a_new_writer_starts_an_article_as_its_author(client, site_admin):
    ana = accepted_writer(client, site_admin)
    person = Person.objects.get(user=ana)
    page = client.get("/admin/content/article/add/")
    bylines = page.context["inline_admin_formsets"][0].formset
    assert bylines.forms[0].initial == {"person": person.pk}
    assert re.search(rf'<option value="{person.pk}" selected>Ana Lima</option>', page.text)


def test_the_author_shown_is_saved_untouched(client, editor):
    # An editor is not credited by default otherwise (save_related): the form does it.
    person = make_person(name="Edith Okafor", user=editor)
    section = make_section()
    as_user(client, editor)
    data = {
        "headline": "Tide tables change",
        "slug": "tide-tables-change",
        "body": "<p>New tables from Monday.</p>",
        "section": section.pk,
        "language": "en",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-0-person": person.pk,
        "bylines-0-position": "0",
        "translator_credits-TOTAL_FORMS": "0",
        "translator_credits-INITIAL_FORMS": "0",
    }
    response = client.post("/admin/content/article/add/", data)
    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get(headline="Tide tables change")
    assert [byline.person for byline in article.bylines.all()] == [person]


def test_the_person_search_finds_a_new_writer_herself(client, site_admin):
    accepted_writer(client, site_admin)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "content", "model_name": "byline", "field_name": "person", "term": "Lima"},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Ana Lima"]


# Full names


def test_an_account_without_a_full_name_is_not_credited(db):
    user = make_user("wlam", "Writer")
    with pytest.raises(ValidationError, match="has no full name"):
        person_for(user)
    assert not Person.objects.exists()


def test_a_writer_without_a_full_name_saves_her_article_uncredited(client):
    user = make_user("wlam", "Writer")
    section = make_section()
    as_user(client, user)
    response = client.post(
        "/admin/content/article/add/",
        {
            "headline": "Tide tables change",
            "slug": "tide-tables-change",
            "body": "<p>New tables from Monday.</p>",
            "section": section.pk,
            "language": "en",
            "bylines-TOTAL_FORMS": "0",
            "bylines-INITIAL_FORMS": "0",
            "translator_credits-TOTAL_FORMS": "0",
            "translator_credits-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert "has no full name" in response.content.decode()
    article = Article.objects.get(headline="Tide tables change")
    assert not article.bylines.exists() and not Person.objects.filter(name="wlam").exists()


# The user admin


def user_add_form(**fields):
    data = {
        "username": "ana",
        "email": "ana@example.test",
        "name": "Ana Lima",
        "role": "Writer",
        "usable_password": "true",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(fields)
    return data


def test_a_user_added_with_a_role_is_staff_with_a_person(client, site_admin):
    response = as_user(client, site_admin).post("/admin/auth/user/add/", user_add_form())
    assert response.status_code == 302
    user = User.objects.get(username="ana")
    assert user.is_staff and user.email == "ana@example.test"
    assert (user.first_name, user.last_name) == ("Ana", "Lima")
    assert list(user.groups.values_list("name", flat=True)) == ["Writer"]
    assert Person.objects.get(user=user).name == "Ana Lima"


def test_the_user_add_form_needs_a_full_name(client, site_admin):
    response = as_user(client, site_admin).post("/admin/auth/user/add/", user_add_form(name=""))
    assert response.status_code == 200 and not User.objects.filter(username="ana").exists()


def user_change_form(user, **fields):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": timezone.localtime(user.date_joined).strftime("%Y-%m-%d"),
        "date_joined_1": timezone.localtime(user.date_joined).strftime("%H:%M:%S"),
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def test_giving_a_role_in_the_user_form_shows_and_gives_staff_status(client, site_admin):
    user = User.objects.create_user("ana", "ana@example.test", "pw", first_name="Ana")
    as_user(client, site_admin)
    url = f"/admin/auth/user/{user.pk}/change/"
    page = client.get(url).content.decode()
    assert re.search(r'<input type="checkbox" name="is_staff"[^>]*disabled', page)
    assert "Given by the role" in page
    writer_group = Group.objects.get(name="Writer")
    response = client.post(url, user_change_form(user, groups=[writer_group.pk]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_staff
    assert Person.objects.get(user=user).name == "Ana"
    assert re.search(r'name="is_staff"[^>]*checked', client.get(url).content.decode())


def test_staff_status_cannot_be_unticked_while_in_a_role(client, site_admin, writer):
    as_user(client, site_admin)
    url = f"/admin/auth/user/{writer.pk}/change/"
    client.post(url, user_change_form(writer, is_staff=None))
    writer.refresh_from_db()
    assert writer.is_staff


def test_taking_every_role_away_closes_the_newsroom(client, site_admin, writer):
    as_user(client, site_admin)
    client.post(f"/admin/auth/user/{writer.pk}/change/", user_change_form(writer, groups=[]))
    writer.refresh_from_db()
    assert not writer.is_staff


def test_a_staff_account_needs_a_full_name_in_the_user_form(client, site_admin, writer):
    as_user(client, site_admin)
    url = f"/admin/auth/user/{writer.pk}/change/"
    response = client.post(url, user_change_form(writer, first_name="", last_name=""))
    assert response.status_code == 200
    assert "needs a full name" in response.content.decode()


def test_with_required_codes_the_new_account_enrolls_first(client, site_admin, settings):
    settings.REQUIRE_TOTP = True
    invitation = Invitation.create("ana@example.test", "Writer", by=site_admin)
    client.post(invitation.get_absolute_url(), acceptance())
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/totp/")


def test_an_address_given_an_account_meanwhile_cannot_accept(client, site_admin):
    invitation = Invitation.create("ana@example.test", "Writer", by=site_admin)
    User.objects.create_user("ana", "ANA@example.test", "pw")
    response = client.post(invitation.get_absolute_url(), acceptance())
    assert response.status_code == 200 and "exists already" in response.content.decode()
    assert User.objects.filter(email__iexact="ana@example.test").count() == 1


def test_two_acceptances_of_one_link_make_one_account(client, site_admin):
    invitation = Invitation.create("ana@example.test", "Writer", by=site_admin)
    stale = Invitation.objects.get(pk=invitation.pk)  # as the second request read it
    assert invitation.accept(password=PASSWORD, name="Ana Lima") is not None
    assert stale.is_pending
    assert stale.accept(password=PASSWORD, name="Ana Lima") is None
    assert User.objects.filter(email="ana@example.test").count() == 1


def test_without_a_mail_server_the_worker_logs_the_link(site_admin, settings, caplog):
    settings.EMAIL_HOST = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    invitation = Invitation.create("ana@example.test", "Writer", by=site_admin)
    with caplog.at_level("INFO", logger="newsdesk.worker"):
        invitations.send_due()
    assert f"invitation to ana@example.test: {invitation.address}" in caplog.text


def test_with_a_mail_server_the_log_keeps_the_link_out(site_admin, smtp_server, caplog):
    invitation = Invitation.create("ana@example.test", "Writer", by=site_admin)
    with caplog.at_level("INFO", logger="newsdesk.worker"):
        invitations.send_due()
    assert "invitation emailed to ana@example.test" in caplog.text
    assert invitation.signed not in caplog.text
