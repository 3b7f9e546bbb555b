from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """The public site: the pages readers see."""

    name = "newsdesk.reader"
    label = "reader"
    verbose_name = "Reader site"
