"""Hot Recommended: an edition's (or a section's) most read published articles."""

from django.http import HttpResponse
from ninja import Query, Router

from newsdesk.api.errors import BAD_REQUEST, ERRORS, NOT_FOUND, ApiError
from newsdesk.api.params import EDITION, Edition, Slug, edition
from newsdesk.api.schemas import HotList, section_in
from newsdesk.caching import keys
from newsdesk.caching.headers import cache_publicly, given
from newsdesk.content.models import Section
from newsdesk.trending.hot import hot_articles, scope_key, section_scope

hot = Router(tags=["Hot Recommended"])

SECTION = Query(None, description="A section's slug: its own list.")
HOT_LIMIT = Query(None, ge=1, description="At most this many articles.")


@hot.get(
    "",
    response={200: HotList, **BAD_REQUEST, **NOT_FOUND, **ERRORS},
    url_name="hot",
    summary="Hot Recommended",
)
def hot_list(
    request,
    response: HttpResponse,
    language: Edition = EDITION,
    section: Slug | None = SECTION,
    limit: int | None = HOT_LIMIT,
):
    """The most read published articles of an edition (or of one section), hottest first.

    Reads are counted by the article pages' beacon and decay with time; the lists are
    recomputed about once a minute.
    """
    language = edition(language)
    shown = None
    scope = language
    if section is not None:
        found = Section.objects.filter(slug=section).first()
        if found is None:
            raise ApiError(404, "unknown_section", f"No section has the slug {section!r}.")
        shown = section_in(found, language)
        scope = section_scope(language, found.pk)
    hot_list_now = hot_articles(scope)
    articles = hot_list_now[:limit]
    for rank, article in enumerate(articles, start=1):
        article.rank = rank
    # Purged when the list changes (trending.hot.refresh) and with each article on it.
    # A limit past the list's length shows the same list: not stored under each number.
    fits = limit is not None and limit <= len(hot_list_now)
    query = given(request, language=language, section=section, limit=limit if fits else None)
    cache_publicly(response, {keys.NAV, scope_key(scope)} | keys.cards(articles), query=query)
    return {"language": language, "section": shown, "items": articles}
