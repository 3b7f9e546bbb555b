"""The API's addresses, included at /api/v1/: its operations, then JSON 404s for the rest."""

from django.urls import path, re_path

from newsdesk.api.api import api
from newsdesk.api.errors import not_found, read_only

# (Not named app_name: include() would take a module-level app_name as this module's.)
operations, ninja_app, ninja_namespace = api.urls
for operation in operations:
    # Ninja's root view (kept: reversing it finds the API's prefix) answers no request.
    root = operation.name == "api-root"
    operation.callback = not_found if root else read_only(operation.callback)

urlpatterns = [
    path("", (operations, ninja_app, ninja_namespace)),
    # [\s\S], not ".": a path with a newline in it is an address too.
    re_path(r"^(?P<path>[\s\S]*)$", not_found),
]
