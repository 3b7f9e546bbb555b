from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "newsdesk.newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from django.db.models.signals import post_migrate

        from newsdesk.newsroom import receivers  # noqa: F401 — connects the roles and translation signals
        from newsdesk.newsroom.finding import restore_triggers

        post_migrate.connect(restore_triggers, sender=self)
