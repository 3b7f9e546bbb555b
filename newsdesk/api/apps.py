from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The public JSON API: what readers see, for other programs."""

    name = "newsdesk.api"
    label = "api"
    verbose_name = "API"
