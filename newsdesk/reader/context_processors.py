from django.conf import settings
from django.utils.translation import get_language

from newsdesk.content.models import Section
from newsdesk.languages import bcp47


def site(request):
    """Site identity and navigation for every reader page, and the edition's language tag
    (BCP 47, for the page's ``lang``: zh-Hans)."""
    return {
        "LANGUAGE_TAG": bcp47(get_language()),
        "SITE_NAME": settings.SITE_NAME,
        "PUBLISHER_NAME": settings.PUBLISHER_NAME,
        "nav_sections": Section.objects.all(),
    }
