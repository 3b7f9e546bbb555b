"""Who else has an article open: a soft notice naming them, before anyone's save is merged.

Each open change form or translation desk says it is still there every few seconds
(static/newsroom/presence.js posts to ``heartbeat_view``); the answer names the others
editing it and says when someone saved a newer version than the page holds, the save
its user's will be merged with. Kept in the database, not a process's memory: several
server processes serve the newsroom.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from newsdesk.content.models import Article
from newsdesk.newsroom import roles
from newsdesk.newsroom.models import AuditEntry, EditingPresence, Revision
from newsdesk.newsroom.revisions import moment

# A page that has not said so for this long is closed (or its computer asleep).
STALE = timedelta(minutes=2)
# How long the change form lists the saves that were merged.
RECENT_MERGES = timedelta(days=1)


def touch(article: Article, user) -> EditingPresence:
    """``user`` has ``article`` open now; a return after a stale gap starts a new visit."""
    now = timezone.now()
    presence, created = EditingPresence.objects.get_or_create(
        user=user, article=article, defaults={"first_seen": now, "last_seen": now}
    )
    if not created:
        if presence.last_seen < now - STALE:
            presence.first_seen = now
        presence.last_seen = now
        presence.save(update_fields=["first_seen", "last_seen"])
    # Rows of pages long closed are of no use to anyone.
    EditingPresence.objects.filter(last_seen__lt=now - RECENT_MERGES).delete()
    return presence


def others(article: Article, user) -> list[EditingPresence]:
    """Who else has had ``article`` open in the last two minutes, longest first."""
    return list(
        EditingPresence.objects.filter(article=article, last_seen__gte=timezone.now() - STALE)
        .exclude(user=user)
        .select_related("user")
        .order_by("first_seen")
    )


def _latest(article: Article) -> Revision | None:
    return article.revisions.select_related("created_by").order_by("-number").first()


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else _("Someone")


def notices(article: Article, user, base_version: int | None) -> list[str]:
    """What the page tells its user: who else is editing, and a newer saved version."""
    said = [
        _("%(name)s is also editing this story (since %(time)s)")
        % {"name": _name(p.user), "time": moment(p.first_seen)}
        for p in others(article, user)
    ]
    latest = _latest(article)
    if base_version is not None and latest is not None and latest.number > base_version:
        said.append(
            _("%(name)s saved a newer version at %(time)s; your save will be merged with it")
            % {"name": _name(latest.created_by), "time": moment(latest.created_at)}
        )
    return said


def for_page(request, article: Article | None) -> dict | None:
    """The presence panel of a change form or desk as it opens (change_form/presence.html)."""
    if article is None or article.pk is None:
        return None
    if roles.can_edit(request.user, article):
        touch(article, request.user)
    merges = article.audit_entries.filter(
        action=AuditEntry.Action.MERGED, at__gte=timezone.now() - RECENT_MERGES
    )[:5]
    return {
        "url": reverse("admin:newsroom_presence", args=[article.pk]),
        "notices": notices(article, request.user, None),
        "merges": list(merges),
    }


def heartbeat_view(request, pk):
    """POST from an open page: it is still open; the answer is what it should say now."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = get_object_or_404(Article, pk=pk)
    if not roles.can_view(request.user, article):
        raise PermissionDenied
    if roles.can_edit(request.user, article):
        touch(article, request.user)
    try:
        base_version = int(request.POST.get("base_version", ""))
    except ValueError:
        base_version = None
    latest = _latest(article)
    return JsonResponse(
        {
            "notices": notices(article, request.user, base_version),
            "version": article.version,
            "saved_by": _name(latest.created_by) if latest else "",
            "saved_at": moment(latest.created_at) if latest else "",
        }
    )
