"""The newsroom's records: revisions, review notes, translation tasks, draft updates and the
audit log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsdesk.content.models import Article


class Revision(models.Model):
    """An article as one save left it; ``snapshot`` holds every field a writer edits."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_revision_number")
        ]

    def __str__(self):
        return f"{self.article} (revision {self.number})"


class ReviewNote(models.Model):
    """A note on an article from one member of the newsroom to another, usually editor to writer."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="review_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class TranslationTask(models.Model):
    """A translation the newsroom keeps in step with its original.

    ``source_version`` is the original's revision the translation follows; when the
    original's text changes after it, the translation is ``outdated``.
    """

    translation = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="translation_task"
    )
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translation_tasks",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    source_version = models.PositiveIntegerField(default=0)
    outdated = models.BooleanField(default=False, db_index=True)

    def __str__(self):
        return str(self.translation)


class DraftUpdate(models.Model):
    """The next version of a published translation, written while readers keep reading the
    published one: its ``snapshot`` of headline, standfirst and body, from the article's
    revision ``base_version``. Publishing it applies it to the article (draft_updates.py)."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="draft_update")
    snapshot = models.JSONField()
    base_version = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.snapshot.get("headline") or str(self.article)


class AuditEntry(models.Model):
    """Who changed an article's state, when, and from what to what. Never edited."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        SUBMITTED = "submitted", _("submitted for review")
        RETURNED = "returned", _("returned to the writer")
        PUBLISHED = "published", _("published")
        SCHEDULED = "scheduled", _("scheduled")
        UNPUBLISHED = "unpublished", _("unpublished")
        REOPENED = "reopened", _("reopened as a draft")
        RESTORED = "restored", _("restored a revision")
        IMPORTED = "imported", _("imported")
        TRANSLATION_REQUESTED = "translation_requested", _("requested a translation")
        TRANSLATION_UPDATED = "translation_updated", _("marked the translation up to date")
        DELETED = "deleted", _("deleted")
        IMAGE_CHANGED = "image_changed", _("changed an image shown by")
        INCOMPLETE_ALLOWED = "incomplete_allowed", _("let an unfinished translation through")
        UPDATE_OPENED = "update_opened", _("reopened as a draft update")
        UPDATE_PUBLISHED = "update_published", _("published the draft update of")
        UPDATE_DISCARDED = "update_discarded", _("discarded the draft update of")

    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    # Kept as text so the log still reads after the article or the account is deleted.
    headline = models.CharField(max_length=300)
    action = models.CharField(max_length=30, choices=Action.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    actor_name = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.actor_name} {self.get_action_display()} “{self.headline}”"
