"""``{% picture image sizes=… %}``: an image as ``<picture>``, for every reader page.

One tag so that every page offers the same choice: AVIF, then WebP, then a JPEG ``<img>``,
each with a srcset of the image's width renditions (renditions.SRCSET_WIDTHS), the
``sizes`` the layout gives it, and the width and height of its ratio so nothing shifts
while it loads. Images load lazily unless ``eager`` (the one above the fold, which then
gets ``fetchpriority="high"``: it is the page's largest paint).
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

    jpegs = renditions.srcset(image, renditions.JPEG)
    if not jpegs:
        return format_html(
            "<img {}>",
            _attributes(
                {"src": image.file.url, "width": image.width, "height": image.height, **attributes}
            ),
        )
    fallback = next((r for r in jpegs if r[1] >= FALLBACK_WIDTH), jpegs[-1])
    _, width, height = jpegs[-1]
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        (
            (encoding.content_type, _srcset(renditions.srcset(image, encoding)), sizes)
            for encoding in renditions.ENCODINGS.values()
            if encoding is not renditions.JPEG
        ),
    )
    img = {"src": fallback[0], "srcset": _srcset(jpegs), "sizes": sizes}
    img.update(width=width, height=height, **attributes)
    return format_html("<picture>{}<img {}></picture>", sources, _attributes(img))


def _srcset(found) -> str:
    return ", ".join(f"{path} {width}w" for path, width, _ in found)


def _attributes(attributes: dict):
    return format_html_join(" ", '{}="{}"', attributes.items())
