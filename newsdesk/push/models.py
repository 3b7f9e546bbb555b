"""Breaking-news push: readers' subscriptions, one push per breaking article, and its
delivery to each subscription.

A subscription holds what the browser's push service needs (its endpoint and keys), the
edition and the sections chosen, and when it was made: no address, no user agent, no
account. A push is queued once per article (``Push.article`` is unique): marking a story
breaking again, republishing it or a second worker can never send it twice. Its delivery
is one row per subscription, so a worker that stops halfway goes on where it stopped.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsdesk.content.models import Article, Section
from newsdesk.languages import edition_choices

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


def check_endpoint(endpoint) -> str:
    """A push service's https address (plain http only to loopback, when allowed)."""
    if not isinstance(endpoint, str) or not 0 < len(endpoint) <= 1000:
        raise ValidationError(_("The subscription has no valid endpoint."))
    try:
        parts = urlsplit(endpoint)
        host = parts.hostname or ""
        parts.port  # noqa: B018 — raises ValueError on a malformed port
    except ValueError:
        raise ValidationError(_("The subscription has no valid endpoint.")) from None
    if not host or parts.username or parts.password:
        raise ValidationError(_("The subscription has no valid endpoint."))
    if parts.scheme == "http" and host in LOOPBACK_HOSTS and settings.PUSH_ALLOW_HTTP_ENDPOINTS:
        return endpoint
    if parts.scheme != "https":
        raise ValidationError(_("A push endpoint must be an https:// address."))
    # The worker posts where the endpoint says: only to a browser's push service, never to
    # a name or an address inside a network (PUSH_SERVICE_HOSTS).
    known = settings.PUSH_SERVICE_HOSTS
    if not any(host == service or host.endswith("." + service) for service in known):
        raise ValidationError(_("A push endpoint must be a browser's push service."))
    return endpoint


class SubscriptionQuerySet(models.QuerySet):
    def matching(self, article: Article):
        """Those an alert about ``article`` goes to: in its edition, for all breaking news
        (no section chosen) or for its section."""
        everything = ~models.Exists(
            Subscription.sections.through.objects.filter(subscription=models.OuterRef("pk"))
        )
        return (
            self.filter(language=article.language)
            .filter(everything | Q(sections=article.section_id))
            .distinct()
        )


class Subscription(models.Model):
    """A browser that asked for breaking-news alerts of one edition."""

    # Push services' endpoints are a few hundred characters; longer ones are refused.
    endpoint = models.CharField(max_length=1000, unique=True)
    # The browser's P-256 public key and auth secret (RFC 8291), base64url.
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=50)
    language = models.CharField(_("edition"), max_length=10, choices=edition_choices)
    # None chosen: every breaking story of the edition.
    sections = models.ManyToManyField(Section, blank=True, related_name="push_subscriptions")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        indexes = [models.Index(fields=["language", "id"], name="push_subscription_edition")]

    def __str__(self):
        return f"{self.language} {self.pk}"

    def info(self) -> dict:
        """What pywebpush needs to encrypt and send to it."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class PushRefused(Exception):
    """A refused push cannot be sent anyway (``Push.send_anyway()``); the message says why."""


class PushQuerySet(models.QuerySet):
    def counting_against_limit(self, language: str, now=None):
        """The pushes of an edition in the hour before ``now`` that count against the
        hourly limit: every one sent or sending, an Admin's overrides included."""
        now = now or timezone.now()
        return self.filter(language=language, queued_at__gt=now - timedelta(hours=1)).exclude(
            state=Push.State.REFUSED
        )

    def unfinished(self):
        return self.filter(state__in=[Push.State.QUEUED, Push.State.SENDING])


