"""Feeds of each edition: RSS 2.0, Atom and JSON Feed 1.1 of its latest articles.

There is a feed of the whole edition and one of each section, column and person in it,
each in the three formats. They are built with Django's syndication framework; JSON Feed,
which Django lacks, is one more feed generator, so the three formats carry the same items,
ids and dates. Items follow ``Article.objects.published()`` (through ``views.edition``),
like every reader page, and each response carries the surrogate keys of the list it shows
and of its items, so publishing, editing or unpublishing an article purges its feeds.

- Ids are tag URIs naming the article's pk (``tag:example.org,2026-11-05:article/12``):
  an edit of the headline or slug changes the link, never the id.
- Links are absolute, built from the request's host as the canonical links of the pages
  are; links and images in the body are made absolute too.
- The full text goes in ``content:encoded`` / Atom ``content`` / ``content_html`` unless
  the FEED_FULL_TEXT setting is false; the standfirst is always the summary.
- The lead image is an enclosure (with ``media:content`` giving its size in RSS).
"""

import copy
import io
import json
from dataclasses import dataclass, replace
from functools import cached_property
from html import escape
from urllib.parse import urlsplit

import lxml.html
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.translation import get_language, gettext
from django.utils.xmlutils import SimplerXMLGenerator

from newsdesk.caching import keys
from newsdesk.caching.headers import cache_publicly
from newsdesk.content import cards
from newsdesk.content.cards import ArticleCard
from newsdesk.content.models import Article, Byline, Column, Person, Section
from newsdesk.content.renditions import renditions
from newsdesk.reader import fragments
from newsdesk.reader.fragments import last_change
from newsdesk.reader.views import edition

ITEMS = 30
# The rendition sent as the lead image: a JPEG 1280 px wide at most, of known size.
LEAD_RENDITION = "w1280"

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
MEDIA_NS = "http://search.yahoo.com/mrss/"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def tag_uri(article: Article) -> str:
    """The article's feed id: its slug and date may change on edit, its pk never does.

    The host of PUBLIC_URL names the ids, whatever host a request came to; changing
    PUBLIC_URL makes every item new to feed readers.
    """
    host = urlsplit(settings.PUBLIC_URL).hostname
    return f"tag:{host},{article.created_at:%Y-%m-%d}:article/{article.pk}"


def absolute_links(html: str, base: str) -> str:
    """``html`` with its relative links and image addresses resolved against ``base``."""
    if not html.strip():
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    # A <picture> becomes its <img>: feed readers show one image, and lxml neither knows
    # <source> has no end tag nor resolves srcset.
    for picture in list(root.iter("picture")):
        img = next(picture.iter("img"))
        for attribute in ("srcset", "sizes", "loading", "decoding", "fetchpriority"):
            img.attrib.pop(attribute, None)
        img.tail = picture.tail
        picture.getparent().replace(picture, img)
    root.make_links_absolute(base, resolve_base_href=False)
    text = escape(root.text, quote=False) if root.text else ""
    return text + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


@dataclass
class Entry:
    """An article in a feed, with the request its absolute addresses are built from."""

    article: Article
    request: HttpRequest

    @property
    def link(self) -> str:
        return self.request.build_absolute_uri(self.article.get_absolute_url())

    def authors(self) -> list[dict]:
        return [
            {
                "name": person.localized("name", self.article.language),
                "url": self.request.build_absolute_uri(person.get_absolute_url()),
            }
            for person in self.article.ordered_authors()
        ]

    def content_html(self) -> str | None:
        """The full text, unless FEED_FULL_TEXT is off."""
        if not settings.FEED_FULL_TEXT:
            return None
        return absolute_links(self.article.body_html, self.link)

    def image(self) -> dict | None:
        image, language = self.article.lead_image, self.article.language
        if image is None:
            return None
        found = {r["name"]: r for r in renditions(image, self.request)}.get(LEAD_RENDITION)
        if found is None:  # no file yet (an imported image waiting for its upload)
            return None
        return {
            "url": found["url"],
            "type": "image/jpeg",
            "width": found["width"],
            "height": found["height"],
            "caption": image.localized("caption", language)
            or image.localized("alt_text", language),
            "credit": image.localized("credit", language),
        }


