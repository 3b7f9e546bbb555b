"""An image as the API shows it: what it shows, who took it, and its renditions."""

from newsdesk.content.renditions import renditions


def image_data(image, request, language: str) -> dict | None:
    """``image`` (an Image, or None) for the ``Image`` schema, with absolute addresses,
    as an article in ``language`` shows it."""
    if image is None:
        return None
    return {
        "id": image.pk,
        "caption": image.localized("caption", language),
        "credit": image.localized("credit", language),
        "alt_text": image.localized("alt_text", language),
        "translations": image.in_every_language(),
        "width": image.width,
        "height": image.height,
        "renditions": renditions(image, request) if image.file else [],
    }
