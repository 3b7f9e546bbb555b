"""The search page of an edition: /<language>/search/?q=...

Not cached by shared caches (``never_cache_publicly``): every query is a new address, so
cached searches would be rarely reused yet push articles and lists out of the page store,
and no surrogate key could say which searches a publication changes. A search costs a few
milliseconds of database time (BENCHMARKS.md).
"""

import math

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import get_language

from newsdesk.caching.headers import never_cache_publicly
from newsdesk.reader import page_meta
from newsdesk.search.forms import SearchForm
from newsdesk.search.query import search


def page_number(value) -> int:
    """?page= as a page number: 1 when missing or malformed."""
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def search_page(request):
    per_page = settings.ARTICLES_PER_PAGE
    form = SearchForm(request.GET or None, edition=get_language())
    results, pages = None, None
    if form.is_bound and form.is_valid():
        arguments = form.search_arguments()
        number = page_number(request.GET.get("page"))
        results = search(
            form.cleaned_data["q"], **arguments, limit=per_page, offset=(number - 1) * per_page
        )
        last = max(1, math.ceil(results.total / per_page))
        if number > last:  # past the end: the last page, as the article lists do
            number = last
            results = search(
                form.cleaned_data["q"], **arguments, limit=per_page, offset=(last - 1) * per_page
            )
        pages = {"number": number, "count": last}
    query = form.cleaned_data["q"] if results is not None and results.searched else ""
    context = {"form": form, "results": results, "pages": pages}
    meta = page_meta.search_meta(query, searched=form.is_bound)
    response = render(request, "search/search.html", context | page_meta.context(meta))
    return never_cache_publicly(response)
