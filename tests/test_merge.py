"""No lost edits: two people saving different parts of one article are merged, three way."""

import re

import pytest
from django.test import Client

from newsdesk.content.models import Article
from newsdesk.newsroom import revisions
from newsdesk.newsroom.models import AuditEntry
from tests.factories import make_article, make_user
from tests.newsroom_forms import article_form, change_url

Status = Article.Status


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_version(response) -> int:
    match = re.search(r'name="base_version" value="(\d+)"', response.content.decode())
    assert match, "the form carries the revision it started from"
    return int(match.group(1))


@pytest.fixture
def otto(db):
    return make_user("otto", "Editor", first_name="Otto", last_name="Reyes")


@pytest.mark.django_db
def test_a_standfirst_and_a_body_saved_at_once_are_both_kept(editor, otto):
    article = make_article(
        status=Status.DRAFT,
        standfirst="Ferries stop at nine.",
        body="<p>The harbour authority met on Monday.</p><p>Fares stay the same.</p>",
    )
    revisions.record(article, editor)
    edith, other = logged_in(editor), logged_in(otto)
    opened = form_version(edith.get(change_url(article)))
    assert form_version(other.get(change_url(article))) == opened
    saved = edith.post(
        change_url(article),
        article_form(article, dates=True, standfirst="Ferries stop at nine from November."),
    )
    assert saved.status_code == 302
    body = "<p>The harbour authority met on Monday.</p><p>Fares rise by ten cents.</p>"
    merged = other.post(change_url(article), article_form(article, dates=True, body=body))
    assert merged.status_code == 302
    article.refresh_from_db()
    assert article.standfirst == "Ferries stop at nine from November."
    assert article.body == body
    page = other.get(merged["Location"]).content.decode()
    assert "Merged with Edith Okafor’s changes to standfirst" in page
    entry = AuditEntry.objects.get(action="merged")
    assert entry.actor == otto and "Edith Okafor" in entry.detail
