"""How articles are filed: sections, columns and tags, named in the requested edition."""

from django.http import HttpResponse
from django.utils import translation
from ninja import Router

from newsdesk.api.errors import BAD_REQUEST, ERRORS
from newsdesk.api.links import in_api, on_site
from newsdesk.api.pagination import after_slug, page, slug_cursor
from newsdesk.api.params import (
    CURSOR,
    EDITION,
    LIMIT,
    Cursor,
    Edition,
    Limit,
    edition,
)
from newsdesk.api.schemas import ColumnList, SectionList, TagList
from newsdesk.caching import keys
from newsdesk.caching.headers import cache_publicly, given
from newsdesk.content.models import Article, Column, Section, Tag

filing = Router(tags=["Sections, columns and tags"])


def entry(request, obj, language: str, kind: str) -> dict:
    with translation.override(language):
        name = obj.display_name
    return {
        "slug": obj.slug,
        "name": name,
        "translations": obj.in_every_language(),
        "url": on_site(request, obj, language),
        "articles_url": in_api(request, "articles", {kind: obj.slug, "language": language}),
    }


@filing.get(
    "/sections",
    response={200: SectionList, **BAD_REQUEST, **ERRORS},
    url_name="sections",
    summary="Sections",
)
def section_list(
    request,
    response: HttpResponse,
    language: Edition = EDITION,
):
    """Every section of the paper, in menu order (each article is in one)."""
    language = edition(language)
    items = [entry(request, section, language, "section") for section in Section.objects.all()]
    # Purged when any section changes.
    cache_publicly(response, {keys.NAV}, query=given(request, language=language))
    return {"items": items}


@filing.get(
    "/columns",
    response={200: ColumnList, **BAD_REQUEST, **ERRORS},
    url_name="columns",
    summary="Columns",
)
def column_list(
    request,
    response: HttpResponse,
    language: Edition = EDITION,
):
    """The columns (recurring series) with published articles in the edition, by name."""
    language = edition(language)
    published = Article.objects.published().in_language(language)
    columns = Column.objects.of(published)
    items = [
        {
            **entry(request, column, language, "column"),
            "description": column.localized("description", language),
        }
        for column in columns
    ]
    # A column joins the list when its first article in the edition is published.
    cache_publicly(
        response,
        {keys.home_list(language), *(f"column-{column.pk}" for column in columns)},
        query=given(request, language=language),
    )
    return {"items": items}


@filing.get(
    "/tags",
    response={200: TagList, **BAD_REQUEST, **ERRORS},
    url_name="tags",
    summary="Tags",
)
def tag_list(
    request,
    response: HttpResponse,
    language: Edition = EDITION,
    limit: Limit = LIMIT,
    cursor: Cursor | None = CURSOR,
):
    """The tags of the edition's published articles, by slug, a page at a time."""
    language = edition(language)
    published = Article.objects.published().in_language(language)
    tags = Tag.objects.on(published)
    shown, next_url = page(
        request, tags.filter(after_slug(cursor)).order_by("slug"), limit, slug_cursor
    )
    items = [
        {
            "name": tag.localized("name", language),
            "slug": tag.slug,
            "translations": tag.in_every_language(),
            "url": on_site(request, tag, language),
            "articles_url": in_api(request, "articles", {"tag": tag.slug, "language": language}),
        }
        for tag in shown
    ]
    cache_publicly(
        response,
        {keys.home_list(language), *(f"tag-{tag.pk}" for tag in shown)},
        query=given(request, language=language, limit=limit, cursor=None),
    )
    return {"items": items, "next": next_url}
