from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Full-text search of published articles: the index, the search page and the query."""

    name = "newsdesk.search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_migrate

        from newsdesk.search import receivers  # noqa: F401 — keeps the index up to date
        from newsdesk.search.index import restore_triggers

        post_migrate.connect(restore_triggers, sender=self)
