"""Image renditions, at the path below MEDIA_URL where they are stored.

Include it before the route that serves media: a rendition not drawn yet is drawn here.
"""

import re

from django.conf import settings
from django.urls import re_path

from newsdesk.content import renditions

app_name = "renditions"

media = re.escape(settings.MEDIA_URL.lstrip("/"))
file_name = r"(?P<name>[a-z0-9]+)-(?P<fingerprint>[0-9a-f]{12})\.(?P<extension>jpg|webp|avif)"
urlpatterns = [
    re_path(
        rf"^{media}renditions/(?P<image_id>[0-9]+)/{file_name}$",
        renditions.serve_rendition,
        name="rendition",
    ),
    re_path(
        rf"^{media}renditions/people/(?P<person_id>[0-9]+)/{file_name}$",
        renditions.serve_portrait,
        name="portrait",
    ),
]
