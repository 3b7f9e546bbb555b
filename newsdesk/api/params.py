"""Query parameters the endpoints share: the edition (language), slugs, limit and cursor."""

from typing import Annotated

from django.conf import settings
from ninja import Query
from pydantic import Field, StringConstraints, WithJsonSchema

from newsdesk.api.errors import ApiError
from newsdesk.languages import edition_codes

# Documented as the list of editions when the API starts; checked by ``edition``, against
# the editions of the moment, so that any other value is a 400 naming them, the same
# answer on every endpoint.
Edition = Annotated[str, WithJsonSchema({"type": "string", "enum": edition_codes()})]
EDITION_HELP = (
    "The edition (language): names and page addresses are its own. "
    f"One of: {', '.join(edition_codes())}."
)

# What a slug may hold: letters (any script, as tags may be Chinese), digits, _ and -.
# Checked before any query: nothing else (a NUL byte, say) reaches the database.
SLUG_PATTERN = r"^[-\w]+$"
SLUG_MAX_LENGTH = 200
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH)]


DEFAULT_LIMIT = 20
MAX_LIMIT = 100
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
LIMIT_HELP = f"At most this many items (1 to {MAX_LIMIT})."

Cursor = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$", max_length=400)]
CURSOR_HELP = (
    "Where the page starts: the cursor in the previous page's `next` link. "
    "Leave it out for the first page."
)


# Parameters several operations share, as module-level defaults (ninja reads them only).
EDITION = Query(settings.LANGUAGE_CODE, description=EDITION_HELP)
LIMIT = Query(DEFAULT_LIMIT, description=LIMIT_HELP)
CURSOR = Query(None, description=CURSOR_HELP)


def edition(language: str) -> str:
    """``language`` if it is one of the site's editions, else a 400 naming them."""
    codes = edition_codes()
    if language not in codes:
        raise ApiError(
            400,
            "unknown_language",
            f"Unknown language {language!r}; the languages are: {', '.join(codes)}.",
        )
    return language
