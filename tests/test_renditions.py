"""Image renditions: their sizes and addresses, drawn once on first request, cached forever."""

import io
import os
import threading
from contextlib import nullcontext
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as Picture

from newsdesk.content import renditions
from newsdesk.content.models import Image
from newsdesk.content.renditions import ENCODINGS, JPEG, SPECS, rendition_size, rendition_url
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db

CROPS = [spec for spec in SPECS.values() if spec.ratio]
OTHER_ENCODINGS = [encoding for encoding in ENCODINGS.values() if encoding is not JPEG]


def picture_bytes(size=(64, 48), mode="RGB", colour=(30, 90, 160), format="PNG", **options):
    buffer = io.BytesIO()
    Picture.new(mode, size, colour).save(buffer, format=format, **options)
    return buffer.getvalue()


def image_with(data: bytes, name="photo.png", *, published=True) -> Image:
    """An image, the lead image of a published article unless told otherwise (readers
    see only those: test_image_visibility.py)."""
    image = Image(alt_text="A test picture")
    # A ContentFile without a name leaves the image's width and height unset.
    image.file.save(name, ContentFile(data, name=name), save=False)
    image.save()
    if published:
        make_article(lead_image=image)
    return image


def stored_image(width, height) -> Image:
    """An image whose stored size is known but whose file does not exist."""
    return Image(pk=7, file="images/2024/05/missing.jpg", width=width, height=height)


def sizes(image) -> dict:
    return {r["name"]: (r["width"], r["height"]) for r in renditions.renditions(image)}


def fetch(client, url, **extra):
    response = client.get(url, **extra)
    # Reading a streamed body to its end closes it the test client's way, keeping the
    # test's database connection (closing it here would end the connection on PostgreSQL).
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def decoded(body: bytes) -> Picture.Image:
    picture = Picture.open(io.BytesIO(body))
    picture.load()
    return picture


def storage_name(url: str) -> str:
    return url.split("/media/", 1)[1]


# Sizes, worked out without the file


def test_landscape_sizes():
    assert sizes(stored_image(4000, 3000)) == {
        "w320": (320, 240),
        "w480": (480, 360),
        "w640": (640, 480),
        "w960": (960, 720),
        "w1280": (1280, 960),
        "w1600": (1600, 1200),
        "16x9": (1200, 675),
        "4x3": (1200, 900),
        "1x1": (1200, 1200),
    }


def test_portrait_sizes_are_never_upscaled():
    assert sizes(stored_image(1000, 2000)) == {
        "w320": (320, 640),
        "w480": (480, 960),
        "w640": (640, 1280),
        "w960": (960, 1920),
        "w1280": (1000, 2000),
        "w1600": (1000, 2000),
        "16x9": (992, 558),
        "4x3": (1000, 750),
        "1x1": (1000, 1000),
    }


def test_a_small_original_keeps_its_size_and_gets_the_largest_crops_it_can():
    assert sizes(stored_image(64, 48)) == {
        "w320": (64, 48),
        "w480": (64, 48),
        "w640": (64, 48),
        "w960": (64, 48),
        "w1280": (64, 48),
        "w1600": (64, 48),
        "16x9": (64, 36),
        "4x3": (64, 48),
        "1x1": (48, 48),
    }


@pytest.mark.parametrize("spec", CROPS, ids=lambda s: s.name)
@pytest.mark.parametrize("original", [(4000, 3000), (1001, 667), (333, 999), (50, 2000)])
def test_crops_have_exact_ratios_and_fit_the_original(spec, original):
    width, height = rendition_size(spec, *original)
    across, down = spec.ratio
    assert width * down == height * across
    assert width <= min(spec.width, original[0]) and height <= original[1]


def test_a_crop_the_original_cannot_fill_is_left_out():
    assert "16x9" not in sizes(stored_image(12, 12))


def test_sizes_do_not_open_the_file(monkeypatch):
    monkeypatch.setattr(renditions.Picture, "open", mock.Mock(side_effect=AssertionError))
    assert len(sizes(stored_image(4000, 3000))) == len(SPECS)


def test_srcset_lists_each_width_once_narrowest_first_at_the_images_ratio():
    found = renditions.srcset(stored_image(4000, 3000))
    assert [(width, height) for _, width, height in found] == [
        (320, 240),
        (480, 360),
        (640, 480),
        (960, 720),
        (1280, 960),
        (1600, 1200),
    ]
    assert all(path.startswith("/media/renditions/7/") for path, _, _ in found)


def test_srcset_never_offers_more_than_the_original():
    found = renditions.srcset(stored_image(700, 350))
    assert [(width, height) for _, width, height in found] == [
        (320, 160),
        (480, 240),
        (640, 320),
        (700, 350),
    ]


