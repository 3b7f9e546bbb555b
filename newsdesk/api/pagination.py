"""Keyset pagination: each page starts after the last item of the previous one.

A cursor names that item's sort key (for articles: publication time and id), not an
offset, so publishing or unpublishing an article while a client walks the list never
shifts later pages: nothing is shown twice and nothing is skipped. Cursors are opaque
to clients (base64url of a small JSON list) and not secret: a made-up one only starts a
page elsewhere in the same public list.
"""

import base64
import binascii
import json
import re
from datetime import UTC, datetime

from django.db.models import Q

from newsdesk.api.errors import ApiError
from newsdesk.api.params import SLUG_PATTERN
from newsdesk.content.ids import BIGGEST_ID


def encode(values: list) -> str:
    data = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def decode(cursor: str) -> list:
    """The values of a cursor made by ``encode``; a 400 for anything else."""
    try:
        data = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(data.decode())
    except (binascii.Error, UnicodeDecodeError, ValueError):
        values = None
    if not isinstance(values, list):
        raise invalid()
    return values


def invalid() -> ApiError:
    return ApiError(
        400,
        "invalid_cursor",
        "This cursor was not made by this API: use the `next` link of the previous page.",
    )


def article_position(cursor: str) -> tuple[datetime, int]:
    """(published_at, id) of the last article of the previous page."""
    values = decode(cursor)
    if (
        len(values) != 2
        or not isinstance(values[0], str)
        or type(values[1]) is not int
        or not 0 < values[1] <= BIGGEST_ID
    ):
        raise invalid()
    try:
        when = datetime.fromisoformat(values[0])
        if when.tzinfo is None:
            raise invalid()
        # The database compares in UTC, where a date at either end of the calendar in a
        # far time zone (0001-01-01T00:00+14:00) does not exist.
        return when.astimezone(UTC), values[1]
    except (ValueError, OverflowError):
        raise invalid() from None


def article_cursor(article) -> str:
    return encode([article.published_at.isoformat(), article.pk])


def after_slug(cursor: str | None) -> Q:
    """Rows after the cursor in slug order (people, tags); all without one."""
    if cursor is None:
        return Q()
    values = decode(cursor)
    if (
        len(values) != 1
        or not isinstance(values[0], str)
        or not re.fullmatch(SLUG_PATTERN, values[0])
    ):
        raise invalid()
    return Q(slug__gt=values[0])


def slug_cursor(row) -> str:
    return encode([row.slug])


def page(request, rows, limit: int, cursor_of) -> tuple[list, str | None]:
    """Up to ``limit`` of ``rows`` (a queryset sliced once, one row more than shown to
    know whether another page follows) and the absolute address of the next page."""
    rows = list(rows[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    query = request.GET.copy()
    query["cursor"] = cursor_of(rows[-1])
    return rows, request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
