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
from newsdesk.reader.chrome import sections

SECOND_TIER = 3
PER_SECTION = 5
# The newest articles read at once for the lists of sections, as many times the lists'
# length as there are sections: a section with fewer among them is read on its own.
WINDOW_SHARE = 4
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
    edition,
    lead: Article | None = None,
    *,
    language: str | None = None,
    draft=False,
    light=False,
) -> Front:
    """The front page of ``edition`` (published articles of one language, a QuerySet).

    ``lead``: the story chosen to lead; by default the one editors pinned, else the
    newest. ``draft``: arranged as the editors' draft, for its preview. The second tier
    starts with the placed top stories; the rest come from the newest few articles; a
    story without a picture stays out of the filling, and goes to its section's list.
    ``light``: the articles not placed are read for their kept cards (``with_cards``),
    as the reader's page shows them; else whole, with the lead's rendered body.

    The newest articles of the edition are read once, a window along its index, and each
    section's list taken from them; a section with too few there is read on its own.
    """
    language = language or translation.get_language()
    arranged = placed(edition, language, draft=draft)
    if lead is None:
        lead = arranged.lead
    top = [article for article in arranged.top if lead is None or article.pk != lead.pk]
    top = top[:SECOND_TIER]
    taken = {article.pk for article in top} | ({lead.pk} if lead else set())
    all_sections = sections()
    window = (1 + SECOND_TIER * 3) + PER_SECTION * len(all_sections) * WINDOW_SHARE
    newest = edition.latest_first().values_list("pk", "section_id", "lead_image__file")
    rows = list(newest[: window + len(taken)])
    complete = len(rows) < window + len(taken)  # the whole edition: nothing further
    rows = [row for row in rows if row[0] not in taken]
    candidates = rows[: 1 + SECOND_TIER * 3]
    lead_id = None
    if lead is None and candidates:
        lead_id = candidates.pop(0)[0]
    if lead is None and lead_id is None:
        return Front()
    filling = [pk for pk, _section, picture in candidates if picture]
    tier_ids = filling[: max(0, SECOND_TIER - len(top))]
    above = {lead.pk if lead else lead_id, *(a.pk for a in top), *tier_ids}
    newest_of: dict[int, list[int]] = {section.pk: [] for section in all_sections}
    for pk, section_id, _picture in rows:
        listed = newest_of.setdefault(section_id, [])
        if pk not in above and len(listed) < PER_SECTION:
            listed.append(pk)
    if not complete:
        rest = edition.latest_first().exclude(pk__in=above).values_list("pk", flat=True)
        for section in all_sections:
            if len(newest_of[section.pk]) < PER_SECTION:
                newest_of[section.pk] = list(rest.filter(section=section)[:PER_SECTION])
    wanted = [lead_id] if lead_id else []
    wanted += tier_ids + [pk for ids in newest_of.values() for pk in ids]
    if light:
        found = edition.with_cards("lead", "tier", "compact").among(wanted)
    else:
        found = edition.for_listing().defer(None).defer("body").among(wanted)
    articles = {article.pk: article for article in found}
    if lead is None:
        lead = articles.get(lead_id)
        if lead is None:  # unpublished between the two reads: arranged without it
            return Front()
    second_tier = top + [articles[pk] for pk in tier_ids if pk in articles]
    shown_sections = [
        (section, [articles[pk] for pk in newest_of[section.pk] if pk in articles])
        for section in all_sections
        if newest_of[section.pk]
    ]
    return Front(lead, second_tier, shown_sections, arranged.changes_at)


def section_list(edition, section: Section, *, language: str | None = None, draft=False):
    """A section's articles in ``edition``: the placed ones, in their order, for its first
    page; the rest, newest first, for its pages (reader/pagination.py); and when the
    first placement shown stops."""
    language = language or translation.get_language()
    arranged = placed(edition, language, section, draft=draft)
    rest = edition.with_cards(*LIST_CARDS).filter(section=section).latest_first()
    rest = rest.exclude(pk__in=[article.pk for article in arranged.articles])
    return arranged.articles, rest, arranged.changes_at
