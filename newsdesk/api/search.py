"""Search: published articles matching words, in English or Chinese, best first."""

from datetime import date
from typing import Annotated

from django.http import HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field, StringConstraints

from newsdesk.api.articles import article_item, find
from newsdesk.api.errors import BAD_REQUEST, ERRORS, NOT_FOUND
from newsdesk.api.params import Edition, Limit, Slug, edition
from newsdesk.api.schemas import ArticleItem
from newsdesk.caching.headers import never_cache_publicly
from newsdesk.content.models import Article, Person, Section
from newsdesk.search.query import search

search_router = Router(tags=["Search"])

# The search page's own bound: results beyond the first thousand are not ranked.
MAX_OFFSET = 999
Words = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class SearchHit(ArticleItem):
    headline_html: str = Field(description="The headline, escaped, matches in <mark>.")
    snippet_html: str = Field(description="An excerpt around the first match, likewise.")
    score: float = Field(description="Relevance with a recency boost; higher is better.")


class SearchAnswer(Schema):
    query: str
    total: int = Field(description="Matching articles, counted up to 1,000.")
    more: bool = Field(description="More than `total` articles match.")
    items: list[SearchHit]


@search_router.get(
    "",
    response={200: SearchAnswer, **BAD_REQUEST, **NOT_FOUND, **ERRORS},
    url_name="search",
    summary="Search published articles",
)
def search_articles(
    request,
    response: HttpResponse,
    q: Words = Query(..., description="Words to find, in English or Chinese."),  # noqa: B008
    language: Edition | None = Query(None, description="Only this edition."),  # noqa: B008
    section: Slug | None = Query(None, description="Only this section (slug)."),  # noqa: B008
    author: Slug | None = Query(None, description="Only this author (slug)."),  # noqa: B008
    since: date | None = Query(None, alias="from", description="Published on or after."),  # noqa: B008
    until: date | None = Query(None, alias="to", description="Published on or before."),  # noqa: B008
    limit: Limit = Query(20, description="At most this many results."),  # noqa: B008
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Skip this many results."),  # noqa: B008
):
    """Published articles matching `q`, ranked by relevance with a boost for recent ones,
    with highlighted snippets. Pages by `offset` (a ranking has no stable cursor). Not kept
    by shared caches: every query is different."""
    results = search(
        q,
        language=edition(language) if language else None,
        section=find(Section.objects.all(), section, "unknown_section", "section")
        if section
        else None,
        author=find(Person.objects.public(), author, "unknown_person", "person")
        if author
        else None,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
    originals = {
        hit.article.translation_of_id for hit in results.hits if hit.article.translation_of_id
    }
    published_originals = set(
        Article.objects.published().among(originals).values_list("pk", flat=True)
    )
    never_cache_publicly(response)
    return {
        "query": q,
        "total": results.total,
        "more": results.more,
        "items": [
            {
                **article_item(hit.article, request, published_originals),
                "headline_html": str(hit.headline_html),
                "snippet_html": str(hit.snippet_html),
                "score": hit.score,
            }
            for hit in results.hits
        ],
    }
