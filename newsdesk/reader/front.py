"""An edition's front page: what it shows, in the order of importance.

A lead story (the newest article unless one is chosen), a second tier of stories with
pictures, then the newest of each section as compact lists. No article appears twice.
"""

from dataclasses import dataclass, field

from newsdesk.content.models import Article, Section

SECOND_TIER = 3
PER_SECTION = 5


@dataclass
class Front:
    lead: Article | None = None
    second_tier: list[Article] = field(default_factory=list)
    sections: list[tuple[Section, list[Article]]] = field(default_factory=list)

    @property
    def shown(self) -> list[Article]:
        """Every article on the page, for its surrogate keys."""
        lead = [self.lead] if self.lead else []
        return lead + self.second_tier + [a for _, articles in self.sections for a in articles]


def front_page(edition, lead: Article | None = None) -> Front:
    """The front page of ``edition`` (published articles of one language, a QuerySet).

    ``lead``: the story chosen to lead; by default the newest. The lead and the second tier
    come from the newest few articles, in one query (with the rendered bodies, which the
    lead card needs for its reading time); a story without a picture stays out of the
    second tier, and goes to its section's list.
    """
    candidates = edition.for_listing().defer(None).defer("body").latest_first()
    if lead is not None:
        candidates = candidates.exclude(pk=lead.pk)
    candidates = list(candidates[: 1 + SECOND_TIER * 3])
    if lead is None and candidates:
        lead = candidates.pop(0)
    if lead is None:
        return Front()
    second_tier = [a for a in candidates if a.lead_image and a.lead_image.file][:SECOND_TIER]
    above = [lead.pk, *(article.pk for article in second_tier)]
    listing = edition.for_listing().latest_first().exclude(pk__in=above)
    sections = []
    for section in Section.objects.all():
        articles = list(listing.filter(section=section)[:PER_SECTION])
        if articles:
            sections.append((section, articles))
    return Front(lead=lead, second_tier=second_tier, sections=sections)
