"""The newsroom's records: revisions, review notes, translation tasks, draft updates, the
audit log, invitations and notifications."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsdesk.content.models import Article, Person
from newsdesk.content.slugs import unique_slug
from newsdesk.languages import site_language
from newsdesk.newsroom import roles
from newsdesk.reader.structured_data import absolute


class Revision(models.Model):
    """An article as one save left it; ``snapshot`` holds every field a writer edits."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_revision_number")
        ]

    def __str__(self):
        return f"{self.article} (revision {self.number})"


class ReviewNote(models.Model):
    """A note on an article from one member of the newsroom to another, usually editor to writer."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="review_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


# An article's states before it is out, in the order work moves through them.
UNFINISHED = [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.SCHEDULED]


class TranslationTaskQuerySet(models.QuerySet):
    def unfinished(self):
        """The tasks whose translation is not out yet: a draft, in review or scheduled.

        Found from those articles (content's index of translations by status), not by
        reading each task's article: nearly every task of an archive is long finished."""
        articles = Article.objects.filter(translation_of__isnull=False, status__in=UNFINISHED)
        return self.filter(translation__in=articles.order_by().values("pk"))


class TranslationTask(models.Model):
    """A translation the newsroom keeps in step with its original.

    ``source_version`` is the original's revision the translation follows; when the
    original's text changes after it, the translation is ``outdated``.
    """

    translation = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="translation_task"
    )
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translation_tasks",
        db_index=False,  # the index of the assigned ones below
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    source_version = models.PositiveIntegerField(default=0)
    outdated = models.BooleanField(default=False)
    # When the original's text changed while the translation followed it (flag_outdated).
    outdated_at = models.DateTimeField(null=True, blank=True)

    objects = TranslationTaskQuerySet.as_manager()

    class Meta:
        # Indexes of the few that a list looks for: the outdated ones (the home, the
        # article list's filter) and the assigned ones (a translator's own work). Over every
        # task (an archive's imported translations have no translator, few are outdated)
        # SQLite's statistics made each value look common, and it read every task.
        indexes = [
            models.Index(
                fields=["outdated_at", "id"],
                condition=models.Q(outdated=True),
                name="task_outdated",
            ),
            models.Index(
                fields=["translator"],
                condition=models.Q(translator__isnull=False),
                name="task_assigned",
            ),
        ]

    def __str__(self):
        return str(self.translation)


class DraftUpdate(models.Model):
    """The next version of a published translation, written while readers keep reading the
    published one: its ``snapshot`` of headline, standfirst and body, from the article's
    revision ``base_version``. Publishing it applies it to the article (draft_updates.py)."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="draft_update")
    snapshot = models.JSONField()
    base_version = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.snapshot.get("headline") or str(self.article)


class AuditEntry(models.Model):
    """Who changed an article's state, when, and from what to what. Never edited."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        SUBMITTED = "submitted", _("submitted for review")
        RETURNED = "returned", _("returned to the writer")
        PUBLISHED = "published", _("published")
        SCHEDULED = "scheduled", _("scheduled")
        UNPUBLISHED = "unpublished", _("unpublished")
        REOPENED = "reopened", _("reopened as a draft")
        RESTORED = "restored", _("restored a revision")
        IMPORTED = "imported", _("imported")
        TRANSLATION_REQUESTED = "translation_requested", _("requested a translation")
        TRANSLATION_UPDATED = "translation_updated", _("marked the translation up to date")
        DELETED = "deleted", _("deleted")
        IMAGE_CHANGED = "image_changed", _("changed an image shown by")
        PREVIEW_SHARED = "preview_shared", _("shared a preview link of")
        PREVIEW_REVOKED = "preview_revoked", _("revoked a preview link of")
        MERGED = "merged", _("merged a save with a colleague’s in")
        INCOMPLETE_ALLOWED = "incomplete_allowed", _("let an unfinished translation through")
        UPDATE_OPENED = "update_opened", _("reopened as a draft update")
        UPDATE_PUBLISHED = "update_published", _("published the draft update of")
        UPDATE_DISCARDED = "update_discarded", _("discarded the draft update of")
        FRONT_ARRANGED = "front_arranged", _("arranged the front page")

    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    # Kept as text so the log still reads after the article or the account is deleted.
    headline = models.CharField(max_length=300)
    action = models.CharField(max_length=30, choices=Action.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    actor_name = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.actor_name} {self.get_action_display()} “{self.headline}”"