class Push(models.Model):
    """The one breaking-news alert about an article, and how its delivery went."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        DONE = "done", _("Finished")
        REFUSED = "refused", _("Refused: hourly limit")
        CANCELLED = "cancelled", _("Stopped")

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="push")
    language = models.CharField(_("edition"), max_length=10, choices=edition_choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # When it was queued (or refused, or an Admin sent it anyway): the hourly limit's clock.
    queued_at = models.DateTimeField(default=timezone.now)
    queued_by = models.CharField(_("queued by"), max_length=150, blank=True)
    overridden_by = models.CharField(_("sent over the limit by"), max_length=150, blank=True)
    # Delivery rows were made for every matching subscription (delivery.py).
    expanded = models.BooleanField(default=False)
    subscribers = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(
        default=0, help_text=_("Subscriptions the push service said are gone: deleted.")
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = PushQuerySet.as_manager()

    class Meta:
        verbose_name = _("breaking-news push")
        verbose_name_plural = _("breaking-news pushes")
        ordering = ["-queued_at", "-pk"]
        indexes = [
            models.Index(fields=["language", "queued_at"], name="push_edition_hour"),
            models.Index(fields=["state", "id"], name="push_state"),
        ]

    def __str__(self):
        return str(self.article)

    @property
    def pending(self) -> int:
        return max(self.subscribers - self.sent - self.failed - self.removed, 0)

    @classmethod
    def queue_for(cls, article: Article, by=None) -> "Push | None":
        """Queue the alert about ``article`` if it is due: published and marked breaking,
        never pushed before. Over the edition's hourly limit the push is kept as refused
        (an Admin may send it anyway: ``send_anyway()``). None when nothing is due or it
        was queued before; ``by``: a user or the name of a program."""
        if not (article.breaking and article.is_published):
            return None
        if cls.objects.filter(article=article).exists():
            return None
        with transaction.atomic():
            _count_alone(article.language)
            now = timezone.now()
            over = (
                cls.objects.counting_against_limit(article.language, now).count()
                >= settings.PUSH_MAX_PER_HOUR
            )
            push = cls(
                article=article,
                language=article.language,
                state=cls.State.REFUSED if over else cls.State.QUEUED,
                queued_at=now,
                queued_by=_name(by),
            )
            try:
                with transaction.atomic():
                    push.save()
            except IntegrityError:
                return None  # queued meanwhile by another request or the scheduler
        return push

    def send_anyway(self, by) -> None:
        """An Admin sends a push the hourly limit refused (roles.is_admin is asked by the
        view)."""
        if self.state != self.State.REFUSED:
            raise PushRefused(_("Only a refused push can be sent anyway."))
        if not self.article.is_published:
            raise PushRefused(_("Only a published article is pushed."))
        self.state = self.State.QUEUED
        self.queued_at = timezone.now()
        self.overridden_by = _name(by)
        self.save(update_fields=["state", "queued_at", "overridden_by"])

    def refusal(self) -> str:
        return _(
            "Not pushed: %(edition)s reached its limit of breaking-news pushes in an hour "
            "(%(limit)d). An Admin may send it anyway."
        ) % {"edition": self.get_language_display(), "limit": settings.PUSH_MAX_PER_HOUR}


def _count_alone(language: str) -> None:
    """Two editors publishing in one edition at once must not both count under the limit.
    On PostgreSQL a lock per edition, held until the transaction that queues commits,
    makes the second count once the first is committed; SQLite's write transactions
    (IMMEDIATE, settings.py) already run one at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"newsdesk-push-limit:{language}"]
            )


def _name(by) -> str:
    if by is None:
        return ""
    if isinstance(by, str):
        return by[:150]
    return (by.get_full_name() or by.get_username())[:150]


class Delivery(models.Model):
    """One push to one subscription: sent, refused, or waiting for its next try."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        REMOVED = "removed", _("Subscription gone")

    push = models.ForeignKey(Push, on_delete=models.CASCADE, related_name="deliveries")
    # Kept when the subscription goes (404/410): the row still counts as removed.
    subscription = models.ForeignKey(Subscription, on_delete=models.SET_NULL, null=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The next try; a claimed row is moved ahead by the claim, so no other worker takes it.
    due_at = models.DateTimeField(default=timezone.now)
    # The push service's last answer (an HTTP status; 0: no answer).
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["push", "subscription"], name="push_delivery_once_per_subscription"
            )
        ]
        indexes = [
            # The round's query: every push's due rows, soonest first.
            models.Index(
                fields=["due_at", "id"], condition=Q(state="pending"), name="push_delivery_due"
            )
        ]

    def __str__(self):
        return f"{self.push_id} to {self.subscription_id}: {self.state}"
