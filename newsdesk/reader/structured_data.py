"""What a page tells machines in schema.org JSON-LD: NewsArticle and BreadcrumbList on an
article, CollectionPage with an ItemList on the lists, ProfilePage with a Person on an
author's page, WebSite with a SearchAction on the front page.

Plain functions building plain data; ``reader/page_meta.py`` puts it in a page's head.
Every address is absolute and built from settings.PUBLIC_URL, never from the request's
Host header: a page stored by a cache or a proxy must not carry a host an attacker chose.
The caller passes what the view has already loaded (authors, translators, published
versions), so little of this makes a database query.
"""

import json

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from newsdesk.content.models import Article, Person
from newsdesk.content.renditions import renditions
from newsdesk.languages import bcp47
from newsdesk.reader.icons import ICONS

# Google shows at most this many characters of a NewsArticle's headline.
HEADLINE_MAX = 110
# The crops Google asks for, each at least 1200 px wide when the original allows.
JSON_LD_CROPS = ["16x9", "4x3", "1x1"]
# No wide logo exists: the app's largest square icon stands in (Google accepts a square one).
LOGO_ICON = "icon-512"
# "</script>" or "<!--" in a headline must not end or change the script element: with
# <, > and & written as JSON escapes, nothing in the data reads as markup.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute(path: str) -> str:
    """``path`` on the public site: settings.PUBLIC_URL, not the request's host."""
    return f"{settings.PUBLIC_URL}{path}"


def article_url(article: Article) -> str:
    return absolute(article.get_absolute_url())


def article_id(article: Article) -> str:
    """The article's node id; the page at its address is another node (the WebPage)."""
    return f"{article_url(article)}#article"


def iso(moment) -> str:
    """ISO 8601 with the site's offset: 2026-06-06T09:30:00+00:00."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def modified_at(article: Article):
    return article.revised_at or article.published_at


def lead_renditions(article: Article) -> dict[str, dict]:
    """The lead image's renditions by name; empty without a lead image or its file."""
    if article.lead_image is None:
        return {}
    return {found["name"]: found for found in renditions(article.lead_image)}


def json_ld_script(data: dict) -> SafeString:
    """``data`` as a <script type="application/ld+json"> element, safe in any HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(
        f'<script type="application/ld+json">{text.translate(SCRIPT_ESCAPES)}</script>'
    )


def person(someone: Person, with_role: bool = True) -> dict:
    data = {
        "@type": "Person",
        "name": someone.display_name,
        "url": absolute(someone.get_absolute_url()),
    }
    if with_role and someone.role_title:
        data["jobTitle"] = someone.display_role_title
    return data


def publisher() -> dict:
    size = ICONS[LOGO_ICON].size
    return {
        "@type": "Organization",
        "name": settings.PUBLISHER_NAME,
        "url": absolute("/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(reverse("pwa:icon-latest", kwargs={"name": LOGO_ICON})),
            "width": size,
            "height": size,
        },
    }


def images(article: Article) -> list[dict]:
    """The lead image in the crops Google asks for; empty without one."""
    crops = lead_renditions(article)
    return [
        {
            "@type": "ImageObject",
            "url": crop["url"],
            "width": crop["width"],
            "height": crop["height"],
        }
        for crop in (crops.get(name) for name in JSON_LD_CROPS)
        if crop is not None
    ]


def version_reference(version: Article) -> dict:
    """Another language version of the story: a whole NewsArticle of its own, as
    checkers ask of every NewsArticle they meet."""
    data = {
        "@type": "NewsArticle",
        "@id": article_id(version),
        "url": article_url(version),
        "mainEntityOfPage": article_url(version),
        "headline": Truncator(version.headline).chars(HEADLINE_MAX),
        "name": version.headline,
        "inLanguage": bcp47(version.language),
    }
    found = images(version)
    if found:
        data["image"] = found
    data["datePublished"] = iso(version.published_at)
    data["dateModified"] = iso(modified_at(version))
    authors = version.ordered_authors()
    if authors:
        data["author"] = [person(author) for author in authors]
    data["publisher"] = publisher()
    return data


def news_article(
    article: Article,
    *,
    authors: list[Person],
    translators: list[Person],
    versions: list[Article],
) -> dict:
    """The schema.org NewsArticle of a published article.

    ``versions`` are the story's published language versions (``published_versions()``):
    only those are linked, so a draft translation or a withdrawn original stays unnamed.
    """
    url = article_url(article)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": article_id(article),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": Truncator(article.headline).chars(HEADLINE_MAX),
    }
    if article.standfirst:
        data["description"] = article.standfirst
    found = images(article)
    if found:
        data["image"] = found
    data["datePublished"] = iso(article.published_at)
    data["dateModified"] = iso(modified_at(article))
    if authors:
        data["author"] = [person(author) for author in authors]
    data["publisher"] = publisher()
    data["inLanguage"] = bcp47(article.language)
    data["articleSection"] = article.section.display_name
    tags = [tag.display_name for tag in article.tags.all()]
    if tags:
        data["keywords"] = tags
    data["isAccessibleForFree"] = True
    if translators:
        data["translator"] = [person(someone, with_role=False) for someone in translators]
    others = [version for version in versions if version.pk != article.pk]
    prefetch_related_objects(others, "lead_image", "bylines__person")
    if article.translation_of_id is not None:
        original = next((v for v in others if v.pk == article.translation_of_id), None)
        if original is not None:
            data["translationOfWork"] = version_reference(original)
    else:
        translations = [v for v in others if v.translation_of_id == article.pk]
        if translations:
            data["workTranslation"] = [version_reference(v) for v in translations]
    return data


def breadcrumbs(article: Article) -> dict:
    """Home of the article's edition → its section → the article."""
    with translation.override(article.language):
        home = absolute(reverse("reader:home"))
        section = absolute(article.section.get_absolute_url())
        section_name = article.section.display_name
    return breadcrumb_list(
        [
            (settings.SITE_NAME, home),
            (section_name, section),
            (Truncator(article.headline).chars(HEADLINE_MAX), article_url(article)),
        ]
    )


def breadcrumb_list(trail: list[tuple[str, str]]) -> dict:
    """A BreadcrumbList of (name, absolute address) pairs, the page itself last."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def website(home: str) -> dict:
    """The edition's WebSite, with the search box Google may show under its result."""
    search = absolute(reverse("search:search"))
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": f"{home}#website",
        "url": home,
        "name": settings.SITE_NAME,
        "inLanguage": bcp47(translation.get_language()),
        "publisher": publisher(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }


def collection_page(name: str, description: str, url: str, articles) -> dict:
    """A list page: a CollectionPage whose main entity is the ItemList of its articles
    (positions count from 1 on each page: a keyset page does not know how many precede)."""
    data = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "@id": url,
        "url": url,
        "name": name,
        "inLanguage": bcp47(translation.get_language()),
    }
    if description:
        data["description"] = description
    data["mainEntity"] = {
        "@type": "ItemList",
        "itemListOrder": "https://schema.org/ItemListOrderDescending",
        "numberOfItems": len(articles),
        "itemListElement": [
            {"@type": "ListItem", "position": position, "url": article_url(article)}
            for position, article in enumerate(articles, start=1)
        ],
    }
    return data


def profile_page(someone: Person, url: str, name: str) -> dict:
    """An author's page: a ProfilePage about the Person."""
    about = person(someone)
    if someone.bio:
        about["description"] = someone.display_bio
    if someone.photo:
        about["image"] = absolute(someone.photo.url)
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "@id": url,
        "url": url,
        "name": name,
        "inLanguage": bcp47(translation.get_language()),
        "mainEntity": about,
    }
