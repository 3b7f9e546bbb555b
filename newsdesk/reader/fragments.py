"""What sitemaps and feeds show of an article, rendered once and kept as a card is.

A month's sitemap lists some 4,200 articles, each with hreflang alternates between its
translations: built with ``django.contrib.sitemaps`` it cost half a second per render,
nearly all of it per-URL work in Python. So each article's ``<url>`` entry is rendered
once and kept as an ``ArticleCard`` of its own variant (content/cards.py), and a month's
sitemap is one indexed query of the month's articles with their kept entries, joined.

Entries are kept without the scheme and host, which come from the request (as Django's
sitemap views take them): ``ORIGIN`` stands for them, and is replaced once per document.

Kept entries are forgotten by the purges that forget cards: every change to an article
purges the ``article-`` key of each of its versions (caching/keys.py ``article_change``),
so an entry goes when the article, or a translation naming it as an alternate, changes.
An entry naming a version published for a time still to come is never kept: nothing
purges when that time comes.

Feed items are kept the same way, one per article and format (reader/feeds.py writes
them with Django's feed generators, for a placeholder host, ``FEED_ORIGIN``), each with
the surrogate keys of what it shows. Besides what forgets cards (the article, its
authors, lead image and column), a tag's change and a section's (``nav``) forget them
here (``forget``), as items name their tags and section.
"""

import hashlib
import inspect
import sys
from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.db.models import OuterRef, Subquery
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import escape

from newsdesk.content import cards
from newsdesk.content.cards import ArticleCard
from newsdesk.content.models import Article

# Stands for "scheme://host" in a kept entry: no address Django reverses holds a brace.
ORIGIN = "{origin}"
SITEMAP = "sitemap-url"
# Fields an article's address, lastmod and alternates need.
ADDRESS_FIELDS = ("pk", "slug", "language", "status", "published_at", "revised_at",
                  "created_at", "translation_of")  # fmt: skip
# Settings an entry depends on, besides this module's code and the URL patterns.
SETTINGS = ["TIME_ZONE", "LANGUAGES", "LANGUAGE_CODE"]
# What a feed's kept items are written with instead of the request's scheme and host: the
# reserved .invalid domain (RFC 2606) is no address an article links to.
FEED_ORIGIN = "http://origin.invalid"
FEED_HOST = "origin.invalid"
FEED_VARIANTS = ("feed-rss", "feed-atom", "feed-json")
# Settings a feed item depends on, besides the feed code and the URL patterns.
FEED_SETTINGS = [*SETTINGS, "FEED_FULL_TEXT", "PUBLIC_URL", "MEDIA_URL", "STATIC_URL"]


def last_change(article: Article):
    """When readers last saw the article change: its publication, or a revision since."""
    return max(article.published_at, article.revised_at or article.published_at)


@cache
def version() -> str:
    """A digest of what entries are made of: this code, the URL patterns and settings."""
    from newsdesk.reader import urls

    parts = [inspect.getsource(sys.modules[__name__]), inspect.getsource(urls)]
    parts += [repr(getattr(settings, name, None)) for name in SETTINGS]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


@cache
def feed_version() -> str:
    """A digest of what feed items are made of: the feed code, renditions, URL patterns
    and the settings they read."""
    from newsdesk.content import renditions
    from newsdesk.reader import feeds, urls

    modules = [sys.modules[__name__], feeds, renditions, urls]
    parts = [inspect.getsource(module) for module in modules]
    parts += [repr(getattr(settings, name, None)) for name in FEED_SETTINGS]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


@receiver(setting_changed)
def forget_versions(**kwargs) -> None:
    version.cache_clear()
    feed_version.cache_clear()


def pack(keys: set[str], text: str) -> str:
    """A kept feed item: the surrogate keys of what it shows on its first line, then the
    item. Whatever changes what the keys name forgets the item, so they stay its keys."""
    return " ".join(sorted(keys)) + "\n" + text


def unpack(kept: str) -> tuple[set[str], str]:
    """The keys and the item of a kept feed item (``pack``)."""
    line, _, text = kept.partition("\n")
    return set(line.split()), text