def test_pillow_here_writes_webp_and_avif():
    """The installed Pillow (requirements pin it) has both; without AVIF the pages would
    offer WebP and JPEG only."""
    assert list(ENCODINGS) == ["avif", "webp", "jpg"]


@pytest.mark.parametrize("encoding", OTHER_ENCODINGS, ids=lambda e: e.extension)
def test_each_encoding_has_its_own_addresses(encoding):
    image = stored_image(4000, 3000)
    jpegs = [path for path, _, _ in renditions.srcset(image)]
    others = [path for path, _, _ in renditions.srcset(image, encoding)]
    assert all(path.endswith(f".{encoding.extension}") for path in others)
    assert not set(jpegs) & set(others)


def test_an_image_without_a_file_has_no_renditions():
    image = Image.objects.create(alt_text="Still to come", source="old-site/photo.jpg")
    assert renditions.renditions(image) == []
    assert rendition_url(image, "w640") == ""
    assert renditions.srcset(image) == []


# Addresses


def test_urls_are_absolute_for_the_request(rf):
    image = stored_image(4000, 3000)
    found = renditions.renditions(image, request=rf.get("/"))
    assert [r["name"] for r in found] == list(SPECS)
    for rendition in found:
        name = rendition["name"]
        assert rendition["url"].startswith(f"http://testserver/media/renditions/7/{name}-")
        assert rendition["url"].endswith(".jpg")


def test_urls_without_a_request_start_with_the_public_url(settings):
    settings.PUBLIC_URL = "https://news.example"
    image = stored_image(4000, 3000)
    assert rendition_url(image, "16x9").startswith("https://news.example/media/renditions/7/16x9-")
    assert all(r["url"].startswith("https://news.example/") for r in renditions.renditions(image))


def test_a_new_file_gets_new_urls():
    image = stored_image(4000, 3000)
    before = rendition_url(image, "w640")
    image.file.name = "images/2024/06/replacement.jpg"
    assert rendition_url(image, "w640") != before


def test_an_unknown_rendition_name_is_an_error():
    with pytest.raises(KeyError):
        rendition_url(stored_image(4000, 3000), "w9999")


# Drawing on first request


@pytest.mark.parametrize("format", ["PNG", "JPEG"])
def test_a_rendition_is_drawn_at_its_advertised_size(client, format):
    image = image_with(picture_bytes((2001, 1335), format=format), name=f"photo.{format}")
    found = renditions.renditions(image)
    assert len(found) == len(SPECS)
    for rendition in found:
        response, body = fetch(client, rendition["url"])
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        picture = decoded(body)
        assert picture.format == "JPEG" and picture.mode == "RGB"
        assert picture.info.get("progressive")
        assert picture.size == (rendition["width"], rendition["height"])


@pytest.mark.parametrize("encoding", OTHER_ENCODINGS, ids=lambda e: e.extension)
def test_a_webp_or_avif_rendition_is_drawn_at_its_advertised_size(client, encoding):
    image = image_with(picture_bytes((2001, 1335), format="JPEG"), name="photo.jpg")
    for path, width, height in renditions.srcset(image, encoding):
        response, body = fetch(client, path)
        assert response.status_code == 200
        assert response["Content-Type"] == encoding.content_type
        picture = decoded(body)
        assert picture.format == encoding.format
        assert picture.size == (width, height)
        assert picture.getpixel((10, 10))[:3] == pytest.approx((30, 90, 160), abs=12)


@pytest.mark.parametrize("encoding", OTHER_ENCODINGS, ids=lambda e: e.extension)
def test_a_webp_or_avif_rendition_is_cached_for_a_year(client, encoding):
    image = image_with(picture_bytes())
    [(path, _, _)] = renditions.srcset(image, encoding)
    response, _ = fetch(client, path)
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=31536000", "immutable"}


def test_a_rendition_is_cached_for_a_year(client):
    image = image_with(picture_bytes())
    response, _ = fetch(client, rendition_url(image, "w320"))
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=31536000", "immutable"}


def test_a_rendition_is_drawn_once(client):
    image = image_with(picture_bytes())
    url = rendition_url(image, "4x3")
    with mock.patch.object(renditions, "draw", wraps=renditions.draw) as draw:
        first = fetch(client, url)[1]
        stored = default_storage.path(storage_name(url))
        drawn_at = os.stat(stored).st_mtime_ns
        second = fetch(client, url)[1]
    assert draw.call_count == 1
    assert first == second
    assert os.stat(stored).st_mtime_ns == drawn_at


