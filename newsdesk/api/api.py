"""The public JSON API, version 1, at /api/v1/ (OpenAPI schema and docs at /api/v1/docs).

Read-only and anonymous: it shows what the public site shows, through the same queries
(``Article.objects.published()``, ``hot_articles()``). Every error a client can cause has
one shape, ``{"error": {"code": "...", "message": "..."}}``, whatever its status.

One router per resource, mounted below; a resource that outgrows this module moves to a
module of its own and keeps its router.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from ninja import NinjaAPI, Query, Router
from ninja.errors import HttpError, ValidationError

from newsdesk.api.schemas import Error, HotList, section_in
from newsdesk.content.models import Section
from newsdesk.trending.hot import hot_articles, section_scope

api = NinjaAPI(
    version="1",
    urls_namespace="api-v1",
    title="newsdesk API",
    description="Read-only: what the public site shows, as JSON.",
)

# Clients and shared caches may keep an answer this long without asking again: about as
# long as a hot list lasts before it is recomputed (HOT_REFRESH_SECONDS).
CACHE_SECONDS = 60


def cache_briefly(response: HttpResponse) -> None:
    """Public for CACHE_SECONDS; ConditionalGetMiddleware adds the ETag and answers 304s."""
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)


# --- Errors -------------------------------------------------------------------------------

ERRORS = {400: Error, 404: Error, 422: Error}  # for the OpenAPI schema of each operation


class ApiError(HttpError):
    """An error with a code a client can act on, e.g. ApiError(404, "unknown_section", ...)."""

    def __init__(self, status_code: int, code: str, message: str):
        super().__init__(status_code, message)
        self.code = code


def error_response(request, status: int, code: str, message: str) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message}}, status=status
    )


@api.exception_handler(ApiError)
def api_error(request, exc: ApiError):
    return error_response(request, exc.status_code, exc.code, exc.message)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    code = {400: "bad_request", 404: "not_found"}.get(exc.status_code, "error")
    return error_response(request, exc.status_code, code, exc.message)


@api.exception_handler(Http404)
def page_not_found(request, exc: Http404):
    return error_response(request, 404, "not_found", "Nothing here.")


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc: ValidationError):
    """Ninja's list of pydantic errors, as one sentence naming each parameter."""
    problems = []
    for error in exc.errors:
        where = ".".join(str(part) for part in error["loc"][1:]) or str(error["loc"][0])
        problems.append(f"{where}: {error['msg']}")
    return error_response(request, 422, "invalid_parameters", "; ".join(problems) + ".")


def not_found(request, path=""):
    """Any address under the API that names nothing (see urls.py)."""
    return error_response(request, 404, "not_found", f"No such API endpoint: {request.path}")


EDITIONS = ", ".join(code for code, _ in settings.LANGUAGES)


def edition(language: str) -> str:
    """``language`` if it is one of the site's editions, else a 400 naming them."""
    if language not in dict(settings.LANGUAGES):
        raise ApiError(
            400,
            "unknown_language",
            f"Unknown language {language!r}; the languages are: {EDITIONS}.",
        )
    return language


# --- Hot Recommended ----------------------------------------------------------------------

hot = Router(tags=["Hot Recommended"])


@hot.get("", response={200: HotList, **ERRORS}, url_name="hot", summary="Hot Recommended")
def hot_list(
    request,
    response: HttpResponse,
    language: str = Query(settings.LANGUAGE_CODE, description=f"An edition: {EDITIONS}."),
    section: str | None = Query(None, description="A section's slug: its own list."),
    limit: int | None = Query(None, ge=1, description="At most this many articles."),
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
    articles = hot_articles(scope)[:limit]
    for rank, article in enumerate(articles, start=1):
        article.rank = rank
    cache_briefly(response)
    return {"language": language, "section": shown, "items": articles}


api.add_router("/hot", hot)
