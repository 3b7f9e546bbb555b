"""Articles: the published list, newest first a page at a time, and each article whole."""

from django.http import HttpResponse
from django.utils import translation
from ninja import Path, Query, Router

from newsdesk.api.blocks import body_blocks
from newsdesk.api.errors import BAD_REQUEST, ERRORS, NOT_FOUND, ApiError
from newsdesk.api.images import image_data
from newsdesk.api.links import article_in_api, article_on_site, on_site
from newsdesk.api.pagination import article_cursor, article_position, page
from newsdesk.api.params import (
    CURSOR,
    LIMIT,
    Cursor,
    Edition,
    Limit,
    Slug,
    edition,
)
from newsdesk.api.people import author_data, credit_data
from newsdesk.api.schemas import ArticleDetail, ArticleList, section_in
from newsdesk.caching import keys
from newsdesk.caching.headers import cache_publicly, given
from newsdesk.content import body
from newsdesk.content.ids import BIGGEST_ID
from newsdesk.content.models import (
    Article,
    Column,
    Image,
    Person,
    Section,
    Tag,
)
from newsdesk.languages import edition_codes

articles = Router(tags=["Articles"])

ANY_EDITION = Query(
    None,
    description="Only this edition's articles (all when left out). "
    f"One of: {', '.join(edition_codes())}.",
)
SECTION = Query(None, description="Only this section's articles (its slug).")
COLUMN = Query(None, description="Only this column's articles (its slug).")
TAG = Query(None, description="Only articles with this tag (its slug).")
AUTHOR = Query(None, description="Only articles this person wrote (their slug).")
TRANSLATOR = Query(None, description="Only articles this person translated (their slug).")
ARTICLE_ID = Path(..., ge=1, le=BIGGEST_ID, description="The article's id.")


def column_in(column, language: str) -> dict | None:
    if column is None:
        return None
    with translation.override(language):
        return {
            "slug": column.slug,
            "name": column.display_name,
            "translations": column.in_every_language(["name"]),
        }


def article_item(article, request, published_originals: set[int]) -> dict:
    """An article as a list shows it; ``published_originals``: the ids of the originals
    readers may see (a translation never links to an unpublished original)."""
    original = article.translation_of_id
    return {
        "id": article.pk,
        "headline": article.headline,
        "standfirst": article.standfirst,
        "url": article_on_site(request, article),
        "api_url": article_in_api(request, article),
        "language": article.language,
        "section": section_in(article.section, article.language),
        "column": column_in(article.column, article.language),
        "authors": [
            author_data(byline.person, article.language) for byline in article.bylines.all()
        ],
        "published_at": article.published_at,
        "updated_at": article.revised_at,
        "lead_image": image_data(article.lead_image, request, article.language),
        "translation_of": original if original in published_originals else None,
    }


def find(found, slug: str, code: str, what: str):
    """The one of ``found`` (a QuerySet: for people, tags and columns, those readers may
    know of) with ``slug``; else a 404, the same whether the slug is unknown or hidden."""
    found = found.filter(slug=slug).first()
    if found is None:
        raise ApiError(404, code, f"No {what} has the slug {slug!r}.")
    return found


@articles.get(
    "",
    response={200: ArticleList, **BAD_REQUEST, **NOT_FOUND, **ERRORS},
    url_name="articles",
    summary="Published articles, newest first",
)
def article_list(
    request,
    response: HttpResponse,
    language: Edition | None = ANY_EDITION,
    section: Slug | None = SECTION,
    column: Slug | None = COLUMN,
    tag: Slug | None = TAG,
    author: Slug | None = AUTHOR,
    translator: Slug | None = TRANSLATOR,
    limit: Limit = LIMIT,
    cursor: Cursor | None = CURSOR,
):
    """Published articles, newest first (by publication time, then id), a page at a time.

    Follow `next` for the following page: pages are cut by a cursor, not an offset, so
    articles published while you read do not shift or repeat later pages. Filters combine.
    """
    found = Article.objects.published()
    # A cached answer is purged with the lists it is cut from: any article entering or
    # leaving it enters or leaves each of them.
    list_keys = set()
    if language is not None:
        found = found.in_language(edition(language))
    if section is not None:
        match = find(Section.objects.all(), section, "unknown_section", "section")
        found = found.filter(section=match)
        list_keys.add(f"section-{match.pk}-list")
    if column is not None:
        match = find(Column.objects.public(), column, "unknown_column", "column")
        found = found.filter(column=match)
        list_keys.add(f"column-{match.pk}-list")
    if tag is not None:
        match = find(Tag.objects.public(), tag, "unknown_tag", "tag")
        found = found.tagged(match)
        list_keys.add(f"tag-{match.pk}-list")
    for slug, credited in ((author, "written_by"), (translator, "translated_by")):
        if slug is not None:
            match = find(Person.objects.public(), slug, "unknown_person", "person")
            found = getattr(found, credited)(match)
            list_keys.add(f"person-{match.pk}-list")
    if not list_keys:
        list_keys = {keys.home_list(code) for code in ([language] if language else edition_codes())}

    if cursor is not None:
        # The bound on published_at lets the list's index seek to the cursor.
        found = found.older_than(*article_position(cursor))
    shown, next_url = page(
        request,
        found.for_listing().latest_first(),
        limit,
        article_cursor,
    )
    originals = {article.translation_of_id for article in shown} - {None}
    if originals:
        originals = set(Article.objects.published().among(originals).values_list("pk", flat=True))
    items = [article_item(article, request, originals) for article in shown]
    # A page after a cursor is answered, never stored: cursors are not a bounded set.
    query = given(
        request,
        language=edition(language) if language else None,
        section=section, column=column, tag=tag, author=author, translator=translator,
        limit=limit, cursor=None,
    )  # fmt: skip
    cache_publicly(response, {keys.NAV, *list_keys} | keys.cards(shown), query=query)
    return {"items": items, "next": next_url}


def version_link(article, request) -> dict:
    return {
        "id": article.pk,
        "language": article.language,
        "headline": article.headline,
        "url": article_on_site(request, article),
        "api_url": article_in_api(request, article),
    }


@articles.get(
    "/{int:id}",
    response={200: ArticleDetail, **NOT_FOUND, **ERRORS},
    url_name="article",
    summary="A published article",
)
def article_detail(
    request,
    response: HttpResponse,
    id: int = ARTICLE_ID,
):
    """A published article with its text as typed blocks, its images and their
    renditions, its authors and translators, its tags and its other published
    language versions."""
    article = Article.objects.published().for_page().filter(pk=id).first()
    if article is None:
        raise ApiError(404, "unknown_article", f"No published article has the id {id}.")
    language = article.language
    versions = article.published_versions()
    published = {version.pk for version in versions}
    original = article.translation_of if article.translation_of_id in published else None
    images = Image.objects.in_bulk(body.image_ids(article.body))
    data = article_item(article, request, published)
    data.update(
        authors=[credit_data(b.person, request, language) for b in article.bylines.all()],
        translators=[
            credit_data(c.person, request, language) for c in article.translator_credits.all()
        ],
        source_line=article.source_line,
        tags=[
            {
                "name": tag.localized("name", language),
                "slug": tag.slug,
                "url": on_site(request, tag, language),
                "translations": tag.in_every_language(),
            }
            for tag in article.tags.all()
        ],
        body=body_blocks(article, images, request),
        translations={
            "original": version_link(original, request) if original else None,
            "translations": [
                version_link(version, request)
                for version in versions
                if version.pk not in (article.pk, article.translation_of_id)
            ],
        },
    )
    cache_publicly(response, keys.article_page(article, versions))
    return data