class SignedAddress:
    """A row opened by an address holding its id signed with the class's ``SALT``: salted,
    so that a value signed elsewhere in the project never opens one."""

    SALT: str

    @classmethod
    def from_signed(cls, value: str, queryset=None):
        """The row a signed value names (from ``queryset``); None when the signature fails."""
        try:
            pk = int(signing.Signer(salt=cls.SALT).unsign(value))
        except (signing.BadSignature, ValueError):
            return None
        return (cls.objects.all() if queryset is None else queryset).filter(pk=pk).first()

    @property
    def signed(self) -> str:
        return signing.Signer(salt=self.SALT).sign(str(self.pk))


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        """Links that still open their article: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(SignedAddress, models.Model):
    """A shareable address of one article as it is saved now, for someone with no account
    (a lawyer, a source): signed, expiring, revocable (newsroom/preview.py)."""

    SALT = "newsdesk.newsroom.preview-link"
    LIFETIMES = [1, 7, 30]  # days to choose from
    DEFAULT_DAYS = 7

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    label = models.CharField(
        _("for whom"), max_length=100, blank=True, help_text=_("Who the link is for.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.article} ({self.label})" if self.label else str(self.article)

    def get_absolute_url(self):
        return reverse("preview", args=[self.signed])

    @classmethod
    def create(cls, article, by, *, days: int = DEFAULT_DAYS, label: str = "") -> "PreviewLink":
        return cls.objects.create(
            article=article,
            created_by=by,
            label=label.strip()[:100],
            expires_at=timezone.now() + timedelta(days=days),
        )

    @property
    def address(self) -> str:
        """The link to send: on the public site, wherever the newsroom is."""
        return absolute(self.get_absolute_url())

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class Autosave(models.Model):
    """A user's unsaved form, kept every few seconds so a crash or a closed tab loses nothing.

    Not a revision: nobody else sees it, and it is gone once its user really saves.
    ``article`` is None for the add form (one copy per user there); ``data`` maps the
    form's field names to their values; ``base_version`` is the revision the form began from.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    data = models.JSONField()
    base_version = models.PositiveIntegerField(default=0)
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="one_autosave_per_article"),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(article__isnull=True),
                name="one_autosave_per_new_article",
            ),
        ]

    def __str__(self):
        return f"{self.user} on {self.article or 'a new article'} at {self.saved_at}"


class EditingPresence(models.Model):
    """Someone has an article's form (or translation desk) open; their page says so every
    few seconds (newsroom/presence.py). In the database, as every server process sees it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="one_presence_per_editor")
        ]

    def __str__(self):
        return f"{self.user} on {self.article}"


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Invitations that still open: not accepted, not revoked, not expired."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )

    def due(self):
        """Pending invitations the worker has still to email (newsroom/invitations.py)."""
        return self.pending().filter(
            sent_at__isnull=True, send_failures__lt=Invitation.MAX_SEND_FAILURES
        )


class Invitation(SignedAddress, models.Model):
    """An Admin's invitation to a colleague to join the newsroom in a role: a signed link,
    emailed by the worker, that lets her set a password and her public name once."""

    SALT = "newsdesk.newsroom.invitation"
    DAYS = 7
    # Refused this many times by the mail server, an invitation waits for "Send again".
    MAX_SEND_FAILURES = 5
    ROLES = [
        (roles.WRITER, _("Writer")),
        (roles.TRANSLATOR, _("Translator")),
        (roles.EDITOR, _("Editor")),
        (roles.ADMIN, _("Admin")),
    ]

    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=ROLES)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    send_failures = models.PositiveSmallIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    # The language of the invitation's email and, once accepted, of the newsroom's emails
    # to her (NotificationPreference.language); blank: the site's.
    language = models.CharField(max_length=15, blank=True, default="")
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.email} ({self.role})"

    def get_absolute_url(self):
        return reverse("admin:invitation-accept", args=[self.signed])

    @classmethod
    def create(cls, email: str, role: str, by, language: str = "") -> "Invitation":
        return cls.objects.create(
            email=email,
            role=role,
            invited_by=by,
            language=language,
            expires_at=timezone.now() + timedelta(days=cls.DAYS),
        )

    @property
    def address(self) -> str:
        """The link to email: on the public address (PUBLIC_URL), wherever it is opened."""
        return absolute(self.get_absolute_url())

    @property
    def is_pending(self) -> bool:
        open_ = self.accepted_at is None and self.revoked_at is None
        return open_ and self.expires_at > timezone.now()

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def send_again(self) -> None:
        """Email the link again at the worker's next round, valid ``DAYS`` from now."""
        self.sent_at = None
        self.send_failures = 0
        self.expires_at = timezone.now() + timedelta(days=self.DAYS)
        self.save(update_fields=["sent_at", "send_failures", "expires_at"])

    @transaction.atomic
    def accept(self, *, password: str, name: str, role_title: str = "", bio: str = ""):
        """Make the account (in the invited role) and its Person; once only.

        Returns the new user, or None when the invitation no longer opens (used meanwhile,
        revoked, expired).
        """
        # Claimed first, in one UPDATE: of two submissions of the link at once, one makes
        # the account; the other finds it accepted.
        now = timezone.now()
        if not Invitation.objects.filter(pk=self.pk).pending().update(accepted_at=now):
            return None
        User = get_user_model()
        first, _space, last = name.strip().partition(" ")
        user = User(
            username=unique_username(self.email),
            email=self.email,
            first_name=first[:150],
            last_name=last.strip()[:150],
        )
        user.set_password(password)
        user.save()
        # Joining the role makes the account staff (receivers.role_given).
        user.groups.add(Group.objects.get(name=self.role))
        Person.objects.create(
            name=name.strip(),
            slug=unique_slug(Person.objects, name, fallback=f"user-{user.pk}"),
            role_title=role_title.strip(),
            bio=bio.strip(),
            user=user,
        )
        if self.language:
            NotificationPreference.objects.create(
                user=user,
                email_kinds=list(NotificationPreference.DEFAULT_EMAIL),
                language=self.language,
            )
        self.accepted_at, self.accepted_user = now, user
        self.save(update_fields=["accepted_at", "accepted_user"])
        return user


