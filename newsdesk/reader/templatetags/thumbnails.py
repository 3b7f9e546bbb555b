"""``{{ image|thumbnail }}``: the smallest rendition of an image, for compact cards
(``{{ image|thumbnail:"w640" }}``: another width).

A stopgap until every image goes through the ``{% picture %}`` tag: a plain <img> needs
one small file with its size, and the renditions say both without opening the file.
"""

from urllib.parse import urlsplit

from django import template

from newsdesk.content.renditions import renditions

register = template.Library()

THUMBNAIL = "w320"


@register.filter
def thumbnail(image, name: str = THUMBNAIL) -> dict | None:
    """``{"url", "width", "height"}`` of ``image``'s rendition ``name`` (by default the
    smallest), None without one.

    The address is a path: the page's own host serves it, whatever PUBLIC_URL says.
    """
    if image is None:
        return None
    for rendition in renditions(image):
        if rendition["name"] == name:
            return {**rendition, "url": urlsplit(rendition["url"]).path}
    return None