def test_a_rendition_is_stored_at_the_path_of_its_address(client):
    image = image_with(picture_bytes())
    url = rendition_url(image, "w320")
    fetch(client, url)
    assert default_storage.exists(storage_name(url))


def test_a_head_request_is_answered(client):
    image = image_with(picture_bytes())
    assert client.head(rendition_url(image, "w320")).status_code == 200


def test_a_post_is_refused(client):
    image = image_with(picture_bytes())
    assert client.post(rendition_url(image, "w320")).status_code == 405


def test_transparency_is_flattened_on_white(client):
    image = image_with(picture_bytes(mode="RGBA", colour=(0, 0, 0, 0)))
    picture = decoded(fetch(client, rendition_url(image, "w320"))[1])
    assert min(picture.getpixel((10, 10))) >= 250


def test_a_transparent_palette_gif_is_flattened_on_white(client):
    gif = picture_bytes(mode="P", colour=0, format="GIF", transparency=0)
    image = image_with(gif, name="pixel.gif")
    picture = decoded(fetch(client, rendition_url(image, "1x1"))[1])
    assert min(picture.getpixel((10, 10))) >= 250


def test_a_cmyk_jpeg_is_drawn_in_rgb(client):
    jpeg = picture_bytes(mode="CMYK", colour=(0, 255, 255, 0), format="JPEG")
    image = image_with(jpeg, name="print.jpg")
    picture = decoded(fetch(client, rendition_url(image, "w320"))[1])
    red, green, blue = picture.getpixel((10, 10))
    assert picture.mode == "RGB" and red > 200 and green < 60 and blue < 60


def test_an_unusable_colour_profile_is_ignored(client):
    image = image_with(picture_bytes(colour=(200, 30, 30), icc_profile=b"not a profile"))
    response, body = fetch(client, rendition_url(image, "w320"))
    assert response.status_code == 200
    red, green, blue = decoded(body).getpixel((10, 10))
    assert red > 180 and green < 60 and blue < 60


def test_sixteen_bit_greyscale_is_not_drawn_white(client):
    image = image_with(picture_bytes(mode="I;16", colour=40000))
    picture = decoded(fetch(client, rendition_url(image, "w320"))[1])
    assert 140 < picture.getpixel((10, 10))[0] < 170


def test_a_photo_stored_sideways_is_drawn_upright(client):
    sideways = Picture.new("RGB", (3200, 2400), "red")
    sideways.paste("blue", (1600, 0, 3200, 2400))  # the bottom half, once turned
    exif = Picture.Exif()
    exif[0x0112] = 6  # "turn 90° clockwise to view"
    buffer = io.BytesIO()
    sideways.save(buffer, format="JPEG", exif=exif)
    image = image_with(buffer.getvalue(), name="phone.jpg")
    picture = decoded(fetch(client, rendition_url(image, "w320"))[1])
    assert picture.size == (320, 427)
    top_right, bottom_left = picture.getpixel((300, 20)), picture.getpixel((20, 400))
    assert top_right[0] > 200 and top_right[2] < 60
    assert bottom_left[2] > 200 and bottom_left[0] < 60


# Addresses that lead nowhere


def test_an_unknown_rendition_name_is_not_found(client):
    image = image_with(picture_bytes())
    url = rendition_url(image, "w320").replace("/w320-", "/w321-")
    assert client.get(url).status_code == 404


def test_another_encodings_fingerprint_is_not_found(client):
    image = image_with(picture_bytes())
    url = rendition_url(image, "w320")
    assert client.get(url.replace(".jpg", ".webp")).status_code == 404


def test_an_encoding_it_does_not_write_is_not_found(client):
    image = image_with(picture_bytes())
    assert client.get(rendition_url(image, "w320").replace(".jpg", ".png")).status_code == 404


def test_a_wrong_fingerprint_is_not_found(client):
    image = image_with(picture_bytes())
    url = rendition_url(image, "w320")
    assert client.get(url[: -len("0123456789ab.jpg")] + "0123456789ab.jpg").status_code == 404


def test_an_unknown_image_is_not_found(client):
    image = image_with(picture_bytes())
    url = rendition_url(image, "w320").replace(f"/{image.pk}/", f"/{image.pk + 1000}/")
    assert client.get(url).status_code == 404


def test_an_absurd_image_number_is_not_found(client):
    url = "/media/renditions/99999999999999999999999999/w320-0123456789ab.jpg"
    assert client.get(url).status_code == 404


