"""Sitemaps of both editions, and robots.txt, at the site root.

``/sitemap.xml`` is an index of: ``/sitemaps/pages.xml`` (each edition's home page and the
section, column and person pages that list something in it, with hreflang alternates
between editions), one sitemap of published articles per month
(``/sitemaps/articles-2026-11.xml``, with hreflang alternates between an article's
translations) and the Google News sitemap of the last 48 hours (``/sitemaps/news.xml``).
The pages and news sitemaps are built with ``django.contrib.sitemaps``; a month's joins
each article's kept ``<url>`` entry (fragments.py), and the index lists the months kept
with their counts (months.py): at a million articles, per-URL work and counting the
archive on each render are what a cold sitemap cost. All follow ``Article.objects.published()``.

Months are those of the TIME_ZONE setting, as the dates in article addresses are.
Every publication, edit or unpublication of an article purges its edition's home list,
so the sitemaps listing articles carry the home-list key of each edition.
"""

import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from newsdesk.caching import keys
from newsdesk.caching.headers import cache_publicly, given
from newsdesk.content.models import Article, Byline, Column, Person, Section, TranslatorCredit
from newsdesk.languages import edition_codes, news_language
from newsdesk.reader import fragments, months
from newsdesk.reader.feeds import last_change

NEWS_HOURS = 48
NEWS_LIMIT = 1000  # Google reads at most 1,000 addresses from a news sitemap
NEWS_TEMPLATE = "reader/sitemap_news.xml"
URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
    'sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
URLSET_END = "\n</urlset>\n"
SITEMAPINDEX_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)
SITEMAPINDEX_END = "\n</sitemapindex>\n"
ROBOTS_TAG = "noindex, noodp, noarchive"  # as django.contrib.sitemaps' views say it
# Addresses in each page of a month's sitemap (the protocol allows 50,000): a page is
# rendered cold in 3 ms of CPU (5 for 1,000), where a whole month (800 KB) took 8 to gzip.
MONTH_PAGE = 500
MAX_PAGES = Sitemap.limit  # a page number past any month's, refused before any query
MONTHLY = re.compile(r"articles-(\d{4})-(\d{2})")
# Paths crawlers have no business in: the newsroom, the JSON API, the read-count beacon.
DISALLOWED = ("/admin/", "/api/", "/read/")
# Fields an article's address, lastmod and alternates need.
ADDRESS_FIELDS = ("pk", "slug", "language", "published_at", "revised_at", "created_at",
                  "translation_of")  # fmt: skip


def article_lists() -> set[str]:
    """What a sitemap of articles shows: each edition's articles, as its home list does."""
    return {keys.home_list(code) for code in edition_codes()}


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The start of ``month`` and of the next one, in the site's time zone, as UTC.

    ValueError for a month that is not one, or that starts or ends outside the calendar
    (years 1 to 9999) in UTC, where the database compares them.
    """
    zone = timezone.get_default_timezone()
    try:
        start = datetime(year, month, 1, tzinfo=zone).astimezone(UTC)
        following = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone).astimezone(UTC)
    except OverflowError as error:
        raise ValueError(f"{year}-{month} is outside the calendar") from error
    return start, following


class EditionHome:
    """An edition's home page, as a sitemap item."""

    def get_absolute_url(self):
        return reverse("reader:home")


class PagesSitemap(Sitemap):
    """Home, section, column and person pages, in each edition where they list articles."""

    i18n = True
    alternates = True

    def __init__(self):
        published = Article.objects.published().order_by()
        self.editions_of = {}  # (model, pk) -> edition codes

        def add(model, pairs):
            for pk, language in pairs.distinct():
                self.editions_of.setdefault((model, pk), set()).add(language)

        add(Section, published.values_list("section_id", "language"))
        add(Column, published.filter(column__isnull=False).values_list("column_id", "language"))
        for credit in (Byline, TranslatorCredit):
            rows = credit.objects.filter(article__in=published).order_by()
            add(Person, rows.values_list("person_id", "article__language"))

    def items(self):
        found = [EditionHome()]
        for model in (Section, Column, Person):
            ids = [pk for kind, pk in self.editions_of if kind is model]
            found += model.objects.filter(pk__in=ids)
        return found

    def get_languages_for_item(self, item):
        codes = edition_codes()
        if isinstance(item, EditionHome):
            return codes
        shown = self.editions_of.get((type(item), item.pk), set())
        return [code for code in codes if code in shown]

    def surrogate_keys(self) -> set[str]:
        # A section's change purges the navigation; a column's or person's, their key.
        shown = {
            f"{model._meta.model_name}-{pk}"
            for model, pk in self.editions_of
            if model is not Section
        }
        return article_lists() | {keys.NAV} | shown


class ArticleSitemap(Sitemap):
    """Published articles of both editions, with hreflang alternates between translations."""

    def lastmod(self, article):
        return last_change(article)

    def surrogate_keys(self) -> set[str]:
        return article_lists()

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        versions = self.versions() if urls else {}
        domain = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            article = url["item"]
            story = versions.get(article.translation_of_id or article.pk, [])
            if len(story) > 1:
                url["alternates"] = [
                    {"location": domain + version.get_absolute_url(), "lang_code": version.language}
                    for version in story
                ]
        return urls

    def versions(self) -> dict[int, list[Article]]:
        """The published versions of each story in this sitemap, keyed by original pk."""
        # A subquery, not a list of ids: a month may hold more than SQLite takes as parameters.
        stories = self.items().annotate(story=Coalesce("translation_of", "pk")).values("story")
        published = Article.objects.published().only(*ADDRESS_FIELDS).order_by("language")
        found = {}
        # Two indexed queries: an OR of the two makes SQLite scan the table.
        for version in [
            *published.filter(pk__in=stories),
            *published.filter(translation_of__in=stories),
        ]:
            found.setdefault(version.translation_of_id or version.pk, []).append(version)
        return found


