"""The API's one error shape, ``{"error": {"code": "...", "message": "..."}}``, for every status.

Ninja's own answers (a parameter that does not validate, a throttled client, an uncaught
exception) are turned into it by the handlers ``install`` registers; ``read_only`` gives it
to a method the API does not answer and to a failure of the schema and docs views, and
``not_found`` to an address that names nothing.
"""

import json
import logging
from functools import wraps

from django.core import signals
from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import HttpError, Throttled, ValidationError

from newsdesk.api.schemas import Error

log = logging.getLogger("django.request")

# The errors every operation may answer, for its OpenAPI schema; 400 and 404 where they apply.
ERRORS = {422: Error, 429: Error, 500: Error}
NOT_FOUND = {404: Error}
BAD_REQUEST = {400: Error}

GENERIC_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    429: "rate_limited",
}


class ApiError(HttpError):
    """An error with a code a client can act on, e.g. ApiError(404, "unknown_section", ...)."""

    def __init__(self, status_code: int, code: str, message: str):
        super().__init__(status_code, message)
        self.code = code


def error_response(status: int, code: str, message: str) -> HttpResponse:
    """An error in the API's shape. Never cacheable by a shared cache: it has no
    surrogate keys, so the page store does not keep it."""
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False)
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def install(api) -> None:
    """Register the handlers that give every error of ``api`` the one shape."""

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return error_response(exc.status_code, exc.code, exc.message)

    @api.exception_handler(Throttled)
    def throttled(request, exc: Throttled):
        # Ninja adds Retry-After (exc.wait, rounded up) to this response.
        seconds = max(1, round(exc.wait or 60))
        return error_response(
            429,
            "rate_limited",
            f"Too many requests from your address this minute; try again in {seconds} seconds.",
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        code = GENERIC_CODES.get(exc.status_code, "error")
        return error_response(exc.status_code, code, exc.message)

    @api.exception_handler(Http404)
    def page_not_found(request, exc: Http404):
        return error_response(404, "not_found", "Nothing here.")

    @api.exception_handler(ValidationError)
    def invalid_parameters(request, exc: ValidationError):
        """Ninja's list of pydantic errors, as one sentence naming each parameter."""
        problems = []
        for error in exc.errors:
            where = ".".join(str(part) for part in error["loc"][1:]) or str(error["loc"][0])
            problems.append(f"{where}: {error['msg']}")
        return error_response(422, "invalid_parameters", "; ".join(problems) + ".")

    @api.exception_handler(Exception)
    def unexpected(request, exc: Exception):
        return server_error(request, exc)


def server_error(request, exc: Exception) -> HttpResponse:
    """A JSON 500, reported as Django reports an uncaught exception (log and signal)."""
    log.error(
        "Internal Server Error: %s",
        request.path,
        exc_info=exc,
        extra={"status_code": 500, "request": request},
    )
    signals.got_request_exception.send(sender=None, request=request)
    return error_response(
        500, "server_error", "Something went wrong on our side. Please try again later."
    )


@csrf_exempt
def not_found(request, path=""):
    """Any address under the API that names nothing (see urls.py), whatever the method."""
    return error_response(
        404,
        "not_found",
        f"No such API endpoint: {request.path}. The endpoints are listed at /api/v1/docs.",
    )


SAFE_METHODS = ("GET", "HEAD")


def read_only(view):
    """Wrap one of the API's views: GET, and HEAD answered as GET; any other method is a
    JSON 405.

    The whole API only reads, so no request can change anything: CSRF does not apply.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            response = error_response(
                405,
                "method_not_allowed",
                f"{request.method} is not allowed: this API only reads (GET or HEAD).",
            )
            response["Allow"] = ", ".join(SAFE_METHODS)
            return response
        # Ninja matches operations by method: a HEAD is answered as the GET (the server
        # drops the body), as Django's own views answer it.
        method, request.method = request.method, "GET"
        try:
            return view(request, *args, **kwargs)
        except Exception as exc:  # Ninja's operations handle their own; its docs do not
            return server_error(request, exc)
        finally:
            request.method = method

    wrapper.csrf_exempt = True
    return wrapper
