from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrendingConfig(AppConfig):
    name = "newsdesk.trending"
    verbose_name = _("Readership")

    def ready(self):
        from newsdesk.trending import receivers  # noqa: F401
