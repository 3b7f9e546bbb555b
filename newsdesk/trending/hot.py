"""Hot Recommended: reads with exponential time decay, per language and per section.

A read counts 1 when it happens and half that HOT_HALF_LIFE_HOURS later, so a story
read by many this morning ranks above one read by more last week. Lists are computed
from the hourly counts at most every HOT_REFRESH_SECONDS (by any server process, under
a lock) and stored in HotList; pages showing a list carry its surrogate key, purged
only when the list actually changes.
"""

import math
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsdesk.caching.memo import until_purged
from newsdesk.caching.purge import purge
from newsdesk.content.models import Article
from newsdesk.locks import exclusive
from newsdesk.trending.models import HotList, HourlyReads

# Reads older than this many half-lives weigh under 1/256 of a fresh one: left out.
HORIZON_HALF_LIVES = 8


def scope_key(scope: str) -> str:
    return f"hot-{scope}"


def section_scope(language: str, section_id: int) -> str:
    return f"{language}:section-{section_id}"


def scores(now: datetime, half_life_hours: float | None = None) -> dict[int, float]:
    """Each published article's hot score now: its hourly reads, decayed."""
    half_life = (half_life_hours or settings.HOT_HALF_LIFE_HOURS) * 3600
    since = now - timedelta(seconds=half_life * HORIZON_HALF_LIVES)
    rows = HourlyReads.objects.filter(
        hour__gte=since, article__in=Article.objects.published()
    ).values_list("article_id", "hour", "reads")
    totals: dict[int, float] = defaultdict(float)
    for article_id, hour, reads in rows:
        age = max((now - (hour + timedelta(minutes=30))).total_seconds(), 0)
        totals[article_id] += reads * math.pow(0.5, age / half_life)
    return totals


def compute_lists(now: datetime) -> dict[str, list[int]]:
    """Every list: per language, and per language and section, hottest first."""
    totals = scores(now)
    placed = Article.objects.filter(pk__in=totals).values_list("pk", "language", "section_id")
    by_scope: dict[str, list[int]] = defaultdict(list)
    for pk, language, section_id in placed:
        by_scope[language].append(pk)
        by_scope[section_scope(language, section_id)].append(pk)
    # One more than shown, so an article page can leave itself out.
    size = settings.HOT_LIST_SIZE + 1
    return {
        scope: sorted(ids, key=lambda pk: (-totals[pk], -pk))[:size]
        for scope, ids in by_scope.items()
    }


@transaction.atomic
def refresh(now: datetime | None = None) -> set[str]:
    """Recompute and store every list; purge the pages of those that changed."""
    now = now or timezone.now()
    lists = compute_lists(now)
    stored = {h.scope: h for h in HotList.objects.select_for_update()}
    changed = set()
    for scope, ids in lists.items():
        current = stored.pop(scope, None)
        if current is None:
            HotList.objects.create(scope=scope, article_ids=ids, computed_at=now)
            changed.add(scope)
        elif current.article_ids != ids:
            current.article_ids, current.computed_at = ids, now
            current.save(update_fields=["article_ids", "computed_at"])
            changed.add(scope)
        else:
            HotList.objects.filter(pk=current.pk).update(computed_at=now)
    for gone in stored.values():  # no reads left in its horizon
        gone.delete()
        changed.add(gone.scope)
    # Hourly counts beyond the horizon no longer weigh; the daily ones keep the history.
    HourlyReads.objects.filter(hour__lt=now - timedelta(days=settings.HOURLY_READS_DAYS)).delete()
    keys = {scope_key(scope) for scope in changed}
    purge(keys)
    return keys


def refresh_if_due(now: datetime | None = None) -> set[str]:
    """Refresh unless another process did within HOT_REFRESH_SECONDS."""
    now = now or timezone.now()
    latest = HotList.objects.order_by("-computed_at").values_list("computed_at", flat=True).first()
    if latest is not None and now - latest < timedelta(seconds=settings.HOT_REFRESH_SECONDS):
        return set()
    with exclusive("hot-lists", wait=False, timeout=120) as acquired:
        if not acquired:
            return set()
        return refresh(now)


def hot_articles(scope: str, *, exclude: int | None = None) -> list[Article]:
    """The list's articles that readers may see now, hottest first, without ``exclude``."""
    ids, found = _hot_list(scope)
    ids = [pk for pk in ids if pk != exclude][: settings.HOT_LIST_SIZE]
    return [found[pk] for pk in ids if pk in found]


@until_purged  # every article page of an edition shows it: read once per purge
def _hot_list(scope: str) -> tuple[list[int], dict[int, Article]]:
    """The list's first ids (one more than shown, for a page that leaves itself out) and
    those of their articles readers may see now."""
    ids = HotList.objects.filter(scope=scope).values_list("article_ids", flat=True).first() or []
    ids = ids[: settings.HOT_LIST_SIZE + 1]
    return ids, {a.pk: a for a in Article.objects.published().among(ids).for_listing()}
