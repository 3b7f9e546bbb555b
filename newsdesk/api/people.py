"""People: the writers and translators credited on published articles."""

from django.http import HttpResponse
from ninja import Path, Router

from newsdesk.api.errors import BAD_REQUEST, ERRORS, NOT_FOUND, ApiError
from newsdesk.api.links import in_api, on_site
from newsdesk.api.pagination import after_slug, page, slug_cursor
from newsdesk.api.params import (
    CURSOR,
    EDITION,
    LIMIT,
    Cursor,
    Edition,
    Limit,
    Slug,
    edition,
)
from newsdesk.api.schemas import PersonDetail, PersonList
from newsdesk.caching import keys
from newsdesk.caching.headers import cache_publicly, given
from newsdesk.content.models import Article, Person

people = Router(tags=["People"])

SLUG = Path(..., description="Their slug.")


def author_data(person, language: str) -> dict:
    """A person as a list of articles in ``language`` credits them."""
    return {
        "name": person.localized("name", language),
        "slug": person.slug,
        "role_title": person.localized("role_title", language),
        "translations": person.in_every_language(("name", "role_title")),
    }


def person_data(person, request, language: str) -> dict:
    """A person with their pages, in the ``language`` edition."""
    return {
        **author_data(person, language),
        "url": on_site(request, person, language),
        "api_url": in_api(request, "person", slug=person.slug, query={"language": language}),
    }


def credit_data(person, request, language: str) -> dict:
    """A person as an article (in ``language``) credits them."""
    return {
        **person_data(person, request, language),
        "bio": person.localized("bio", language),
        "translations": person.in_every_language(),
    }


@people.get(
    "",
    response={200: PersonList, **BAD_REQUEST, **ERRORS},
    url_name="people",
    summary="People",
)
def person_list(
    request,
    response: HttpResponse,
    language: Edition = EDITION,
    limit: Limit = LIMIT,
    cursor: Cursor | None = CURSOR,
):
    """The people credited (as authors or translators) on the edition's published
    articles, by slug, a page at a time."""
    language = edition(language)
    found = Person.objects.credited_on(Article.objects.published().in_language(language))
    shown, next_url = page(
        request, found.filter(after_slug(cursor)).order_by("slug"), limit, slug_cursor
    )
    items = [person_data(person, request, language) for person in shown]
    # Anyone may join the list when an article of the edition is published.
    cache_publicly(
        response,
        {keys.home_list(language), *(f"person-{person.pk}" for person in shown)},
        query=given(request, language=language, limit=limit, cursor=None),
    )
    return {"items": items, "next": next_url}


@people.get(
    "/{slug}",
    response={200: PersonDetail, **BAD_REQUEST, **NOT_FOUND, **ERRORS},
    url_name="person",
    summary="A person",
)
def person_detail(
    request,
    response: HttpResponse,
    slug: Slug = SLUG,
    language: Edition = EDITION,
):
    """Someone credited on published articles: their role, biography and photo, with
    links to the articles they wrote and translated."""
    language = edition(language)
    person = Person.objects.public().filter(slug=slug).first()
    if person is None:
        raise ApiError(
            404, "unknown_person", f"No one credited on an article has the slug {slug!r}."
        )
    # Their page changes with them and with the articles credited to them.
    cache_publicly(
        response,
        {f"person-{person.pk}", f"person-{person.pk}-list"},
        query=given(request, language=language),
    )
    return {
        **credit_data(person, request, language),
        "photo_url": request.build_absolute_uri(person.photo.url) if person.photo else None,
        "articles_url": in_api(request, "articles", {"author": slug, "language": language}),
        "translations_url": in_api(request, "articles", {"translator": slug, "language": language}),
    }
