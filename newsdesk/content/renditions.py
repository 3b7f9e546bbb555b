"""Image renditions: fixed sizes and crops of an Image, and small squares of a person's
photo, drawn on first request as JPEG, WebP or AVIF (AVIF where Pillow can write it).

``renditions(image)`` lists the JPEG ones for the API and structured data, and
``srcset(image, encoding)`` the widths a reader page offers in one encoding, without
reading the file: their sizes follow from ``image.width`` and ``image.height``
(``portrait_srcset(person)`` reads the photo's header, Person stores no size). Each
address carries a fingerprint of the file name, the rendition's spec and its encoding, so
a replaced file (which gets a new name) or a changed spec gets new addresses and every
address can be cached forever. The first request for an address draws the file with
Pillow and stores it under ``renditions/<image id>/`` (``renditions/people/<person id>/``)
in the default storage, at the path its address names below MEDIA_URL, so a web server
that serves media from disk can serve it from then on.
"""

import hashlib
import io
import logging
import os
import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_safe
from PIL import Image as Picture
from PIL import ImageCms, ImageOps, features

from newsdesk.content.media import may_see_unpublished, send, unstored_not_found
from newsdesk.content.models import Image, Person
from newsdesk.content.uploads import FORMATS
from newsdesk.locks import exclusive

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Spec:
    """A rendition: ``width`` px wide keeping the aspect ratio, or a centre crop to ``ratio``."""

    name: str
    width: int
    ratio: tuple[int, int] | None = None


@dataclass(frozen=True)
class Encoding:
    """How a rendition is written: its file extension, Pillow's format name and options."""

    extension: str
    format: str
    content_type: str
    options: tuple[tuple[str, object], ...]


JPEG_QUALITY = 82
JPEG = Encoding(
    "jpg",
    "JPEG",
    "image/jpeg",
    (("quality", JPEG_QUALITY), ("progressive", True), ("optimize", True)),
)
# WebP and AVIF at qualities that look like the JPEG's; at these settings a 1600 px demo
# photo weighs 92 KB as JPEG, 38 KB as WebP, 21 KB as AVIF. AVIF takes about a second to
# write, once per address.
WEBP = Encoding("webp", "WEBP", "image/webp", (("quality", 80), ("method", 6)))
AVIF = Encoding("avif", "AVIF", "image/avif", (("quality", 55), ("speed", 6)))
# Best first, as <picture> offers them; JPEG always, the others if this Pillow writes them.
ENCODINGS = {
    encoding.extension: encoding
    for encoding in [AVIF, WEBP, JPEG]
    if encoding is JPEG or features.check(encoding.format.lower())
}

# Widths a reader page chooses from (srcset), at the image's own ratio: a figure shows the
# whole picture its caption describes, and cards show it uncropped. From a 320 px phone at
# 1x to a 40rem column at 2x (1280) and the lead card on a wide screen at 2x (1600); steps
# of at most 1.5x, so a browser never fetches much more than it shows.
SRCSET_WIDTHS = (320, 480, 640, 960, 1280, 1600)

SPECS = {
    spec.name: spec
    for spec in [
        *(Spec(f"w{width}", width) for width in SRCSET_WIDTHS),
        # Google's structured-data guidance: at least 1200 px wide, in 16x9, 4x3 and 1x1.
        Spec("16x9", 1200, (16, 9)),
        Spec("4x3", 1200, (4, 3)),
        Spec("1x1", 1200, (1, 1)),
    ]
}

# A person's photo as readers see it: a small square (72 px beside a bio, 120 px on their
# page), at up to 3x.
PORTRAIT_SPECS = {
    spec.name: spec for spec in (Spec(f"sq{width}", width, (1, 1)) for width in (96, 144, 240, 360))
}
# Where the renditions of a person's photo are stored, beside the images' numbered folders.
PEOPLE = "people/"

# Part of every fingerprint: change it when a change to the drawing code should reach
# readers, whose browsers and CDNs keep each address for a year.
DRAWING = "1"
CACHE_SECONDS = 365 * 24 * 60 * 60
SRGB = ImageCms.createProfile("sRGB")
# Spreads generation locks over a few lock files instead of one file per image.
LOCK_BUCKETS = 64


def drawable(width: int | None, height: int | None) -> bool:
    """Whether an original of this size can be drawn: within settings.MAX_IMAGE_PIXELS.

    Uploads over it are refused; one stored before the limit is not advertised."""
    return bool(width and height and width * height <= settings.MAX_IMAGE_PIXELS)


