"""The admin, as an editor uses it: find, filter, write, upload."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from newsdesk.content.models import Article, Image
from tests.factories import make_article, make_column, make_person, make_section, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/content/article/",
        "/admin/content/article/add/",
        "/admin/content/section/",
        "/admin/content/column/",
        "/admin/content/person/",
        "/admin/content/image/",
        "/admin/content/image/add/",
        "/admin/content/tag/",
    ],
)
def test_admin_pages_open(editor_client, url):
    assert editor_client.get(url).status_code == 200


def test_admin_carries_the_site_name(editor_client, settings):
    assert f"{settings.SITE_NAME} newsroom" in editor_client.get("/admin/").content.decode()


def test_readers_cannot_use_the_admin(client):
    response = client.get("/admin/content/article/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_article_list_filters_by_status_section_language_and_column(editor_client):
    section = make_section(name="Harbour")
    make_article(headline="Draft in harbour", status="draft", section=section)
    make_article(headline="Published elsewhere", column=make_column())
    page = editor_client.get("/admin/content/article/").content.decode()
    for filter_title in ["By status", "By section", "By language", "By column"]:
        assert filter_title in page
    filtered = editor_client.get(
        "/admin/content/article/", {"status__exact": "draft", "section__id__exact": section.pk}
    ).content.decode()
    assert "Draft in harbour" in filtered and "Published elsewhere" not in filtered


def test_article_list_shows_unpublished_work_first_then_the_newest(editor_client):
    now = timezone.now()
    make_article(headline="Old story", published_at=now - timedelta(days=2))
    make_article(headline="New draft", status="draft", published_at=None)
    make_article(headline="Recent story", published_at=now - timedelta(hours=1))
    make_article(headline="In review", status="review", published_at=None)
    response = editor_client.get("/admin/content/article/")
    headlines = [article.headline for article in response.context["cl"].result_list]
    # On SQLite and PostgreSQL alike (their NULLs sort at opposite ends by default).
    assert headlines == ["In review", "New draft", "Recent story", "Old story"]


def test_article_search_finds_headline_and_slug_not_body(editor_client):
    # The newsroom's index holds headlines and slugs (newsroom/finding.py); bodies of
    # published articles are the public search's.
    make_article(headline="Ferry timetable", slug="ferry-timetable-x17")
    make_article(headline="Other news", body="<p>The ferry timetable changes.</p>")
    by_headline = editor_client.get("/admin/content/article/", {"q": "timetable"}).content.decode()
    assert "Ferry timetable" in by_headline and "Other news" not in by_headline
    by_slug = editor_client.get("/admin/content/article/", {"q": "x17"}).content.decode()
    assert "Ferry timetable" in by_slug and "Other news" not in by_slug


def test_slug_is_prepopulated_from_the_headline(editor_client):
    page = editor_client.get("/admin/content/article/add/").content.decode()
    assert (
        "&quot;id&quot;: &quot;#id_slug&quot;, &quot;name&quot;: &quot;slug&quot;, "
        "&quot;dependency_ids&quot;: [&quot;#id_headline&quot;]"
    ) in page


def _article_form(section, author, **fields):
    data = {
        "headline": "Night ferries return",
        "slug": "night-ferries-return",
        "standfirst": "Service resumes on Friday.",
        "body": "The night ferries are back.\n\nThey run every hour.",
        "section": section.pk,
        "language": "en",
        "_step": "published",
        "source_line": "(PACIFIC MERIDIAN)",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-0-person": author.pk,
        "bylines-0-position": "0",
        "translator_credits-TOTAL_FORMS": "0",
        "translator_credits-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


def test_editor_writes_and_publishes_an_article_in_the_admin(editor_client, client):
    section, author = make_section(), make_person(name="Ida Berg")
    response = editor_client.post(
        "/admin/content/article/add/", _article_form(section, author), follow=True
    )
    assert response.status_code == 200
    article = Article.objects.get(slug="night-ferries-return")
    assert article.body == "<p>The night ferries are back.</p><p>They run every hour.</p>"
    assert article.ordered_authors() == [author]
    assert article.is_published
    editor_client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Night ferries return" in page and "Ida Berg" in page


def test_admin_refuses_a_translation_in_the_same_language(editor_client):
    section, author = make_section(), make_person()
    original = make_article(language="en")
    response = editor_client.post(
        "/admin/content/article/add/",
        _article_form(section, author, translation_of=original.pk),
    )
    assert response.status_code == 200
    assert "A translation must be in another language." in response.content.decode()
    assert not Article.objects.filter(slug="night-ferries-return").exists()


def test_image_upload_keeps_caption_credit_alt_and_size(editor_client):
    upload = SimpleUploadedFile("quay.png", png_bytes((320, 180)), content_type="image/png")
    response = editor_client.post(
        "/admin/content/image/add/",
        {"file": upload, "caption": "The quay.", "credit": "Photo: Ida", "alt_text": "A quay"},
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.caption, image.credit, image.alt_text) == ("The quay.", "Photo: Ida", "A quay")
    assert (image.width, image.height) == (320, 180)
    listing = editor_client.get("/admin/content/image/").content.decode()
    assert f"data-image-id=&quot;{image.pk}&quot;" in listing  # the embed code to paste


def test_a_file_that_is_not_an_image_is_refused_clearly(editor_client):
    upload = SimpleUploadedFile("notes.png", b"not an image at all", content_type="image/png")
    response = editor_client.post(
        "/admin/content/image/add/", {"file": upload, "caption": "x", "alt_text": "x"}
    )
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    assert not Image.objects.exists()


def test_an_oversized_image_is_refused_clearly(editor_client, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1024
    upload = SimpleUploadedFile("big.png", png_bytes((400, 400)) + b"\0" * 2048)
    response = editor_client.post(
        "/admin/content/image/add/", {"file": upload, "caption": "x", "alt_text": "x"}
    )
    assert response.status_code == 200
    assert "This image is larger than" in response.content.decode()
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    ("zone", "query"),
    [
        ("UTC", "published_at__year=9999"),  # its end is in year 10000
        ("UTC", "published_at__year=9999&published_at__month=12"),
        ("UTC", "published_at__year=99999999999999999999"),
        ("Asia/Shanghai", "published_at__year=1"),  # starts before year 1 in UTC
        ("Asia/Shanghai", "published_at__gte=0001-01-01"),
    ],
)
def test_a_date_outside_the_calendar_in_the_article_list_is_an_incorrect_filter(
    editor_client, settings, zone, query
):
    settings.TIME_ZONE = zone
    make_article()
    response = editor_client.get(f"/admin/content/article/?{query}")
    if zone != "UTC" and connection.vendor == "postgresql":
        assert response.status_code == 200  # PostgreSQL takes the date with its offset
        return
    assert response.status_code == 302
    assert response["Location"] == "/admin/content/article/?e=1"


def test_the_audit_log_refuses_a_day_past_the_calendar_too(editor_client):
    query = "at__year=9999&at__month=12&at__day=31"
    response = editor_client.get(f"/admin/newsroom/auditentry/?{query}")
    assert response.status_code == 302
    assert response["Location"] == "/admin/newsroom/auditentry/?e=1"
