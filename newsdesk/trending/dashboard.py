"""The numbers behind the newsroom's readership dashboard, from the daily counts.

Every function reads DailyReads or ReferrerReads, days are UTC days (as the counts are),
and a series of days has every day in it: a day nobody read counts 0.
"""

from collections import defaultdict
from datetime import UTC, date, timedelta

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from newsdesk.content.models import Article, Section
from newsdesk.trending.models import DailyReads, ReferrerReads

Series = list[tuple[date, int]]


def utc_today() -> date:
    """The current UTC day: the day today's reads are counted under."""
    return timezone.now().astimezone(UTC).date()


def last_days(days: int = 30, today: date | None = None) -> list[date]:
    """The ``days`` days ending with ``today``, oldest first."""
    today = today or utc_today()
    return [today - timedelta(days=n) for n in range(days - 1, -1, -1)]


def _zero_filled(totals: dict[date, int], days: list[date]) -> Series:
    return [(day, totals.get(day, 0)) for day in days]


def reads_per_day(
    days: int = 30,
    *,
    language: str | None = None,
    section: Section | int | None = None,
    article: Article | int | None = None,
    today: date | None = None,
) -> Series:
    """Reads on each of the last ``days`` days, of every article or of those chosen."""
    span = last_days(days, today)
    rows = DailyReads.objects.filter(day__range=(span[0], span[-1]))
    if language is not None:
        rows = rows.filter(article__language=language)
    if section is not None:
        rows = rows.filter(article__section=section)
    if article is not None:
        rows = rows.filter(article=article)
    totals = rows.values("day").annotate(total=Sum("reads")).values_list("day", "total")
    return _zero_filled(dict(totals), span)


def reads_per_day_by_language(days: int = 30, today: date | None = None) -> dict[str, Series]:
    """One series per language: every configured language, and any other with reads."""
    span = last_days(days, today)
    rows = (
        DailyReads.objects.filter(day__range=(span[0], span[-1]))
        .values("article__language", "day")
        .annotate(total=Sum("reads"))
        .values_list("article__language", "day", "total")
    )
    totals: dict[str, dict[date, int]] = {code: {} for code, _name in settings.LANGUAGES}
    for language, day, total in rows:
        totals.setdefault(language, {})[day] = total
    return {language: _zero_filled(by_day, span) for language, by_day in totals.items()}


def top_sections(days: int = 30, limit: int = 5, today: date | None = None) -> list[Section]:
    """The ``limit`` most read sections of the last ``days`` days, most read first."""
    span = last_days(days, today)
    return list(
        Section.objects.filter(articles__daily_reads__day__range=(span[0], span[-1]))
        .annotate(reads=Sum("articles__daily_reads__reads"))
        .order_by("-reads", "position", "name")[:limit]
    )


def reads_per_day_by_section(
    days: int = 30, limit: int = 5, today: date | None = None
) -> list[tuple[Section, Series]]:
    """One series for each of the most read sections, most read first."""
    span = last_days(days, today)
    sections = top_sections(days, limit, today)
    rows = (
        DailyReads.objects.filter(day__range=(span[0], span[-1]), article__section__in=sections)
        .values("article__section", "day")
        .annotate(total=Sum("reads"))
        .values_list("article__section", "day", "total")
    )
    totals: dict[int, dict[date, int]] = defaultdict(dict)
    for section_id, day, total in rows:
        totals[section_id][day] = total
    return [(section, _zero_filled(totals[section.pk], span)) for section in sections]


def top_articles(since: date, until: date | None = None, limit: int = 10) -> list[Article]:
    """The most read articles from ``since`` to ``until`` (today) included, most read first.

    Each carries ``reads``: its reads in that time. Articles since unpublished are
    included: the newsroom may want to know what was read.
    """
    until = until or utc_today()
    return list(
        Article.objects.filter(daily_reads__day__range=(since, until))
        .annotate(reads=Sum("daily_reads__reads"))
        .select_related("section")
        .defer("body", "body_html")
        .order_by("-reads", "-pk")[:limit]
    )


def top_referrers(days: int = 30, limit: int = 20, today: date | None = None) -> list[tuple]:
    """The ``limit`` domains that sent the most readers in the last ``days`` days:
    ``(domain, reads)``, most first."""
    span = last_days(days, today)
    return list(
        ReferrerReads.objects.filter(day__range=(span[0], span[-1]))
        .values("domain")
        .annotate(total=Sum("reads"))
        .order_by("-total", "domain")
        .values_list("domain", "total")[:limit]
    )