def renditions(image: Image, request=None) -> list[dict]:
    """Every rendition of ``image``: name, url, width, height (empty when it has no file).

    Sizes come from the dimensions stored on the image; the file is not opened. A crop
    whose ratio the image is too small to fill at all (under 16 px) is left out.
    """
    if not image.file or not drawable(image.width, image.height):
        return []
    found = []
    for spec in SPECS.values():
        size = rendition_size(spec, image.width, image.height)
        if size is not None:
            url = _absolute(_path(image, spec), request)
            found.append({"name": spec.name, "url": url, "width": size[0], "height": size[1]})
    return found


def rendition_url(image: Image, name: str, request=None) -> str:
    """The address of ``image``'s rendition ``name``: absolute, from ``request`` or else
    settings.PUBLIC_URL. Empty when the image has no file or cannot be drawn. KeyError for
    an unknown name."""
    spec = SPECS[name]
    if not image.file or not drawable(image.width, image.height):
        return ""
    return _absolute(_path(image, spec), request)


def srcset(image: Image, encoding: Encoding = JPEG) -> list[tuple[str, int, int]]:
    """(path, width, height) of each SRCSET_WIDTHS rendition of ``image`` in ``encoding``,
    narrowest first, each width once (a small original gives fewer). Paths, not absolute
    addresses: article bodies keep them pre-rendered. Empty without a drawable file."""
    if not image.file or not drawable(image.width, image.height):
        return []
    found = {}
    for width in SRCSET_WIDTHS:
        spec = SPECS[f"w{width}"]
        size = rendition_size(spec, image.width, image.height)
        if size[0] not in found:
            found[size[0]] = (_path(image, spec, encoding), *size)
    return list(found.values())


def portrait_srcset(person: Person, encoding: Encoding = JPEG) -> list[tuple[str, int, int]]:
    """(path, width, height) of each square rendition of ``person``'s photo in
    ``encoding``, smallest first, each size once. Empty without a drawable photo."""
    size = photo_size(person)
    if size is None:
        return []
    found = {}
    for spec in PORTRAIT_SPECS.values():
        drawn = rendition_size(spec, *size)
        if drawn is not None and drawn[0] not in found:
            path = reverse(
                "renditions:portrait",
                kwargs={
                    "person_id": person.pk,
                    "name": spec.name,
                    "fingerprint": _fingerprint(person.photo.name, spec, encoding),
                    "extension": encoding.extension,
                },
            )
            found[drawn[0]] = (path, *drawn)
    return list(found.values())


def photo_size(person: Person) -> tuple[int, int] | None:
    """The size of ``person``'s photo, read from its file's header (Person stores none);
    None without a photo, or with one that cannot be read or drawn."""
    if not person.photo:
        return None
    try:
        width, height = person.photo.width, person.photo.height
    except (OSError, ValueError):  # a missing or unreadable file
        return None
    return (width, height) if drawable(width, height) else None


def rendition_size(spec: Spec, width: int, height: int) -> tuple[int, int] | None:
    """The size of ``spec`` drawn from a ``width`` x ``height`` original, never upscaled.

    A crop is the largest multiple of its ratio that fits both the spec's width and the
    original, so its ratio is exact; None when not even one multiple fits.
    """
    if spec.ratio is None:
        if width <= spec.width:
            return width, height
        return spec.width, max(1, round(height * spec.width / width))
    across, down = spec.ratio
    times = min(spec.width // across, width // across, height // down)
    return (times * across, times * down) if times else None


def _fingerprint(file_name: str, spec: Spec, encoding: Encoding = JPEG) -> str:
    text = f"{file_name}\n{spec}\nquality={JPEG_QUALITY}\ndrawing={DRAWING}"
    if encoding is not JPEG:  # a JPEG's text as it was before WebP and AVIF: same addresses
        text += f"\n{encoding}"
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _storage_name(
    image_id: int, file_name: str, spec: Spec, encoding: Encoding = JPEG, kind: str = ""
) -> str:
    """Where a rendition is stored: below ``renditions/<id>/`` for an Image, below
    ``renditions/people/<id>/`` for a person's photo (``kind`` PEOPLE)."""
    fingerprint = _fingerprint(file_name, spec, encoding)
    return f"renditions/{kind}{image_id}/{spec.name}-{fingerprint}.{encoding.extension}"


def _path(image: Image, spec: Spec, encoding: Encoding = JPEG) -> str:
    return reverse(
        "renditions:rendition",
        kwargs={
            "image_id": image.pk,
            "name": spec.name,
            "fingerprint": _fingerprint(image.file.name, spec, encoding),
            "extension": encoding.extension,
        },
    )


def _absolute(path: str, request) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.PUBLIC_URL}{path}"


