"""The daily newsletter: who receives it (a confirmed address per edition), each day's
issue of an edition, and each issue's delivery to each subscriber.

A subscriber is nothing but an address, its edition and when it signed up and confirmed.
Until it confirms (double opt-in) it is pending: the worker emails it a signed link that
works for ``CONFIRM_DAYS`` days, and deletes it once that time is over. Unsubscribing
deletes the row, its deliveries with it: nothing of the address is kept.
"""

import hashlib
from datetime import datetime, timedelta

from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsdesk.content.ids import BIGGEST_ID
from newsdesk.languages import edition_choices

# How long a confirmation link works, and a pending address is kept.
CONFIRM_DAYS = 7
# Signing up an address that is still pending emails it again, but not sooner than this
# after the last link, nor more than this many links in all: nobody can mail-bomb an
# address through the form.
RESEND_AFTER = timedelta(hours=1)
MAX_CONFIRMATIONS = 3


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def pending(self):
        return self.filter(confirmed_at__isnull=True)

    def expired(self, now: datetime):
        """Pending addresses whose last link has run out: the worker deletes them."""
        return self.pending().filter(requested_at__lt=now - timedelta(days=CONFIRM_DAYS))

    def confirmation_due(self, now: datetime):
        """Pending addresses whose confirmation link the worker is to email."""
        return self.pending().filter(confirmation_due_at__lte=now)

    def named_by(self, link: "tuple[int, str] | None") -> "Subscriber | None":
        """The subscription a link names (``Subscriber.confirmed_by``, ``unsubscribed_by``),
        if it still exists: the same id with another address is another subscription."""
        if link is None:
            return None
        pk, digest = link
        subscriber = self.filter(pk=pk).first()
        if subscriber is None or _digest(subscriber.email) != digest:
            return None
        return subscriber


class Subscriber(models.Model):
    email = models.EmailField(_("email address"), max_length=254)
    language = models.CharField(_("edition"), max_length=10, choices=edition_choices)
    # When the address last asked to subscribe: its link runs out CONFIRM_DAYS later.
    requested_at = models.DateTimeField(_("signed up"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # Pending only: when the worker is to email the link (None once it is sent).
    confirmation_due_at = models.DateTimeField(null=True, blank=True)
    confirmations_sent = models.PositiveSmallIntegerField(default=0)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    CONFIRM_SALT = "newsdesk.newsletters.confirm"
    UNSUBSCRIBE_SALT = "newsdesk.newsletters.unsubscribe"

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["language", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "language"], name="newsletters_one_subscription_per_edition"
            )
        ]
        indexes = [models.Index(fields=["language", "confirmed_at"])]

    def __str__(self):
        return f"{self.email} ({self.language})"

    @classmethod
    def sign_up(cls, email: str, language: str, now: datetime | None = None) -> "Subscriber":
        """Ask to subscribe ``email`` to ``language``'s newsletter: a pending row whose link
        the worker emails. Again for a pending address, the link is emailed again (within
        RESEND_AFTER and MAX_CONFIRMATIONS); a confirmed one is left as it is."""
        now = now or timezone.now()
        subscriber, created = cls.objects.get_or_create(
            email=email.strip().lower(),
            language=language,
            defaults={"requested_at": now, "confirmation_due_at": now},
        )
        if created or subscriber.is_confirmed:
            return subscriber
        last = subscriber.confirmation_sent_at
        if (
            subscriber.confirmation_due_at is None
            and subscriber.confirmations_sent < MAX_CONFIRMATIONS
            and (last is None or now - last >= RESEND_AFTER)
        ):
            cls.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
                requested_at=now, confirmation_due_at=now
            )
        return subscriber

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def confirm(self, now: datetime | None = None) -> None:
        """Confirmed from its link: from now on it receives the newsletter."""
        now = now or timezone.now()
        confirmed = Subscriber.objects.filter(pk=self.pk, confirmed_at__isnull=True).update(
            confirmed_at=now, confirmation_due_at=None
        )
        if confirmed:
            self.confirmed_at, self.confirmation_due_at = now, None

    # The links: a signed id and a digest of the address, so that a link names this
    # subscription and never a later one given the same id (SQLite gives the largest id
    # again once its row is deleted). The confirmation link expires; the unsubscribe link
    # works as long as the subscription exists (RFC 8058 asks for no expiry).

    @property
    def _link_value(self) -> str:
        return f"{self.pk}.{_digest(self.email)}"

    @property
    def confirmation_token(self) -> str:
        return signing.TimestampSigner(salt=self.CONFIRM_SALT).sign(self._link_value)

    @property
    def unsubscribe_token(self) -> str:
        return signing.Signer(salt=self.UNSUBSCRIBE_SALT).sign(self._link_value)

    @classmethod
    def confirmed_by(cls, token: str) -> tuple[int, str] | None:
        """The id and address digest a confirmation link names (``named_by`` finds it);
        None for a link not ours (BadSignature); SignatureExpired (a BadSignature) for one
        of ours that ran out."""
        value = signing.TimestampSigner(salt=cls.CONFIRM_SALT).unsign(
            token, max_age=timedelta(days=CONFIRM_DAYS)
        )
        return _link(value)

    @classmethod
    def unsubscribed_by(cls, token: str) -> tuple[int, str] | None:
        """The id and address digest an unsubscribe link names, or None for a link not
        ours."""
        try:
            value = signing.Signer(salt=cls.UNSUBSCRIBE_SALT).unsign(token)
        except signing.BadSignature:
            return None
        return _link(value)


def _digest(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def _link(value: str) -> tuple[int, str] | None:
    """A link's signed value, its id (a number the database takes, a BigAutoField's) and
    the digest of its address; else None."""
    pk, _, digest = value.partition(".")
    if not (pk.isascii() and pk.isdigit()) or len(pk) > 19 or len(digest) != 16:
        return None
    return (int(pk), digest) if 0 < int(pk) <= BIGGEST_ID else None


class Issue(models.Model):
    """An edition's newsletter of one local day: the stories it carries, chosen once."""

    language = models.CharField(_("edition"), max_length=10, choices=edition_choices)
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(default=timezone.now)
    # Article ids, in order: the top stories, then Hot Recommended. Published ones only
    # are sent: an article unpublished meanwhile is left out when each message is made.
    top_ids = models.JSONField(default=list)
    hot_ids = models.JSONField(default=list)
    # Every subscriber has had their message (or the issue had no stories: none is sent).
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        constraints = [
            models.UniqueConstraint(fields=["language", "day"], name="newsletters_issue_per_day")
        ]

    def __str__(self):
        return f"{self.language} {self.day}"

    @property
    def has_stories(self) -> bool:
        return bool(self.top_ids or self.hot_ids)


class Delivery(models.Model):
    """One issue to one subscriber: claimed (SENDING) before its message goes out, SENT
    once the server took it. A row left SENDING by a worker that stopped mid-send is never
    sent again: the message may have gone out, and nobody gets a digest twice."""

    class State(models.TextChoices):
        SENDING = "sending"
        SENT = "sent"
        FAILED = "failed"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.SENDING)
    attempts = models.PositiveSmallIntegerField(default=1)
    # FAILED: when to try again; None: given up.
    retry_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="newsletters_one_delivery_per_issue"
            )
        ]

    def __str__(self):
        return f"{self.issue_id}/{self.subscriber_id}: {self.state}"
