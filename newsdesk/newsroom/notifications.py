"""Notifications: each person is told what happened to their work, in the newsroom and,
if they chose, by email.

What is told, to whom (never to the person who acted):

- a story returned to its writer: to the people whose work it is (``concerned()``), with
  the editor's note;
- a story submitted for review: to every active editor;
- a story scheduled (with the time) or published (by an editor or by the scheduler): to
  the people whose work it is;
- a translation assigned: to its translator;
- a translation's original changed: to the translator, once, when the translation
  becomes outdated (not again at each later edit until it is brought up to date).

The rows are written in the request that did it (receivers.py, translations.py, the
translation task's admin), in its transaction. Email is sent only by the worker
(``send_due()``, a chore of scheduler.py), each message once: a row is claimed by an
UPDATE that only one worker can win before its message is sent.
"""

import logging
from datetime import datetime, timedelta
from email.utils import formataddr

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from newsdesk.content.ids import BIGGEST_ID
from newsdesk.content.models import Article
from newsdesk.emails import send_each
from newsdesk.locks import exclusive
from newsdesk.newsroom import roles
from newsdesk.newsroom.models import Notification, NotificationPreference, TranslationTask
from newsdesk.newsroom.workflow import Action, step_between
from newsdesk.reader.structured_data import absolute

# Lines read "newsdesk.worker: notifications: ...", as the worker's other chores.
logger = logging.getLogger("newsdesk.worker")

Kind = Notification.Kind

# Emails sent per worker round, at most.
BATCH = 50
# Tries before an email is given up (logged), and how long to wait after each failure.
RETRY_AFTER = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
]
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
# A claimed email no worker reported on (it died sending) is tried again after this.
CLAIM_SECONDS = 600
# Notifications shown per page of the list.
PER_PAGE = 50

# The workflow steps that notify, by the kind of notification they make.
STEP_KINDS = {
    Action.RETURNED: Kind.RETURNED,
    Action.SUBMITTED: Kind.SUBMITTED,
    Action.SCHEDULED: Kind.SCHEDULED,
    Action.PUBLISHED: Kind.PUBLISHED,
}


# Who is told --------------------------------------------------------------------------


def concerned(article: Article, kind: str) -> set[int]:
    """The ids of the people whose work ``article`` is: whoever created it and the accounts
    of its byline; for a translation, its translator, and the original's authors only
    once it is scheduled or published (they did not write the translation)."""
    users = {article.created_by_id}
    translation_of = article.translation_of_id is not None
    if not translation_of or kind in (Kind.SCHEDULED, Kind.PUBLISHED):
        users |= set(
            get_user_model()
            .objects.filter(person__byline__article=article)
            .values_list("pk", flat=True)
        )
    if translation_of:
        users |= set(
            TranslationTask.objects.filter(translation=article).values_list(
                "translator_id", flat=True
            )
        )
    return users - {None}