@require_safe
@unstored_not_found
def serve_rendition(request, image_id: str, name: str, fingerprint: str, extension: str):
    """The rendition's file, drawn and stored on first request; cached for a year once a
    published article shows the image, else for signed-in staff only (media.py)."""
    spec, encoding = SPECS.get(name), ENCODINGS.get(extension)
    if spec is None or encoding is None:
        raise Http404("No such rendition.")
    # The file name alone: Django opens the file of an Image loaded without its size.
    file_name = Image.objects.filter(pk=image_id).values_list("file", flat=True).first()
    if not file_name or fingerprint != _fingerprint(file_name, spec, encoding):
        raise Http404("No such rendition of this image (its file may have changed).")
    public = Image.objects.published().filter(pk=image_id).exists()
    return _send_rendition(request, int(image_id), file_name, spec, encoding, public)


@require_safe
@unstored_not_found
def serve_portrait(request, person_id: str, name: str, fingerprint: str, extension: str):
    """A rendition of a person's photo: public with their page (once a published article
    credits them), else for signed-in staff only, as the photo itself (media.py)."""
    spec, encoding = PORTRAIT_SPECS.get(name), ENCODINGS.get(extension)
    if spec is None or encoding is None:
        raise Http404("No such rendition.")
    file_name = Person.objects.filter(pk=person_id).values_list("photo", flat=True).first()
    if not file_name or fingerprint != _fingerprint(file_name, spec, encoding):
        raise Http404("No such rendition of this photo (its file may have changed).")
    public = Person.objects.public().filter(pk=person_id).exists()
    return _send_rendition(request, int(person_id), file_name, spec, encoding, public, PEOPLE)


def _send_rendition(request, owner_id, file_name, spec, encoding, public, kind=""):
    owner = {"person_id" if kind else "image_id": owner_id}
    if not public and not may_see_unpublished(request, **owner):
        raise Http404("No such rendition.")
    stored = generate(owner_id, file_name, spec, encoding, kind)
    if stored is None:
        raise Http404("This image's file cannot be read.")
    # send() answers 404 should the image change between the checks above and now.
    return send(
        request,
        stored,
        public=public,
        cache_seconds=CACHE_SECONDS,
        content_type=encoding.content_type,
    )


def generate(
    image_id: int, file_name: str, spec: Spec, encoding: Encoding = JPEG, kind: str = ""
) -> str | None:
    """Store ``spec`` of an image unless it is stored already; its storage name, or None
    when the image's file cannot be read.

    Requests for renditions of the same image wait for one another instead of all
    decoding it at once: drawing one image takes at most one decoded original's memory
    (settings.MAX_IMAGE_PIXELS), however many of its addresses are asked for together.
    The file appears whole (see ``_store``) even where the lock does not reach.
    """
    name = _storage_name(image_id, file_name, spec, encoding, kind)
    if default_storage.exists(name):
        return name
    with exclusive(f"rendition-{image_id % LOCK_BUCKETS}"):
        if default_storage.exists(name):
            return name
        data = draw(file_name, spec, encoding)
        if data is None:
            return None
        _store(name, data)
    return name


def draw(file_name: str, spec: Spec, encoding: Encoding = JPEG) -> bytes | None:
    """``spec`` of the image file ``file_name`` in ``encoding``, or None when it cannot be
    read."""
    storage = Image._meta.get_field("file").storage
    try:
        with storage.open(file_name, "rb") as source, Picture.open(source, formats=FORMATS) as src:
            if not drawable(src.width, src.height):
                raise Picture.DecompressionBombError(f"{src.width}x{src.height} pixels")
            # Phone photos are stored sideways with an EXIF note to turn them.
            turned = src.getexif().get(0x0112, 1) in (5, 6, 7, 8)
            width, height = (src.height, src.width) if turned else src.size
            size = rendition_size(spec, width, height)
            if size is None:
                return None
            _draft(src, spec, size, width, height, turned)
            ImageOps.exif_transpose(src, in_place=True)
            picture = _drawable(src)
            picture = picture.resize(
                size, Picture.Resampling.LANCZOS, box=_centre(spec, *picture.size), reducing_gap=3
            )
            picture = _to_srgb(_flatten(picture), src.info.get("icc_profile"))
            out = io.BytesIO()
            picture.save(out, encoding.format, **dict(encoding.options))
            return out.getvalue()
    except (OSError, SyntaxError, ValueError, EOFError, Picture.DecompressionBombError) as error:
        logger.warning("Cannot draw rendition %s of %s: %r", spec.name, file_name, error)
        return None


def _centre(spec: Spec, width: int, height: int) -> tuple[float, float, float, float]:
    """The largest centred box of ``spec``'s ratio: the part of the picture it shows."""
    if spec.ratio is None:
        return 0, 0, width, height
    across, down = spec.ratio
    if width * down > height * across:
        kept = height * across / down
        return (width - kept) / 2, 0, (width + kept) / 2, height
    kept = width * down / across
    return 0, (height - kept) / 2, width, (height + kept) / 2