class NewsSitemap(ArticleSitemap):
    """Google News: the articles published in the last 48 hours, newest first."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - timedelta(hours=NEWS_HOURS)
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .only(*ADDRESS_FIELDS, "headline")
            .latest_first()[:NEWS_LIMIT]
        )

    @classmethod
    def latest_change(cls):
        """``get_latest_lastmod()``, from two dates per article instead of whole articles."""
        since = timezone.now() - timedelta(hours=NEWS_HOURS)
        dates = (
            Article.objects.published()
            .filter(published_at__gte=since)
            .latest_first()
            .values_list("published_at", "revised_at")[:NEWS_LIMIT]
        )
        return max(
            (max(published, revised or published) for published, revised in dates), default=None
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            article = url["item"]
            url["news"] = {
                "publication": settings.SITE_NAME,
                "language": news_language(article.language),
                "title": article.headline,
                "date": article.published_at,
            }
        return urls


def find_sitemap(section: str) -> Sitemap:
    """The sitemap named ``section`` in the index, but a month's; 404 for any other name."""
    if section == "pages":
        return PagesSitemap()
    if section == "news":
        return NewsSitemap()
    raise Http404("No such sitemap.")


def sitemap_index(request):
    """``/sitemap.xml``: the pages, the news sitemap, then each month's articles, newest
    first, with when each last changed; the months as kept by months.py, uncounted."""
    token = getattr(request, "page_store_token", None)
    origin = f"{request.scheme}://{request.get_host()}"

    def entry(section: str, lastmod, pages: int = 1) -> str:
        """The index's entry of a sitemap, and of each of its pages after the first."""
        address = escape(origin + reverse("sitemaps:section", kwargs={"section": section}))
        dated = (
            ""
            if lastmod is None
            else f"<lastmod>{timezone.localtime(lastmod).isoformat()}</lastmod>"
        )
        found = [f"<sitemap><loc>{address}</loc>{dated}</sitemap>"]
        found += [
            f"<sitemap><loc>{address}?p={page}</loc>{dated}</sitemap>"
            for page in range(2, pages + 1)
        ]
        return "".join(found)

    body = [SITEMAPINDEX_START, entry("pages", None), entry("news", NewsSitemap.latest_change())]
    for month, count, latest in months.published_months(month_bounds, token=token):
        body.append(entry(f"articles-{month}", latest, pages=-(-count // MONTH_PAGE)))
    body.append(SITEMAPINDEX_END)
    response = HttpResponse("".join(body), content_type="application/xml")
    response.headers["X-Robots-Tag"] = ROBOTS_TAG
    return cache_publicly(response, article_lists() | {keys.NAV})


def sitemap_section(request, section: str):
    """One sitemap of the index, by name: ``pages``, ``news``, ``articles-YYYY-MM``."""
    match = MONTHLY.fullmatch(section)
    if match is not None:
        return month_sitemap(request, int(match[1]), int(match[2]))
    sitemap = find_sitemap(section)
    template = NEWS_TEMPLATE if section == "news" else "sitemap.xml"
    response = sitemap_views.sitemap(
        request, {section: sitemap}, section=section, template_name=template
    )
    number = request.GET.get("p", "")  # Django's sitemap view pages with ?p=
    page = int(number) if number.isascii() and number.isdigit() else None
    return cache_publicly(response, sitemap.surrogate_keys(), query=given(request, p=page))


def month_sitemap(request, year: int, month: int):
    """The articles published in one month: their kept ``<url>`` entries (fragments.py),
    joined; in pages of ``MONTH_PAGE`` addresses (``?p=2``), as Django's view pages."""
    try:
        start, end = month_bounds(year, month)
    except ValueError:
        raise Http404("No such month.") from None
    number = request.GET.get("p")
    page = int(number) if number is not None and number.isascii() and number.isdigit() else None
    if number is not None and page is None:
        raise Http404("No such page.")
    if page == 0 or (page or 1) > MAX_PAGES:
        raise Http404("No such page.")
    token = getattr(request, "page_store_token", None)
    first = ((page or 1) - 1) * MONTH_PAGE
    shown = fragments.month_entries(start, end, slice(first, first + MONTH_PAGE), token=token)
    if not shown:
        raise Http404("Nothing was published that month, or no such page.")
    origin = escape(f"{request.scheme}://{request.get_host()}")
    body = "".join([URLSET_START, *shown, URLSET_END]).replace(fragments.ORIGIN, origin)
    response = HttpResponse(body, content_type="application/xml")
    response.headers["X-Robots-Tag"] = ROBOTS_TAG
    return cache_publicly(response, article_lists(), query=given(request, p=page))


def robots_txt(request):
    """Keeps crawlers out of the newsroom and the API, and points them to the sitemaps."""
    index = request.build_absolute_uri(reverse("sitemaps:index"))
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in DISALLOWED),
        "",
        f"Sitemap: {index}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    return cache_publicly(response, set())
