"""Each newsroom role: what it may do, and what the server refuses it, whatever is posted."""

import pytest
from django.contrib.auth.models import Group

from newsdesk.content.models import Article
from newsdesk.newsroom import roles
from newsdesk.newsroom.models import AuditEntry
from newsdesk.newsroom.translations import request_translation
from tests.factories import make_article, make_section
from tests.newsroom_forms import article_form, change_url

pytestmark = pytest.mark.django_db
Status = Article.Status


def as_user(client, user):
    client.force_login(user)
    return client


def new_article_form(section, **fields):
    data = {
        "headline": "Tide tables change",
        "slug": "tide-tables-change",
        "standfirst": "",
        "body": "New tables from Monday.",
        "section": section.pk,
        "language": "en",
        "source_line": "",
        "review_note": "",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "translator_credits-TOTAL_FORMS": "0",
        "translator_credits-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


def test_the_four_roles_exist_as_groups_after_migrating():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Writer", "Translator", "Editor", "Admin"} <= names


def test_admin_role_holds_every_permission(site_admin):
    assert site_admin.has_perm("auth.change_user")
    assert site_admin.has_perm("content.publish_article")
    assert roles.is_editor(site_admin)


# Writer ----------------------------------------------------------------------------------


def test_writer_creates_a_draft_credited_to_herself(client, writer):
    response = as_user(client, writer).post(
        "/admin/content/article/add/", new_article_form(make_section())
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="tide-tables-change")
    assert article.status == Status.DRAFT
    assert article.created_by == writer
    assert [p.user for p in article.ordered_authors()] == [writer]
    assert article.version == 1


def test_writer_edits_her_own_draft(client, writer):
    article = make_article(status=Status.DRAFT, created_by=writer)
    response = as_user(client, writer).post(
        change_url(article), article_form(article, headline="Tide tables change again")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Tide tables change again"


def test_writer_submits_her_draft_for_review(client, writer):
    article = make_article(status=Status.DRAFT, created_by=writer)
    as_user(client, writer).post(change_url(article), article_form(article, _step="submitted"))
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    entry = AuditEntry.objects.get(article=article, action="submitted")
    assert (entry.actor, entry.from_status, entry.to_status) == (writer, "draft", "review")


def test_writer_cannot_publish_even_by_posting_the_step(client, writer):
    article = make_article(status=Status.DRAFT, created_by=writer)
    response = as_user(client, writer).post(
        change_url(article), article_form(article, _step="published")
    )
    assert response.status_code == 200
    assert "You cannot take this step" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_writer_cannot_set_status_or_dates_through_the_form(client, writer):
    article = make_article(status=Status.DRAFT, created_by=writer)
    as_user(client, writer).post(
        change_url(article),
        article_form(
            article, status="published", published_at_0="2020-01-01", published_at_1="10:00"
        ),
    )
    article.refresh_from_db()
    assert article.status == Status.DRAFT and article.published_at is None


def test_writer_cannot_use_the_publish_action(client, writer):
    article = make_article(status=Status.DRAFT, created_by=writer)
    as_user(client, writer).post(
        "/admin/content/article/",
        {"action": "publish_selected", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_writer_cannot_edit_her_article_once_in_review(client, writer):
    article = make_article(status=Status.REVIEW, created_by=writer)
    as_user(client, writer)
    assert "Save" not in _submit_buttons(client.get(change_url(article)))
    response = client.post(change_url(article), article_form(article, headline="Sneaky"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline != "Sneaky"


def test_writer_neither_sees_nor_edits_another_writers_article(client, writer, other_writer):
    theirs = make_article(status=Status.DRAFT, created_by=other_writer, headline="Walter's")
    as_user(client, writer)
    assert "Walter&#x27;s" not in client.get("/admin/content/article/").content.decode()
    assert client.get(change_url(theirs)).status_code == 302  # "does not exist" redirect
    response = client.post(change_url(theirs), article_form(theirs, headline="Taken over"))
    assert response.status_code in {302, 403}
    theirs.refresh_from_db()
    assert theirs.headline == "Walter's"


def test_writer_cannot_delete_or_touch_accounts(client, writer):
    article = make_article(status=Status.DRAFT, created_by=writer)
    as_user(client, writer)
    assert (
        client.post(f"/admin/content/article/{article.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Article.objects.filter(pk=article.pk).exists()
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/newsroom/auditentry/").status_code == 403


def test_writer_cannot_request_a_translation(client, writer):
    article = make_article(status=Status.DRAFT, created_by=writer)
    as_user(client, writer)
    url = f"/admin/content/article/{article.pk}/request-translation/"
    assert client.post(url, {"language": "zh-hans"}).status_code == 403
    assert not article.translations.exists()


# Translator ------------------------------------------------------------------------------


@pytest.fixture
def assignment(editor, translator):
    original = make_article(headline="Harbour reopens")
    return request_translation(original, "zh-hans", translator, by=editor)


def test_translator_sees_only_translations_assigned_to_him(client, translator, assignment):
    make_article(headline="Someone else's story")
    page = as_user(client, translator).get("/admin/content/article/").content.decode()
    assert f"/admin/content/article/{assignment.pk}/change/" in page
    assert "Someone else" not in page


def test_translator_cannot_create_articles(client, translator):
    as_user(client, translator)
    assert client.get("/admin/content/article/add/").status_code == 403
    response = client.post("/admin/content/article/add/", new_article_form(make_section()))
    assert response.status_code == 403
    assert not Article.objects.filter(slug="tide-tables-change").exists()


def test_translator_edits_and_submits_his_assignment(client, translator, assignment):
    as_user(client, translator)
    response = client.post(
        f"/admin/content/article/{assignment.pk}/translate/",
        {
            "headline": "港口重新开放",
            "standfirst": "港口发生了什么。",
            "base_version": assignment.version,
            "row-0": "第一段。",
            "row-1": "第二段。",
            "_step": "submitted",
        },
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == Status.REVIEW and assignment.headline == "港口重新开放"


def test_translator_cannot_publish_or_edit_the_original(client, translator, assignment):
    as_user(client, translator)
    original = assignment.translation_of
    response = client.post(change_url(assignment), article_form(assignment, _step="published"))
    assert response.status_code in {200, 302}
    assignment.refresh_from_db()
    assert assignment.status == Status.DRAFT
    response = client.post(change_url(original), article_form(original, headline="Changed"))
    assert response.status_code in {302, 403}
    original.refresh_from_db()
    assert original.headline == "Harbour reopens"


def test_translator_cannot_edit_a_translation_assigned_to_someone_else(client, translator, editor):
    from tests.factories import make_user

    other = make_user("tina", "Translator", first_name="Tina", last_name="Sato")
    theirs = request_translation(make_article(), "zh-hans", other, by=editor)
    as_user(client, translator)
    response = client.post(
        f"/admin/content/article/{theirs.pk}/translate/",
        {"headline": "抢走", "base_version": theirs.version},
    )
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.headline != "抢走"


# Editor ----------------------------------------------------------------------------------


def test_editor_edits_anyones_article_and_publishes_it(client, editor, writer):
    article = make_article(status=Status.REVIEW, created_by=writer)
    as_user(client, editor).post(
        change_url(article), article_form(article, dates=True, _step="published")
    )
    article.refresh_from_db()
    assert article.is_published


def test_editor_returns_an_article_to_the_writer_with_a_note(client, editor, writer):
    article = make_article(status=Status.REVIEW, created_by=writer)
    as_user(client, editor)
    refused = client.post(change_url(article), article_form(article, dates=True, _step="returned"))
    assert "Say what the writer should change." in refused.content.decode()
    client.post(
        change_url(article),
        article_form(article, dates=True, _step="returned", review_note="Check the tide times."),
    )
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    # The writer reads the note on her draft.
    page = as_user(client, writer).get(change_url(article)).content.decode()
    assert "Check the tide times." in page


def test_editor_unpublishes_and_reopens(client, editor):
    article = make_article()
    as_user(client, editor)
    client.post(
        "/admin/content/article/",
        {"action": "unpublish_selected", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED
    client.post(change_url(article), article_form(article, dates=True, _step="reopened"))
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_editor_reads_the_audit_log_but_cannot_change_it(client, editor):
    article = make_article()
    as_user(client, editor)
    client.post(
        "/admin/content/article/",
        {"action": "unpublish_selected", "_selected_action": [article.pk]},
    )
    page = client.get("/admin/newsroom/auditentry/").content.decode()
    assert "unpublished" in page and article.headline in page
    entry = AuditEntry.objects.get()
    assert (
        client.post(f"/admin/newsroom/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_editor_cannot_manage_accounts(client, editor):
    assert as_user(client, editor).get("/admin/auth/user/").status_code == 403


def test_adding_someone_to_a_role_lets_them_into_the_newsroom(django_user_model):
    user = django_user_model.objects.create_user("newbie", password="pw")
    user.groups.add(Group.objects.get(name="Writer"))
    user.refresh_from_db()
    assert user.is_staff


def _submit_buttons(response) -> str:
    import re

    return " ".join(
        re.findall(r'<input type="submit"[^>]*value="([^"]+)"', response.content.decode())
    )
