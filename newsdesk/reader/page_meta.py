"""What every reader page says about itself in its <head>: title, description, canonical
address, Open Graph and Twitter card tags, hreflang alternates and JSON-LD.

Each view fills one ``PageMeta`` (through the builders below) and puts it in its context
as ``meta``, with ``alternates``: the same page in each edition where it exists (contract
3 of issue 14). ``reader/includes/page_meta.html`` writes the head from it, and base.html's
edition switcher links the alternates. Every address is absolute, from settings.PUBLIC_URL,
never from the request's Host header (structured_data.absolute).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from newsdesk.caching.memo import until_purged
from newsdesk.content.models import Article, Column, Image, Person, Section, Tag
from newsdesk.languages import edition_codes, og_locale
from newsdesk.reader import structured_data
from newsdesk.reader.icons import ICONS
from newsdesk.reader.structured_data import absolute, article_url, iso, lead_renditions

# The wide crop social networks show; 1200 px wide when the original allows.
SOCIAL_CROP = "16x9"


def in_editions(view: str, languages=None, **kwargs) -> list[tuple[str, str]]:
    """(language, absolute address) of ``view`` in each of ``languages`` (every edition by
    default), in the order of settings.LANGUAGES."""
    wanted = set(languages) if languages is not None else None
    links = []
    for code in edition_codes():
        if wanted is None or code in wanted:
            with translation.override(code):
                links.append((code, absolute(reverse(view, kwargs=kwargs or None))))
    return links


def front_page() -> str:
    """The absolute address of the front page of the edition being served."""
    return absolute(reverse("reader:home"))


@dataclass
class PageMeta:
    """The head of one page. ``title`` is the page's own name (a headline, a section);
    ``image`` a dict with url, width, height, alt and ``wide`` (a 16:9 crop) or None."""

    title: str
    description: str = ""
    canonical: str = ""
    type: str = "website"
    image: dict | None = None
    alternates: list[tuple[str, str]] = field(default_factory=list)
    x_default: str = ""
    # hreflang links only where every edition's page names this one back (a list's page 2
    # has no counterpart in another edition: its switcher still leads to that list).
    hreflang_links: bool = True
    noindex: bool = False
    json_ld: list[dict] = field(default_factory=list)
    # Extra Open Graph properties (article:published_time, ...), in order.
    extra_og: list[tuple[str, str]] = field(default_factory=list)
    language: str = field(default_factory=get_language)

    @property
    def full_title(self) -> str:
        """The <title>: the page's name and the site's (the site's alone on its front)."""
        if self.title == settings.SITE_NAME:
            return self.title
        return f"{self.title} · {settings.SITE_NAME}"

    @property
    def hreflang(self) -> list[tuple[str, str]]:
        """hreflang links: this page in each edition that names it back (itself alone
        where none does), and x-default; none for a page without a canonical address."""
        if not self.canonical:
            return []
        links = self.alternates if self.hreflang_links else []
        if len(links) < 2:
            links = [(self.language, self.canonical)]
        found = dict(links)
        default = self.x_default if self.x_default in found.values() else ""
        default = default or found.get(settings.LANGUAGE_CODE) or links[0][1]
        return [*links, ("x-default", default)]

    @property
    def open_graph(self) -> list[tuple[str, str]]:
        tags = [("og:type", self.type), ("og:title", self.title)]
        if self.description:
            tags.append(("og:description", self.description))
        if self.canonical:
            tags.append(("og:url", self.canonical))
        tags.append(("og:site_name", settings.SITE_NAME))
        if self.image:
            tags.append(("og:image", self.image["url"]))
            if self.image.get("width"):
                tags += [
                    ("og:image:width", str(self.image["width"])),
                    ("og:image:height", str(self.image["height"])),
                ]
            if self.image.get("alt"):
                tags.append(("og:image:alt", self.image["alt"]))
        tags.append(("og:locale", og_locale(self.language)))
        tags += [
            ("og:locale:alternate", og_locale(code))
            for code, _url in self.alternates
            if code != self.language
        ]
        return tags + self.extra_og

    @property
    def twitter_card(self) -> list[tuple[str, str]]:
        """A large picture when there is a wide one, else a summary card."""
        wide = bool(self.image and self.image.get("wide"))
        tags = [
            ("twitter:card", "summary_large_image" if wide else "summary"),
            ("twitter:title", self.title),
        ]
        if self.description:
            tags.append(("twitter:description", self.description))
        if self.image:
            tags.append(("twitter:image", self.image["url"]))
            if self.image.get("alt"):
                tags.append(("twitter:image:alt", self.image["alt"]))
        return tags

    @property
    def json_ld_scripts(self) -> list:
        return [structured_data.json_ld_script(data) for data in self.json_ld]


def context(meta: PageMeta) -> dict:
    """What a view adds to its template context: ``meta`` and ``alternates``."""
    return {"meta": meta, "alternates": meta.alternates}


def social_image(article: Article | None) -> dict | None:
    """The wide crop of ``article``'s lead image, for Open Graph and Twitter cards."""
    if article is None:
        return None
    crop = lead_renditions(article).get(SOCIAL_CROP)
    if crop is None:
        return None
    return {
        "url": crop["url"],
        "width": crop["width"],
        "height": crop["height"],
        "alt": article.lead_image.display_alt_text,
        "wide": True,
    }


def app_icon() -> dict:
    """The app's largest icon: the picture of a page with none of its own (the app page)."""
    size = ICONS[structured_data.LOGO_ICON].size
    url = reverse("pwa:icon-latest", kwargs={"name": structured_data.LOGO_ICON})
    return {"url": absolute(url), "width": size, "height": size, "alt": "", "wide": False}


def first_image(articles) -> dict | None:
    """The social image of the first of ``articles`` that has one."""
    for article in articles:
        if article.lead_image_id is None:
            continue
        image = _social_image_of(article.lead_image_id, get_language())
        if image is not None:
            return image
    return None


@until_purged  # each list page shows one: an image's change purges "image-<id>"
def _social_image_of(image_id: int, language: str) -> dict | None:
    article = Article(lead_image=Image.objects.filter(pk=image_id).first())
    return social_image(article) if article.lead_image is not None else None


def page_title(name: str, page) -> str:
    """A list's name, with the time of its newest article past the first page (each
    title unique: a keyset page does not know its number)."""
    if page.is_first or not page.articles:
        return name
    newest = timezone.localtime(page.articles[0].published_at)
    older = _("Older articles, from %(date)s") % {"date": f"{newest:%Y-%m-%d %H:%M}"}
    return f"{name} · {older}"


def languages_of(articles) -> set[str]:
    """The editions in which any of ``articles`` (a QuerySet) is published: one EXISTS
    each, which stops at the first (a DISTINCT would read the whole list on every page)."""
    published = articles.published()
    return {code for code in edition_codes() if published.filter(language=code).exists()}


# What a list of one object shows: the articles of a column, about a tag, by a person.
LISTED = {
    "column": lambda column: Article.objects.filter(column=column),
    "tag": lambda tag: Article.objects.tagged(tag),
    "person": lambda person: Article.objects.credited_to(person),
}


@until_purged  # a publication purges the lists it joins, as the scheduler does at its time
def list_languages(kind: str, shown) -> frozenset[str]:
    """The editions in which the list of ``shown`` (a column, tag or person: ``kind``)
    has an article (``languages_of``), read once per purge."""
    return frozenset(languages_of(LISTED[kind](shown)))


def collection(
    view: str,
    name: str,
    description: str,
    page,
    *,
    languages=None,
    **kwargs,
) -> PageMeta:
    """A list of articles: a section, column or tag (a person's page adds a profile)."""
    language = get_language()
    # hreflang only between editions that list an article, so that each names the other
    # back; the switcher still leads from an empty list to the others.
    named_back = languages is None or language in languages
    if languages is not None:
        languages = {*languages, language}
    alternates = in_editions(view, languages=languages, **kwargs)
    here = dict(alternates)[language]
    canonical = page.address(here)
    articles = list(page)
    title = page_title(name, page)
    return PageMeta(
        title=title,
        description=description,
        canonical=canonical,
        image=first_image(articles),
        alternates=alternates,
        hreflang_links=named_back and page.is_first,
        json_ld=[
            structured_data.collection_page(title, description, canonical, articles),
            # The edition's front page, then this list.
            structured_data.breadcrumb_list(
                [(settings.SITE_NAME, front_page()), (title, canonical)]
            ),
        ],
    )


def home_meta(shown: list[Article]) -> PageMeta:
    site = settings.SITE_NAME
    alternates = in_editions("reader:home")
    here = dict(alternates)[get_language()]
    description = _("Top stories, analysis and opinion from %(site)s.") % {"site": site}
    return PageMeta(
        title=site,
        description=description,
        canonical=here,
        image=first_image(shown),
        alternates=alternates,
        json_ld=[
            structured_data.website(here),
            structured_data.collection_page(site, description, here, shown),
        ],
    )


def section_meta(section: Section, page) -> PageMeta:
    name = section.display_name
    description = _("The latest %(section)s articles from %(site)s.") % {
        "section": name,
        "site": settings.SITE_NAME,
    }
    return collection("reader:section", name, description, page, slug=section.slug)


def column_meta(column: Column, page) -> PageMeta:
    name = column.display_name
    description = column.display_description or _(
        "Every article of the %(column)s column on %(site)s."
    ) % {
        "column": name,
        "site": settings.SITE_NAME,
    }
    languages = list_languages("column", column)
    return collection(
        "reader:column", name, description, page, languages=languages, slug=column.slug
    )


def tag_meta(tag: Tag, page) -> PageMeta:
    description = _("Articles about %(tag)s on %(site)s.") % {
        "tag": tag.display_name,
        "site": settings.SITE_NAME,
    }
    languages = list_languages("tag", tag)
    return collection(
        "reader:tag", tag.display_name, description, page, languages=languages, slug=tag.slug
    )


def person_meta(person: Person, page) -> PageMeta:
    """An author's page: their bio (or role) as description, a ProfilePage of them."""
    articles_by = _("Articles by %(name)s on %(site)s.") % {
        "name": person.display_name,
        "site": settings.SITE_NAME,
    }
    description = person.display_bio or (
        f"{person.display_role_title}. {articles_by}" if person.role_title else articles_by
    )
    meta = collection(
        "reader:person",
        person.display_name,
        description,
        page,
        languages=list_languages("person", person),
        slug=person.slug,
    )
    meta.type = "profile"
    if person.photo:
        meta.image = {"url": absolute(person.photo.url), "alt": person.display_name}
    # The page is a profile: not a CollectionPage of the same address too.
    meta.json_ld[0] = structured_data.profile_page(person, meta.canonical, meta.title)
    return meta


def article_meta(
    article: Article,
    *,
    authors: list[Person],
    translators: list[Person],
    versions: list[Article],
) -> PageMeta:
    """An article: its standfirst, its lead image, NewsArticle and BreadcrumbList.

    ``versions`` are its published language versions: only those are named.
    """
    alternates = [(version.language, article_url(version)) for version in versions]
    if not alternates:  # seen by its staff before publication (a preview)
        alternates = [(article.language, article_url(article))]
    original = next((v for v in versions if v.translation_of_id is None), None)
    extra = [
        ("article:published_time", iso(article.published_at)),
        ("article:modified_time", iso(structured_data.modified_at(article))),
        ("article:section", article.section.display_name),
    ]
    extra += [("article:tag", tag.display_name) for tag in article.tags.all()]
    extra += [("article:author", absolute(author.get_absolute_url())) for author in authors]
    return PageMeta(
        title=article.headline,
        description=article.standfirst,
        canonical=article_url(article),
        type="article",
        image=social_image(article),
        alternates=alternates,
        x_default=article_url(original) if original is not None else "",
        json_ld=[
            structured_data.news_article(
                article, authors=authors, translators=translators, versions=versions
            ),
            structured_data.breadcrumbs(article),
        ],
        extra_og=extra,
        language=article.language,
    )


def search_meta(query: str, *, searched: bool) -> PageMeta:
    """The search page: results (``searched``: any query given) are not indexed, and
    name the bare search page as canonical."""
    alternates = in_editions("search:search")
    return PageMeta(
        title=f"{query} · {_('Search')}" if query else _("Search"),
        description=_("Search the articles of %(site)s.") % {"site": settings.SITE_NAME},
        canonical=dict(alternates)[get_language()],
        alternates=alternates,
        noindex=searched,
    )


def plain_meta(
    view: str | None, title: str, description: str, *, noindex=False, image=None
) -> PageMeta:
    """A page with no content of its own (the app page, offline, not found)."""
    alternates = in_editions(view) if view else []
    return PageMeta(
        title=title,
        description=description,
        canonical=dict(alternates).get(get_language(), ""),
        alternates=alternates,
        noindex=noindex,
        image=image,
    )
