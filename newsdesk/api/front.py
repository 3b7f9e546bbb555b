"""Front pages: an edition's home (or a section's page) in the order readers see it."""

from typing import Literal

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from ninja import Query, Router, Schema
from pydantic import Field

from newsdesk.api.articles import article_item
from newsdesk.api.errors import BAD_REQUEST, ERRORS, NOT_FOUND, ApiError
from newsdesk.api.params import EDITION, Edition, Slug, edition
from newsdesk.api.schemas import ArticleItem, Section, section_in
from newsdesk.caching import keys
from newsdesk.caching.headers import cache_publicly, given
from newsdesk.content.models import Article
from newsdesk.content.models import Section as SectionModel
from newsdesk.reader.front import front_page, placed

front = Router(tags=["Front pages"])

SECTION = Query(None, description="A section's slug: its page rather than the home.")


class FrontItem(ArticleItem):
    place: Literal["lead", "top", "latest"] = Field(
        description="`lead`: the lead story; `top`: a top story; `latest`: the newest "
        "stories that fill the rest (on the home, section by section)."
    )
    pinned: bool = Field(description="Editors placed it there (else it is there by date).")


class FrontList(Schema):
    """A front page's stories in the order the site shows them."""

    language: str
    section: Section | None
    items: list[FrontItem]


def items_of(request, rows: list[tuple[Article, str, bool]]) -> list[dict]:
    originals = {article.translation_of_id for article, _, _ in rows} - {None}
    if originals:
        originals = set(Article.objects.published().among(originals).values_list("pk", flat=True))
    return [
        {**article_item(article, request, originals), "place": place, "pinned": pinned}
        for article, place, pinned in rows
    ]


@front.get(
    "",
    response={200: FrontList, **BAD_REQUEST, **NOT_FOUND, **ERRORS},
    url_name="front",
    summary="A front page, in order",
)
def front_list(
    request,
    response: HttpResponse,
    language: Edition = EDITION,
    section: Slug | None = SECTION,
):
    """The stories of an edition's home (or of a section's first page) in the order the
    site shows them: the lead, the top stories (those editors placed first, in their
    order), then the newest. The same order as the web page, so apps show what it shows.
    """
    language = edition(language)
    published = Article.objects.published().in_language(language)
    shown_section = None
    with translation.override(language):
        if section is None:
            page = front_page(published, language=language)
            arranged = placed(published, language)
            pinned = {article.pk for article in arranged.articles}
            rows = []
            if page.lead:
                rows.append((page.lead, "lead", page.lead.pk in pinned))
            rows += [(a, "top", a.pk in pinned) for a in page.second_tier]
            rows += [(a, "latest", False) for _, articles in page.sections for a in articles]
            list_key, changes_at = keys.home_list(language), page.changes_at
        else:
            found = SectionModel.objects.filter(slug=section).first()
            if found is None:
                raise ApiError(404, "unknown_section", f"No section has the slug {section!r}.")
            shown_section = section_in(found, language)
            arranged = placed(published, language, found)
            rest = published.for_listing().filter(section=found).latest_first()
            rest = rest.exclude(pk__in=[a.pk for a in arranged.articles])
            rows = [(arranged.lead, "lead", True)] if arranged.lead else []
            rows += [(a, "top", True) for a in arranged.top]
            rows += [(a, "latest", False) for a in rest[: settings.ARTICLES_PER_PAGE - len(rows)]]
            list_key, changes_at = keys.front(language, found.pk), arranged.changes_at
    articles = [article for article, _, _ in rows]
    cache_publicly(
        response,
        {keys.NAV, list_key} | keys.cards(articles),
        query=given(request, language=language, section=section),
        until=changes_at,
    )
    return {"language": language, "section": shown_section, "items": items_of(request, rows)}
