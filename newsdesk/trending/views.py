"""The read beacon: the article page reports a read once it has really been viewed."""

import base64

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from newsdesk.content.ids import is_article_id
from newsdesk.trending.buffer import get_buffer
from newsdesk.trending.visitors import client_address, is_prefetch, is_robot, referrer_domain

# The smallest transparent GIF, for readers without JavaScript.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")

# An article id in a beacon's address: no more digits than the biggest id has, so that a
# longer one is turned away (404) before int() (which refuses past 4,300 digits) sees it.
ID_DIGITS = r"[0-9]{1,19}"


def article_id(digits: str) -> int | None:
    """The article id that ``digits`` (matching ID_DIGITS) spell, or None past the range."""
    number = int(digits)
    return number if is_article_id(number) else None


def count_read(meta, host: str, article_id: int, referrer: str) -> bool:
    """Count a read of ``article_id`` by the reader of a request (its WSGI environ or
    META), unless a robot or a repeat within the window."""
    user_agent = meta.get("HTTP_USER_AGENT", "")
    if is_robot(user_agent) or is_prefetch(meta):
        return False
    domain = referrer_domain(referrer, host)
    return get_buffer().add(article_id, client_address(meta), user_agent, domain, timezone.now())


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_POST
def read_beacon(request, article_id: int):
    """navigator.sendBeacon() from the article page; ``r`` is the referring domain."""
    count_read(request.META, request.get_host(), article_id, request.POST.get("r", "")[:300])
    return _private(HttpResponse(status=204))


@require_GET
def read_pixel(request, article_id: int):
    """The same, for readers without JavaScript: an <img> inside <noscript>."""
    count_read(request.META, request.get_host(), article_id, "")
    return _private(HttpResponse(PIXEL, content_type="image/gif"))
