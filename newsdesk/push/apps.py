from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PushConfig(AppConfig):
    name = "newsdesk.push"
    verbose_name = _("Breaking-news push")

    def ready(self):
        from newsdesk.push import receivers  # noqa: F401 — queues a push when news breaks
