"""Readers get an image's original and renditions only once a published article shows it;
staff see the others in the newsroom. Nothing else below /media/ is served."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from newsdesk.content.models import Article, Image
from newsdesk.content.renditions import ENCODINGS, SPECS, _path
from newsdesk.newsroom import workflow
from tests.factories import make_article, make_image, make_person

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    # Read a file to its end: closes it the test client's way.
    response.body = b"".join(response.streaming_content) if response.streaming else response.content
    return response


def addresses(image) -> list[str]:
    """The original's address and one rendition's in each encoding, computable by anyone
    who knows the id."""
    return [image.file.url, *(_path(image, SPECS["w320"], e) for e in ENCODINGS.values())]


def test_an_image_used_only_by_a_draft_is_not_served_to_readers(client):
    image = make_image()
    make_article(status=Article.Status.DRAFT, lead_image=image)
    for url in addresses(image):
        response = get(client, url)
        assert response.status_code == 404, url
        assert "no-store" in response["Cache-Control"]  # not kept: it may be published soon


def test_an_image_embedded_only_in_a_draft_is_not_served_to_readers(client):
    image = make_image()
    make_article(status=Article.Status.DRAFT, body=f"<p>Text.</p>{image.embed_code}")
    for url in addresses(image):
        assert get(client, url).status_code == 404, url


def test_an_unused_image_is_not_served_to_readers(client):
    image = make_image()
    for url in addresses(image):
        assert get(client, url).status_code == 404, url


def test_an_image_of_an_article_scheduled_for_later_is_not_served_yet(client):
    image = make_image()
    make_article(
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(hours=2),
        lead_image=image,
    )
    for url in addresses(image):
        assert get(client, url).status_code == 404, url


def cache_control(response) -> set[str]:
    return {directive.strip() for directive in response["Cache-Control"].split(",")}


def test_an_image_of_a_published_article_is_served_and_cached(client):
    image = make_image()
    make_article(lead_image=image)
    original, *renditions = (get(client, url) for url in addresses(image))
    assert original.status_code == 200
    assert original["Content-Type"] == "image/png"
    # Its name is not fingerprinted: a day, then browsers ask again.
    assert cache_control(original) == {"public", "max-age=86400"}
    for rendition, encoding in zip(renditions, ENCODINGS.values(), strict=True):
        assert rendition.status_code == 200
        assert rendition["Content-Type"] == encoding.content_type
        assert cache_control(rendition) == {"public", "max-age=31536000", "immutable"}


def test_an_original_stored_outside_images_is_served(client):
    """The demo stores its pictures under demo/images/ and demo/people/."""
    image = make_image()
    name = image.file.name
    image.file.name = default_storage.save("demo/images/harbour.png", default_storage.open(name))
    image.save()
    make_article(lead_image=image)
    response = get(client, image.file.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_an_image_embedded_in_a_published_article_is_served(client):
    image = make_image()
    make_article(body=f"<p>Text.</p>{image.embed_code}")
    for url in addresses(image):
        assert get(client, url).status_code == 200, url


def test_publishing_the_article_makes_its_image_public_at_the_same_addresses(client, editor):
    image = make_image()
    article = make_article(status=Article.Status.DRAFT, lead_image=image)
    assert {get(client, url).status_code for url in addresses(image)} == {404}
    workflow.take_step(article, workflow.Action.PUBLISHED, editor)
    assert {get(client, url).status_code for url in addresses(image)} == {200}


def test_unpublishing_the_article_takes_its_image_off_the_public_site(client, editor):
    image = make_image()
    article = make_article(lead_image=image)
    assert {get(client, url).status_code for url in addresses(image)} == {200}
    workflow.take_step(article, workflow.Action.UNPUBLISHED, editor)
    assert {get(client, url).status_code for url in addresses(image)} == {404}


def test_staff_see_a_drafts_image_but_no_shared_cache_keeps_it(client, writer):
    image = make_image()
    make_article(status=Article.Status.DRAFT, lead_image=image)
    client.force_login(writer)
    for url in addresses(image):
        response = get(client, url)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_a_signed_in_reader_without_a_newsroom_role_does_not_see_a_drafts_image(client):
    from django.contrib.auth.models import User

    image = make_image()
    make_article(status=Article.Status.DRAFT, lead_image=image)
    client.force_login(User.objects.create_user("rita", password="pw"))
    for url in addresses(image):
        assert get(client, url).status_code == 404, url


def test_a_drawn_rendition_on_disk_is_not_served_by_its_storage_path(client, writer):
    image = make_image()
    make_article(status=Article.Status.DRAFT, lead_image=image)
    client.force_login(writer)
    rendition = _path(image, SPECS["w320"])
    assert get(client, rendition).status_code == 200  # drawn and stored now
    client.logout()
    assert get(client, rendition).status_code == 404
    folder = f"/media/renditions/{image.pk}/"
    for url in [folder, folder + "w320.jpg", "/media/images/", "/media/../README.md"]:
        assert get(client, url).status_code == 404, url


def test_a_file_no_image_names_is_not_served(client, settings):
    (settings.MEDIA_ROOT / "images").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "images" / "stray.png").write_bytes(b"stray")
    (settings.MEDIA_ROOT / "notes.txt").write_bytes(b"private")
    assert get(client, "/media/images/stray.png").status_code == 404
    assert get(client, "/media/notes.txt").status_code == 404


def test_a_persons_photo_is_served_once_a_published_article_credits_them(client, writer):
    from django.core.files.base import ContentFile

    from tests.factories import png_bytes

    person = make_person()
    person.photo.save("face.png", ContentFile(png_bytes()), save=True)
    story = make_article(authors=[person], status=Article.Status.DRAFT)
    assert get(client, person.photo.url).status_code == 404  # no page yet: no picture
    client.force_login(writer)
    assert get(client, person.photo.url).status_code == 200  # the newsroom sees it
    client.logout()
    story.publish(by=None)
    assert get(client, person.photo.url).status_code == 200


def test_behind_the_proxy_django_decides_and_nginx_sends_the_file(client, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/_media/"
    image = make_image()
    make_article(lead_image=image)
    original, rendition, *_ = (get(client, url) for url in addresses(image))
    assert original["X-Accel-Redirect"] == f"/_media/{image.file.name}"
    assert original.body == b""
    assert original["Content-Type"] == "image/png"
    assert rendition["X-Accel-Redirect"].startswith(f"/_media/renditions/{image.pk}/w320-")
    hidden = make_image()
    assert get(client, hidden.file.url).status_code == 404


def test_the_published_images_are_those_a_published_article_shows():
    lead, inline, draft_only, unused = (make_image() for _ in range(4))
    make_article(lead_image=lead, body=f"<p>x</p>{inline.embed_code}")
    make_article(status=Article.Status.DRAFT, lead_image=draft_only)
    assert set(Image.objects.published()) == {lead, inline}
    assert lead.is_published and not draft_only.is_published and not unused.is_published


def test_a_persons_photo_renditions_are_served_with_their_page(client, writer):
    from django.core.files.base import ContentFile

    from newsdesk.content.renditions import portrait_srcset
    from tests.factories import png_bytes

    person = make_person()
    person.photo.save("face.png", ContentFile(png_bytes((400, 300))), save=True)
    urls = [portrait_srcset(person, encoding)[0][0] for encoding in ENCODINGS.values()]
    story = make_article(authors=[person], status=Article.Status.DRAFT)
    assert {get(client, url).status_code for url in urls} == {404}
    client.force_login(writer)
    for url in urls:
        response = get(client, url)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    client.logout()
    story.publish(by=None)
    for url in urls:
        response = get(client, url)
        assert response.status_code == 200, url
        assert cache_control(response) == {"public", "max-age=31536000", "immutable"}
