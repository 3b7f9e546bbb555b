"""Previews: staff see any article as readers will; a shared link shows one article to
someone with no account, while it holds; no cache ever keeps one, no engine indexes it."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsdesk.caching.store import get_store
from newsdesk.content.models import Article
from newsdesk.newsroom.models import AuditEntry, PreviewLink, TranslationTask
from newsdesk.reader.structured_data import article_url
from newsdesk.trending.models import HotList
from tests.factories import make_article, make_image, make_person, png_bytes
from tests.wsgi_client import fetch

pytestmark = pytest.mark.django_db
Status = Article.Status


def preview_url(article):
    return reverse("admin:newsroom_preview", args=[article.pk])


@pytest.fixture
def draft(writer):
    return make_article(
        headline="Harbour master resigns",
        slug="harbour-master-resigns",
        body="<p>The unpublished first paragraph.</p>",
        status=Status.DRAFT,
        created_by=writer,
        authors=[make_person(name="Mina Osei")],
    )


def cache_control(header: str) -> set[str]:
    return {part.strip() for part in header.split(",")}


def make_link(article, by, **fields):
    return PreviewLink.create(article, by, **fields)


# "View on site" and the Preview button --------------------------------------------------


def test_view_on_site_of_a_draft_opens_its_preview_not_page_not_found(client, editor, draft):
    client.force_login(editor)
    page = client.get(reverse("admin:content_article_change", args=[draft.pk])).content.decode()
    assert f'href="{preview_url(draft)}" class="viewsitelink"' in page
    assert client.get(preview_url(draft)).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404  # as readers see it


def test_view_on_site_of_a_published_article_opens_its_public_page(client, editor):
    article = make_article()
    client.force_login(editor)
    page = client.get(reverse("admin:content_article_change", args=[article.pk])).content.decode()
    assert f'href="{article.get_absolute_url()}" class="viewsitelink"' in page


def test_the_change_form_has_a_preview_button_and_panel(client, writer, draft):
    client.force_login(writer)
    page = client.get(reverse("admin:content_article_change", args=[draft.pk])).content.decode()
    assert 'class="preview-button"' in page and preview_url(draft) in page
    assert 'form="preview-link-new"' in page and 'id="preview-link-new"' in page


def test_the_translation_desk_has_a_preview_link(client, editor, translator):
    original = make_article()
    translation = make_article(language="zh-hans", translation_of=original, status=Status.DRAFT)
    TranslationTask.objects.create(translation=translation, translator=translator)
    client.force_login(translator)
    page = client.get(reverse("admin:newsroom_translate", args=[translation.pk])).content.decode()
    assert preview_url(translation) in page
    assert client.get(preview_url(translation)).status_code == 200


# Who may preview ------------------------------------------------------------------------


@pytest.mark.parametrize("status", [s for s, _ in Status.choices])
def test_an_editor_previews_an_article_in_every_status(client, editor, status):
    article = make_article(
        headline="Ferry timetable redrawn",
        body="<p>Text readers have not seen.</p>",
        status=status,
        published_at=timezone.now() + timedelta(days=1) if status == Status.SCHEDULED else None,
    )
    client.force_login(editor)
    response = client.get(preview_url(article))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ferry timetable redrawn" in page and "Text readers have not seen." in page
    banner = "Preview — published" if status == Status.PUBLISHED else "Preview — not published"
    assert banner in page and article.get_status_display() in page


def test_a_writer_previews_her_own_draft(client, writer, draft):
    client.force_login(writer)
    assert client.get(preview_url(draft)).status_code == 200


def test_a_writer_still_previews_her_article_once_submitted(client, writer, draft):
    draft.move(Status.REVIEW)
    client.force_login(writer)
    assert client.get(preview_url(draft)).status_code == 200


def test_an_admin_previews_anyones_draft(client, site_admin, draft):
    client.force_login(site_admin)
    assert client.get(preview_url(draft)).status_code == 200


def test_a_writer_cannot_preview_another_writers_draft(client, other_writer, draft):
    client.force_login(other_writer)
    assert client.get(preview_url(draft)).status_code == 403


def test_a_translator_previews_only_the_translation_assigned_to_him(client, translator):
    original = make_article()
    mine = make_article(language="zh-hans", translation_of=original, status=Status.DRAFT)
    TranslationTask.objects.create(translation=mine, translator=translator)
    client.force_login(translator)
    assert client.get(preview_url(mine)).status_code == 200
    assert client.get(preview_url(make_article(status=Status.DRAFT))).status_code == 403


def test_a_reader_is_sent_to_sign_in(client, draft):
    response = client.get(preview_url(draft))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# What a preview shows -------------------------------------------------------------------


def test_the_preview_shows_the_unpublished_text_images_and_byline(client, editor, draft):
    lead, inline = make_image(caption="The quay at dawn"), make_image(caption="The old crane")
    draft.lead_image = lead
    draft.body = f'<p>Unpublished words.</p><figure data-image-id="{inline.pk}"></figure>'
    draft.save()
    client.force_login(editor)
    page = client.get(preview_url(draft)).content.decode()
    assert "Unpublished words." in page and "Mina Osei" in page
    assert "The quay at dawn" in page and "The old crane" in page
    assert f"/renditions/{lead.pk}/" in page and f"/renditions/{inline.pk}/" in page


def test_related_and_hot_lists_do_not_start_showing_other_unpublished_articles(
    client, editor, draft
):
    secret = make_article(headline="Another unpublished scoop", status=Status.DRAFT)
    shown = make_article(headline="A published neighbour")
    HotList.objects.create(
        scope="en", article_ids=[secret.pk, shown.pk], computed_at=timezone.now()
    )
    client.force_login(editor)
    page = client.get(preview_url(draft)).content.decode()
    assert "A published neighbour" in page
    assert "Another unpublished scoop" not in page


def test_a_preview_is_not_counted_as_a_read(client, editor, draft):
    client.force_login(editor)
    page = client.get(preview_url(draft)).content.decode()
    assert "data-read-url" not in page and "read-pixel" not in page


def test_a_preview_is_never_cached_and_says_noindex(client, editor, draft):
    client.force_login(editor)
    response = client.get(preview_url(draft))
    page = response.content.decode()
    assert {"private", "no-store"} <= cache_control(response["Cache-Control"])
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Surrogate-Key" not in response and "X-Accel-Expires" not in response
    assert '<meta name="robots" content="noindex">' in page
    assert 'rel="canonical"' not in page and "hreflang=" not in page.split("</head>")[0]


def test_a_published_articles_preview_names_its_public_page_as_canonical(client, editor):
    article = make_article()
    client.force_login(editor)
    page = client.get(preview_url(article)).content.decode()
    assert f'<link rel="canonical" href="{article_url(article)}">' in page
    assert "/preview/" not in page.split("</head>")[0]


# Shared links ---------------------------------------------------------------------------


def test_a_writer_makes_a_link_and_the_audit_log_says_so(client, writer, draft):
    client.force_login(writer)
    url = reverse("admin:newsroom_preview_link", args=[draft.pk])
    response = client.post(url, {"days": "30", "label": "our lawyer"})
    assert response.status_code == 302
    link = PreviewLink.objects.get(article=draft)
    assert link.label == "our lawyer" and link.created_by == writer
    assert timedelta(days=29) < link.expires_at - timezone.now() <= timedelta(days=30)
    entry = draft.audit_entries.get(action=AuditEntry.Action.PREVIEW_SHARED)
    assert entry.actor == writer and "our lawyer" in entry.detail
    page = client.get(reverse("admin:content_article_change", args=[draft.pk])).content.decode()
    assert link.address in page and "our lawyer" in page


def test_a_link_lasts_a_week_unless_told_otherwise_and_only_a_listed_lifetime(
    client, writer, draft
):
    client.force_login(writer)
    url = reverse("admin:newsroom_preview_link", args=[draft.pk])
    client.post(url, {})
    link = PreviewLink.objects.get(article=draft)
    assert timedelta(days=6) < link.expires_at - timezone.now() <= timedelta(days=7)
    assert client.post(url, {"days": "365"}).status_code == 403
    assert client.post(url, {"days": "abc"}).status_code == 403
    assert client.get(url).status_code == 405


def test_a_signed_link_opens_the_article_without_an_account(client, writer, draft):
    link = make_link(draft, writer, label="a source")
    response = client.get(link.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Harbour master resigns" in page and "The unpublished first paragraph." in page
    assert "Preview — not published" in page and "Please do not pass it on." in page
    assert "/admin/" not in link.get_absolute_url()
    assert {"private", "no-store"} <= cache_control(response["Cache-Control"])
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex">' in page


def rendition_paths(page: str, image) -> list[str]:
    return re.findall(rf"/media/renditions/{image.pk}/[^\s\"',]+", page)


def test_a_signed_link_shows_the_unpublished_pictures_to_its_reader_only(client, writer, draft):
    lead, inline = make_image(caption="The quay at dawn"), make_image(caption="The old crane")
    draft.lead_image = lead
    draft.body = f'<p>Words.</p><figure data-image-id="{inline.pk}"></figure>'
    draft.save()
    elsewhere = make_image()
    make_article(lead_image=elsewhere, status=Status.DRAFT)
    link = make_link(draft, writer)
    page = client.get(link.get_absolute_url()).content.decode()
    pictures = [*rendition_paths(page, lead), *rendition_paths(page, inline), lead.file.url]
    assert len(pictures) > 2
    stranger = Client()
    for path in pictures:
        assert stranger.get(path).status_code == 404  # not public: no link opened
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"]
    assert client.get(elsewhere.file.url).status_code == 404  # another draft's picture
    link.revoke()
    assert client.get(pictures[0]).status_code == 404


def test_a_signed_link_shows_the_portrait_of_an_author_credited_only_on_drafts(client, writer):
    author = make_person(name="Ines Varga")
    author.photo.save("ines.png", ContentFile(png_bytes((200, 200))), save=True)
    draft = make_article(status=Status.DRAFT, created_by=writer, authors=[author])
    link = make_link(draft, writer)
    page = client.get(link.get_absolute_url()).content.decode()
    portraits = re.findall(rf"/media/renditions/people/{author.pk}/[^\s\"',]+", page)
    assert portraits
    assert Client().get(portraits[0]).status_code == 404
    assert client.get(portraits[0]).status_code == 200
    assert client.get(author.photo.url).status_code == 200


def test_a_signed_link_shows_the_article_as_saved_now(client, writer, draft):
    link = make_link(draft, writer)
    client.get(link.get_absolute_url())
    draft.body = "<p>A correction the lawyer asked for.</p>"
    draft.save()
    page = client.get(link.get_absolute_url()).content.decode()
    assert "A correction the lawyer asked for." in page
    assert "The unpublished first paragraph." not in page


def test_an_expired_link_is_refused(client, writer, draft):
    link = make_link(draft, writer, days=1)
    PreviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(link.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 410
    assert "This preview link no longer works" in page and "It has expired." in page
    assert "The unpublished first paragraph." not in page
    assert {"private", "no-store"} <= cache_control(response["Cache-Control"])


def test_a_revoked_link_is_refused_and_the_audit_log_says_who_revoked_it(
    client, writer, editor, draft
):
    link = make_link(draft, writer)
    client.force_login(editor)
    url = reverse("admin:newsroom_preview_revoke", args=[draft.pk, link.pk])
    assert client.post(url).status_code == 302
    entry = draft.audit_entries.get(action=AuditEntry.Action.PREVIEW_REVOKED)
    assert entry.actor == editor and f"link {link.pk}" in entry.detail
    client.logout()
    response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    assert "It was withdrawn by the newsroom." in response.content.decode()
    assert "Harbour master resigns" not in response.content.decode()


def test_a_revoked_link_is_no_longer_listed_on_the_change_form(client, writer, draft):
    link = make_link(draft, writer)
    client.force_login(writer)
    client.post(reverse("admin:newsroom_preview_revoke", args=[draft.pk, link.pk]))
    page = client.get(reverse("admin:content_article_change", args=[draft.pk])).content.decode()
    assert link.address not in page


@pytest.mark.parametrize(
    "signed",
    [
        lambda link: link.signed[:-1] + ("A" if link.signed[-1] != "A" else "B"),
        lambda link: f"{link.pk + 1}:{link.signed.split(':', 1)[1]}",
        lambda link: signing.Signer(salt="another.purpose").sign(str(link.pk)),
        lambda link: str(link.pk),
        lambda link: "x" * 300,
    ],
    ids=["signature", "id", "salt", "unsigned", "junk"],
)
def test_a_tampered_link_is_refused(client, writer, draft, signed):
    link = make_link(draft, writer)
    make_link(make_article(status=Status.DRAFT, created_by=writer), writer)  # the next id
    response = client.get(reverse("preview", args=[signed(link)]))
    assert response.status_code == 404
    assert "Harbour master resigns" not in response.content.decode()


def test_a_link_for_an_article_its_maker_cannot_edit_is_refused(
    client, other_writer, writer, draft
):
    client.force_login(other_writer)
    url = reverse("admin:newsroom_preview_link", args=[draft.pk])
    assert client.post(url, {"days": "7"}).status_code == 403
    draft.move(Status.REVIEW)  # submitted: no longer hers to edit
    client.force_login(writer)
    assert client.post(url, {"days": "7"}).status_code == 403
    assert not PreviewLink.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PREVIEW_SHARED).exists()


def test_another_writer_cannot_revoke_a_link(client, other_writer, writer, draft):
    link = make_link(draft, writer)
    client.force_login(other_writer)
    url = reverse("admin:newsroom_preview_revoke", args=[draft.pk, link.pk])
    assert client.post(url).status_code == 403
    link.refresh_from_db()
    assert link.is_active


def test_a_link_stops_when_its_makers_account_is_closed(client, writer, draft):
    link = make_link(draft, writer)
    writer.is_active = False
    writer.save()
    assert client.get(link.get_absolute_url()).status_code == 410


# No cache keeps a preview ---------------------------------------------------------------


def test_previews_never_enter_the_page_store_nor_djangos_cache(writer, draft, editor, monkeypatch):
    store = get_store()
    asked, stored, django_cache = [], [], []
    monkeypatch.setattr(store, "get", lambda key: asked.append(key))
    monkeypatch.setattr(store, "put", lambda key, *args: stored.append(key))
    for method in ["set", "add", "set_many", "get_or_set"]:
        monkeypatch.setattr(cache, method, lambda *args, **kw: django_cache.append(args))
    link = make_link(draft, writer)
    first = fetch(link.get_absolute_url())
    draft.headline = "Harbour master stays on"
    draft.save()
    second = fetch(link.get_absolute_url())
    assert first.status == second.status == 200
    assert "Harbour master stays on" in second.text
    assert first.cache == second.cache == ""  # never looked up, never stored
    assert asked == [] and stored == [] and django_cache == []
    assert {"private", "no-store"} <= cache_control(second.headers["cache-control"])
    fetch("/en/")  # a reader's page is still looked up and stored as before
    assert asked and stored
