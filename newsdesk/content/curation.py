"""Front-page curation: the stories editors place at the top of a front, in order.

A front is an edition's home (``section`` null) or one section's page in an edition. Each
placement (``FrontSlot``) puts one article at a position: 0 is the pinned lead, 1, 2, …
the top stories in order; a front without a row at 0 has no pinned lead (the newest
story leads). A placement may stop at a time (``until``).

Draft and live are two sets of rows (``live`` false or true), not a JSON copy: the
editors' page edits the draft rows only, "Make live" replaces the live rows by a copy of
the draft in one transaction, "Discard" copies the live rows back. Both always exist
(possibly empty), so "the draft" never needs guessing, rows keep their foreign keys (a
deleted article leaves every front), and the worker finds placements whose time ran out
with one indexed query. Whether a placed article is shown is decided when the page is
read: only those published in the front's edition (and section) are, never anything else.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsdesk.content.models import Article, Section
from newsdesk.languages import edition_choices

# Top stories a front may place after its lead: the home's second tier (reader/front.py)
# and the first few of a section's list.
HOME_TOP = 3
SECTION_TOP = 4


class FrontSlotQuerySet(models.QuerySet):
    def of(self, language: str, section: Section | None = None, *, live: bool = True):
        """The placements of one front, in order: its live ones or its draft."""
        return self.filter(language=language, section=section, live=live).order_by("position")

    def current(self, now: datetime | None = None):
        """Placements whose time has not run out."""
        return self.filter(Q(until__isnull=True) | Q(until__gt=now or timezone.now()))

    def expired_between(self, since: datetime, now: datetime):
        """Live placements whose time ran out in (``since``, ``now``]."""
        return self.filter(live=True, until__gt=since, until__lte=now)


class FrontSlot(models.Model):
    """One article placed on one front (draft or live), at a position, maybe until a time."""

    language = models.CharField(max_length=10, choices=edition_choices)
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, null=True, blank=True, related_name="front_slots"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="front_slots")
    position = models.PositiveSmallIntegerField(help_text=_("0: the lead; 1, 2, …: in order."))
    until = models.DateTimeField(null=True, blank=True)
    live = models.BooleanField(default=False)

    objects = FrontSlotQuerySet.as_manager()

    class Meta:
        ordering = ["language", "section", "live", "position"]
        indexes = [
            models.Index(fields=["language", "section", "live"], name="front_slot_front"),
            models.Index(fields=["live", "until"], name="front_slot_until"),
        ]
        verbose_name = _("front page placement")

    def __str__(self):
        return f"{self.language}/{self.section_id or 'home'}#{self.position}: {self.article_id}"

    @property
    def is_lead(self) -> bool:
        return self.position == 0

    @property
    def has_expired(self) -> bool:
        return self.until is not None and self.until <= timezone.now()


@dataclass
class Placement:
    article_id: int
    until: datetime | None = None


class ArrangementError(ValueError):
    """A change the arrangement refuses; its message is for the editor."""


@dataclass
class Arrangement:
    """The draft of one front as a list, for editing: ``placements`` in order, the first
    of them the pinned lead when ``pinned``. ``save()`` writes it back as draft rows."""

    language: str
    section: Section | None
    placements: list[Placement]
    pinned: bool

    @classmethod
    def load(cls, language: str, section: Section | None = None, *, live: bool = False):
        slots = list(FrontSlot.objects.of(language, section, live=live))
        placements = [Placement(slot.article_id, slot.until) for slot in slots]
        return cls(language, section, placements, bool(slots) and slots[0].position == 0)

    @property
    def top_limit(self) -> int:
        return SECTION_TOP if self.section else HOME_TOP

    @property
    def ids(self) -> list[int]:
        return [placement.article_id for placement in self.placements]

    def lead_id(self) -> int | None:
        return self.placements[0].article_id if self.pinned and self.placements else None

    def _index(self, article_id: int) -> int:
        try:
            return self.ids.index(article_id)
        except ValueError:
            raise ArrangementError(_("That story is not on this front page.")) from None

    def _check_size(self) -> None:
        if len(self.placements) - self.pinned > self.top_limit:
            raise ArrangementError(
                _("This front page holds a lead and %(n)d top stories: remove one first.")
                % {"n": self.top_limit}
            )

    def add(self, article_id: int) -> None:
        if article_id in self.ids:
            raise ArrangementError(_("That story is on this front page already."))
        self.placements.append(Placement(article_id))
        self._check_size()

    def pin(self, article_id: int) -> None:
        """Make it the lead; the lead it replaces becomes the first top story."""
        self.placements.insert(0, self.placements.pop(self._index(article_id)))
        self.pinned = True

    def unpin(self) -> None:
        """The lead becomes the first top story, and the newest story leads."""
        self.pinned = False
        self._check_size()

    def move(self, article_id: int, by: int) -> None:
        """Swap with the neighbour ``by`` (-1: up, 1: down) places away, if there is one."""
        index = self._index(article_id)
        other = index + by
        if 0 <= other < len(self.placements):
            self.placements[index], self.placements[other] = (
                self.placements[other],
                self.placements[index],
            )

    def reorder(self, article_ids: list[int]) -> None:
        if sorted(article_ids) != sorted(self.ids):
            raise ArrangementError(_("The front page changed meanwhile: try again."))
        by_id = {placement.article_id: placement for placement in self.placements}
        self.placements = [by_id[article_id] for article_id in article_ids]

    def set_until(self, article_id: int, until: datetime | None) -> None:
        if until is not None and until <= timezone.now():
            raise ArrangementError(_("Choose a time in the future."))
        self.placements[self._index(article_id)].until = until

    def remove(self, article_id: int) -> None:
        index = self._index(article_id)
        if index == 0 and self.pinned:
            self.pinned = False
        del self.placements[index]

    def rows(self, *, live: bool) -> list[FrontSlot]:
        start = 0 if self.pinned else 1
        return [
            FrontSlot(
                language=self.language,
                section=self.section,
                article_id=placement.article_id,
                position=start + n,
                until=placement.until,
                live=live,
            )
            for n, placement in enumerate(self.placements)
        ]

    @transaction.atomic
    def save(self, *, live: bool = False) -> None:
        """Replace the front's draft (or live) rows with this arrangement."""
        FrontSlot.objects.of(self.language, self.section, live=live).delete()
        FrontSlot.objects.bulk_create(self.rows(live=live))

    def same_as(self, other: "Arrangement") -> bool:
        return self.pinned == other.pinned and self.placements == other.placements
