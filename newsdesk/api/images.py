"""An image as the API shows it: what it shows, who took it, and its renditions."""

from newsdesk.content.renditions import renditions


def image_data(image, request) -> dict | None:
    """``image`` (an Image, or None) for the ``Image`` schema, with absolute addresses."""
    if image is None:
        return None
    return {
        "id": image.pk,
        "caption": image.caption,
        "credit": image.credit,
        "alt_text": image.alt_text,
        "width": image.width,
        "height": image.height,
        "renditions": renditions(image, request) if image.file else [],
    }
