"""The months with published articles, for the sitemap index, without counting the archive.

Counting and dating every month in one query reads the whole archive on each render of
``/sitemap.xml`` (1.2 s at 100k articles). So each month's count and latest change are
kept in ``SitemapMonth`` until a purge names the month: every change to an article purges
the ``month-`` key of the month it is in, and of the month it was in (caching/keys.py
``article_change``). A render reads the kept months in one query, finds the first and
last month with a published article by two indexed lookups, and counts only the months
in between it has no row for (each an indexed range of one month).

A month holding an article published for a time still to come is never kept: nothing
purges when that time comes.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from newsdesk.content import cards
from newsdesk.content.models import Article
from newsdesk.locks import exclusive
from newsdesk.reader.models import SitemapMonth

log = logging.getLogger(__name__)


def month_key(when: datetime) -> str:
    """The surrogate key of the month ``when`` falls in, in the site's time zone."""
    return f"month-{timezone.localtime(when):%Y-%m}"


def months_between(first: datetime, last: datetime) -> list[tuple[int, int]]:
    """Each (year, month) from ``first``'s to ``last``'s, newest first."""
    first, last = timezone.localtime(first), timezone.localtime(last)
    found, year, month = [], last.year, last.month
    while (year, month) >= (first.year, first.month):
        found.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found


def published_months(bounds, *, token=None) -> list[tuple[str, int, datetime]]:
    """Each month with published articles, newest first: its name ("2026-11"), how many
    and when they last changed. ``bounds(year, month)`` gives a month's start and end;
    months counted now are kept when ``token`` (the page store's) says no purge came."""
    published = Article.objects.published()
    newest = published.order_by("-published_at").values_list("published_at", flat=True)
    oldest = published.order_by("published_at").values_list("published_at", flat=True)
    last, first = newest.first(), oldest.first()
    if last is None:
        return []
    zone = settings.TIME_ZONE
    kept = {
        row.month: row
        for row in SitemapMonth.objects.filter(zone=zone).only("month", "count", "latest")
    }
    found, counted = [], []
    for year, month in months_between(first, last):
        name = f"{year:04d}-{month:02d}"
        row = kept.get(name)
        if row is None:
            row, lasting = count_month(*bounds(year, month))
            row.month, row.zone = name, zone
            if lasting:
                counted.append(row)
        if row.count:
            found.append((name, row.count, row.latest))
    if counted and token is not None:
        keep(counted, token)
    return found


def count_month(start: datetime, end: datetime) -> tuple[SitemapMonth, bool]:
    """A month's row, counted now, and whether it may be kept (nothing in it is due later)."""
    within = {"published_at__gte": start, "published_at__lt": end}
    totals = (
        Article.objects.published()
        .filter(**within)
        .order_by()
        .aggregate(
            count=Count("pk"),
            published=Max("published_at"),
            revised=Max(Coalesce("revised_at", "published_at")),
        )
    )
    latest = None
    if totals["count"]:
        latest = max(totals["published"], totals["revised"])
    due = (
        Article.objects.with_public_status()
        .filter(**within, published_at__gt=timezone.now())
        .exists()
    )
    return SitemapMonth(count=totals["count"], latest=latest), not due


def keep(rows: list[SitemapMonth], token) -> None:
    """Store months counted for a page, unless a purge came since ``token``; under the
    lock a purge holds while it forgets, as article cards are kept."""
    from newsdesk.caching.store import get_store

    with exclusive(cards.LOCK, wait=False) as acquired:
        if not acquired or get_store().start() != token:
            return
        try:
            SitemapMonth.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["month"],
                update_fields=["zone", "count", "latest"],
            )
        except DatabaseError:
            log.warning("could not keep %d sitemap months", len(rows), exc_info=True)


def forget(keys) -> None:
    """Forget the months ``keys`` name (``month-2026-11``), or every month for ``all``.

    Called by caching/purge.py with the lock held."""
    if "all" in keys:
        SitemapMonth.objects.all().delete()
        return
    months = [key.removeprefix("month-") for key in keys if key.startswith("month-")]
    if months:
        SitemapMonth.objects.filter(month__in=months).delete()
