from django.conf import settings
from django.utils.translation import get_language

from newsdesk.content.models import Section
from newsdesk.content.translatable import Text
from newsdesk.languages import bcp47


def site(request):
    """Site identity and navigation for every reader page, and the edition's language tag
    (BCP 47, for the page's ``lang``: zh-Hans)."""
    return {
        "LANGUAGE_TAG": bcp47(get_language()),
        # Names in the default edition's language: marked with it in the other editions.
        "SITE_NAME": Text(settings.SITE_NAME, settings.LANGUAGE_CODE),
        "PUBLISHER_NAME": Text(settings.PUBLISHER_NAME, settings.LANGUAGE_CODE),
        "nav_sections": Section.objects.all(),
    }
