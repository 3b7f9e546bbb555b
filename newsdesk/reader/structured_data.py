"""What an article page tells machines about itself: schema.org JSON-LD (NewsArticle and
BreadcrumbList), Open Graph and Twitter card tags, the canonical address and hreflang links.

Plain functions building plain data; the template ``reader/includes/article_meta.html``
writes it out. Every address is absolute and built from settings.PUBLIC_URL, never from
the request's Host header: a page stored by a cache or a proxy must not carry a host an
attacker chose. The caller passes what the view has already loaded (authors, translators,
published versions), so none of this makes a database query.
"""

import json

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from newsdesk.content.models import Article, Person
from newsdesk.content.renditions import renditions
from newsdesk.languages import bcp47, og_locale
from newsdesk.reader.icons import ICONS

# Google shows at most this many characters of a NewsArticle's headline.
HEADLINE_MAX = 110
# The crops Google asks for, each at least 1200 px wide when the original allows.
JSON_LD_CROPS = ["16x9", "4x3", "1x1"]
SOCIAL_CROP = "16x9"
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
    data = {"@type": "Person", "name": someone.name, "url": absolute(someone.get_absolute_url())}
    if with_role and someone.role_title:
        data["jobTitle"] = someone.role_title
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


def version_reference(version: Article) -> dict:
    """Another language version of the story, as a link between NewsArticle nodes."""
    return {
        "@type": "NewsArticle",
        "@id": article_id(version),
        "url": article_url(version),
        "headline": Truncator(version.headline).chars(HEADLINE_MAX),
        "inLanguage": bcp47(version.language),
    }


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
    crops = lead_renditions(article)
    images = [
        {
            "@type": "ImageObject",
            "url": crop["url"],
            "width": crop["width"],
            "height": crop["height"],
        }
        for crop in (crops.get(name) for name in JSON_LD_CROPS)
        if crop is not None
    ]
    if images:
        data["image"] = images
    data["datePublished"] = iso(article.published_at)
    data["dateModified"] = iso(modified_at(article))
    if authors:
        data["author"] = [person(author) for author in authors]
    data["publisher"] = publisher()
    data["inLanguage"] = bcp47(article.language)
    data["articleSection"] = article.section.display_name
    tags = [tag.name for tag in article.tags.all()]
    if tags:
        data["keywords"] = tags
    data["isAccessibleForFree"] = True
    if translators:
        data["translator"] = [person(someone, with_role=False) for someone in translators]
    others = [version for version in versions if version.pk != article.pk]
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
    trail = [
        (settings.SITE_NAME, home),
        (section_name, section),
        (Truncator(article.headline).chars(HEADLINE_MAX), article_url(article)),
    ]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def open_graph(article: Article, *, authors: list[Person], versions: list[Article]) -> list:
    """Open Graph tags as (property, content) pairs, in the order they are written."""
    tags = [
        ("og:type", "article"),
        ("og:title", article.headline),
    ]
    if article.standfirst:
        tags.append(("og:description", article.standfirst))
    tags += [("og:url", article_url(article)), ("og:site_name", settings.SITE_NAME)]
    crop = lead_renditions(article).get(SOCIAL_CROP)
    if crop is not None:
        tags += [
            ("og:image", crop["url"]),
            ("og:image:width", str(crop["width"])),
            ("og:image:height", str(crop["height"])),
            ("og:image:alt", article.lead_image.alt_text),
        ]
    tags.append(("og:locale", og_locale(article.language)))
    tags += [
        ("og:locale:alternate", og_locale(version.language))
        for version in versions
        if version.language != article.language
    ]
    tags += [
        ("article:published_time", iso(article.published_at)),
        ("article:modified_time", iso(modified_at(article))),
        ("article:section", article.section.display_name),
    ]
    tags += [("article:tag", tag.name) for tag in article.tags.all()]
    tags += [("article:author", absolute(author.get_absolute_url())) for author in authors]
    return tags


def twitter_card(article: Article) -> list:
    """Twitter (X) card tags as (name, content) pairs: a large picture when there is one."""
    crop = lead_renditions(article).get(SOCIAL_CROP)
    tags = [
        ("twitter:card", "summary_large_image" if crop is not None else "summary"),
        ("twitter:title", article.headline),
    ]
    if article.standfirst:
        tags.append(("twitter:description", article.standfirst))
    if crop is not None:
        tags += [
            ("twitter:image", crop["url"]),
            ("twitter:image:alt", article.lead_image.alt_text),
        ]
    return tags


def alternates(versions: list[Article]) -> list[tuple[str, str]]:
    """hreflang links between the published versions, x-default on the original.

    Nothing for a story in one language: a page needs no alternate of itself.
    """
    if len(versions) < 2:
        return []
    links = [(version.language, article_url(version)) for version in versions]
    original = next((v for v in versions if v.translation_of_id is None), None)
    if original is not None:
        links.append(("x-default", article_url(original)))
    return links


def page_meta(
    article: Article,
    *,
    authors: list[Person],
    translators: list[Person],
    versions: list[Article],
) -> dict:
    """The template context of an article page's machine-readable head."""
    return {
        "canonical_url": article_url(article),
        "alternates": alternates(versions),
        "json_ld": [
            json_ld_script(
                news_article(article, authors=authors, translators=translators, versions=versions)
            ),
            json_ld_script(breadcrumbs(article)),
        ],
        "open_graph": open_graph(article, authors=authors, versions=versions),
        "twitter_card": twitter_card(article),
    }
