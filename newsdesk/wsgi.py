"""WSGI entry point for production servers."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

from newsdesk.caching.front import CachedPages  # noqa: E402 — needs the settings module

# Page-cache hits are answered in front of Django; everything else goes through it.
application = CachedPages(get_wsgi_application())
