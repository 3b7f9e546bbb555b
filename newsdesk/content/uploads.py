"""Uploaded pictures: checked by decoding them, turned upright and stripped of metadata.

Every original is stored through ``UprightImageField`` (uploads, imports, demo data), so
what is on disk is a picture Pillow can draw, of at most settings.MAX_IMAGE_PIXELS pixels,
stored the right way up (its width and height are the ones readers see) and without the
EXIF, XMP or GPS data a phone writes into it. A decompression bomb (a small file that
decodes to a huge picture) is refused before it is decoded.
"""

import hashlib
import io

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.utils.translation import gettext as _
from PIL import Image as Picture
from PIL import ImageOps

# Decoders for the formats a newsroom uploads; the exotic ones stay out of reach.
Picture.init()
FORMATS = [f for f in ("JPEG", "PNG", "GIF", "WEBP", "AVIF", "TIFF", "BMP") if f in Picture.OPEN]
# What a stored original is written as: its own format where it is a web format.
KEPT_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
ORIENTATION = 0x0112
# Quality of a JPEG that had to be turned (one that did not keeps its own tables).
JPEG_QUALITY = 92


def _refuse(message: str, **params):
    raise ValidationError(message, params=params, code="invalid_image")


def _opened(data: bytes) -> Picture.Image:
    """The picture in ``data``, opened but not decoded, or a ValidationError saying why not."""
    try:
        picture = Picture.open(io.BytesIO(data), formats=FORMATS)
    except Picture.DecompressionBombError:
        picture = None
    except (OSError, SyntaxError, ValueError) as error:
        _refuse(
            _("Upload a valid image: this file is not a picture we can read (%(error)s)."),
            error=error,
        )
    limit = settings.MAX_IMAGE_PIXELS
    # Every frame of an animation is decoded when it is stored: they count together.
    frames = getattr(picture, "n_frames", 1) if picture is not None else 1
    if picture is None or picture.width * picture.height * frames > limit:
        size = f"{picture.width}×{picture.height}" if picture else _("too many")
        _refuse(
            _(
                "This picture is %(size)s pixels, more than the %(limit)d megapixels we "
                "accept. Please upload a smaller version."
            ),
            size=size,
            limit=limit // 1_000_000,
        )
    return picture


def check(data: bytes) -> Picture.Image:
    """Decode ``data`` completely (after checking its size in pixels); the loaded picture."""
    _opened(data).verify()  # checksums and structure, without decoding the pixels
    picture = _opened(data)  # verify() leaves the picture unusable: open it again
    try:
        picture.load()
    except (OSError, SyntaxError, ValueError, EOFError, Picture.DecompressionBombError) as error:
        _refuse(
            _("Upload a valid image: this one is damaged or incomplete (%(error)s)."), error=error
        )
    return picture


def check_size(file) -> None:
    """Refuse a file over settings.MAX_IMAGE_UPLOAD_BYTES, before anything reads it."""
    if file.size > settings.MAX_IMAGE_UPLOAD_BYTES:
        limit = settings.MAX_IMAGE_UPLOAD_BYTES // (1024 * 1024)
        _refuse(
            _("This image is larger than %(limit)d MB. Please upload a smaller file."),
            limit=limit,
        )


def _read(file) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def checksum(data: bytes) -> str:
    """The SHA-256 of a file's bytes, in hex: how the same file given twice is recognised."""
    return hashlib.sha256(data).hexdigest()


def cleaned(data: bytes) -> tuple[bytes, str]:
    """``data`` as it is stored: upright, without metadata; and its format's extension."""
    picture = check(data)
    source_format = picture.format
    turned = picture.getexif().get(ORIENTATION, 1) not in (0, 1)
    upright = ImageOps.exif_transpose(picture) if turned else picture
    target = source_format if source_format in KEPT_FORMATS else "PNG"
    options = {}
    if target == "JPEG":
        # An untouched JPEG is written with its own tables: no visible loss.
        options = {"quality": JPEG_QUALITY} if turned else {"quality": "keep"}
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        options["progressive"] = True
    elif target == "WEBP":
        options = {"lossless": True} if picture.info.get("lossless") else {"quality": 90}
    if getattr(picture, "n_frames", 1) > 1:
        options["save_all"] = True
        upright = picture  # an animation keeps its frames (and is not turned)
    if "transparency" in picture.info and target in ("PNG", "GIF"):
        options["transparency"] = picture.info["transparency"]
    icc = picture.info.get("icc_profile")
    if icc:  # the colours, not metadata about the shot
        options["icc_profile"] = icc
    out = io.BytesIO()
    upright.save(out, format=target, **options)
    return out.getvalue(), target.lower().replace("jpeg", "jpg")


class UprightImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Store the cleaned picture instead of the bytes given; refuses what is not one.

        The field's ``checksum_field``, if any, gets the SHA-256 of the bytes given: the
        same file given again is recognised (``Image.checksum``)."""
        given = _read(content)
        data, extension = cleaned(given)
        if self.field.checksum_field:
            setattr(self.instance, self.field.checksum_field, checksum(given))
        stem, dot, old = name.rpartition(".")
        if not dot or old.lower() not in (extension, "jpeg" if extension == "jpg" else ""):
            name = f"{stem or old}.{extension}"
        super().save(name, ContentFile(data, name=name), save)


class PictureFormField(forms.ImageField):
    """Refuses, with a message saying why, a file too large in bytes or pixels or one
    that does not decode; Django's own check only reads the header."""

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "size"):
            check_size(data)
            check(_read(data))
        return super().to_python(data)


class UprightImageField(models.ImageField):
    """An ImageField that stores only cleaned pictures (see the module's docstring).

    ``checksum_field`` names a field of the model that gets the SHA-256 of each file as
    it was given, as ``width_field`` gets its width."""

    attr_class = UprightImageFieldFile

    def __init__(self, *args, checksum_field=None, **kwargs):
        self.checksum_field = checksum_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.checksum_field:
            kwargs["checksum_field"] = self.checksum_field
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PictureFormField, **kwargs})
