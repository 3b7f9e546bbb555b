"""Article cards rendered once and kept: a list page joins stored HTML.

A card (an article in a list: headline, kicker, picture, time, authors) costs a template
render, a dozen URL reversals and a rendition lookup per picture; a list page shows twenty
to forty of them. So each card is rendered once per variant and kept in ``ArticleCard``
until what it shows changes; a list page then loads its cards in one query and joins them.

What a card shows is what the surrogate keys of a card name (caching/keys.py ``cards``):
the article, its column, its lead image and its authors. A purge of any of those keys
forgets the cards concerned (``forget``, called by caching/purge.py before the page store
is purged); the next page that shows one renders it again and keeps it. A card is also
made again when ``version()`` changes: the templates it is made of, the picture tag and
the settings they read (a new release, another rendition size).

An article's page is kept the same way, less its aside (Related and Hot Recommended,
which change on their own and are joined from cards): ``stored_page`` and ``keep_page``.
It shows more than a card (tags, translators, body pictures, the other language versions
whole), so its row keeps the page's surrogate keys and ``forget`` reaches it through each;
the site's navigation ("nav") or "all" forgets every one. Its version (``page_version``)
adds every template, catalog, static file name and page module of the reader.

Never a stale card: a page keeps the cards it had to render only when no purge happened
since its request began (the page store's token, taken before anything was read), checked
and written under the lock a purge holds while it forgets cards. So a card rendered from
rows read before a change committed is either refused or forgotten by that change's purge.
"""

import hashlib
import inspect
import logging
import zlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed
from django.db import DatabaseError, models
from django.dispatch import receiver
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from newsdesk.locks import exclusive

log = logging.getLogger(__name__)

CARD = "reader/includes/article_card.html"
TEASER = "reader/includes/teaser.html"
# Each variant: its template and what it is rendered with (article_card.html's doc).
VARIANTS = {
    "lead": (CARD, {"variant": "lead"}),
    "tier": (CARD, {"variant": "tier"}),
    "compact": (CARD, {"variant": "compact"}),
    "list": (CARD, {}),
    "list-eager": (CARD, {"eager": True}),  # the first of a list page: its picture eager
    "teaser": (TEASER, {}),
}
# Templates included by the cards' own.
INCLUDED = ["reader/includes/dateline.html"]
# Settings a card's HTML depends on, besides the templates.
SETTINGS = ["STATIC_URL", "MEDIA_URL", "TIME_ZONE", "LANGUAGES"]
LOCK = "article-cards"


class ArticleCard(models.Model):
    """An article's card in one variant, as HTML (see the module)."""

    article = models.ForeignKey("content.Article", on_delete=models.CASCADE, related_name="+")
    variant = models.CharField(max_length=16)
    version = models.CharField(max_length=16)
    html = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "variant"], name="one_card_per_variant")
        ]

    def __str__(self) -> str:
        return f"{self.variant} card of article {self.article_id}"


