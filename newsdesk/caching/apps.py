from django.apps import AppConfig


class CachingConfig(AppConfig):
    """Keeps rendered reader pages and throws them away when what they show changes."""

    name = "newsdesk.caching"
    label = "caching"
    verbose_name = "Page cache"

    def ready(self):
        from newsdesk.caching import receivers  # noqa: F401 — connects the purge signals
