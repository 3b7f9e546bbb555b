"""The article form, cleaned: what it offers, how a read-only view reads, dates per language."""

import re
from datetime import UTC, datetime

import pytest
from django.test import Client

from newsdesk.content.models import Article
from newsdesk.newsroom import revisions, translations
from newsdesk.newsroom.models import AuditEntry, Revision
from tests.factories import make_article, make_column, make_image, make_section
from tests.newsroom_forms import article_form, change_url
from tests.pagetext import visible_text

pytestmark = pytest.mark.django_db

BODY = "<h2>At the quay</h2><p>Pilots stopped <em>at midnight</em>.</p>"
# 15:30 UTC: an afternoon time, which English writes with "p.m."
AFTERNOON = datetime(2026, 3, 4, 15, 30, tzinfo=UTC)


def signed_in(user, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


@pytest.fixture
def draft(writer):
    article = make_article(
        headline="Night pilots strike",
        body=BODY,
        status="draft",
        created_by=writer,
        column=make_column(),
        lead_image=make_image(),
    )
    revisions.record(article, writer)
    return article


def test_the_article_form_offers_no_add_change_or_delete_of_related_objects(editor, draft):
    page = signed_in(editor).get(change_url(draft)).content.decode()
    for field in ["section", "column", "lead_image", "translation_of"]:
        for action in ["add", "change", "delete"]:
            assert f'id="{action}_id_{field}"' not in page, (action, field)
    # Nor beside the authors: a new person may be added, an existing one is not changed.
    assert "delete-related" not in page and "change-related" not in page
    assert 'id="add_id_bylines-0-person"' in page


def test_the_article_form_offers_no_save_and_add_another(editor, draft):
    page = signed_in(editor).get(change_url(draft)).content.decode()
    assert 'name="_addanother"' not in page
    assert 'name="_continue"' in page


def test_the_workflow_steps_are_there_for_the_writer(writer, draft):
    page = signed_in(writer).get(change_url(draft)).content.decode()
    assert 'class="newsroom-submit"' in page
    assert re.search(r'<button type="submit" name="_step" value="submitted"', page)


@pytest.fixture
def submitted(draft):
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.REVIEW)
    draft.refresh_from_db()
    return draft


def test_a_read_only_view_renders_the_body_as_readers_see_it(writer, submitted):
    response = signed_in(writer).get(change_url(submitted))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h2>At the quay</h2><p>Pilots stopped <em>at midnight</em>.</p>" in page
    assert "&lt;h2&gt;" not in page and "&lt;p&gt;" not in page


def test_a_read_only_body_is_sanitized_before_it_is_shown(writer, submitted):
    Article.objects.filter(pk=submitted.pk).update(
        body='<p onclick="steal()">Hi</p><script>steal()</script>'
    )
    page = signed_in(writer).get(change_url(submitted)).content.decode()
    assert "steal()" not in page
    assert "<p>Hi</p>" in page


def test_a_translator_reads_the_translation_under_review_rendered(editor, translator):
    original = make_article(body=BODY)
    translation = translations.request_translation(original, "zh-hans", translator, by=editor)
    Article.objects.filter(pk=translation.pk).update(
        body="<p>港务局<strong>宣布</strong>。</p>", status=Article.Status.REVIEW
    )
    response = signed_in(translator).get(change_url(translation))
    assert response.status_code == 200
    assert "<p>港务局<strong>宣布</strong>。</p>" in response.content.decode()


@pytest.mark.parametrize("who", ["writer", "editor"])
def test_no_none_in_the_change_form(request, who, submitted):
    user = request.getfixturevalue(who)
    page = signed_in(user).get(change_url(submitted)).content.decode()
    assert "None" not in visible_text(page)
    assert 'value="None"' not in page and ">None<" not in page


def test_no_none_in_the_add_form(writer):
    page = signed_in(writer).get("/admin/content/article/add/").content.decode()
    assert "None" not in visible_text(page)
    assert 'value="None"' not in page


def test_the_read_only_view_has_no_empty_review_note(writer, submitted):
    text = visible_text(signed_in(writer).get(change_url(submitted)).content.decode())
    assert "Note for the writer or editor" not in text


def _afternoon_history(article):
    AuditEntry.objects.filter(article=article).update(at=AFTERNOON)
    AuditEntry.objects.create(article=article, headline=article.headline, action="created")
    AuditEntry.objects.filter(article=article).update(at=AFTERNOON)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "March 4, 2026, 3:30 p.m."),
        ("zh-hans", "2026年3月4日 15:30"),
        ("ja", "2026年3月4日15:30"),
    ],
)
def test_dates_in_the_change_form_follow_the_language(
    editor, draft, third_edition, language, expected
):
    _afternoon_history(draft)
    Article.objects.filter(pk=draft.pk).update(status="scheduled", published_at=AFTERNOON)
    page = signed_in(editor, language).get(change_url(draft)).content.decode()
    assert expected in page


def test_the_conflict_message_has_no_double_full_stop_after_the_time(editor, writer, draft):
    stale = article_form(draft, headline="Wendy's headline")
    editor_form = article_form(draft, headline="Edith's headline")  # the same field: a true overlap
    assert signed_in(editor).post(change_url(draft), editor_form).status_code == 302
    Revision.objects.filter(article=draft).update(created_at=AFTERNOON)
    page = signed_in(writer).post(change_url(draft), stale).content.decode()
    assert "3:30 p.m." in page
    assert "p.m.." not in page


@pytest.fixture
def translation(editor, translator):
    original = make_article(body=BODY)
    return translations.request_translation(original, "zh-hans", translator, by=editor)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_no_none_on_the_translation_pages(editor, translator, translation, language):
    pages = [
        signed_in(editor, language).get(change_url(translation)),
        signed_in(translator, language).get(f"/admin/content/article/{translation.pk}/translate/"),
    ]
    Article.objects.filter(pk=translation.pk).update(status=Article.Status.REVIEW)
    pages.append(signed_in(translator, language).get(change_url(translation)))  # read only
    for response in pages:
        assert response.status_code == 200
        assert "None" not in visible_text(response.content.decode())


def _new_article(headline, section, language="en") -> dict:
    return {
        "headline": headline,
        "slug": "",
        "standfirst": "",
        "body": "<p>Ferries run again.</p>",
        "section": section.pk,
        "language": language,
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "translator_credits-TOTAL_FORMS": "0",
        "translator_credits-INITIAL_FORMS": "0",
    }


def test_an_empty_slug_is_made_from_the_headline(editor):
    """A headline typed before the page's scripts ran leaves the slug empty: the server
    makes it, unique in the edition, instead of refusing the story."""
    section = make_section()
    make_article(headline="Older story", slug="night-ferries-return", language="en")
    client = signed_in(editor)
    for headline, language in [("Night ferries return", "en"), ("夜班渡轮恢复", "zh-hans")]:
        response = client.post(
            "/admin/content/article/add/", _new_article(headline, section, language)
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert Article.objects.get(headline="Night ferries return").slug == "night-ferries-return-2"
    assert Article.objects.get(headline="夜班渡轮恢复").slug == "夜班渡轮恢复"


def test_a_slug_typed_is_kept(editor):
    client = signed_in(editor)
    data = _new_article("Night ferries return", make_section()) | {"slug": "ferries"}
    assert client.post("/admin/content/article/add/", data).status_code == 302
    assert Article.objects.get(headline="Night ferries return").slug == "ferries"