class ArticlePage(models.Model):
    """An article's page less its aside, kept (see the module): compressed, as a page
    weighs about as much as its body, and its surrogate keys, space separated."""

    article = models.OneToOneField(
        "content.Article", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.CharField(max_length=16)
    keys = models.TextField()
    html = models.BinaryField()

    def __str__(self) -> str:
        return f"page of article {self.article_id}"


@cache
def version() -> str:
    """A digest of what cards are made of: their templates, the code of the picture tag and
    of renditions, and the settings they read."""
    from newsdesk.content import renditions
    from newsdesk.content.templatetags import pictures

    templates = sorted({name for name, _ in VARIANTS.values()} | set(INCLUDED))
    parts = [get_template(name).template.source for name in templates]
    parts += [inspect.getsource(module) for module in (pictures, renditions)]
    parts += [repr(getattr(settings, name, None)) for name in SETTINGS]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def page_version() -> str:
    """What an article's stored page is made of: the cards', and every template, message
    catalog and reader module, the static files' names and the year (the footer's)."""
    return _page_version(timezone.localdate().year)


@cache
def _page_version(year: int) -> str:
    from django.contrib.staticfiles.storage import staticfiles_storage

    package = Path(__file__).resolve().parent.parent
    files = sorted(package.glob("*/templates/**/*.html")) + sorted(package.glob("locale/*/*/*.mo"))
    files += sorted((package / "reader").glob("**/*.py"))
    digest = hashlib.sha256(f"{version()}\0{year}".encode())
    for path in files:
        digest.update(path.read_bytes())
    for name in ["SITE_NAME", "PUBLISHER_NAME", "PUBLIC_URL", "LANGUAGE_CODE", "DEBUG"]:
        digest.update(repr(getattr(settings, name, None)).encode())
    digest.update(repr(sorted(getattr(staticfiles_storage, "hashed_files", {}).items())).encode())
    return digest.hexdigest()[:16]


@receiver(setting_changed)
def forget_version(**kwargs) -> None:
    version.cache_clear()
    _page_version.cache_clear()


def render(article, variant: str) -> SafeString:
    """The card of ``article`` in ``variant``, rendered now, in the article's edition."""
    template, context = VARIANTS[variant]
    with translation.override(article.language):
        html = get_template(template).render({"article": article, **context})
    return mark_safe(html.strip())


def shown(wanted: list[tuple[object, str]], *, token=None) -> list[SafeString]:
    """The cards of ``wanted`` ((article, variant) pairs), in order: those kept, in one
    query, and the rest rendered now; those are kept when ``token`` (the page store's,
    taken before the articles were read) says nothing was purged meanwhile."""
    from newsdesk.content.models import Article

    if not wanted:
        return []
    current = version()
    # Those read with their cards (ArticleQuerySet.with_cards) need no query of their own.
    kept = {
        (article.pk, variant): html
        for article, variant in wanted
        if (html := getattr(article, read_with(variant), None)) is not None
    }
    sought = [pair for pair in wanted if (pair[0].pk, pair[1]) not in kept]
    if sought and not all(hasattr(article, read_with(variant)) for article, variant in sought):
        kept |= {
            (article_id, variant): html
            for article_id, variant, html in ArticleCard.objects.filter(
                article_id__in={article.pk for article, _ in sought},
                variant__in={variant for _, variant in sought},
                version=current,
            ).values_list("article_id", "variant", "html")
        }
    # Articles read for their address and keys only (for_cards) are read whole to render.
    light = {
        article.pk for article, variant in wanted
        if (article.pk, variant) not in kept and "headline" in article.get_deferred_fields()
    }  # fmt: skip
    whole = Article.objects.for_listing().in_bulk(light) if light else {}
    cards, made = [], {}
    for article, variant in wanted:
        html = kept.get((article.pk, variant)) or made.get((article.pk, variant))
        if html is None:
            html = render(whole.get(article.pk, article), variant)
            made[(article.pk, variant)] = html
        cards.append(mark_safe(html))
    if made and token is not None:
        keep(made, current, token)
    return cards


def read_with(variant: str) -> str:
    """The attribute of an article read with its card in ``variant`` (``with_cards``)."""
    return f"kept_{variant.replace('-', '_')}"


def keep(made: dict[tuple[int, str], str], current: str, token) -> None:
    """Store cards rendered for a page, unless a purge came since ``token`` (or another
    process holds the lock: the next page keeps them)."""
    from newsdesk.caching.store import get_store

    with exclusive(LOCK, wait=False) as acquired:
        if not acquired or get_store().start() != token:
            return
        rows = [
            ArticleCard(article_id=article_id, variant=variant, version=current, html=html)
            for (article_id, variant), html in made.items()
        ]
        try:
            ArticleCard.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["article", "variant"],
                update_fields=["version", "html"],
            )
        except DatabaseError:
            log.warning("could not keep %d article cards", len(rows), exc_info=True)