def _draft(src, spec: Spec, size, width: int, height: int, turned: bool) -> None:
    """Let a JPEG decode at 1/2, 1/4 or 1/8 scale when that still leaves room to resample:
    a large photo then takes a fraction of the memory and time."""
    left, _, right, _ = _centre(spec, width, height)
    scale = min(1, 2 * size[0] / (right - left))
    wanted = (round(width * scale), round(height * scale))
    src.draft(None, wanted[::-1] if turned else wanted)


def _drawable(picture):
    """``picture`` in a mode that resizes well: RGB, RGBA, L, LA or CMYK."""
    if picture.mode in ("RGB", "RGBA", "L", "LA", "CMYK"):
        return picture
    if picture.mode.startswith("I"):  # 16-bit greyscale: scale down, not clip to white
        return picture.convert("I").point(lambda v: v / 256).convert("L")
    transparent = picture.mode == "PA" or "transparency" in picture.info
    return picture.convert("RGBA" if transparent else "RGB")


def _flatten(picture):
    """Transparent parts on white: JPEG has no transparency (WebP and AVIF get the same
    picture, whichever a browser picks)."""
    if picture.mode not in ("RGBA", "LA"):
        return picture
    flat = Picture.new(picture.mode[:-1], picture.size, "white")
    flat.paste(picture, mask=picture.getchannel("A"))
    return flat


def _to_srgb(picture, icc: bytes | None):
    """RGB in sRGB, the colours every browser assumes for a JPEG without a profile."""
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(picture, profile, SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # an unusable profile: keep the colours as they are
    return picture.convert("RGB")


def _store(name: str, data: bytes) -> None:
    """Write ``name`` so that no reader ever sees half a file, whoever writes it too."""
    try:
        target = default_storage.path(name)
    except NotImplementedError:
        # Remote storages put an object whole; a second writer gets another name.
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:
            default_storage.delete(saved)
        return
    folder = os.path.dirname(target)
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, getattr(default_storage, "file_permissions_mode", None) or 0o644)
        os.replace(temporary, target)  # atomic: the old file or the new, never a mix
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def delete_renditions(image_id: int, keep: frozenset[str] = frozenset(), kind: str = "") -> None:
    """Delete the stored renditions of an image (or with ``kind`` PEOPLE, of a person's
    photo), except the file names in ``keep``."""
    folder = f"renditions/{kind}{image_id}"
    try:
        _, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    # Names starting with a dot are files being written right now.
    stale = [f for f in files if f not in keep and not f.startswith(".")]
    for file_name in stale:
        default_storage.delete(f"{folder}/{file_name}")
    if len(stale) == len(files):
        try:
            default_storage.delete(folder)
        except OSError:
            pass  # something was written into it meanwhile


@receiver(post_save, sender=Image, dispatch_uid="renditions-image-saved")
def drop_stale_renditions(sender, instance, raw=False, **kwargs):
    """A new file gives new addresses: the files at the old ones can go."""
    if raw:
        return
    image_id, keep = instance.pk, frozenset()
    if instance.file:
        names = (
            _storage_name(image_id, instance.file.name, spec, encoding)
            for spec in SPECS.values()
            for encoding in ENCODINGS.values()
        )
        keep = frozenset(os.path.basename(name) for name in names)
    transaction.on_commit(lambda: delete_renditions(image_id, keep))


@receiver(post_delete, sender=Image, dispatch_uid="renditions-image-deleted")
def drop_renditions(sender, instance, **kwargs):
    image_id = instance.pk
    transaction.on_commit(lambda: delete_renditions(image_id))


@receiver(post_save, sender=Person, dispatch_uid="renditions-person-saved")
def drop_stale_portraits(sender, instance, raw=False, **kwargs):
    """A new photo gives new addresses: the files at the old ones can go."""
    if raw:
        return
    person_id, keep = instance.pk, frozenset()
    if instance.photo:
        names = (
            _storage_name(person_id, instance.photo.name, spec, encoding, PEOPLE)
            for spec in PORTRAIT_SPECS.values()
            for encoding in ENCODINGS.values()
        )
        keep = frozenset(os.path.basename(name) for name in names)
    transaction.on_commit(lambda: delete_renditions(person_id, keep, PEOPLE))


@receiver(post_delete, sender=Person, dispatch_uid="renditions-person-deleted")
def drop_portraits(sender, instance, **kwargs):
    person_id = instance.pk
    transaction.on_commit(lambda: delete_renditions(person_id, kind=PEOPLE))
