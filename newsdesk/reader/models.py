"""What the reader site keeps between requests besides pages (see months.py)."""

from django.db import models


class SitemapMonth(models.Model):
    """A month as the sitemap index lists it: how many articles were published in it and
    when they last changed; kept until a purge names the month (reader/months.py)."""

    month = models.CharField(max_length=7)  # "2026-11", in the site's time zone
    zone = models.CharField(max_length=64)  # the TIME_ZONE setting it was counted in
    count = models.PositiveIntegerField()
    latest = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month"], name="one_row_per_month")]

    def __str__(self) -> str:
        return f"{self.month}: {self.count} articles"
