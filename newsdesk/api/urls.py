"""The API's addresses, included at /api/v1/: its operations, then JSON 404s for the rest."""

from django.urls import path, re_path

from newsdesk.api.api import api, not_found

urlpatterns = [
    path("", api.urls),
    re_path(r"^(?P<path>.*)$", not_found),
]