def stored_page(article_id: int) -> tuple[str, set[str]] | None:
    """The kept page of an article (HTML less its aside, and its surrogate keys), if any."""
    row = (
        ArticlePage.objects.filter(article_id=article_id, version=page_version())
        .values_list("html", "keys")
        .first()
    )
    return None if row is None else (zlib.decompress(row[0]).decode(), set(row[1].split()))


def keep_page(article_id: int, html: str, page_keys: set[str], token) -> None:
    """Keep an article's page rendered for a request, unless a purge came since ``token``
    (see ``keep``)."""
    from newsdesk.caching.store import get_store

    with exclusive(LOCK, wait=False) as acquired:
        if token is None or not acquired or get_store().start() != token:
            return
        try:
            row = ArticlePage(
                article_id=article_id,
                version=page_version(),
                keys=" ".join(sorted(page_keys)),
                html=zlib.compress(html.encode(), 6),
            )
            ArticlePage.objects.bulk_create(
                [row],
                update_conflicts=True,
                unique_fields=["article"],
                update_fields=["version", "keys", "html"],
            )
        except DatabaseError:
            log.warning("could not keep the page of article %d", article_id, exc_info=True)


def forget(keys) -> None:
    """Forget the cards and kept pages showing anything ``keys`` name (surrogate keys,
    caching/keys.py).

    Called with the lock held (``purging``)."""
    from newsdesk.caching.keys import NAV
    from newsdesk.content.models import Article, Byline

    if "all" in keys:
        ArticleCard.objects.all().delete()
        ArticlePage.objects.all().delete()
        return
    ids: dict[str, list[int]] = {}
    for key in keys:
        kind, _, number = key.partition("-")
        if number.isdigit():
            ids.setdefault(kind, []).append(int(number))
    _forget_pages(ids, everything=NAV in keys)
    shown_in = []
    if ids.get("article"):
        shown_in.append(models.Q(article_id__in=ids["article"]))
    if ids.get("column"):
        columns = Article.objects.filter(column_id__in=ids["column"]).values("pk")
        shown_in.append(models.Q(article_id__in=columns))
    if ids.get("image"):
        pictured = Article.objects.filter(lead_image_id__in=ids["image"]).values("pk")
        shown_in.append(models.Q(article_id__in=pictured))
    if ids.get("person"):
        written = Byline.objects.filter(person_id__in=ids["person"]).values("article_id")
        shown_in.append(models.Q(article_id__in=written))
    if shown_in:
        condition = shown_in.pop()
        for other in shown_in:
            condition |= other
        ArticleCard.objects.filter(condition).delete()


def _forget_pages(ids: dict[str, list[int]], *, everything: bool) -> None:
    """Forget the kept article pages that show any object of ``ids`` (by kind: article,
    person...), or all of them (the section menu changed: every page shows it)."""
    from newsdesk.caching.keys import articles_showing
    from newsdesk.content.models import Article

    pages = ArticlePage.objects.all()
    if everything:
        pages.delete()
        return
    articles = set(ids.get("article", []))
    for kind, pks in ids.items():
        articles |= articles_showing(kind, pks)
    if not articles:
        return
    # Then every language version of those: a page describes its other versions whole.
    originals = set()
    for chunk in chunks(sorted(articles)):
        rows = Article.objects.filter(pk__in=chunk).values_list("pk", "translation_of_id")
        originals.update(original or pk for pk, original in rows)
    for chunk in chunks(sorted(originals)):
        articles.update(chunk)
        articles.update(
            Article.objects.filter(translation_of_id__in=chunk).values_list("pk", flat=True)
        )
    for chunk in chunks(sorted(articles)):
        pages.filter(article_id__in=chunk).delete()


def chunks(ids: list[int], size: int = 5000):
    """``ids`` a few thousand at a time: a query's parameters are bounded."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
