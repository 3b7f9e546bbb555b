from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelatedConfig(AppConfig):
    name = "newsdesk.related"
    verbose_name = _("Related articles")

    def ready(self):
        from newsdesk.related import receivers  # noqa: F401
