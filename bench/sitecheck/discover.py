"""Which pages to check: one of each type in each edition, every feed and every sitemap.

Everything is found the way a crawler finds it: robots.txt names the sitemap index, the
sitemaps list the listing pages and the articles, an article page links its tags, and its
JSON-LD says whether it is a translation (``translationOfWork``). ``discover`` takes a
``fetch(path) -> (status, headers, body)`` so that it can be tested without a server.
"""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from lxml import etree

from bench.sitecheck.documents import parse_html

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"

# Page types, in the order of the report. "article" is an original, "translation" an
# article whose JSON-LD says it translates another (translationOfWork).
PAGE_TYPES = [
    "home", "section", "column", "tag", "author", "article", "translation", "search",
    "app", "offline",
]  # fmt: skip

# The path of each listing type below the edition's prefix.
_PATTERNS = {
    "home": r"",
    "section": r"section/[^/]+/",
    "column": r"column/[^/]+/",
    "tag": r"tag/[^/]+/",
    "author": r"people/[^/]+/",
    "article": r"\d{4}/\d{2}/\d{2}/[^/]+/",
    "search": r"search/",
    "app": r"app/",
    "offline": r"offline/",
}
_PATH = re.compile(
    r"^/(?P<edition>[a-z]{2,3}(?:-[a-z0-9]+)*)/(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS.items())
    + r")$"
)
FEED_FORMATS = ["rss", "atom", "json"]
# Pages that have feeds of their own at <page>feed/<format>/ (newsdesk/reader/feed_urls.py).
FEED_PAGE_TYPES = {"home", "section", "column", "author"}


@dataclass(frozen=True)
class Page:
    type: str
    edition: str
    path: str


@dataclass
class Site:
    """What ``discover`` found: pages to check, feeds and sitemaps to validate."""

    editions: list[str] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (type, edition) not found


def classify(path: str) -> tuple[str, str] | None:
    """(page type, edition) of a reader page's path, or None for any other address."""
    match = _PATH.match(urlsplit(path).path)
    if not match:
        return None
    kind = next(name for name in _PATTERNS if match.group(name) is not None)
    return kind, match.group("edition")


def local_path(url: str) -> str:
    """The path (and query) of an absolute URL: sitemaps may name another host."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def robots_sitemaps(text: str) -> list[str]:
    return [
        line.split(":", 1)[1].strip()
        for line in text.splitlines()
        if line.lower().startswith("sitemap:")
    ]


def sitemap_locs(xml: bytes) -> tuple[str, list[str]]:
    """('index' or 'urlset', the <loc> of each entry) of a sitemap document."""
    root = etree.fromstring(xml)
    kind = "index" if etree.QName(root).localname == "sitemapindex" else "urlset"
    return kind, [loc.text.strip() for loc in root.iter(f"{{{SITEMAP_NS}}}loc") if loc.text]


def page_links(body: bytes) -> list[str]:
    """The href of every <a> of an HTML page, in document order."""
    document = parse_html(body)
    return [a.get("href") for a in document.iter("a") if a.get("href")]


def json_ld(body: bytes) -> list:
    """The parsed JSON-LD blocks of an HTML page (a block that does not parse is skipped;
    documents.check_json_ld reports it)."""
    document = parse_html(body)
    blocks = []
    for script in document.xpath('//script[@type="application/ld+json"]'):
        try:
            blocks.append(json.loads(script.text or ""))
        except ValueError:
            continue
    return blocks


def is_translation(body: bytes) -> bool:
    """Whether an article page's JSON-LD says it translates another article."""
    return any(isinstance(block, dict) and "translationOfWork" in block for block in json_ld(body))


def authors(body: bytes) -> int:
    """How many authors an article page's JSON-LD names."""
    for block in json_ld(body):
        if isinstance(block, dict) and block.get("@type") == "NewsArticle":
            found = block.get("author") or []
            return len(found) if isinstance(found, list) else 1
    return 0


