"""The two endpoints the reader's page posts to (reader/static/reader/push.js): subscribe
and unsubscribe. JSON in, JSON out, never stored by a cache.

Not protected by a CSRF token: the pages that post here are the same bytes for every
reader (the page store), so they carry none. Instead a request must be JSON
(``Content-Type: application/json``), which no form of another site can send without a
CORS preflight this site never grants, and, where the browser says where it comes from
(``Origin``, ``Sec-Fetch-Site``), come from this site. Bodies are small (``MAX_BODY``),
requests counted per address as the API's are (api/ratelimit.py), and everything checked
before anything is stored.
"""

import base64
import binascii
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from newsdesk.api.ratelimit import AnonymousPerMinute, seconds_to_next_minute
from newsdesk.content.ids import BIGGEST_ID
from newsdesk.content.models import Section
from newsdesk.languages import edition_codes
from newsdesk.push.models import Subscription, check_endpoint

# A subscription is a few hundred bytes; the endpoint's longest allowed is 1,000.
MAX_BODY = 4096
MAX_SECTIONS = 100


def answer(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status)
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


def refuse(message: str, status: int = 400) -> JsonResponse:
    return answer({"error": message}, status)


def from_elsewhere(request) -> bool:
    """Whether the browser says the request comes from another site."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return True
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    return origin != f"{request.scheme}://{request.get_host()}"


def posted_json(request):
    """The request's JSON object, or a refusal (a JsonResponse)."""
    if AnonymousPerMinute().allow_request(request) is False:
        response = refuse(_("Too many requests: try again in a minute."), 429)
        response["Retry-After"] = str(seconds_to_next_minute())
        return response
    if request.content_type != "application/json" or from_elsewhere(request):
        return refuse(_("Send the subscription as JSON from this site."), 403)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY + 1
    if length > MAX_BODY:
        return refuse(_("The request is too large."), 413)
    body = request.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        return refuse(_("The request is too large."), 413)
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return refuse(_("The request is not valid JSON."))
    if not isinstance(data, dict):
        return refuse(_("The request is not valid JSON."))
    return data


def decoded(value, length: int, name: str) -> str:
    """``value``, a base64url string of ``length`` bytes, as given."""
    if not isinstance(value, str) or len(value) > 200:
        raise ValidationError(_("The subscription's %(name)s key is missing.") % {"name": name})
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != length:
        raise ValidationError(_("The subscription's %(name)s key is malformed.") % {"name": name})
    return value


def subscription_from(data: dict) -> dict:
    """The fields of a subscription from the posted ``data``, checked."""
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    edition = data.get("edition")
    if edition not in edition_codes():
        raise ValidationError(_("Choose an edition of this site."))
    chosen = data.get("sections", [])
    if not isinstance(chosen, list) or len(chosen) > MAX_SECTIONS:
        raise ValidationError(_("Choose sections from the list."))
    if not all(type(pk) is int and 0 < pk <= BIGGEST_ID for pk in chosen):
        raise ValidationError(_("Choose sections from the list."))
    sections = list(Section.objects.filter(pk__in=set(chosen)))
    if len(sections) != len(set(chosen)):
        raise ValidationError(_("Choose sections from the list."))
    return {
        "endpoint": check_endpoint(data.get("endpoint")),
        # An uncompressed P-256 point and a 16-byte secret (RFC 8291).
        "p256dh": decoded(keys.get("p256dh"), 65, "p256dh"),
        "auth": decoded(keys.get("auth"), 16, "auth"),
        "language": edition,
        "sections": sections,
    }


@csrf_exempt
@require_POST
def subscribe(request):
    """Store (or change) this browser's subscription: its endpoint, keys and choices."""
    data = posted_json(request)
    if isinstance(data, JsonResponse):
        return data
    try:
        fields = subscription_from(data)
    except ValidationError as error:
        return refuse(" ".join(error.messages))
    sections = fields.pop("sections")
    endpoint = fields.pop("endpoint")
    with transaction.atomic():
        subscription, created = Subscription.objects.update_or_create(
            endpoint=endpoint, defaults=fields
        )
        subscription.sections.set(sections)
    return answer(
        {"subscribed": True, "edition": subscription.language,
         "sections": sorted(section.pk for section in sections)},
        201 if created else 200,
    )  # fmt: skip


@csrf_exempt
@require_POST
def unsubscribe(request):
    """Forget this browser's subscription: it proves it is its own with the auth secret."""
    data = posted_json(request)
    if isinstance(data, JsonResponse):
        return data
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    endpoint, auth = data.get("endpoint"), keys.get("auth")
    if not isinstance(endpoint, str) or not isinstance(auth, str):
        return refuse(_("The subscription has no valid endpoint."))
    Subscription.objects.filter(endpoint=endpoint[:1000], auth=auth[:50]).delete()
    return answer({"subscribed": False})
