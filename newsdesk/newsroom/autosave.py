"""Autosave: a private draft copy of a form being edited, kept every few seconds.

desk.js posts the form's field values here while its user types; the copy is offered
back ("Restore them / Discard") when that user opens the same form again after a crash
or a closed tab. It is not a revision: no one else sees it, and a real save deletes it.
"""

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from newsdesk.content import reading
from newsdesk.content.body import BLOCK_BOUNDARY
from newsdesk.content.ids import is_article_id
from newsdesk.content.models import Article
from newsdesk.languages import HAN, KANA
from newsdesk.newsroom import roles
from newsdesk.newsroom.models import Autosave, Revision

# A copy is the form's text, not its pictures: a long story is well under this.
MAX_BYTES = 1_000_000
MAX_FIELDS = 500
MAX_NAME = 100
# Search results and shares cut a title at about this many characters: a hint, not a rule.
HEADLINE_SOFT_LIMIT = 70
# How often desk.js sends the copy while its user types.
INTERVAL_SECONDS = 5


def may_autosave(user, article: Article | None) -> bool:
    """Whether ``user`` may keep a copy of this form: they may edit the article (or add one)."""
    return roles.can_create(user) if article is None else roles.can_edit(user, article)


def keep(user, article: Article | None, data: dict, base_version: int) -> Autosave:
    """Store ``data`` as ``user``'s copy of the form of ``article`` (None: the add form)."""
    copy, _created = Autosave.objects.update_or_create(
        user=user,
        article=article,
        defaults={"data": data, "base_version": base_version, "saved_at": timezone.now()},
    )
    return copy


def copy_of(user, article: Article | None) -> Autosave | None:
    return Autosave.objects.filter(user=user, article=article).first()


def discard(user, article: Article | None) -> None:
    Autosave.objects.filter(user=user, article=article).delete()


def _same(a, b) -> bool:
    def normal(value):
        if isinstance(value, list):
            return sorted(str(v) for v in value)
        # Browsers submit a textarea's line breaks as CRLF; the stored text may have LF.
        return ("" if value is None else str(value)).replace("\r\n", "\n").strip()

    return normal(a) == normal(b)


def pending(user, article: Article | None, shown: dict) -> Autosave | None:
    """``user``'s copy worth offering back, if any: newer than the article's last revision
    and different from what the form shows (``shown``: field name to value)."""
    copy = copy_of(user, article)
    if copy is None:
        return None
    if article is not None:
        latest = Revision.objects.filter(article=article).order_by("-number").first()
        if latest is not None and latest.created_at >= copy.saved_at:
            return None
    if all(_same(value, shown[name]) for name, value in copy.data.items() if name in shown):
        return None
    return copy


def desk_context(user, article: Article | None, shown: dict | None) -> dict:
    """What change_form/autosave.html needs: where to save, the copy to offer, the counts' rule.

    ``shown`` is None when the form is not fresh (a refused save): no prompt then.
    """
    if not may_autosave(user, article):
        return {}
    if article is None:
        url = reverse("admin:newsroom_autosave_new")
    else:
        url = reverse("admin:newsroom_autosave", args=[article.pk])
    return {
        "autosave_url": url,
        "autosave": pending(user, article, shown) if shown is not None else None,
        "desk": {
            "words_per_minute": reading.WORDS_PER_MINUTE,
            "characters_per_minute": reading.CJK_CHARACTERS_PER_MINUTE,
            "characters": HAN + KANA,
            "block_boundary": BLOCK_BOUNDARY.pattern,
            "headline_limit": HEADLINE_SOFT_LIMIT,
            "interval_seconds": INTERVAL_SECONDS,
        },
    }


class BadCopy(ValueError):
    pass


def parse(body: bytes) -> tuple[dict, int]:
    """The form's fields and base version from a posted copy; BadCopy if it is not one."""
    try:
        posted = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadCopy("not JSON") from error
    data = posted.get("data") if isinstance(posted, dict) else None
    if not isinstance(data, dict) or len(data) > MAX_FIELDS:
        raise BadCopy("no fields")
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        if len(name) > MAX_NAME or not all(isinstance(v, str) for v in values):
            raise BadCopy("a field is not text")
    base = posted.get("base_version")
    return data, base if isinstance(base, int) and 0 <= base < 2**31 else 0


@require_http_methods(["GET", "POST", "DELETE"])
def autosave_view(request, pk=None):
    """GET the copy, POST a new one (JSON ``{data, base_version}``), DELETE it."""
    if pk is not None and not is_article_id(pk):
        raise Http404("No such article.")
    article = get_object_or_404(Article, pk=pk) if pk is not None else None
    if not may_autosave(request.user, article):
        raise PermissionDenied
    if request.method == "DELETE":
        discard(request.user, article)
        return HttpResponse(status=204)
    if request.method == "GET":
        copy = copy_of(request.user, article)
        if copy is None:
            return JsonResponse({"error": "no copy"}, status=404)
        return JsonResponse(
            {"data": copy.data, "base_version": copy.base_version, "saved_at": copy.saved_at}
        )
    # Django refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE before this; a copy is smaller.
    body = request.body
    if len(body) > MAX_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    try:
        data, base = parse(body)
    except BadCopy as error:
        return JsonResponse({"error": str(error)}, status=400)
    copy = keep(request.user, article, data, base)
    at = date_format(timezone.localtime(copy.saved_at), "TIME_FORMAT")
    # No full stop after the time: "p.m." would end in "p.m.."
    message = _("Saved a draft copy at %(time)s") % {"time": at}
    return JsonResponse({"saved_at": copy.saved_at, "message": message})
