"""What the importer remembers: which source became which article."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from newsdesk.content.models import Article


class ImportRecord(models.Model):
    """One imported source and its article: re-importing the source updates that article."""

    source_key = models.CharField(max_length=500, unique=True)
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="import_record")
    kind = models.CharField(max_length=20)
    source = models.CharField(_("imported from"), max_length=1000)
    original_url = models.URLField(max_length=1000, blank=True)
    content_hash = models.CharField(max_length=64)
    first_imported_at = models.DateTimeField(auto_now_add=True)
    last_imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-last_imported_at"]

    def __str__(self):
        return self.source