@dataclass
class Listing:
    """The articles a feed follows: an edition, or a section, column or person in it."""

    request: HttpRequest
    title: str
    description: str
    page: str  # the address of the page showing the same list
    articles: QuerySet  # of Article, unordered and unlimited
    list_key: str
    shown: tuple[str, ...] = ()  # keys of what the feed describes besides its items

    @cached_property
    def latest(self) -> list[Article]:
        articles = (
            self.articles.select_related("section", "column", "lead_image")
            .prefetch_related(
                Prefetch("bylines", queryset=Byline.objects.select_related("person")), "tags"
            )
            .defer("body")
            .latest_first()
        )
        if not settings.FEED_FULL_TEXT:
            articles = articles.defer("body_html")
        return list(articles[:ITEMS])

    def entries(self) -> list[Entry]:
        return [Entry(article, self.request) for article in self.latest]

    def kept_items(self, variant: str) -> list[tuple]:
        """The latest articles as (pk, published_at, revised_at, kept item of ``variant``
        or None), newest first: one indexed query, no article loaded."""
        kept = ArticleCard.objects.filter(
            article=OuterRef("pk"), variant=variant, version=fragments.feed_version()
        )
        return list(
            self.articles.latest_first()
            .annotate(item=Subquery(kept.values("html")[:1]))
            .values_list("pk", "published_at", "revised_at", "item")[:ITEMS]
        )

    def surrogate_keys(self) -> set[str]:
        return {keys.NAV, self.list_key, *self.shown}.union(
            *(item_keys(article) for article in self.latest)
        )


def item_keys(article: Article) -> set[str]:
    """Keys of what an article's feed item shows: its card's, and its tags."""
    return keys.cards([article]) | {f"tag-{tag.pk}" for tag in article.tags.all()}


def find_listing(request, kind: str, slug: str | None = None) -> Listing:
    """The listing of ``kind`` ("edition", "section", "column", "person") with ``slug``;
    404 when there is no such section, or no such column or person readers may know of."""
    site = settings.SITE_NAME
    articles = edition()
    if kind == "section":
        section = get_object_or_404(Section, slug=slug)
        name = section.display_name
        return Listing(
            request,
            title=f"{name} · {site}",
            description=gettext("The latest articles in %(section)s from %(site)s.")
            % {"section": name, "site": site},
            page=section.get_absolute_url(),
            articles=articles.filter(section=section),
            list_key=f"section-{section.pk}-list",
        )
    if kind == "column":
        column = get_object_or_404(Column.objects.public(), slug=slug)
        name = column.display_name
        return Listing(
            request,
            title=f"{name} · {site}",
            description=column.display_description
            or gettext("The latest articles of the column %(column)s from %(site)s.")
            % {"column": name, "site": site},
            page=column.get_absolute_url(),
            articles=articles.filter(column=column),
            list_key=f"column-{column.pk}-list",
            shown=(f"column-{column.pk}",),
        )
    if kind == "person":
        person = get_object_or_404(Person.objects.public(), slug=slug)
        # The person page's list: what they wrote or translated.
        return Listing(
            request,
            title=f"{person.name} · {site}",
            description=person.bio
            or gettext("The latest articles by %(person)s from %(site)s.")
            % {"person": person.name, "site": site},
            page=person.get_absolute_url(),
            articles=articles.credited_to(person),  # as the person page lists them
            list_key=f"person-{person.pk}-list",
            shown=(f"person-{person.pk}",),
        )
    return Listing(
        request,
        title=site,
        description=gettext("The latest articles from %(site)s.") % {"site": site},
        page=reverse("reader:home"),
        articles=articles,
        list_key=keys.home_list(get_language()),
    )


