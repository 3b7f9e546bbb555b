"""The admin's change list at the size of a whole archive.

Django's own change list counts every matching row twice on each load (the list and the
whole table), lists the years, months or days of its ``date_hierarchy`` with a DISTINCT
over a date function of every row, and reads each row whole. At a million articles each
of those takes a second. Here:

- ``BoundedCountPaginator`` counts at most ``COUNT_LIMIT`` + 1 rows, through an index;
  past that the list says "more than 10,000" and offers the pages up to there (filters,
  the calendar and search narrow a list; nobody pages through a million).
- a search's list (at most 1,001 rows, finding.py) is read once, its ids in the list's
  order with their dates (``FoundPaginator``): its count, pages and calendar come from
  that, not from the search run again for each.
- the calendar (``calendar_choices()``) asks, for each year, month or day between the
  first and the last date, whether any row falls in it: one indexed probe each, all in one
  statement; a list of ``FEW_DATES`` rows or fewer (or a search's) has its dates read
  instead.

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
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
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
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        return self._get_page(self.rows(ids), number, self)

    def rows(self, ids):
        """The rows of ``ids`` as the list loads them (related rows, deferred fields,
        order), without its filters again: a search's would be matched a second time."""
        listed = self.object_list
        rows = listed.model._default_manager.filter(pk__in=ids).order_by(*listed.query.order_by)
        rows.query.select_related = listed.query.select_related
        rows.query.deferred_loading = listed.query.deferred_loading
        return rows


class FoundPaginator(BoundedCountPaginator):
    """The paginator of a list of at most ``limit`` + 1 rows by construction (a search's,
    finding.py): its ids are read once, in the list's order, with the dates its calendar
    shows (``date_field``); the count is their number, a page their slice. The count, the
    page and the calendar each ran the search: at a million articles, each read a
    thousand matches again, and PostgreSQL walked the date index for a page of the
    thousand ids it was given."""

    def __init__(self, *args, date_field=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.date_field = date_field

    @cached_property
    def found(self) -> list[tuple]:
        """(id, date) of each row, in the list's order: ``limit`` + 1 at most."""
        listed = self.object_list[: self.limit + 1]
        if self.date_field is None:
            return [(pk, None) for pk in listed.values_list("pk", flat=True)]
        return list(listed.values_list("pk", self.date_field))

    @cached_property
    def count(self) -> int:
        return len(self.found)

    @property
    def dates(self) -> list:
        """The dates of every row, for the calendar (None where a row has none)."""
        return [date for _, date in self.found]

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        shown = self.found[bottom : bottom + self.per_page]
        return self._get_page(self.rows([pk for pk, _ in shown]), number, self)

    def every_row(self):
        return self.rows([pk for pk, _ in self.found])


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
        shows_every_row = (self.show_all and self.can_show_all) or not self.multi_page
        if shows_every_row and isinstance(self.paginator, FoundPaginator):
            # Django lists such rows with the list's own query: a search again.
            self.result_list = self.paginator.every_row()


class _ProbedDates:
    """Stands in for a change list's queryset in Django's ``date_hierarchy()``: the
    periods that have rows are found by one indexed probe each, not by a DISTINCT over a
    date function of every row."""

    def __init__(self, queryset, *, few: bool, dated: bool, moments=None):
        self.queryset = queryset
        # The list is already narrowed to a year or a month: SQLite answers a probe from
        # the first date range it reads, that one, so a probe looks in its own period and
        # asks the list's filters of each row it finds there.
        self.dated = dated
        # The dates of a few rows, by field, when they were read already.
        self._few_moments = dict(moments or {})
        self._bounds = {}
        # At most FEW_DATES rows: their dates are read in one query instead.
        self.few = few

    def aggregate(self, first, last):
        field = first.source_expressions[0].name
        if self.few:
            moments = self._moments(field)
            return {"first": min(moments, default=None), "last": max(moments, default=None)}
        # Asked by date_hierarchy() and again by _periods(): read once.
        if field not in self._bounds:
            # Two queries, each one step of an index: SQLite reads every row for a MIN()
            # and a MAX() asked together.
            dated = self.queryset.filter(**{f"{field}__isnull": False})
            dated = dated.values_list(field, flat=True)
            self._bounds[field] = {
                "first": dated.order_by(field).first(),
                "last": dated.order_by(f"-{field}").first(),
            }
        return self._bounds[field]

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
            if not aware:
                return sorted({_start_of(moment, kind) for moment in moments})
            # The periods of a thousand dates, each made aware once: localtime() and
            # make_aware() look the time zone up again on every call.
            zone = timezone.get_current_timezone()
            local = {
                _start_of(moment.astimezone(zone).replace(tzinfo=None), kind) for moment in moments
            }
            return sorted(timezone.make_aware(start, zone) for start in local)
        starts, probes = [], []
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
            starts.append(start)
            probes.append(probe.order_by(field_name).values_list(field_name, flat=True)[:1])
            start = end
        return [
            start
            for start, first in zip(starts, _first_rows(probes), strict=True)
            if first is not None
        ]


def _first_rows(probes) -> tuple:
    """The one value each of ``probes`` (querysets of one column, one row at most) selects,
    None where it finds no row: all in one statement, each probe a subquery of it. The
    twenty years of an archive were twenty queries, each compiled and run on its own."""
    if not probes:
        return ()
    using = probes[0].db
    selected, params = [], []
    for probe in probes:
        try:
            sql, probe_params = probe.query.get_compiler(using=using).as_sql()
        except EmptyResultSet:  # a filter no row can pass (``pk__in=[]``)
            sql, probe_params = "SELECT NULL", []
        selected.append(f"({sql})")
        params.extend(probe_params)
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selected)}", params)
        return cursor.fetchone()


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
    moments = {}
    paginator = getattr(cl, "paginator", None)
    if isinstance(paginator, FoundPaginator) and paginator.date_field == cl.date_hierarchy:
        # Read with the list's ids already.
        moments[cl.date_hierarchy] = [date for date in paginator.dates if date is not None]
    probed.queryset = _ProbedDates(cl.queryset, few=few, dated=dated, moments=moments)
    return date_hierarchy(probed)
