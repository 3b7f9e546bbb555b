"""``{% picture image sizes=… %}`` and ``{% portrait person size=… %}``: an image, or a
person's photo, as ``<picture>``, for every reader page.

One way for every page to offer the same choice: AVIF, then WebP, then a JPEG ``<img>``,
each with a srcset of renditions (renditions.SRCSET_WIDTHS, or PORTRAIT_SPECS), the
``sizes`` the layout gives it, and a width and height of its ratio so nothing shifts while
it loads. Images load lazily unless ``eager`` (the one above the fold, which then gets
``fetchpriority="high"``: it is the page's largest paint).
"""

from django import template
from django.utils import translation
from django.utils.html import format_html, format_html_join

from newsdesk.content import renditions

register = template.Library()

# The fallback <img src> for browsers without srcset: a card's width on most screens.
FALLBACK_WIDTH = 640


@register.simple_tag
def picture(image, sizes="100vw", eager=False, css_class="", alt=None):
    """``image`` (an Image) as ``<picture>``; nothing when it has no file.

    ``alt`` replaces the image's own alt text (``alt=""`` for a decorative copy, such as a
    card's whose headline is the link text). An image too large to draw keeps its original.
    """
    if image is None or not image.file:
        return ""
    if alt is None:
        alt = getattr(image, "display_alt_text", image.alt_text)
    attributes = _attributes(alt, eager, css_class)
    candidates = {e: renditions.srcset(image, e) for e in renditions.ENCODINGS.values()}
    if not candidates[renditions.JPEG]:
        size = {"width": image.width, "height": image.height}
        return format_html("<img {}>", _html({"src": image.file.url, **size, **attributes}))
    _, width, height = candidates[renditions.JPEG][-1]
    return _picture(candidates, FALLBACK_WIDTH, sizes, width, height, attributes)


@register.simple_tag
def portrait(person, size=120, eager=False, css_class="", alt=""):
    """``person``'s photo as a ``size`` px square ``<picture>``; nothing without a photo.

    ``alt`` is empty by default: the person's name is written beside their photo."""
    if person is None or not person.photo:
        return ""
    attributes = _attributes(alt, eager, css_class)
    candidates = {e: renditions.portrait_srcset(person, e) for e in renditions.ENCODINGS.values()}
    if not candidates[renditions.JPEG]:
        original = {"src": person.photo.url, "width": size, "height": size}
        return format_html("<img {}>", _html({**original, **attributes}))
    return _picture(candidates, size, f"{size}px", size, size, attributes)


def _attributes(alt, eager, css_class) -> dict:
    attributes = {"alt": alt}
    # Alt text not in the page's language is marked, for a screen reader's voice.
    language = getattr(alt, "lang", None)
    if alt and language and language != translation.get_language():
        attributes["lang"] = language
    if css_class:
        attributes["class"] = css_class
    if eager:
        attributes["fetchpriority"] = "high"
    else:
        attributes["loading"] = "lazy"
    attributes["decoding"] = "async"
    return attributes


def _picture(candidates, fallback_width, sizes, width, height, attributes):
    """``<picture>``: a <source> per encoding but JPEG, whose renditions the <img> has."""
    jpegs = candidates[renditions.JPEG]
    fallback = next((r for r in jpegs if r[1] >= fallback_width), jpegs[-1])
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        (
            (encoding.content_type, _srcset(found), sizes)
            for encoding, found in candidates.items()
            if encoding is not renditions.JPEG
        ),
    )
    img = {"src": fallback[0], "srcset": _srcset(jpegs), "sizes": sizes}
    img.update(width=width, height=height, **attributes)
    return format_html("<picture>{}<img {}></picture>", sources, _html(img))


def _srcset(found) -> str:
    return ", ".join(f"{path} {width}w" for path, width, _ in found)


def _html(attributes: dict):
    return format_html_join(" ", '{}="{}"', attributes.items())
