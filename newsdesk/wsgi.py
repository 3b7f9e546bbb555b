"""WSGI entry point for production servers."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

from newsdesk.caching.front import CachedPages  # noqa: E402 — needs the settings module
from newsdesk.security import SecureFront  # noqa: E402
from newsdesk.trending.front import ReadBeacons  # noqa: E402

# Read beacons and page-cache hits are answered in front of Django; everything else
# goes through it. In front of all: the HTTPS redirect, body limits, security headers.
application = SecureFront(ReadBeacons(CachedPages(get_wsgi_application())))