def editors() -> set[int]:
    """The ids of every active editor (``roles.is_editor``)."""
    return set(
        get_user_model()
        .objects.with_perm(
            "content.publish_article",
            is_active=True,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .values_list("pk", flat=True)
    )


def notify(users, kind: str, article: Article, by, *, detail: str = "") -> list[Notification]:
    """Tell each active one of ``users`` (ids) about ``article``, once, except ``by`` (a
    user, or the name of the program that acted). Their email is due now if they want
    this kind by email and have an address."""
    actor = None if isinstance(by, str) else by
    if actor is not None:
        users = set(users) - {actor.pk}
    people = dict(
        get_user_model()
        .objects.filter(pk__in=set(users), is_active=True)
        .values_list("pk", "email")
    )
    if not people:
        return []
    by_email = NotificationPreference.email_kinds_of(list(people))
    now = timezone.now()
    if actor is not None:
        actor_name = actor.get_full_name() or actor.get_username()
    else:
        actor_name = by or ""
    return Notification.objects.bulk_create(
        Notification(
            recipient_id=pk,
            kind=kind,
            article=article,
            headline=article.headline[:300],
            actor_name=actor_name[:150],
            detail=detail,
            created_at=now,
            email_due_at=now if email and kind in by_email[pk] else None,
        )
        for pk, email in sorted(people.items())
    )


# What is told (called from receivers.py, translations.py and admin.py) -----------------


def status_changed(article: Article, before: str, by, detail: str) -> list[Notification]:
    """``article`` moved from status ``before`` (``content.models.status_changed``)."""
    if before == article.status and article.status != Article.Status.SCHEDULED:
        return []  # saved again in the same status; rescheduling is news, though
    kind = STEP_KINDS.get(step_between(before, article.status).action)
    if kind is None:
        return []
    users = editors() if kind == Kind.SUBMITTED else concerned(article, kind)
    return notify(users, kind, article, by, detail=detail)


def translation_assigned(task: TranslationTask, by) -> list[Notification]:
    """``task``'s translation was given to its translator (requested, or reassigned)."""
    if task.translator_id is None:
        return []
    article = task.translation
    return notify(
        [task.translator_id],
        Kind.TRANSLATION_ASSIGNED,
        article,
        by,
        detail=str(article.get_language_display()),
    )


def original_changed(tasks: list[TranslationTask], by) -> list[Notification]:
    """The original of each of ``tasks``' translations changed: they are outdated now."""
    told = []
    for task in tasks:
        if task.translator_id is not None:
            told += notify([task.translator_id], Kind.ORIGINAL_CHANGED, task.translation, by)
    return told


# Email, sent by the worker ------------------------------------------------------------


def send_due(now: datetime | None = None, *, limit: int = BATCH) -> str | None:
    """Email the notifications whose email is due (``limit`` at most); a worker chore.

    One worker at a time sends (the "notifications" lock), and each row is claimed by an
    UPDATE before its message goes out, so a message is sent once even where the lock
    does not reach. A failure leaves the email to be tried again later (``RETRY_AFTER``),
    given up after ``MAX_ATTEMPTS`` (logged). Returns a line for the log, or None.
    """
    now = now or timezone.now()
    with exclusive("notifications", wait=False, timeout=CLAIM_SECONDS) as acquired:
        if not acquired:
            return None
        due = list(Notification.objects.email_due(now).values_list("pk", flat=True)[:limit])
        if not due:
            return None
        sent, failed = _send(due, now)
    if not (sent or failed):
        return None
    return f"notifications: {sent} emailed" + (f", {failed} failed" if failed else "")


def claim(pk: int, now: datetime) -> Notification | None:
    """The notification ``pk`` if its email is due and this worker won it, else None."""
    won = Notification.objects.filter(pk=pk, email_due_at__lte=now).update(
        email_due_at=now + timedelta(seconds=CLAIM_SECONDS),
        email_attempts=F("email_attempts") + 1,
    )
    if not won:
        return None
    return Notification.objects.select_related("recipient__notification_preference", "article").get(
        pk=pk
    )


def _send(due: list[int], now: datetime) -> tuple[int, int]:
    def claim_emailable(pk: int) -> Notification | None:
        note = claim(pk, now)
        if note is not None and not (note.recipient.is_active and note.recipient.email):
            Notification.objects.filter(pk=pk).update(email_due_at=None)
            return None
        return note

    def message(note: Notification, connection) -> mail.EmailMultiAlternatives:
        with translation.override(NotificationPreference.language_of(note.recipient)):
            return email_message(note, connection)

    def sent(note: Notification) -> None:
        Notification.objects.filter(pk=note.pk).update(email_due_at=None, emailed_at=timezone.now())

    return send_each(
        due,
        claim=claim_emailable,
        message=message,
        sent=sent,
        failed=lambda note, error: _failed(note, now, error),
    )


def _failed(note: Notification, now: datetime, error: Exception) -> None:
    attempts = note.email_attempts
    if attempts >= MAX_ATTEMPTS:
        Notification.objects.filter(pk=note.pk).update(email_due_at=None)
        logger.error(
            "notifications: gave up emailing %s (notification %s) after %d attempts: %s",
            note.recipient.email,
            note.pk,
            attempts,
            error,
        )
        return
    retry = now + RETRY_AFTER[attempts - 1]
    Notification.objects.filter(pk=note.pk).update(email_due_at=retry)
    logger.warning(
        "notifications: could not email %s (notification %s, attempt %d of %d): %s; "
        "trying again at %s",
        note.recipient.email,
        note.pk,
        attempts,
        MAX_ATTEMPTS,
        error,
        timezone.localtime(retry).strftime("%H:%M:%S"),
    )


def article_link(note: Notification) -> str:
    """Where ``note`` leads its recipient: the article's form in the newsroom if they may
    open it there, else its page once readers see it (a colleague on the byline of
    someone else's story), else nowhere ("")."""
    article = note.article
    if article is None:
        return ""
    if roles.can_view(note.recipient, article):
        return reverse("admin:content_article_change", args=[article.pk])
    return article.get_absolute_url() if article.is_published else ""


def email_message(note: Notification, connection=None) -> mail.EmailMultiAlternatives:
    """The email telling ``note``'s recipient: plain text, with the link to the article."""
    recipient = note.recipient
    headline = " ".join(note.headline.split())
    lines = [note.summary, ""]
    if note.note:
        lines += [_("Note:"), note.note, ""]
    link = article_link(note)
    if link:
        lines += [_("Open it: %(url)s") % {"url": absolute(link)}, ""]
    lines += [
        "-- ",
        _("Choose which notifications you also get by email: %(url)s")
        % {"url": absolute(reverse("admin:notification-settings"))},
    ]
    name = recipient.get_full_name()
    return mail.EmailMultiAlternatives(
        subject=f"{note.get_kind_display()}: {headline}",
        body="\n".join(lines) + "\n",
        to=[formataddr((name, recipient.email)) if name else recipient.email],
        headers={"Auto-Submitted": "auto-generated"},
        connection=connection,
    )


# The newsroom's pages ------------------------------------------------------------------


def nav_links(user) -> list:
    """The "Notifications" link of the newsroom's navigation, with the unread count."""
    # Imported here: the navigation's module imports this one.
    from newsdesk.newsroom.templatetags.newsroom_nav import NavLink

    if not user.is_authenticated:
        return []
    unread = Notification.objects.filter(recipient=user).unread().count()
    return [NavLink(_("Notifications"), reverse("admin:notifications"), unread)]


@require_http_methods(["GET", "HEAD", "POST"])
def notifications_view(request):
    """The person's notifications, newest first, the unread ones marked."""
    if request.method == "POST":
        Notification.objects.filter(recipient=request.user).mark_read()
        messages.success(request, _("All notifications marked read."))
        return redirect("admin:notifications")
    mine = Notification.objects.filter(recipient=request.user)
    page = Paginator(mine, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        **admin.site.each_context(request),
        "title": _("Notifications"),
        "page": page,
        "unread": mine.unread().exists(),
    }
    return TemplateResponse(request, "newsroom/notifications.html", context)


@require_safe
def open_view(request, pk: int):
    """Mark one notification read and go to its article (``article_link()``)."""
    if pk > BIGGEST_ID:
        raise Http404
    note = get_object_or_404(
        Notification.objects.select_related("article"), pk=pk, recipient=request.user
    )
    Notification.objects.filter(pk=note.pk).mark_read()
    link = article_link(note)
    if link:
        return redirect(link)
    if note.article_id is None:
        messages.info(request, _("“%(headline)s” was deleted.") % {"headline": note.headline})
    else:
        messages.info(
            request,
            _("“%(headline)s” is not yours to open in the newsroom.") % {"headline": note.headline},
        )
    return redirect("admin:notifications")


# Each kind as the person choosing reads it.
CHOICES = [
    (Kind.RETURNED, gettext_lazy("A story of mine is returned to me")),
    (Kind.SUBMITTED, gettext_lazy("A story is submitted for review (editors)")),
    (Kind.SCHEDULED, gettext_lazy("A story of mine is scheduled")),
    (Kind.PUBLISHED, gettext_lazy("A story of mine is published")),
    (Kind.TRANSLATION_ASSIGNED, gettext_lazy("A translation is assigned to me")),
    (Kind.ORIGINAL_CHANGED, gettext_lazy("The original of my translation changes")),
]


class PreferenceForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Also by email"),
        choices=CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Emails in"), choices=lambda: settings.LANGUAGES
    )


@require_http_methods(["GET", "HEAD", "POST"])
def settings_view(request):
    """Which notifications the person also gets by email."""
    user = request.user
    chosen = NotificationPreference.email_kinds_of([user.pk])[user.pk]
    preference = NotificationPreference.objects.filter(user=user).first()
    form = PreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={
            "email_kinds": [kind for kind, _label in CHOICES if kind in chosen],
            # Until they choose: the language they are reading this page in.
            "language": (preference and preference.language) or translation.get_language(),
        },
    )
    if form.is_valid():
        NotificationPreference.objects.update_or_create(user=user, defaults=form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("admin:notification-settings")
    context = {
        **admin.site.each_context(request),
        "title": _("Notification settings"),
        "form": form,
        "has_email": bool(user.email),
    }
    return TemplateResponse(request, "newsroom/notification_settings.html", context)