class OriginPlaceholder(HttpRequest):
    """A request for ``FEED_ORIGIN``: feed items are written with it, then joined with
    the real scheme and host in its place."""

    def get_host(self) -> str:
        return FEED_HOST

    def _get_scheme(self) -> str:
        return "http"


def forget(keys) -> None:
    """Forget the feed items showing what ``keys`` name besides what cards show (cards
    are forgotten by content/cards.py): a tag's name, or a section's (``nav``).

    Called by caching/purge.py with the lock held."""
    feed_items = ArticleCard.objects.filter(variant__in=FEED_VARIANTS)
    if "nav" in keys:
        feed_items.delete()
        return
    tags = [int(key[4:]) for key in keys if key.startswith("tag-") and key[4:].isdigit()]
    if tags:
        tagged = Article.tags.through.objects.filter(tag_id__in=tags).values("article_id")
        feed_items.filter(article_id__in=tagged).delete()


def sitemap_entry(article: Article, versions: list[Article]) -> str:
    """The ``<url>`` of ``article`` in a sitemap, ``versions`` its story's published ones
    (itself included), as Django's sitemap template writes it; ``ORIGIN`` for the host."""
    lastmod = timezone.localtime(last_change(article))
    parts = [f"<url><loc>{ORIGIN}{escape(article.get_absolute_url())}</loc>",
             f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>"]  # fmt: skip
    if len(versions) > 1:
        parts += [
            f'<xhtml:link rel="alternate" hreflang="{escape(version.language)}" '
            f'href="{ORIGIN}{escape(version.get_absolute_url())}"/>'
            # The original first, then its translations by language, as pages list them.
            for version in sorted(
                versions, key=lambda v: (v.translation_of_id is not None, v.language)
            )
        ]
    parts.append("</url>")
    return "".join(parts)


def month_entries(start, end, page: slice, *, token=None) -> list[str]:
    """The ``<url>`` entries of the articles published from ``start`` to ``end``, in order
    of publication, those of ``page`` (a slice of that order): those kept, in one query,
    and the rest rendered now and kept when ``token`` (the page store's, taken before
    anything was read) says no purge came."""
    current = version()
    kept = ArticleCard.objects.filter(article=OuterRef("pk"), variant=SITEMAP, version=current)
    rows = list(
        Article.objects.published()
        .filter(published_at__gte=start, published_at__lt=end)
        .order_by("published_at", "pk")
        .annotate(entry=Subquery(kept.values("html")[:1]))
        .values_list("pk", "entry")[page]
    )
    missing = [pk for pk, entry in rows if entry is None]
    made = render_entries(missing) if missing else {}
    keepable = {(pk, SITEMAP): html for pk, (html, lasting) in made.items() if lasting}
    if keepable and token is not None:
        cards.keep(keepable, current, token)
    return [entry if entry is not None else made[pk][0] for pk, entry in rows]


def render_entries(ids: list[int]) -> dict[int, tuple[str, bool]]:
    """The entries of the articles ``ids``, each with whether it may be kept."""
    now = timezone.now()
    articles = []
    for chunk in chunks(ids):
        articles += Article.objects.filter(pk__in=chunk).only(*ADDRESS_FIELDS).order_by()
    stories = {article.translation_of_id or article.pk for article in articles}
    # Every version with public status: published ones are alternates, those published
    # for a time to come make the entry too short-lived to keep.
    public = Article.objects.with_public_status().only(*ADDRESS_FIELDS).order_by()
    versions: dict[int, list[Article]] = {}
    for chunk in chunks(sorted(stories)):
        # Two indexed queries: an OR of the two makes SQLite scan the table.
        for found in (*public.filter(pk__in=chunk), *public.filter(translation_of__in=chunk)):
            versions.setdefault(found.translation_of_id or found.pk, []).append(found)
    made = {}
    for article in articles:
        story = versions.get(article.translation_of_id or article.pk, [article])
        published = [version for version in story if version.published_at <= now]
        lasting = len(published) == len(story)
        made[article.pk] = (sitemap_entry(article, published), lasting)
    return made


def chunks(ids: list[int], size: int = 500):
    """``ids`` in slices small enough for any database's limit on query parameters."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
