"""The admin's change list, with dates at the ends of the calendar refused, not a 500.

Django 5.2's ``date_hierarchy`` computes the end of year 9999 (year 10000) and reads
``?published_at__year=99999999999999999999`` without catching the error (fixed upstream
in ticket #37357, not in 5.2). A date that exists in the site's time zone but not in UTC
(0001-01-01 east of Greenwich) fails only when the database adapts it to UTC. Both are
what the admin calls incorrect lookup parameters: it redirects to the unfiltered list.
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


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
