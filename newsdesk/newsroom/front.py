"""Arranging the front pages: editors pin each front's lead and order its top stories.

A front is an edition's home or a section's page in an edition (content/curation.py). The
page at /admin/front/ edits the front's draft with plain forms (up and down buttons work
without JavaScript; front.js adds drag and drop); "Preview" renders the reader's page
with the draft, never cached nor indexed; "Make live" copies the draft to the live
placements, purges that front's pages (and the API's answers, which carry the same keys)
and writes the audit log. A placement's time running out is purged by the worker
(``purge_expired``), and the pages showing it are not kept past that time anyway.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from newsdesk.caching import keys
from newsdesk.caching.purge import purge
from newsdesk.content.curation import Arrangement, ArrangementError, FrontSlot
from newsdesk.content.ids import BIGGEST_ID
from newsdesk.content.models import Article, Section
from newsdesk.languages import edition_choices, edition_codes
from newsdesk.newsroom import finding, roles, workflow
from newsdesk.newsroom.models import AuditEntry
from newsdesk.newsroom.preview import never_stored
from newsdesk.newsroom.templatetags.newsroom_nav import NavLink
from newsdesk.reader import page_meta
from newsdesk.reader.front import front_page
from newsdesk.reader.views import section_context
from newsdesk.trending.hot import hot_articles

# Stories offered to place: the newest published ones of the edition (and section), or
# the newest of those whose headline or slug holds the words looked for (any age).
CHOICES = 50


def front_nav_links(user) -> list[NavLink]:
    if not roles.is_editor(user):
        return []
    return [NavLink(_("Front page"), reverse("admin:front"))]


def chosen_front(params) -> tuple[str, Section | None]:
    """The edition and section (None: the home) ``params`` name; a 404 for others."""
    language = params.get("language") or settings.LANGUAGE_CODE
    if language not in edition_codes():
        raise Http404(_("Unknown edition."))
    slug = params.get("section") or ""
    section = get_object_or_404(Section, slug=slug) if slug else None
    return language, section


def front_address(language: str, section: Section | None, name: str = "admin:front") -> str:
    query = {"language": language, "section": section.slug if section else ""}
    return f"{reverse(name)}?{urlencode(query)}"


def front_name(language: str, section: Section | None) -> str:
    edition = dict(edition_choices()).get(language, language)
    if section is None:
        return _("%(edition)s home") % {"edition": edition}
    return _("%(edition)s: %(section)s") % {"edition": edition, "section": section.name}


def editors_only(user) -> None:
    if not roles.is_editor(user):
        raise PermissionDenied


@require_safe
def arrange(request):
    """The front chosen: its draft to edit, its live order, stories to add."""
    editors_only(request.user)
    language, section = chosen_front(request.GET)
    draft = Arrangement.load(language, section)
    live = Arrangement.load(language, section, live=True)
    shown = Article.objects.in_bulk(set(draft.ids) | set(live.ids))
    published = Article.objects.published().in_language(language)
    if section is not None:
        published = published.filter(section=section)
    choices = published.exclude(pk__in=draft.ids)
    looked_for = " ".join(request.GET.get("q", "").split())[:200]
    if looked_for:
        choices = finding.matching(choices, looked_for)
    choices = choices.latest_first().only("pk", "headline")
    context = {
        **admin_context(request),
        "title": _("Front page"),
        "language": language,
        "section": section,
        "front_name": front_name(language, section),
        "editions": edition_choices(),
        "sections": Section.objects.all(),
        "draft": rows(draft, shown, published),
        "live": rows(live, shown, published),
        "pinned": draft.pinned,
        "differs": not draft.same_as(live),
        "choices": choices[:CHOICES],
        "looked_for": looked_for,
        "full": len(draft.placements) - draft.pinned >= draft.top_limit,
        "top_limit": draft.top_limit,
        "preview_url": front_address(language, section, "admin:front-preview"),
    }
    return TemplateResponse(request, "newsroom/front.html", context)


def admin_context(request) -> dict:
    from django.contrib import admin

    return admin.site.each_context(request)


def rows(arrangement: Arrangement, shown: dict, published) -> list[dict]:
    """Each placement with its article and whether readers are shown it now."""
    visible = set(published.filter(pk__in=arrangement.ids).values_list("pk", flat=True))
    now = timezone.now()
    return [
        {
            "article": shown.get(placement.article_id),
            "article_id": placement.article_id,
            "until": placement.until,
            "lead": arrangement.pinned and n == 0,
            "expired": placement.until is not None and placement.until <= now,
            "hidden": placement.article_id not in visible,
            "first": n == 0,
            "last": n == len(arrangement.placements) - 1,
        }
        for n, placement in enumerate(arrangement.placements)
    ]


def article_id(value) -> int:
    try:
        number = int(value or "")
    except ValueError:
        number = 0
    if not 0 < number <= BIGGEST_ID:
        raise ArrangementError(_("Choose a story."))
    return number


def until_time(value: str) -> datetime:
    """A datetime-local field's value, in the newsroom's time zone."""
    try:
        when = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ArrangementError(_("Give a date and time.")) from None
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    return when


@require_POST
def change(request):
    """One change to the chosen front's draft (or making it live); back to the page."""
    editors_only(request.user)
    language, section = chosen_front(request.POST)
    action = request.POST.get("action", "")
    try:
        with transaction.atomic():
            done = apply(request, action, language, section)
    except ArrangementError as error:
        messages.error(request, str(error))
    else:
        if done:
            messages.success(request, done)
    return redirect(front_address(language, section))


