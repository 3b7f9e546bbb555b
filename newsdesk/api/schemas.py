"""What the API answers, field by field: the public shapes of articles, sections and errors.

Schemas read model instances directly (``from_attributes``); the few fields a model does not
hold as such (absolute URLs, names in the article's language) are resolved here, once, for
every endpoint that lists articles.
"""

from datetime import datetime

from django.utils import translation
from ninja import Schema


class Section(Schema):
    slug: str
    name: str


def section_in(section, language: str) -> dict:
    """A section as the ``language`` edition names it."""
    with translation.override(language):
        return {"slug": section.slug, "name": section.display_name}


class ArticleCard(Schema):
    """An article as a list shows it: enough to link to it, without its body."""

    id: int
    headline: str
    url: str
    section: Section
    language: str
    published_at: datetime
    lead_image_url: str | None

    @staticmethod
    def resolve_url(article, context) -> str:
        return context["request"].build_absolute_uri(article.get_absolute_url())

    @staticmethod
    def resolve_section(article) -> dict:
        return section_in(article.section, article.language)

    @staticmethod
    def resolve_lead_image_url(article, context) -> str | None:
        image = article.lead_image
        if image is None or not image.file:
            return None  # none, or an imported image whose file is still to come
        return context["request"].build_absolute_uri(image.file.url)


class HotArticle(ArticleCard):
    rank: int  # 1 for the hottest


class HotList(Schema):
    """A Hot Recommended list: an edition's, or one section's within it."""

    language: str
    section: Section | None
    items: list[HotArticle]


class ErrorDetail(Schema):
    code: str
    message: str


class Error(Schema):
    """Every error the API answers, whatever its status."""

    error: ErrorDetail
