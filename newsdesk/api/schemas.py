"""What the API answers, field by field: the public shapes of articles, people, sections and
errors.

Hot Recommended's cards read model instances directly (``from_attributes``); the other
endpoints build plain dicts in their modules (``articles.py``, ``people.py``...), which
these schemas validate and document.
"""

from datetime import datetime
from typing import Annotated, Literal

from django.utils import translation
from ninja import Schema
from pydantic import Field

# Every section, column, tag, person and image carries its text in each language.
TRANSLATIONS = Field(
    description=(
        "Its translated fields in every language that has them, by language code, the "
        'default one included: {"en": {"name": "Business"}, "ja": {"name": "経済"}}. '
        "The plain fields give the edition's text (the default language's where there is "
        "no translation)."
    )
)


class Section(Schema):
    """A section as an article shows it, named in the article's language."""

    slug: str
    name: str
    translations: dict[str, dict[str, str]] = TRANSLATIONS


def section_in(section, language: str) -> dict:
    """A section as the ``language`` edition names it."""
    with translation.override(language):
        return {
            "slug": section.slug,
            "name": section.display_name,
            "translations": section.in_every_language(),
        }


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


# --- Sections, columns, tags ----------------------------------------------------------------


class Column(Schema):
    """A column (a recurring series) as an article shows it."""

    slug: str
    name: str
    translations: dict[str, dict[str, str]] = TRANSLATIONS


class SectionEntry(Schema):
    """A section of the paper, named in the requested edition."""

    slug: str
    name: str
    translations: dict[str, dict[str, str]] = TRANSLATIONS
    url: str = Field(description="Its page on the site, in the requested edition.")
    articles_url: str = Field(description="Its published articles in that edition, here.")


class ColumnEntry(SectionEntry):
    """A column: a recurring series, shown as a kicker above its articles' headlines."""

    description: str = Field(description="In the requested edition.")


class SectionList(Schema):
    items: list[SectionEntry]


class ColumnList(Schema):
    items: list[ColumnEntry]


class Tag(Schema):
    name: str = Field(description="In the requested edition.")
    slug: str
    translations: dict[str, dict[str, str]] = TRANSLATIONS
    url: str = Field(description="Its page on the site.")
    articles_url: str = Field(description="Its published articles, here.")


class TagList(Schema):
    items: list[Tag]
    next: str | None = Field(description="The next page, or null on the last.")


# --- People ---------------------------------------------------------------------------------


class Author(Schema):
    """Someone credited on an article, as a list of articles shows them."""

    name: str = Field(description="In the edition's script where they have a name in it.")
    slug: str
    role_title: str = Field(description='Shown before the name: "Staff writer"; may be "".')
    translations: dict[str, dict[str, str]] = TRANSLATIONS


class Person(Author):
    url: str = Field(description="Their page on the site.")
    api_url: str = Field(description="Their entry here.")


class Credit(Person):
    """Someone credited on an article (author or translator), as the article shows them."""

    bio: str


class PersonDetail(Credit):
    photo_url: str | None
    articles_url: str = Field(description="The published articles they wrote, here.")
    translations_url: str = Field(description="The published articles they translated, here.")


class PersonList(Schema):
    items: list[Person]
    next: str | None = Field(description="The next page, or null on the last.")


# --- Images ---------------------------------------------------------------------------------


class Rendition(Schema):
    """The image at one size or crop, as JPEG: w320 to w1600 (widths), 16x9, 4x3, 1x1 (crops)."""

    name: str
    url: str
    width: int
    height: int


class Image(Schema):
    """Its caption, credit and alt text in the language of the article showing it."""

    id: int
    caption: str
    credit: str
    alt_text: str = Field(description="What the image shows, for readers who cannot see it.")
    translations: dict[str, dict[str, str]] = TRANSLATIONS
    width: int | None = Field(description="Of the original; null while its file is missing.")
    height: int | None
    renditions: list[Rendition] = Field(description="Empty while the file is missing.")


# --- Articles -------------------------------------------------------------------------------


class ArticleItem(Schema):
    """An article as a list shows it."""

    id: int
    headline: str
    standfirst: str
    url: str = Field(description="Its page on the site.")
    api_url: str = Field(description="Its full text here.")
    language: str
    section: Section
    column: Column | None
    authors: list[Author]
    published_at: datetime
    updated_at: datetime | None = Field(
        description="When its text was last revised after publication; null if never."
    )
    lead_image: Image | None
    translation_of: int | None = Field(
        description="The id of the published original this article translates, if any."
    )


class ArticleList(Schema):
    """A page of articles, newest first."""

    items: list[ArticleItem]
    next: str | None = Field(
        description="The next page (its address, with a cursor), or null on the last."
    )


class VersionLink(Schema):
    """Another published language version of the same story."""

    id: int
    language: str
    headline: str
    url: str
    api_url: str


class Translations(Schema):
    original: VersionLink | None = Field(
        description="The published original this article translates; null for an original."
    )
    translations: list[VersionLink] = Field(
        description="The other published translations of the story, by language."
    )


class ArticleTag(Schema):
    name: str = Field(description="In the article's language.")
    slug: str
    url: str
    translations: dict[str, dict[str, str]] = TRANSLATIONS


class ListItem(Schema):
    html: str
    text: str


class Paragraph(Schema):
    type: Literal["paragraph"]
    html: str = Field(description="The sanitized inner HTML.")
    text: str = Field(description="The words, without markup.")


class Heading(Paragraph):
    type: Literal["heading"]
    level: int = Field(description="2 or 3, as h2 and h3.")


class Quote(Paragraph):
    type: Literal["quote"]


class ListBlock(Paragraph):
    type: Literal["list"]
    ordered: bool
    items: list[ListItem]


class ImageBlock(Paragraph):
    """An image in the text; ``html`` is its figure as the site shows it."""

    type: Literal["image"]
    image: Image


class TableCell(Schema):
    html: str = Field(description="The sanitized inner HTML: inline markup only.")
    text: str = Field(description="The words, without markup.")
    header: bool = Field(description="A header cell (th).")
    colspan: int = Field(ge=1, le=1000)
    rowspan: int = Field(ge=1, le=1000)


class TableBlock(Paragraph):
    """A table; ``html`` is its inner HTML, ``text`` its caption then rows ("/" between)
    of cells ("|" between)."""

    type: Literal["table"]
    caption: str = Field(description='The caption\'s inline HTML; "" when it has none.')
    rows: list[list[TableCell]] = Field(
        description="Row by row, a header row first; a cell spanning rows is in its first."
    )


Block = Annotated[
    Paragraph | Heading | Quote | ListBlock | ImageBlock | TableBlock, Field(discriminator="type")
]


class ArticleDetail(ArticleItem):
    """An article with everything its page shows."""

    authors: list[Credit]
    translators: list[Credit]
    source_line: str = Field(description='Who published it: "(PACIFIC MERIDIAN)"; may be "".')
    tags: list[ArticleTag]
    body: list[Block] = Field(description="The text, block by block, in order.")
    translations: Translations


# --- Errors ---------------------------------------------------------------------------------


class ErrorDetail(Schema):
    code: str = Field(description='For programs: "unknown_section", "invalid_cursor"...')
    message: str = Field(description="For people: what went wrong, in English.")


class Error(Schema):
    """Every error the API answers, whatever its status."""

    error: ErrorDetail