def unique_username(email: str) -> str:
    """A username for the account of ``email``: the address itself, unless taken or too long."""
    User = get_user_model()
    email = email.strip().lower()
    base = email if len(email) <= 140 else email.partition("@")[0][:140]
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def mark_read(self) -> int:
        """Mark these read now (those read already keep their time); returns how many."""
        return self.unread().update(read_at=timezone.now())

    def email_due(self, now=None):
        """Those whose email is to be sent (or tried again) by ``now``, oldest first."""
        return self.filter(email_due_at__lte=now or timezone.now()).order_by("email_due_at", "pk")


class Notification(models.Model):
    """Something that happened to one person's work, told to them in the newsroom and,
    if they chose, by email (newsroom/notifications.py).

    ``email_due_at`` is when the email is to be sent: None when none is wanted, it was
    sent (``emailed_at``) or it was given up after ``email_attempts`` tries.
    """

    class Kind(models.TextChoices):
        RETURNED = "returned", _("Returned")
        SUBMITTED = "submitted", _("Submitted for review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        TRANSLATION_ASSIGNED = "translation_assigned", _("Translation assigned")
        ORIGINAL_CHANGED = "original_changed", _("Original changed")

    # The "recipient, newest first" index below serves lookups by recipient.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as text so the notification still reads after the article or the account is gone.
    headline = models.CharField(max_length=300)
    actor_name = models.CharField(max_length=150, blank=True)
    detail = models.TextField(blank=True)  # the editor's note, the scheduled time
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_due_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["email_due_at"],
                condition=models.Q(email_due_at__isnull=False),
                name="notification_email_due",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.headline}"

    def get_absolute_url(self):
        """Opening it marks it read and leads to its article."""
        return reverse("admin:notification-open", args=[self.pk])

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def summary(self) -> str:
        """What happened, in one sentence."""
        K = self.Kind
        values = {"who": self.actor_name or gettext("Someone"), "headline": self.headline}
        if self.kind == K.RETURNED:
            return gettext("%(who)s returned “%(headline)s” to you.") % values
        if self.kind == K.SUBMITTED:
            return gettext("%(who)s submitted “%(headline)s” for review.") % values
        if self.kind == K.SCHEDULED:
            values["when"] = self.detail
            return gettext("%(who)s scheduled “%(headline)s” for %(when)s.") % values
        if self.kind == K.PUBLISHED:
            if self.actor_name == "scheduler":
                return gettext("“%(headline)s” was published as scheduled.") % values
            return gettext("%(who)s published “%(headline)s”.") % values
        if self.kind == K.TRANSLATION_ASSIGNED:
            values["language"] = self.detail
            return (
                gettext("%(who)s assigned you the translation of “%(headline)s” (%(language)s).")
                % values
            )
        return gettext("%(who)s changed the original of your translation “%(headline)s”.") % values

    @property
    def note(self) -> str:
        """The note that came with it (an editor's, on returning), if any."""
        if self.kind in (self.Kind.SCHEDULED, self.Kind.TRANSLATION_ASSIGNED):
            return ""  # told in the summary
        return self.detail


class NotificationPreference(models.Model):
    """Which kinds of notification a person also wants by email (the rest stay in the
    newsroom). Without a row, ``DEFAULT_EMAIL``."""

    K = Notification.Kind
    # What asks the person to act: by email unless they say otherwise.
    DEFAULT_EMAIL = [K.RETURNED, K.SUBMITTED, K.TRANSLATION_ASSIGNED, K.ORIGINAL_CHANGED]

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_kinds = models.JSONField(default=list, blank=True)
    # The language their emails are written in (one of LANGUAGES); blank: the site's own.
    # The newsroom follows each person's browser, but the worker has no browser to ask.
    language = models.CharField(max_length=15, blank=True, default="")

    def __str__(self):
        return f"{self.user}: {', '.join(self.email_kinds) or '-'}"

    @staticmethod
    def language_of(user) -> str:
        """The language of ``user``'s emails: the one they chose, if the site still has
        it, else the site's (LANGUAGE_CODE)."""
        preference = getattr(user, "notification_preference", None)
        return site_language(preference.language if preference is not None else "")

    @classmethod
    def email_kinds_of(cls, users) -> dict[int, set[str]]:
        """The kinds each of ``users`` (ids) wants by email, in one query."""
        chosen = dict(cls.objects.filter(user__in=users).values_list("user_id", "email_kinds"))
        return {user: set(chosen.get(user, cls.DEFAULT_EMAIL)) for user in users}
