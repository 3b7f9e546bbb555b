"""The search page of an edition: /<language>/search/?q=...

Not cached by shared caches (``never_cache_publicly``): every query is a new address, so
cached searches would be rarely reused yet push articles and lists out of the page store,
and no surrogate key could say which searches a publication changes. A search costs a few
milliseconds of database time (BENCHMARKS.md).
"""

import math
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, get_language_info, override

from newsdesk.caching.headers import never_cache_publicly
from newsdesk.languages import guess_language
from newsdesk.reader import page_meta
from newsdesk.search.forms import SearchForm
from newsdesk.search.query import search


def page_number(value) -> int:
    """?page= as a page number: 1 when missing or malformed."""
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def edition_hint(query: str, edition: str) -> dict | None:
    """The edition to suggest for a query written in another edition's script, if any.

    The default language's guess (Latin letters, digits) says nothing: names and
    acronyms are searched in every edition.
    """
    guessed = guess_language(query)
    if guessed in (edition, settings.LANGUAGE_CODE) or guessed not in dict(settings.LANGUAGES):
        return None
    with override(guessed):
        url = f"{reverse('search:search')}?{urlencode({'q': query})}"
    info = get_language_info(guessed)
    return {
        "language": guessed,
        "name": info["name_translated"],
        "edition": info["name_local"],
        "url": url,
    }


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
    hint = edition_hint(form.cleaned_data["q"], get_language()) if results is not None else None
    context = {"form": form, "results": results, "pages": pages, "hint": hint}
    meta = page_meta.search_meta(query, searched=form.is_bound)
    response = render(request, "search/search.html", context | page_meta.context(meta))
    return never_cache_publicly(response)
