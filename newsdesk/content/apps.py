from django.apps import AppConfig


class ContentConfig(AppConfig):
    """Articles and what they are made of: sections, columns, people, images, tags."""

    name = "newsdesk.content"
    label = "content"
    verbose_name = "Content"

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_migrate
        from PIL import Image

        from newsdesk.content.credits import restore_triggers

        post_migrate.connect(restore_triggers, sender=self)

        # One limit for what we accept and what Pillow opens (it refuses past twice this).
        Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS
        from newsdesk.content import renditions  # noqa: F401 — connects the clean-up signals
