"""Readership, counted without personal data: reads per article per hour and per day,
referring domains per day, and the current "Hot Recommended" lists.

No table here holds an address, a user agent, a cookie or a visitor hash: only counts.
"""

from django.db import models

from newsdesk.content.models import Article


class HourlyReads(models.Model):
    """Reads of an article in one hour (UTC): what the hot score decays. Kept a few days."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField(db_index=True)
    reads = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="unique_article_hour")
        ]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}h: {self.reads}"


class DailyReads(models.Model):
    """Reads of an article in one day (UTC): what the newsroom's charts show. Kept for good."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="daily_reads")
    day = models.DateField(db_index=True)
    reads = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "readership"
        verbose_name_plural = "readership"
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="unique_article_day")
        ]

    def __str__(self):
        return f"{self.article_id} on {self.day}: {self.reads}"


class ReferrerReads(models.Model):
    """Reads that came from another site, by its domain only, per day."""

    day = models.DateField(db_index=True)
    domain = models.CharField(max_length=253)
    reads = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "domain"], name="unique_day_domain")]

    def __str__(self):
        return f"{self.domain} on {self.day}: {self.reads}"


class HotList(models.Model):
    """A current "Hot Recommended" list: ``scope`` is a language ("en") or a language and
    section ("en:section-3"); ``article_ids`` hottest first."""

    scope = models.CharField(max_length=60, unique=True)
    article_ids = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.scope}: {self.article_ids}"