def _kind(path: str) -> str | None:
    found = classify(path)
    return found[0] if found else None


def search_word(headline: str) -> str:
    """A query that finds the article: its longest word, or two Han characters."""
    han = re.findall(r"[\u3400-\u9fff]{2}", headline)
    if han:
        return han[0]
    words = re.findall(r"\w{4,}", headline)
    return max(words, key=len) if words else headline.split()[0]


def headline(body: bytes) -> str:
    for block in json_ld(body):
        if isinstance(block, dict) and block.get("headline"):
            return block["headline"]
    title = parse_html(body).findtext(".//title") or ""
    return title.split("·")[0].strip()


def pick(paths: list[str], editions: list[str], edition: str) -> str | None:
    """The first path of ``edition`` whose page exists in every edition, else its first."""
    own = [p for p in paths if classify(p)[1] == edition]
    for path in own:
        rest = path.split("/", 2)[2]
        if all(f"/{other}/{rest}" in paths for other in editions):
            return path
    return own[0] if own else None


def discover(fetch, article_limit: int = 40) -> Site:
    """Find the pages, feeds and sitemaps of the site behind ``fetch``."""
    site = Site()
    status, _, robots = fetch("/robots.txt")
    queue = [local_path(url) for url in robots_sitemaps(robots.decode())] or ["/sitemap.xml"]
    locs: list[str] = []
    while queue:
        path = queue.pop(0)
        if path in site.sitemaps:
            continue
        site.sitemaps.append(path)
        status, _, body = fetch(path)
        if status != 200:
            continue
        kind, found = sitemap_locs(body)
        if kind == "index":
            queue.extend(local_path(url) for url in found)
        else:
            locs.extend(local_path(url) for url in found)

    by_type: dict[str, list[str]] = {}
    for path in dict.fromkeys(locs):
        found = classify(path)
        if found:
            by_type.setdefault(found[0], []).append(path)
    site.editions = [classify(p)[1] for p in by_type.get("home", [])]

    for edition in site.editions:
        chosen: dict[str, str | None] = {"home": f"/{edition}/"}
        for kind in ("section", "column", "author"):
            chosen[kind] = pick(by_type.get(kind, []), site.editions, edition)
        # The article and the translation with the most authors (multi-author bylines
        # are where landmarks and JSON-LD get hard), and the first tag linked.
        original = translation = None
        tag = None
        articles = [p for p in by_type.get("article", []) if classify(p)[1] == edition]
        for path in articles[:article_limit]:
            status, _, body = fetch(path)
            if status != 200:
                continue
            candidate = (authors(body), path, body)
            if is_translation(body):
                translation = max(translation or candidate, candidate, key=lambda c: c[0])
            else:
                original = max(original or candidate, candidate, key=lambda c: c[0])
            if tag is None:
                tag = next((link for link in page_links(body) if _kind(link) == "tag"), None)
        original = original[1:] if original else None
        translation = translation[1:] if translation else None
        chosen["tag"] = tag
        chosen["article"] = original[0] if original else None
        chosen["translation"] = translation[0] if translation else None
        source = original or translation
        query = search_word(headline(source[1])) if source else "news"
        chosen["search"] = f"/{edition}/search/?q={quote(query)}"
        chosen["app"] = f"/{edition}/app/"
        chosen["offline"] = f"/{edition}/offline/"
        for kind in PAGE_TYPES:
            if chosen.get(kind):
                site.pages.append(Page(kind, edition, chosen[kind]))
            else:
                site.missing.append((kind, edition))

    listing = [
        path
        for kind in FEED_PAGE_TYPES
        for path in (by_type.get(kind, []) if kind != "home" else [])
    ]
    homes = [f"/{edition}/" for edition in site.editions]
    for page in homes + sorted(listing):
        site.feeds.extend(f"{page}feed/{name}/" for name in FEED_FORMATS)
    return site