def test_the_old_address_of_a_replaced_file_is_not_found(client):
    image = image_with(picture_bytes())
    old = rendition_url(image, "w320")
    image.file.save("new.png", ContentFile(picture_bytes((80, 60)), name="new.png"))
    assert client.get(old).status_code == 404
    assert fetch(client, rendition_url(image, "w320"))[0].status_code == 200


def test_an_image_without_a_file_is_not_found(client):
    image = Image.objects.create(alt_text="Still to come")
    fingerprint = renditions._fingerprint("", SPECS["w320"])
    assert client.get(f"/media/renditions/{image.pk}/w320-{fingerprint}.jpg").status_code == 404


def stored_as_is(data: bytes, name: str, size=(400, 300)) -> Image:
    """An image whose stored file is ``data`` as given (damaged on disk since its upload)."""
    image = image_with(picture_bytes(size), name=name)
    with default_storage.open(image.file.name, "wb") as file:
        file.write(data)
    return image


def test_a_file_that_is_not_an_image_is_not_found(client):
    image = stored_as_is(b"<html>not a picture</html>", name="broken.png")
    url = renditions._path(image, SPECS["w320"])
    assert client.get(url).status_code == 404
    assert not default_storage.exists(storage_name(url))


def test_a_truncated_image_is_not_found(client):
    noise = Picture.effect_noise((400, 300), 64).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, format="JPEG")
    image = stored_as_is(buffer.getvalue()[: len(buffer.getvalue()) // 2], name="cut.jpg")
    assert client.get(rendition_url(image, "w320")).status_code == 404


def test_a_missing_file_is_not_found(client):
    image = image_with(picture_bytes())
    default_storage.delete(image.file.name)
    assert client.get(rendition_url(image, "w320")).status_code == 404


def test_a_crop_too_small_to_draw_is_not_found(client):
    image = image_with(picture_bytes((12, 12)))
    assert client.get(renditions._path(image, SPECS["16x9"])).status_code == 404


def test_a_decompression_bomb_is_not_found(client, monkeypatch):
    image = image_with(picture_bytes((64, 48)))
    monkeypatch.setattr(Picture, "MAX_IMAGE_PIXELS", 1000)  # Pillow refuses past twice this
    assert client.get(rendition_url(image, "w320")).status_code == 404


def test_an_image_stored_before_a_lower_pixel_limit_is_neither_advertised_nor_drawn(
    client, settings
):
    image = image_with(picture_bytes((64, 48)))
    url = renditions._path(image, SPECS["w320"])
    settings.MAX_IMAGE_PIXELS = 2000
    assert renditions.renditions(image) == []
    assert rendition_url(image, "w320") == ""
    assert client.get(url).status_code == 404


# Writing safely


def rendition_files(image) -> list[str]:
    return sorted(os.listdir(default_storage.path(f"renditions/{image.pk}")))


def test_two_generations_in_a_row_leave_one_valid_jpeg():
    image = image_with(picture_bytes())
    name = renditions._storage_name(image.pk, image.file.name, SPECS["w320"])
    renditions._store(name, renditions.draw(image.file.name, SPECS["w320"]))
    renditions._store(name, renditions.draw(image.file.name, SPECS["w320"]))
    assert rendition_files(image) == [os.path.basename(name)]
    with default_storage.open(name) as stored:
        assert decoded(stored.read()).size == (64, 48)


def run_at_once(count, work):
    barrier = threading.Barrier(count)
    errors = []

    def run():
        barrier.wait()
        try:
            work()
        except Exception as error:  # noqa: BLE001 — reported by the test below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_writers_at_once_leave_one_whole_file_and_no_temporary_ones():
    image = image_with(picture_bytes((640, 480)))
    name = renditions._storage_name(image.pk, image.file.name, SPECS["w320"])
    data = renditions.draw(image.file.name, SPECS["w320"])
    run_at_once(8, lambda: renditions._store(name, data))
    assert rendition_files(image) == [os.path.basename(name)]
    with default_storage.open(name) as stored:
        assert stored.read() == data


def test_requests_at_once_draw_a_rendition_once():
    image = image_with(picture_bytes((640, 480)))
    with mock.patch.object(renditions, "draw", wraps=renditions.draw) as draw:
        run_at_once(4, lambda: renditions.generate(image.pk, image.file.name, SPECS["1x1"]))
    assert draw.call_count == 1
    assert len(rendition_files(image)) == 1


def test_renditions_of_one_image_asked_for_at_once_are_drawn_one_after_another():
    """Six addresses of one picture at once decode it once at a time, not six times over:
    the memory drawing takes is one decoded original's, bounded by MAX_IMAGE_PIXELS."""
    image = image_with(picture_bytes((640, 480)))
    drawing, most = [], []
    guard = threading.Lock()

    def counted(*args):
        with guard:
            drawing.append(1)
            most.append(len(drawing))
        try:
            return original(*args)
        finally:
            with guard:
                drawing.pop()

    original = renditions.draw
    specs = list(SPECS.values())
    with mock.patch.object(renditions, "draw", counted):
        run_at_once(6, lambda: renditions.generate(image.pk, image.file.name, specs.pop()))
    assert len(most) == 6 and max(most) == 1
    assert len(rendition_files(image)) == 6


def test_without_the_lock_requests_at_once_still_leave_a_whole_file(monkeypatch):
    image = image_with(picture_bytes((640, 480)))
    monkeypatch.setattr(renditions, "exclusive", lambda *args, **kwargs: nullcontext())
    run_at_once(4, lambda: renditions.generate(image.pk, image.file.name, SPECS["1x1"]))
    [file_name] = rendition_files(image)
    with default_storage.open(f"renditions/{image.pk}/{file_name}") as stored:
        assert decoded(stored.read()).size == (480, 480)


# Cleaning up


def test_replacing_the_file_deletes_the_old_renditions(client, django_capture_on_commit_callbacks):
    image = image_with(picture_bytes())
    fetch(client, rendition_url(image, "w320"))
    fetch(client, rendition_url(image, "1x1"))
    for encoding in OTHER_ENCODINGS:
        fetch(client, renditions.srcset(image, encoding)[0][0])
    with django_capture_on_commit_callbacks(execute=True):
        image.file.save("new.png", ContentFile(picture_bytes((80, 60)), name="new.png"))
    assert not default_storage.exists(f"renditions/{image.pk}")


def test_editing_the_caption_keeps_the_renditions(client, django_capture_on_commit_callbacks):
    image = image_with(picture_bytes())
    fetch(client, rendition_url(image, "w320"))
    for encoding in OTHER_ENCODINGS:
        fetch(client, renditions.srcset(image, encoding)[0][0])
    with django_capture_on_commit_callbacks(execute=True):
        image.caption = "The harbour at dusk."
        image.save()
    assert len(rendition_files(image)) == len(ENCODINGS)


def test_deleting_the_image_deletes_its_renditions(client, django_capture_on_commit_callbacks):
    image = image_with(picture_bytes())
    image_id = image.pk
    fetch(client, rendition_url(image, "w320"))
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert not default_storage.exists(f"renditions/{image_id}")


# A person's photo


def person_with(data: bytes):
    person = make_person()
    person.photo.save("face.png", ContentFile(data, name="face.png"), save=True)
    make_article(authors=[person])  # readers see photos of people with a page
    return person


@pytest.mark.parametrize("encoding", ENCODINGS.values(), ids=lambda e: e.extension)
def test_a_persons_photo_is_drawn_in_small_squares(client, encoding):
    person = person_with(picture_bytes((600, 400)))
    found = renditions.portrait_srcset(person, encoding)
    assert [(width, height) for _, width, height in found] == [
        (96, 96),
        (144, 144),
        (240, 240),
        (360, 360),
    ]
    for path, width, height in found:
        assert path.startswith(f"/media/renditions/people/{person.pk}/sq{width}-")
        response, body = fetch(client, path)
        assert response["Content-Type"] == encoding.content_type
        picture = decoded(body)
        assert picture.format == encoding.format and picture.size == (width, height)


def test_a_small_photo_is_never_upscaled():
    person = person_with(picture_bytes((100, 150)))
    assert [(w, h) for _, w, h in renditions.portrait_srcset(person)] == [(96, 96), (100, 100)]


def test_a_person_without_a_readable_photo_has_no_portraits():
    person = person_with(picture_bytes())
    default_storage.delete(person.photo.name)
    person = type(person).objects.get(pk=person.pk)
    assert renditions.portrait_srcset(person) == []
    assert renditions.portrait_srcset(make_person()) == []


def test_a_portrait_of_another_photo_is_not_found(client):
    person = person_with(picture_bytes())
    path = renditions.portrait_srcset(person)[0][0]
    other = make_person()
    assert client.get(path.replace(f"/{person.pk}/", f"/{other.pk}/")).status_code == 404


def test_a_new_photo_deletes_the_old_portraits(client, django_capture_on_commit_callbacks):
    person = person_with(picture_bytes())
    fetch(client, renditions.portrait_srcset(person)[0][0])
    folder = f"renditions/people/{person.pk}"
    assert default_storage.exists(folder)
    with django_capture_on_commit_callbacks(execute=True):
        person.photo.save("new.png", ContentFile(picture_bytes((80, 60)), name="new.png"))
    assert not default_storage.exists(folder)
