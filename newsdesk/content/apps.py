from django.apps import AppConfig


class ContentConfig(AppConfig):
    """Articles and what they are made of: sections, columns, people, images, tags."""

    name = "newsdesk.content"
    label = "content"
    verbose_name = "Content"

    def ready(self):
        from newsdesk.content import renditions  # noqa: F401 — connects the clean-up signals
