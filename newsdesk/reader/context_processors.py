from django.conf import settings

from newsdesk.content.models import Section


def site(request):
    """Site identity and navigation for every reader page."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "PUBLISHER_NAME": settings.PUBLISHER_NAME,
        "nav_sections": Section.objects.all(),
    }
