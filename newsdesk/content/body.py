"""The article body format: a small, sanitized HTML subset.

Why HTML and not a list of JSON blocks: editors write in the admin's text box, imported
HTML and WordPress posts map onto it directly, and the top-level elements already *are*
the blocks (paragraph, subheading, quote, list, figure) that translation alignment and
the API need. Nothing outside the subset is ever stored: ``sanitize`` runs on save.

An inline image is written as ``<figure data-image-id="12"></figure>``; at save time
``render`` expands it into the full figure with its caption, credit and alt text.
"""

import re

import nh3
from django.template.loader import render_to_string

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "blockquote",
    "cite",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "em",
    "b",
    "i",
    "br",
    "sub",
    "sup",
    "figure",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "figure": {"data-image-id"}}
BLOCK_TAG = re.compile(r"<(p|h2|h3|blockquote|ul|ol|figure)[\s>]", re.IGNORECASE)
IMAGE_FIGURE = re.compile(r'<figure data-image-id="(\d+)">\s*</figure>')


def sanitize(html: str) -> str:
    """Return ``html`` reduced to the body subset.

    Plain text (no block elements) is taken as paragraphs separated by blank lines, so a
    writer can type or paste prose straight into the admin.
    """
    html = (html or "").strip()
    if html and not BLOCK_TAG.search(html):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", html) if p.strip()]
        html = "".join(f"<p>{p}</p>" for p in paragraphs)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    ).strip()


def image_ids(html: str) -> list[int]:
    """The ids of the images a sanitized body embeds, in order."""
    return [int(match) for match in IMAGE_FIGURE.findall(html)]


def render(html: str, images: dict) -> str:
    """Expand the image figures of a sanitized body; ``images`` maps id to Image.

    A figure whose image no longer exists is dropped rather than shown broken.
    """

    def figure(match: re.Match) -> str:
        image = images.get(int(match.group(1)))
        if image is None:
            return ""
        return render_to_string("content/figure.html", {"image": image}).strip()

    return IMAGE_FIGURE.sub(figure, html)
