"""Draft updates: a published translation reopened as a draft while readers keep the
published version.

A published article is read-only to its translator (roles.can_edit). When its original
changes, the translator reopens it (``reopen``): a DraftUpdate holds a copy of its
headline, standfirst and body, which the translation desk edits and submits instead of
the article. Nothing public reads DraftUpdate, so readers, the API and the feeds go on
seeing the published text until an editor publishes the update (``publish``): then the
copy is saved into the article through the model, which purges its pages
(caching/receivers.py), and a revision records it. Completeness rules apply as to any
translation (translations.check_finished). ``draft_update_view`` reopens, publishes and
discards from the desk and the change form.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from newsdesk.content.body import sanitize
from newsdesk.content.models import Article
from newsdesk.newsroom import revisions, roles, translations
from newsdesk.newsroom.models import AuditEntry, DraftUpdate, ReviewNote
from newsdesk.newsroom.workflow import log

Action = AuditEntry.Action
# What a draft update changes: the translated text; the rest stays the article's.
TEXT_FIELDS = ("headline", "standfirst", "body")


def of(article: Article) -> DraftUpdate | None:
    """The article's draft update, if one is open."""
    return DraftUpdate.objects.filter(article=article).select_related("created_by").first()


def text_of(article: Article) -> dict:
    return {field: getattr(article, field) for field in TEXT_FIELDS}


def _follows(article: Article) -> int:
    """The original's revision the published text follows."""
    task = getattr(article, "translation_task", None)
    return task.source_version if task is not None else article.translation_of.version


@transaction.atomic
def reopen(article: Article, by) -> DraftUpdate:
    """Open a draft update of the published translation ``article`` (or return the one
    already open); the article itself stays as readers see it."""
    if not roles.can_update(by, article):
        raise PermissionDenied(
            _("Only its translator or an editor reopens a published translation.")
        )
    update, created = DraftUpdate.objects.get_or_create(
        article=article,
        defaults={
            "snapshot": {**text_of(article), "source_version": _follows(article)},
            "base_version": article.version,
            "created_by": by,
        },
    )
    if created:
        log(article, Action.UPDATE_OPENED, by)
    return update


def save(update: DraftUpdate, by, *, headline: str, standfirst: str, body: str) -> None:
    """Keep what was written at the desk in the draft update, not in the article: written
    beside the original as it is now, so it follows the original's latest revision."""
    article = update.article
    if not roles.can_update(by, article):
        raise PermissionDenied(_("You cannot change this draft update."))
    update.snapshot = {
        "headline": headline,
        "standfirst": standfirst,
        "body": sanitize(body),
        "source_version": article.translation_of.version,
    }
    update.save()


@transaction.atomic
def submit(update: DraftUpdate, by, *, note: str = "", override: bool = False) -> None:
    """Ask an editor to publish the update; refused while unfinished (an editor may
    override with a note)."""
    article = update.article
    if not roles.can_update(by, article):
        raise PermissionDenied(_("You cannot submit this draft update."))
    translations.refuse_unfinished(article, by, note=note, override=override, text=update.snapshot)
    update.submitted_at = timezone.now()
    update.save(update_fields=["submitted_at", "updated_at"])
    log(article, Action.SUBMITTED, by, detail="draft update")
    if note.strip():
        ReviewNote.objects.create(article=article, author=by, text=note.strip())


@transaction.atomic
def publish(update: DraftUpdate, by, *, note: str = "", override: bool = False) -> Article:
    """Apply the update to the published article and close it: readers see it now."""
    if not roles.is_editor(by):
        raise PermissionDenied(_("Only an editor publishes a draft update."))
    article = Article.objects.select_for_update().get(pk=update.article_id)
    found = translations.refuse_unfinished(
        article, by, note=note, override=override, text=update.snapshot
    )
    for field in TEXT_FIELDS:
        setattr(article, field, update.snapshot[field])
    article.save()  # purges the pages that show it, and dates the change for readers
    revisions.record(article, by, note="Draft update published")
    # An unfinished update let through may still lack the original's new blocks: it
    # stays outdated then.
    if found.complete:
        translations.mark_current(article, by)
    log(article, Action.UPDATE_PUBLISHED, by)
    if note.strip():
        ReviewNote.objects.create(article=article, author=by, text=note.strip())
    update.delete()
    return article


@transaction.atomic
def discard(update: DraftUpdate, by) -> None:
    """Drop the update; the published article is as it was."""
    if not roles.can_update(by, update.article):
        raise PermissionDenied(_("You cannot discard this draft update."))
    log(update.article, Action.UPDATE_DISCARDED, by)
    update.delete()


def changes(update: DraftUpdate) -> list[revisions.Change]:
    """What publishing the update would change in the article, field by field."""
    text = {field: update.snapshot[field] for field in TEXT_FIELDS}
    return revisions.diff(text_of(update.article), text)


def panel(article: Article, user) -> dict:
    """What the change form and the desk show about reopening ``article`` and its update."""
    update = of(article) if article.translation_of_id else None
    context = {
        "draft_update": update,
        "can_update": roles.can_update(user, article),
    }
    if update is not None:
        context.update(
            # Someone changed the published text since: publishing the update replaces it.
            update_behind=update.base_version != article.version,
            update_changes=changes(update),
            update_completeness=translations.completeness(article, update.snapshot),
        )
    return context


def draft_update_view(request, pk, action):
    """Reopen a published translation as a draft update ("reopen"), or "publish" or
    "discard" its update; POST only."""
    if request.method != "POST" or action not in {"reopen", "publish", "discard"}:
        raise Http404
    article = get_object_or_404(Article, pk=pk)
    if not roles.can_view(request.user, article):
        raise PermissionDenied
    update = of(article)
    if action != "reopen" and update is None:
        messages.warning(request, _("This article has no draft update now."))
        return redirect("admin:content_article_change", pk)
    try:
        if action == "reopen":
            reopen(article, request.user)
            messages.success(
                request, _("Reopened as a draft: readers still see the published version.")
            )
            return redirect("admin:newsroom_translate", pk)
        if action == "publish":
            note = request.POST.get("update_note", "")
            publish(
                update, request.user, note=note, override=bool(request.POST.get("update_anyway"))
            )
            messages.success(request, _("The update is published: readers see it now."))
        else:
            discard(update, request.user)
            messages.success(request, _("Draft update discarded."))
            if not roles.is_editor(request.user):
                return redirect("admin:newsroom_translate", pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("admin:content_article_change", pk)
