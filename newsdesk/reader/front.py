"""An edition's front page, and a section's list: what they show, in the order of importance.

A lead story (the one editors pinned, else the newest), a second tier of stories with
pictures (those editors placed first, in their order, then the newest), then the newest
of each section as compact lists. No article appears twice. A section's first page lists
its placed stories first, then the newest. Placements come from content/curation.py;
only those of articles published in the front's edition (and section) are shown.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone, translation

from newsdesk.caching.memo import until_purged
from newsdesk.content.curation import FrontSlot
from newsdesk.content.models import Article, Section

SECOND_TIER = 3
PER_SECTION = 5
# The cards of a list page (the first one's picture loads at once: reader/templatetags).
LIST_CARDS = ("list", "list-eager")


@dataclass
class Front:
    lead: Article | None = None
    second_tier: list[Article] = field(default_factory=list)
    sections: list[tuple[Section, list[Article]]] = field(default_factory=list)
    # When the first placement shown stops: the page must not be kept past it.
    changes_at: datetime | None = None

    @property
    def shown(self) -> list[Article]:
        """Every article on the page, for its surrogate keys."""
        lead = [self.lead] if self.lead else []
        return lead + self.second_tier + [a for _, articles in self.sections for a in articles]


@dataclass
class Placed:
    """The placed articles a front shows: its pinned lead, its ordered top stories."""

    lead: Article | None = None
    top: list[Article] = field(default_factory=list)
    changes_at: datetime | None = None

    @property
    def articles(self) -> list[Article]:
        return ([self.lead] if self.lead else []) + self.top


def placed(edition, language: str, section: Section | None = None, *, draft=False) -> Placed:
    """The placed articles of a front that ``edition`` (a QuerySet of published articles)
    shows: live placements (the draft's with ``draft``) not expired, of articles in it."""
    now = timezone.now()
    if draft:
        slots = list(FrontSlot.objects.of(language, section, live=False).current(now))
    else:
        section_id = section.pk if section is not None else None
        slots = [slot for slot in live_slots(language, section_id) if not slot.has_expired]
    if not slots:
        return Placed()
    found = edition.in_language(language).filter(pk__in=[slot.article_id for slot in slots])
    if section is not None:
        found = found.filter(section=section)
    articles = found.for_listing().defer(None).defer("body").in_bulk()
    result = Placed()
    for slot in slots:
        article = articles.get(slot.article_id)
        if article is None:
            continue  # unpublished, scheduled for later, moved elsewhere: never shown
        if slot.is_lead:
            result.lead = article
        else:
            result.top.append(article)
        if slot.until and (result.changes_at is None or slot.until < result.changes_at):
            result.changes_at = slot.until
    return result


@until_purged  # a placement goes live by make_live, which purges its front
def live_slots(language: str, section_id: int | None) -> list[FrontSlot]:
    """The live placements of a front, in order, those run out included (the caller
    leaves those out: a placement's time ends without a purge)."""
    return list(FrontSlot.objects.of(language, section_id, live=True))


def front_page(
    edition, lead: Article | None = None, *, language: str | None = None, draft=False
) -> Front:
    """The front page of ``edition`` (published articles of one language, a QuerySet).

    ``lead``: the story chosen to lead; by default the one editors pinned, else the
    newest. ``draft``: arranged as the editors' draft, for its preview. The second tier
    starts with the placed top stories; the rest come from the newest few articles, in
    one query (with the rendered bodies, which the lead card needs for its reading time);
    a story without a picture stays out of the filling, and goes to its section's list.
    """
    language = language or translation.get_language()
    arranged = placed(edition, language, draft=draft)
    if lead is None:
        lead = arranged.lead
    top = [article for article in arranged.top if lead is None or article.pk != lead.pk]
    top = top[:SECOND_TIER]
    taken = [article.pk for article in top] + ([lead.pk] if lead else [])
    candidates = edition.for_listing().defer(None).defer("body").latest_first()
    candidates = list(candidates.exclude(pk__in=taken)[: 1 + SECOND_TIER * 3])
    if lead is None and candidates:
        lead = candidates.pop(0)
    if lead is None:
        return Front()
    filling = [a for a in candidates if a.lead_image and a.lead_image.file]
    second_tier = (top + filling)[:SECOND_TIER]
    above = [lead.pk, *(article.pk for article in second_tier)]
    # Each section's newest by its index, then all of them with their credits at once.
    listing = edition.latest_first().exclude(pk__in=above).values_list("pk", flat=True)
    all_sections = list(Section.objects.all())
    newest = {s.pk: list(listing.filter(section=s)[:PER_SECTION]) for s in all_sections}
    found = edition.for_listing().among([pk for ids in newest.values() for pk in ids])
    articles = {article.pk: article for article in found}
    sections = [
        (section, [articles[pk] for pk in newest[section.pk] if pk in articles])
        for section in all_sections
        if newest[section.pk]
    ]
    return Front(lead, second_tier, sections, arranged.changes_at)


def section_list(edition, section: Section, *, language: str | None = None, draft=False):
    """A section's articles in ``edition``: the placed ones, in their order, for its first
    page; the rest, newest first, for its pages (reader/pagination.py); and when the
    first placement shown stops."""
    language = language or translation.get_language()
    arranged = placed(edition, language, section, draft=draft)
    rest = edition.with_cards(*LIST_CARDS).filter(section=section).latest_first()
    rest = rest.exclude(pk__in=[article.pk for article in arranged.articles])
    return arranged.articles, rest, arranged.changes_at
