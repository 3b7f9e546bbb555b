"""Uploaded pictures: decoded before they are accepted, bounded in bytes and pixels, stored
upright and without the metadata a camera or phone writes into them."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as Picture

from newsdesk.content.models import Image
from newsdesk.content.renditions import SPECS, renditions
from tests.factories import make_article

pytestmark = pytest.mark.django_db

GPS = 0x8825
ORIENTATION = 0x0112


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def bomb(width, height) -> bytes:
    """A PNG of ``width`` x ``height`` one-bit pixels: a few hundred KB of file."""
    buffer = io.BytesIO()
    Picture.new("1", (width, height)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def upload(client, data: bytes, name="picture.png"):
    file = SimpleUploadedFile(name, data, content_type="image/png")
    return client.post(
        "/admin/content/image/add/", {"file": file, "caption": "x", "alt_text": "A picture"}
    )


def phone_photo(size=(640, 480), orientation=6) -> bytes:
    """A JPEG as a phone writes it: stored sideways with an EXIF note to turn it, the
    camera's make and where it was taken."""
    sideways = Picture.new("RGB", size, "red")
    sideways.paste("blue", (size[0] // 2, 0, *size))  # the bottom half, once turned
    exif = Picture.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS).update({1: "N", 2: (22.0, 17.0, 3.0), 3: "E", 4: (114.0, 10.0, 1.0)})
    buffer = io.BytesIO()
    sideways.save(buffer, format="JPEG", exif=exif, quality=95)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("width", "height"), [(11000, 8000), (12000, 12000)], ids=["88 MP", "144 MP"]
)
def test_a_decompression_bomb_is_refused_at_upload_with_a_clear_message(
    editor_client, width, height
):
    data = bomb(width, height)
    assert len(data) < 2 * 1024 * 1024  # small in bytes: only the pixels give it away
    response = upload(editor_client, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "more than the 50 megapixels we accept" in text
    assert not Image.objects.exists()


def test_the_pixel_limit_is_pillows_too(settings):
    assert Picture.MAX_IMAGE_PIXELS == settings.MAX_IMAGE_PIXELS == 50_000_000


def test_a_truncated_picture_is_refused_at_upload(editor_client):
    noise = Picture.effect_noise((400, 300), 64).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, format="JPEG")
    response = upload(editor_client, buffer.getvalue()[:3000], name="cut.jpg")
    assert response.status_code == 200
    assert "damaged or incomplete" in response.content.decode()
    assert not Image.objects.exists()


def test_a_picture_at_the_pixel_limit_is_accepted_and_every_advertised_rendition_drawn(
    editor_client, client, settings
):
    settings.MAX_IMAGE_PIXELS = 1600 * 1200
    buffer = io.BytesIO()
    Picture.new("RGB", (1600, 1200), "teal").save(buffer, format="PNG")
    assert upload(editor_client, buffer.getvalue()).status_code == 302
    image = Image.objects.get()
    make_article(lead_image=image)
    advertised = renditions(image)
    assert len(advertised) == len(SPECS)
    client.logout()
    for rendition in advertised:
        response = client.get(rendition["url"])
        assert response.status_code == 200, rendition["name"]
        body = b"".join(response.streaming_content)
        assert Picture.open(io.BytesIO(body)).size == (rendition["width"], rendition["height"])


def test_a_sideways_phone_photo_is_stored_upright_with_the_size_readers_see(editor_client):
    assert upload(editor_client, phone_photo((640, 480)), name="phone.jpg").status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (480, 640)
    with image.file.open("rb") as file:
        stored = Picture.open(file)
        stored.load()
    assert stored.size == (480, 640)
    top, bottom = stored.getpixel((240, 20)), stored.getpixel((240, 620))
    assert top[0] > 200 and top[2] < 60  # red above
    assert bottom[2] > 200 and bottom[0] < 60  # blue below


@pytest.mark.parametrize("orientation", [1, 6])
def test_metadata_is_stripped_from_the_stored_original(orientation):
    image = Image(alt_text="A quay")
    image.file.save("phone.jpg", ContentFile(phone_photo(orientation=orientation)), save=False)
    image.save()
    with image.file.open("rb") as file:
        data = file.read()
    stored = Picture.open(io.BytesIO(data))
    assert not stored.getexif()
    assert b"PhoneMaker" not in data
    assert "exif" not in stored.info and "xmp" not in stored.info


def test_metadata_is_stripped_from_renditions(client):
    image = Image(alt_text="A quay")
    image.file.save("phone.jpg", ContentFile(phone_photo()), save=False)
    image.save()
    make_article(lead_image=image)
    response = client.get(renditions(image)[0]["url"])
    body = b"".join(response.streaming_content)
    assert not Picture.open(io.BytesIO(body)).getexif()
    assert b"PhoneMaker" not in body


def test_an_upload_keeps_its_colours_and_transparency():
    buffer = io.BytesIO()
    Picture.new("RGBA", (40, 30), (10, 200, 30, 0)).save(buffer, format="PNG")
    image = Image(alt_text="A clear square")
    image.file.save("clear.png", ContentFile(buffer.getvalue()), save=False)
    image.save()
    with image.file.open("rb") as file:
        stored = Picture.open(file)
        stored.load()
    assert stored.format == "PNG" and stored.mode == "RGBA"
    assert stored.getpixel((5, 5))[3] == 0


def test_a_person_photo_is_cleaned_too(db):
    from tests.factories import make_person

    person = make_person()
    person.photo.save("face.jpg", ContentFile(phone_photo()), save=True)
    with person.photo.open("rb") as file:
        stored = Picture.open(file)
        assert stored.size == (480, 640) and not stored.getexif()


def animation(frames: int, size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    pictures = [Picture.new("RGB", size, (40 * i, 200 - 30 * i, 90)) for i in range(frames)]
    pictures[0].save(buffer, format="GIF", save_all=True, append_images=pictures[1:])
    return buffer.getvalue()


def test_an_animation_keeps_its_frames():
    image = Image(alt_text="A blinking light")
    image.file.save("blink.gif", ContentFile(animation(3)), save=False)
    image.save()
    with image.file.open("rb") as file:
        assert Picture.open(file).n_frames == 3


def test_the_frames_of_an_animation_count_together_against_the_pixel_limit(editor_client, settings):
    settings.MAX_IMAGE_PIXELS = 40 * 30 * 4
    assert upload(editor_client, animation(4), name="ok.gif").status_code == 302
    response = upload(editor_client, animation(5), name="many.gif")
    assert response.status_code == 200
    assert "megapixels we accept" in response.content.decode()