class RssGenerator(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with the full text, every author and the lead image's size."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": CONTENT_NS,
            "xmlns:dc": DC_NS,
            "xmlns:media": MEDIA_NS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.addQuickElement("dc:creator", author["name"])
        if item["content_html"] is not None:
            handler.addQuickElement("content:encoded", item["content_html"])
        image = item["image"]
        if image is not None:
            # RSS wants a length; a rendition's is unknown until it is first drawn, and
            # the RSS Advisory Board's profile says 0 then.
            attrs = {"url": image["url"], "length": "0", "type": image["type"]}
            handler.addQuickElement("enclosure", "", attrs)
            handler.startElement(
                "media:content",
                {
                    "url": image["url"],
                    "medium": "image",
                    "type": image["type"],
                    "width": str(image["width"]),
                    "height": str(image["height"]),
                },
            )
            if image["caption"]:
                handler.addQuickElement("media:description", image["caption"], {"type": "plain"})
            if image["credit"]:
                handler.addQuickElement("media:credit", image["credit"])
            handler.endElement("media:content")


class AtomGenerator(feedgenerator.Atom1Feed):
    """Atom with the full text, every author and the lead image as an enclosure link."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", author["name"])
            handler.addQuickElement("uri", author["url"])
            handler.endElement("author")
        if item["content_html"] is not None:
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        image = item["image"]
        if image is not None:
            attrs = {"rel": "enclosure", "href": image["url"], "type": image["type"]}
            handler.addQuickElement("link", "", attrs)


class JsonFeedGenerator(feedgenerator.SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        outfile.write(json.dumps(self.document(), ensure_ascii=False))

    def document(self) -> dict:
        feed = self.feed
        document = {
            "version": JSON_FEED_VERSION,
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "icon": feed["icon"],
            "favicon": feed["favicon"],
            "language": feed["language"],
            "authors": [{"name": feed["author_name"]}],
            "items": [self.item(item) for item in self.items],
        }
        return {name: value for name, value in document.items() if value is not None}

    def item(self, item) -> dict:
        found = {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "summary": item["summary_text"] or None,
            "image": item["image"]["url"] if item["image"] else None,
            "date_published": feedgenerator.rfc3339_date(item["pubdate"]),
            "date_modified": feedgenerator.rfc3339_date(item["updateddate"]),
            "authors": item["authors"] or None,
            "tags": list(item["categories"]) or None,
        }
        if item["content_html"] is not None:
            found["content_html"] = item["content_html"]
        else:
            found["content_text"] = item["summary_text"]
        return {name: value for name, value in found.items() if value is not None}


class ArticleFeed(Feed):
    """The RSS 2.0 feed of a listing; the Atom and JSON feeds change only the generator."""

    feed_type = RssGenerator
    item_guid_is_permalink = False

    def __call__(self, request, kind: str, slug: str | None = None):
        """The feed of a listing: its channel, and each item as kept (fragments.py) or
        rendered now and kept, joined."""
        listing = find_listing(request, kind, slug)
        variant = FEED_VARIANTS[self.feed_type]
        rows = listing.kept_items(variant)
        missing = [pk for pk, *_, item in rows if item is None]
        made = self.render_items(listing, missing) if missing else {}
        if made and (token := getattr(request, "page_store_token", None)) is not None:
            made_items = {(pk, variant): item for pk, item in made.items()}
            cards.keep(made_items, fragments.feed_version(), token)
        shown = [fragments.unpack(item or made[pk]) for pk, *_, item in rows]
        # The channel, written with no items but dated by them as Django dates it: by the
        # latest item's update (never before its publication), or now when there is none.
        shell = copy.copy(listing)
        shell.__dict__["latest"] = []
        generator = self.get_feed(shell, request)
        changes = [max(published, revised or published) for _, published, revised, _ in rows]
        latest = timezone.localtime(max(changes)) if changes else timezone.now()
        generator.latest_post_date = lambda: latest
        channel = io.StringIO()
        generator.write(channel, "utf-8")
        origin = f"{request.scheme}://{request.get_host()}"
        items = [item for _, item in shown]
        body = join_items(self.feed_type, channel.getvalue(), items).replace(
            fragments.FEED_ORIGIN, origin
        )
        response = HttpResponse(body, content_type=generator.content_type)
        shown_keys = {keys.NAV, listing.list_key, *listing.shown}.union(*(k for k, _ in shown))
        return cache_publicly(response, shown_keys)

    def render_items(self, listing, ids: list[int]) -> dict[int, str]:
        """The items of the articles ``ids``, written as this feed writes them, with
        ``fragments.FEED_ORIGIN`` for the scheme and host, each packed with its keys."""
        placeholder = fragments.OriginPlaceholder()
        some = replace(listing, request=placeholder, articles=Article.objects.filter(pk__in=ids))
        generator = self.get_feed(some, placeholder)
        made = {}
        for article, item in zip(some.latest, generator.items, strict=True):
            made[article.pk] = fragments.pack(item_keys(article), write_item(generator, item))
        return made

    def get_object(self, request, listing):
        return listing

    def title(self, listing):
        return listing.title

    def description(self, listing):
        return listing.description

    def link(self, listing):
        return listing.page

    def author_name(self):
        return settings.PUBLISHER_NAME

    def feed_copyright(self):
        return f"© {settings.PUBLISHER_NAME}"

    def feed_extra_kwargs(self, listing):
        # The app's icons, for JSON Feed's icon (512 px) and favicon.
        absolute = listing.request.build_absolute_uri
        return {
            "icon": absolute(reverse("pwa:icon-latest", args=["icon-512"])),
            "favicon": absolute(reverse("pwa:icon-latest", args=["icon-192"])),
        }

    def items(self, listing):
        return listing.entries()

    def item_title(self, entry):
        return entry.article.headline

    def item_description(self, entry):
        # RSS descriptions and Atom summaries here are HTML; the standfirst is text.
        return escape(entry.article.standfirst) if entry.article.standfirst else None

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return tag_uri(entry.article)

    def item_pubdate(self, entry):
        return timezone.localtime(entry.article.published_at)

    def item_updateddate(self, entry):
        return timezone.localtime(last_change(entry.article))

    def item_categories(self, entry):
        article = entry.article
        tags = (tag.localized("name", article.language) for tag in article.tags.all())
        return [article.section.display_name, *tags]

    def item_extra_kwargs(self, entry):
        return {
            "authors": entry.authors(),
            "content_html": entry.content_html(),
            "summary_text": entry.article.standfirst,
            "image": entry.image(),
        }


class AtomFeed(ArticleFeed):
    feed_type = AtomGenerator


class JsonFeed(ArticleFeed):
    feed_type = JsonFeedGenerator


# The variant each format's items are kept as (content/cards.py ArticleCard).
FEED_VARIANTS = {
    RssGenerator: "feed-rss",
    AtomGenerator: "feed-atom",
    JsonFeedGenerator: "feed-json",
}


def write_item(generator, item: dict) -> str:
    """One item as ``generator`` writes it in a whole feed."""
    if isinstance(generator, JsonFeedGenerator):
        return json.dumps(generator.item(item), ensure_ascii=False)
    out = io.StringIO()
    handler = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
    generator.items = [item]
    generator.write_items(handler)
    return out.getvalue()


def join_items(feed_type, channel: str, items: list[str]) -> str:
    """The feed ``channel`` (written with no items) with ``items`` in their place."""
    if feed_type is JsonFeedGenerator:
        head, empty, tail = channel.rpartition('"items": []')
        return head + '"items": [' + ", ".join(items) + "]" + tail
    end = "</channel>" if feed_type is RssGenerator else "</feed>"
    head, end, tail = channel.rpartition(end)
    return head + "".join(items) + end + tail


FEEDS = {"rss": ArticleFeed(), "atom": AtomFeed(), "json": JsonFeed()}