def apply(request, action: str, language: str, section: Section | None) -> str:
    """Do ``action`` on the front; the message saying what was done."""
    post = request.POST
    if action == "live":
        make_live(language, section, request.user)
        return _("The arrangement is live.")
    if action == "discard":
        Arrangement.load(language, section, live=True).save()
        return _("The draft is the live arrangement again.")
    draft = Arrangement.load(language, section)
    if action == "add":
        new = article_id(post.get("article"))
        published = Article.objects.published().in_language(language).filter(pk=new)
        if section is not None:
            published = published.filter(section=section)
        if not published.exists():
            raise ArrangementError(_("Only a story published on this front can be placed."))
        draft.add(new)
        if post.get("lead"):
            draft.pin(new)
    elif action == "reorder":
        order = [article_id(value) for value in post.get("order", "").split(",") if value]
        draft.reorder(order)
    elif action in {"pin", "unpin", "up", "down", "until", "clear", "remove"}:
        placed = article_id(post.get("article"))
        if action == "pin":
            draft.pin(placed)
        elif action == "unpin":
            draft.unpin()
        elif action in {"up", "down"}:
            draft.move(placed, -1 if action == "up" else 1)
        elif action == "until":
            draft.set_until(placed, until_time(post.get("until", "")))
        elif action == "clear":
            draft.set_until(placed, None)
        else:
            draft.remove(placed)
    else:
        raise ArrangementError(_("Unknown change."))
    draft.save()
    return _("Draft saved. Preview it, then make it live.")


def make_live(language: str, section: Section | None, by) -> Arrangement:
    """The front's draft goes live: its pages are purged, and the audit log says so."""
    with transaction.atomic():
        draft = Arrangement.load(language, section)
        draft.save(live=True)
        log_arranged(draft, by)
        purge({keys.front(language, section.pk if section else None)})
    return draft


def log_arranged(arrangement: Arrangement, by) -> AuditEntry:
    """An audit entry on the lead (or on no article): which front, in what order."""
    where = front_name(arrangement.language, arrangement.section)
    slug = arrangement.section.slug if arrangement.section else "home"
    order = []
    for n, placement in enumerate(arrangement.placements):
        text = f"{placement.article_id}"
        if arrangement.pinned and n == 0:
            text = f"lead {text}"
        if placement.until:
            text += f" until {placement.until.isoformat(timespec='minutes')}"
        order.append(text)
    detail = f"{arrangement.language}/{slug}: {', '.join(order) or 'newest first'}"
    lead_id = arrangement.lead_id()
    lead = Article.objects.filter(pk=lead_id).first() if lead_id else None
    action = AuditEntry.Action.FRONT_ARRANGED
    if lead is not None:
        return workflow.log(lead, action, by, detail=detail)
    return AuditEntry.objects.create(
        headline=where[:300],
        action=action,
        actor=by,
        actor_name=by.get_full_name() or by.get_username(),
        detail=detail[:300],
    )


@require_safe
def preview(request):
    """The chosen front as readers would see it with the draft arrangement."""
    editors_only(request.user)
    language, section = chosen_front(request.GET)
    with translation.override(language):
        if section is None:
            edition = Article.objects.published().in_language(language)
            front = front_page(edition, language=language, draft=True)
            meta = page_meta.home_meta(front.shown)
            context = {"front": front, "hot": hot_articles(language), **page_meta.context(meta)}
            template = "reader/home.html"
        else:
            context, _changes_at = section_context(request, section, draft=True)
            template = "reader/article_list.html"
        context["meta"].noindex = True
        context.update(
            page_template=template,
            front_name=front_name(language, section),
            back_url=front_address(language, section),
        )
        response = TemplateResponse(request, "newsroom/front_preview.html", context)
        response.render()
    return never_stored(response)


# The first round of a worker looks back this far: it may have been down meanwhile.
_last_round: datetime | None = None


def purge_expired(now: datetime | None = None, since: datetime | None = None) -> str | None:
    """The worker's chore: purge the fronts whose live placements stopped since the last
    round (within PAGE_CACHE_SECONDS on the first): nothing else happens at that time."""
    global _last_round
    now = now or timezone.now()
    since = since or _last_round or now - timedelta(seconds=settings.PAGE_CACHE_SECONDS)
    fronts = set(
        FrontSlot.objects.expired_between(since, now)
        .order_by()
        .values_list("language", "section_id")
        .distinct()
    )
    _last_round = now
    if not fronts:
        return None
    purge({keys.front(language, section_id) for language, section_id in fronts})
    names = ", ".join(sorted(f"{code}/{section_id or 'home'}" for code, section_id in fronts))
    return f"front page placements ended, pages purged: {names}"
