from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from newsdesk.content.translatable import Text
from newsdesk.languages import bcp47


def identity() -> dict:
    """The site's name and publisher, in the default edition's language: marked with it
    in the other editions; and the edition's language tag (BCP 47, for ``lang``: zh-Hans)."""
    return {
        "LANGUAGE_TAG": bcp47(get_language()),
        "SITE_NAME": Text(settings.SITE_NAME, settings.LANGUAGE_CODE),
        "PUBLISHER_NAME": Text(settings.PUBLISHER_NAME, settings.LANGUAGE_CODE),
    }


def site(request):
    """Site identity for every reader page, and its chrome (menu, footer: reader/chrome.py),
    read only by a page that shows it."""
    from newsdesk.reader.chrome import chrome

    return identity() | {"chrome": SimpleLazyObject(chrome)}
