"""The life of an article: draft → in review → scheduled or published → unpublished → draft.

Every step checks who asks (roles.py) and calls the article's own method for the move
(``Article.publish()``, ``schedule()``, ``unpublish()``, ``move()``), which saves it, purging
the pages that show it (caching/receivers.py), and sends ``status_changed``, from which
receivers.py records who and when in the audit log.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsdesk.content.models import Article
from newsdesk.newsroom import roles
from newsdesk.newsroom.models import AuditEntry, ReviewNote

logger = logging.getLogger(__name__)

Status = Article.Status
Action = AuditEntry.Action


@dataclass(frozen=True)
class Step:
    """One way an article's status can change."""

    action: str
    label: str
    sources: frozenset
    target: str
    editors_only: bool


STEPS = {
    step.action: step
    for step in [
        Step(
            Action.SUBMITTED,
            gettext_lazy("Submit for review"),
            frozenset({Status.DRAFT}),
            Status.REVIEW,
            editors_only=False,
        ),
        Step(
            Action.RETURNED,
            gettext_lazy("Return to the writer"),
            frozenset({Status.REVIEW}),
            Status.DRAFT,
            editors_only=True,
        ),
        Step(
            Action.SCHEDULED,
            gettext_lazy("Schedule"),
            frozenset({Status.DRAFT, Status.REVIEW, Status.SCHEDULED, Status.UNPUBLISHED}),
            Status.SCHEDULED,
            editors_only=True,
        ),
        Step(
            Action.PUBLISHED,
            gettext_lazy("Publish now"),
            frozenset({Status.DRAFT, Status.REVIEW, Status.SCHEDULED, Status.UNPUBLISHED}),
            Status.PUBLISHED,
            editors_only=True,
        ),
        Step(
            Action.UNPUBLISHED,
            gettext_lazy("Unpublish"),
            frozenset({Status.PUBLISHED, Status.SCHEDULED}),
            Status.UNPUBLISHED,
            editors_only=True,
        ),
        Step(
            Action.REOPENED,
            gettext_lazy("Back to draft"),
            frozenset({Status.UNPUBLISHED}),
            Status.DRAFT,
            editors_only=True,
        ),
    ]
}


# Steps a translation takes only when finished (translations.refuse_unfinished).
FINISHED_BEFORE = frozenset({Action.SUBMITTED, Action.SCHEDULED, Action.PUBLISHED})
# Steps that put an article before an editor or readers: every picture needs alt text.
NEEDS_ALT_TEXT = frozenset({Status.REVIEW, Status.SCHEDULED, Status.PUBLISHED})


def refuse_missing_alt_text(step: Step, missing: list, language: str) -> None:
    """Refuse ``step`` (a ValidationError naming each picture) while ``missing``, the
    pictures without alt text (``Article.images_missing_alt_text()``), is not empty."""
    if step.target not in NEEDS_ALT_TEXT or not missing:
        return
    names = ", ".join(
        _("“%(name)s” (picture %(id)d)")
        % {
            "name": image.localized("caption", language)[:60] or image.file.name or image.source,
            "id": image.pk,
        }
        for image in missing
    )
    raise ValidationError(
        _(
            "“%(step)s” needs alt text for every picture, for readers who cannot see it. "
            "Describe what these show: %(pictures)s."
        )
        % {"step": step.label, "pictures": names},
        code="alt_text_missing",
    )


def allowed_steps(user, article: Article) -> list[Step]:
    """The steps ``user`` may take with ``article`` now, in the order buttons show them."""
    steps = []
    for step in STEPS.values():
        if article.status not in step.sources:
            continue
        if step.editors_only and not roles.is_editor(user):
            continue
        if not step.editors_only and not roles.can_edit(user, article):
            continue
        steps.append(step)
    return steps


def step_between(before: str, after: str) -> Step:
    """The step that moves an article from status ``before`` to ``after``.

    A move made outside ``take_step`` that no step describes (publishing a published
    article again) is named by the step that ends in the same status.
    """
    ending = [step for step in STEPS.values() if step.target == after]
    return next((step for step in ending if before in step.sources), ending[0])


def log(article: Article, action: str, by=None, *, before="", detail="") -> AuditEntry:
    """Add a line to the audit log; ``by`` is a user or the name of the program that acted."""
    program = by if isinstance(by, str) else None
    user = None if program else by
    return AuditEntry.objects.create(
        article=article,
        headline=article.headline[:300],
        action=action,
        from_status=before,
        to_status=article.status if before else "",
        actor=user,
        actor_name=(user.get_full_name() or user.get_username()) if user else program or "",
        detail=detail[:300],
    )


def log_image_change(image, by, detail: str) -> list[AuditEntry]:
    """An audit entry on each article readers see (or will) that shows ``image``, which
    ``by`` changed as ``detail`` says: a picture is part of the articles it appears in."""
    shown_by = image.articles().filter(status__in=[Article.PUBLIC_STATUS, Status.SCHEDULED])
    return [
        log(article, Action.IMAGE_CHANGED, by, detail=f"image {image.pk}: {detail}")
        for article in shown_by
    ]


@transaction.atomic
def take_step(
    article: Article,
    action: str,
    by,
    *,
    note: str = "",
    when: datetime | None = None,
    override: bool = False,
):
    """Move ``article`` along the workflow as ``by``; refuse what their role does not allow.

    ``when`` is the time to schedule for; ``note`` goes to the writer as a review note
    (required when returning an article). An unfinished translation is refused review,
    scheduling and publication unless an editor asks to ``override`` with a note.
    """
    step = STEPS.get(action)
    if step is None:
        raise ValidationError(_("Unknown workflow step: %(action)s") % {"action": action})
    if step not in allowed_steps(by, article):
        if article.status not in step.sources:
            raise ValidationError(
                _("A %(status)s article cannot be “%(step)s”.")
                % {"status": article.get_status_display().lower(), "step": step.label}
            )
        raise PermissionDenied(_("Your role does not allow this step."))
    refuse_missing_alt_text(step, article.images_missing_alt_text(), article.language)
    note = note.strip()
    if action == Action.RETURNED and not note:
        raise ValidationError(_("Say what the writer should change: write a note."))
    if action in FINISHED_BEFORE and article.translation_of_id is not None:
        # Imported here: translations builds on this module.
        from newsdesk.newsroom.translations import refuse_unfinished

        refuse_unfinished(article, by, note=note, override=override)
    if action == Action.SCHEDULED:
        article.schedule(when or article.published_at, by)
    elif action == Action.PUBLISHED:
        article.publish(by, detail=note)
    elif action == Action.UNPUBLISHED:
        article.unpublish(by, detail=note)
    else:
        article.move(step.target, by, detail=note)
    if note:
        ReviewNote.objects.create(article=article, author=by, text=note)
    return article


def publish_due(now: datetime | None = None) -> list[Article]:
    """Publish every scheduled article whose time has come; the scheduler's whole job."""
    now = now or timezone.now()
    published = []
    due = Article.objects.filter(status=Status.SCHEDULED, published_at__lte=now).order_by(
        "published_at"
    )
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            article = Article.objects.select_for_update().filter(pk=pk).first()
            # Someone may have unpublished or rescheduled it since the query.
            if article is None or article.status != Status.SCHEDULED or article.published_at > now:
                continue
            # Dated when it was scheduled for, even when this round runs late.
            try:
                article.publish(by="scheduler", at=article.published_at)
            except ValidationError as refusal:  # its language stopped being an edition
                logger.warning(
                    "not publishing %r (id %s): %s", article.headline, pk, refusal.messages[0]
                )
                continue
        published.append(article)
    return published
