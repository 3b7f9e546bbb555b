"""The admin's change list at the size of a whole archive.

Django's own change list counts every matching row twice on each load (the list and the
whole table), lists the years, months or days of its ``date_hierarchy`` with a DISTINCT
over a date function of every row, and reads each row whole. At a million articles each
of those takes a second. Here:

- ``BoundedCountPaginator`` counts at most ``COUNT_LIMIT`` + 1 rows, through an index;
  past that the list says "more than 10,000" and offers the pages up to there (filters,
  the calendar and search narrow a list; nobody pages through a million).
- the calendar (``calendar_choices()``) asks, for each year, month or day between the
  first and the last date, whether any row falls in it: one indexed probe each; a list of
  ``FEW_DATES`` rows or fewer (or a search's) has its dates read instead.

Dates at the ends of the calendar are refused, not a 500. Django 5.2's
``date_hierarchy`` computes the end of year 9999 (year 10000) and reads
``?published_at__year=99999999999999999999`` without catching the error (fixed upstream
in ticket #37357, not in 5.2). A date that exists in the site's time zone but not in UTC
(0001-01-01 east of Greenwich) fails only when the database adapts it to UTC. Both are
what the admin calls incorrect lookup parameters: it redirects to the unfiltered list.
"""

import copy
from datetime import datetime, timedelta

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.functional import cached_property

# Rows counted at most: beyond this a list is "more than 10,000".
COUNT_LIMIT = 10_000
# Up to this many rows, the calendar reads their dates instead of probing each period.
FEW_DATES = 1_000


class BoundedCountPaginator(Paginator):
    """A paginator that stops counting at ``COUNT_LIMIT`` + 1 rows (``more`` then says so).

    The pages offered are those of the rows counted: the last one holds the row past the
    limit. The count runs without the list's ordering, so the database counts through
    whichever index answers the filters, reading at most that many entries.
    """

    limit = COUNT_LIMIT

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by().values("pk")[: self.limit + 1].count()

    @property
    def more(self) -> bool:
        """More rows match than were counted."""
        return self.count > self.limit

    def page(self, number):
        """The page's rows in two queries: their ids, walking the index of the order alone
        past the OFFSET, then those rows whole (reading each skipped row whole made a deep
        page cost a millisecond per hundred rows skipped)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        listed = self.object_list
        ids = list(listed.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        # Those rows by id, as the list loads them (related rows, deferred fields, order),
        # without its filters again: a search's would be matched a second time.
        rows = listed.model._default_manager.filter(pk__in=ids).order_by(*listed.query.order_by)
        rows.query.select_related = listed.query.select_related
        rows.query.deferred_loading = listed.query.deferred_loading
        return self._get_page(rows, number, self)


class CalendarChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            super().get_results(request)
        except OverflowError as error:  # a filter's date has no UTC equivalent
            raise IncorrectLookupParameters(error) from error
        self.count_is_bounded = getattr(self.paginator, "more", False)
        if self.count_is_bounded:
            self.result_count = self.paginator.limit


class _ProbedDates:
    """Stands in for a change list's queryset in Django's ``date_hierarchy()``: the
    periods that have rows are found by one indexed EXISTS each, not by a DISTINCT over a
    date function of every row."""

    def __init__(self, queryset, *, few: bool, dated: bool):
        self.queryset = queryset
        # The list is already narrowed to a year or a month: SQLite answers a probe from
        # the first date range it reads, that one, so a probe looks in its own period and
        # asks the list's filters of each row it finds there.
        self.dated = dated
        self._few_moments = {}
        # At most FEW_DATES rows: their dates are read in one query instead.
        self.few = few

    def aggregate(self, first, last):
        field = first.source_expressions[0].name
        if self.few:
            moments = self._moments(field)
            return {"first": min(moments, default=None), "last": max(moments, default=None)}
        # Two queries, each one step of an index: SQLite reads every row for a MIN() and
        # a MAX() asked together.
        dated = self.queryset.filter(**{f"{field}__isnull": False}).values_list(field, flat=True)
        return {"first": dated.order_by(field).first(), "last": dated.order_by(f"-{field}").first()}

    def _moments(self, field: str) -> list:
        """Every date of a list of few rows, read once."""
        if field not in self._few_moments:
            dated = self.queryset.filter(**{f"{field}__isnull": False}).order_by()
            self._few_moments[field] = list(dated.values_list(field, flat=True))
        return self._few_moments[field]

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        return self._periods(field_name, kind, aware=True)

    def dates(self, field_name, kind, order="ASC"):
        return [period.date() for period in self._periods(field_name, kind, aware=False)]

    def _periods(self, field_name, kind, *, aware):
        from django.db.models import Max, Min

        bounds = self.aggregate(first=Min(field_name), last=Max(field_name))
        first, last = bounds["first"], bounds["last"]
        if first is None:
            return []
        if aware:
            first, last = timezone.localtime(first), timezone.localtime(last)
        if self.few:
            moments = self._moments(field_name)
            if aware:
                moments = map(timezone.localtime, moments)
            return sorted({_start_of(moment, kind) for moment in moments})
        found = []
        start = _start_of(first, kind)
        while start <= last:
            end = _next(start, kind)
            stored = (start, end) if aware else (start.date(), end.date())
            period = {f"{field_name}__gte": stored[0], f"{field_name}__lt": stored[1]}
            if self.dated:
                model = self.queryset.model
                listed = self.queryset.order_by().filter(pk=OuterRef("pk"))
                probe = model._default_manager.filter(**period).filter(Exists(listed))
            else:
                probe = self.queryset.filter(**period)
            # The first row in date order, not EXISTS: PostgreSQL then reads the date's index
            # (for an EXISTS it may read the table from its start, for a whole year's rows).
            if probe.order_by(field_name).values_list(field_name, flat=True)[:1]:
                found.append(start)
            start = end
        return found


def _start_of(moment, kind: str) -> datetime:
    naive = datetime(
        moment.year, moment.month if kind != "year" else 1, moment.day if kind == "day" else 1
    )
    return timezone.make_aware(naive) if timezone.is_aware(moment) else naive


def _next(start: datetime, kind: str) -> datetime:
    if kind == "year":
        naive = datetime(start.year + 1, 1, 1)
    elif kind == "month":
        naive = datetime(start.year + start.month // 12, start.month % 12 + 1, 1)
    else:
        naive = datetime(start.year, start.month, start.day) + timedelta(days=1)
    return timezone.make_aware(naive, start.tzinfo) if timezone.is_aware(start) else naive


def calendar_choices(cl) -> dict:
    """What Django's ``date_hierarchy`` tag shows for ``cl``, found by indexed probes."""
    probed = copy.copy(cl)
    # A search lists RESULTS_LIMIT + 1 rows at most (finding.py): few too.
    few = bool(cl.query) or (
        not getattr(cl, "count_is_bounded", True) and cl.result_count <= FEW_DATES
    )
    dated = any(name.startswith(f"{cl.date_hierarchy}__") for name in cl.params)
    probed.queryset = _ProbedDates(cl.queryset, few=few, dated=dated)
    return date_hierarchy(probed)
