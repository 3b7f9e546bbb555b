from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """Development and demo data: the demo newsroom and the generated archive."""

    name = "newsdesk.devdata"
    label = "devdata"
    verbose_name = "Development and demo data"
