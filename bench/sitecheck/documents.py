"""JSON-LD, feeds and sitemaps, checked in Python.

No maintained validator for these is published on PyPI or npm (the W3C feed validator is
not packaged for Python 3; structured-data-testing-tool has had no release since 2020), so
each check here is focused on what the specifications and Google's documentation require:

- JSON-LD: the types each page type must carry, and for each type the properties Google
  requires or recommends for it (NewsArticle, BreadcrumbList, ItemList, CollectionPage,
  ProfilePage, Person, WebSite with a SearchAction), absolute URLs and ISO 8601 dates;
- feeds: RSS 2.0, Atom (RFC 4287) and JSON Feed 1.1 required elements, dates and
  content types, plus feedparser's own complaints ("bozo");
- sitemaps: each urlset against sitemaps.org's sitemap.xsd (shipped by the npm package
  ``sitemap``, installed with the other tools) once the extension elements are set aside,
  then the news, image and xhtml extensions and the sitemap index by their rules.

Each check returns a list of ``Problem``: a message that is the same wherever the problem
occurs (to group them) and a sample that says where.
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import extruct
import feedparser
from lxml import etree, html

HERE = Path(__file__).resolve().parent
SITEMAP_XSD = HERE / "node_modules" / "sitemap" / "schema" / "sitemap.xsd"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
XHTML_NS = "http://www.w3.org/1999/xhtml"
ATOM_NS = "http://www.w3.org/2005/Atom"


def parse_html(body: bytes):
    """An HTML page as lxml reads it; UTF-8, as newsdesk sends every page."""
    return html.document_fromstring(body, parser=html.HTMLParser(encoding="utf-8"))


@dataclass(frozen=True)
class Problem:
    check: str  # "json-ld", "feed", "sitemap"
    message: str
    sample: str = ""


# --- JSON-LD --------------------------------------------------------------------------------

# The types a page of each type must carry (any one of each tuple): issue #14's item 4
# (lists: ItemList or CollectionPage; authors: ProfilePage and Person; the home page a
# WebSite with a SearchAction), and the articles' breadcrumbs, which they already have.
EXPECTED_TYPES = {
    "home": [("WebSite",), ("ItemList", "CollectionPage")],
    "section": [("CollectionPage", "ItemList")],
    "column": [("CollectionPage", "ItemList")],
    "tag": [("CollectionPage", "ItemList")],
    "author": [("ProfilePage",), ("Person",)],
    "article": [("NewsArticle",), ("BreadcrumbList",)],
    "translation": [("NewsArticle",), ("BreadcrumbList",)],
}
# Required (Google's "required", or schema.org's sense of the type) and recommended
# properties per type. A nested reference ({"@id": ...} alone) is not checked.
REQUIRED = {
    "NewsArticle": ["headline", "image", "datePublished", "dateModified", "author",
                    "publisher", "inLanguage", "url"],
    "BreadcrumbList": ["itemListElement"],
    "ItemList": ["itemListElement"],
    "CollectionPage": ["name", "url"],
    "ProfilePage": ["mainEntity"],
    "Person": ["name"],
    "WebSite": ["name", "url", "potentialAction"],
    "SearchAction": ["target", "query-input"],
    "Organization": ["name"],
    "ImageObject": ["url"],
    "ListItem": ["position"],
}  # fmt: skip
DATE_PROPERTIES = {"datePublished", "dateModified", "dateCreated", "uploadDate"}
URL_PROPERTIES = {"url", "item", "sameAs", "contentUrl", "thumbnailUrl"}


def _types(node: dict) -> list[str]:
    kind = node.get("@type", [])
    return kind if isinstance(kind, list) else [kind]


def _nodes(value, path="$"):
    """Every JSON object in a JSON-LD value, with its JSON path."""
    if isinstance(value, dict):
        yield path, value
        for key, inner in value.items():
            yield from _nodes(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _nodes(inner, f"{path}[{index}]")


def iso_datetime(value: str) -> bool:
    """An ISO 8601 date, or date and time with a time zone (Google's requirement)."""
    if not isinstance(value, str):
        return False
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return True
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


def _absolute(value) -> bool:
    values = value if isinstance(value, list) else [value]
    return all(
        isinstance(v, str) and urlsplit(v).scheme in ("http", "https") and urlsplit(v).netloc
        for v in values
        if not isinstance(v, dict)
    )


def check_node(node: dict, where: str) -> list[Problem]:
    problems = []
    keys = set(node) - {"@context", "@type", "@id"}
    if not node.get("@type") or not keys:
        return problems  # a reference by @id, or plain data
    for kind in _types(node):
        for prop in REQUIRED.get(kind, []):
            if node.get(prop) in (None, "", []):
                problems.append(Problem("json-ld", f"{kind} without {prop}", where))
    for prop in DATE_PROPERTIES & keys:
        if not iso_datetime(node[prop]):
            problems.append(
                Problem("json-ld", f"{prop} is not ISO 8601 with a time zone",
                        f"{where}: {node[prop]!r}")
            )  # fmt: skip
    for prop in URL_PROPERTIES & keys:
        if not _absolute(node[prop]):
            problems.append(Problem("json-ld", f"{prop} is not an absolute URL", where))
    if "ItemList" in _types(node) or "BreadcrumbList" in _types(node):
        items = node.get("itemListElement") or []
        positions = [i.get("position") for i in items if isinstance(i, dict)]
        if positions and positions != list(range(1, len(positions) + 1)):
            problems.append(
                Problem("json-ld", "list positions are not 1, 2, 3…", f"{where}: {positions}")
            )
        if "BreadcrumbList" in _types(node):
            for item in items[:-1]:
                if isinstance(item, dict) and not (item.get("item") and item.get("name")):
                    problems.append(Problem("json-ld", "breadcrumb without name or item", where))
    if "SearchAction" in _types(node):
        target = node.get("target")
        template = target.get("urlTemplate") if isinstance(target, dict) else target
        query_input = str(node.get("query-input", ""))
        name = re.search(r"name=(\S+)", query_input)
        if not name or f"{{{name.group(1)}}}" not in str(template or ""):
            problems.append(
                Problem("json-ld", "SearchAction target has no {placeholder} of query-input",
                        f"{where}: {template!r}, {query_input!r}")
            )  # fmt: skip
    return problems


def check_json_ld(body: bytes, page_type: str, where: str) -> list[Problem]:
    """Problems of the JSON-LD of one HTML page of type ``page_type``."""
    try:
        data = extruct.extract(body, syntaxes=["json-ld"], uniform=False, errors="strict")
    except (ValueError, json.JSONDecodeError) as error:
        return [Problem("json-ld", "a JSON-LD block does not parse", f"{where}: {error}")]
    blocks = data["json-ld"]
    problems = []
    found = set()
    for block in blocks:
        context = block.get("@context", "") if isinstance(block, dict) else ""
        if "schema.org" not in str(context):
            problems.append(Problem("json-ld", "@context is not schema.org", where))
        for path, node in _nodes(block):
            found.update(_types(node))
            problems.extend(check_node(node, f"{where} {path}"))
    for choices in EXPECTED_TYPES.get(page_type, []):
        if not found & set(choices):
            problems.append(
                Problem("json-ld", f"{page_type} page without {' or '.join(choices)}", where)
            )
    return problems


# --- The head's metadata -------------------------------------------------------------------

# What every page's head must carry (item 4 of issue #14), and what indexable pages add.
HEAD_ALL = ["title", "description"]
HEAD_INDEXABLE = ["canonical", "og:title", "og:description", "og:url", "og:type",
                  "og:image", "twitter:card"]  # fmt: skip


def head_metadata(body: bytes) -> dict:
    """The head's title, description, canonical, Open Graph and Twitter tags, hreflang."""
    document = parse_html(body)
    found = {
        "lang": document.get("lang") or "",
        "title": (document.findtext(".//title") or "").strip(),
        "hreflang": {},
    }
    for meta in document.iter("meta"):
        key = meta.get("property") or meta.get("name")
        if key and key not in found:
            found[key] = (meta.get("content") or "").strip()
    for link in document.iter("link"):
        rel = (link.get("rel") or "").split()
        if "canonical" in rel:
            found["canonical"] = link.get("href") or ""
        if "alternate" in rel and link.get("hreflang"):
            found["hreflang"][link.get("hreflang")] = link.get("href") or ""
    return found


def check_head(body: bytes, base: str, indexable: bool, where: str) -> list[Problem]:
    """Problems of a page's head: missing tags, and addresses that are relative or point
    at another origin than ``base``, the one the page was served from."""
    head = head_metadata(body)
    problems = []

    def problem(message, sample=""):
        problems.append(Problem("head", message, f"{where} {sample}".strip()))

    if not head["lang"]:
        problem("<html> without lang")
    for name in HEAD_ALL + (HEAD_INDEXABLE if indexable else []):
        if not head.get(name):
            problem(f"no {name}")
    if indexable and not head["hreflang"]:
        problem("no hreflang alternates")
    addresses = [(name, head.get(name)) for name in ("canonical", "og:url", "og:image")]
    addresses += [("hreflang", url) for url in head["hreflang"].values()]
    origin = urlsplit(base)
    for name, url in addresses:
        if not url:
            continue
        parts = urlsplit(url)
        if not (parts.scheme and parts.netloc):
            problem(f"{name} is not an absolute URL", url)
        elif (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            problem(f"{name} points at another origin than the page's", url)
    if head.get("canonical") and head["hreflang"]:
        if head["canonical"] not in head["hreflang"].values():
            problem("the canonical URL is not among the hreflang alternates", head["canonical"])
    return problems


# --- Text in another language without lang (a heuristic) -----------------------------------

# Languages written in Han characters; any other edition is taken to be in Latin script.
HAN_LANGUAGES = {"zh", "ja"}
LATIN_PHRASE = re.compile(r"[A-Za-z]{2,}(?:[\s'’.,:/&-]+[A-Za-z]{2,})+")
HAN = re.compile(r"[\u3400-\u9fff]")
URL = re.compile(r"\S+://\S*")
_SKIPPED = {"script", "style", "head", "template", "noscript"}
_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")


def _lang_of(element) -> str:
    for node in [element, *element.iterancestors()]:
        if node.get("lang") is not None:
            return node.get("lang").lower()
    return ""


def check_languages(body: bytes, where: str) -> list[Problem]:
    """Text that looks like another script than its element's language, without a lang
    of its own: Latin words in a Chinese page, Han characters in an English one.

    A heuristic for issue #14's item 2 (screen readers pick the voice from lang): it is
    reported, not counted in the bar. A run of at most three capitalised words is
    reported as a name (people and the site's own name), anything longer as text.
    """
    document = parse_html(body)
    problems = []
    for element in document.iter():
        if not isinstance(element.tag, str) or element.tag in _SKIPPED:
            continue
        if any(a.tag in _SKIPPED for a in element.iterancestors()):
            continue
        texts = [(element, element.text)]
        texts += [(element, element.get(name)) for name in _ATTRIBUTES]
        if element.getparent() is not None:
            texts.append((element.getparent(), element.tail))
        for context, text in texts:
            text = " ".join(URL.sub("", text or "").split())
            if not text:
                continue
            lang = _lang_of(context)
            primary = lang.split("-")[0]
            if primary in HAN_LANGUAGES:
                match = LATIN_PHRASE.search(text)
                if not match:
                    continue
                words = match.group(0).split()
                name = len(words) <= 3 and all(w[:1].isupper() for w in words)
                kind = "name" if name else "text"
                message = f"Latin-script {kind} in a {lang} element without lang"
            elif primary and HAN.search(text):
                message = f"Han-script text in a {lang} element without lang"
            else:
                continue
            label = context.tag + (
                f".{context.get('class').split()[0]}" if context.get("class") else ""
            )
            problems.append(Problem("lang", message, f"{where} <{label}>: {text[:70]}"))
    return problems


# --- Feeds ----------------------------------------------------------------------------------

CONTENT_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def _rfc822(value: str | None) -> bool:
    try:
        return value is not None and parsedate_to_datetime(value) is not None
    except (TypeError, ValueError):
        return False


def check_feed(body: bytes, content_type: str, kind: str, where: str) -> list[Problem]:
    """Problems of one feed; ``kind`` is rss, atom or json (from its address)."""
    problems = []

    def problem(message, sample=""):
        problems.append(Problem("feed", f"{kind}: {message}", f"{where} {sample}".strip()))

    if not content_type.startswith(CONTENT_TYPES[kind]):
        problem(f"Content-Type is not {CONTENT_TYPES[kind]}", content_type)
    if kind == "json":
        return problems + _check_json_feed(body, problem)
    parsed = feedparser.parse(body)
    if parsed.bozo:
        problem("feedparser: not well-formed", str(parsed.bozo_exception))
    try:
        root = etree.fromstring(body)
    except etree.XMLSyntaxError as error:
        problem("not XML", str(error))
        return problems
    if kind == "rss":
        _check_rss(root, problem)
    else:
        _check_atom(root, problem)
    return problems


def _check_rss(root, problem) -> None:
    if root.tag != "rss" or root.get("version") != "2.0":
        problem('root is not <rss version="2.0">')
        return
    channel = root.find("channel")
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            problem(f"channel without <{name}>")
    if channel.find(f"{{{ATOM_NS}}}link[@rel='self']") is None:
        problem("channel without atom:link rel=self")
    for item in channel.iter("item"):
        label = item.findtext("link") or item.findtext("guid") or "?"
        if not (item.findtext("title") or item.findtext("description")):
            problem("item without title or description", label)
        if item.find("guid") is None:
            problem("item without guid", label)
        if not _rfc822(item.findtext("pubDate")):
            problem("item pubDate is not RFC 822", f"{label}: {item.findtext('pubDate')!r}")
        link = item.findtext("link")
        if link and not _absolute(link):
            problem("item link is not absolute", link)


def _check_atom(root, problem) -> None:
    atom = f"{{{ATOM_NS}}}"
    if root.tag != f"{atom}feed":
        problem("root is not an Atom <feed>")
        return
    for name in ("id", "title", "updated"):
        if root.find(atom + name) is None:
            problem(f"feed without <{name}>")
    if root.find(f"{atom}link[@rel='self']") is None:
        problem("feed without link rel=self")
    feed_author = root.find(atom + "author") is not None
    for element in root.iter(atom + "updated", atom + "published"):
        if not RFC3339.fullmatch((element.text or "").strip()):
            problem("date is not RFC 3339", repr(element.text))
    ids = []
    for entry in root.iter(atom + "entry"):
        label = entry.findtext(atom + "id") or "?"
        for name in ("id", "title", "updated"):
            if entry.find(atom + name) is None:
                problem(f"entry without <{name}>", label)
        if not feed_author and entry.find(atom + "author") is None:
            problem("entry without author (and none on the feed)", label)
        if entry.find(atom + "content") is None and entry.find(f"{atom}link") is None:
            problem("entry without content or link", label)
        ids.append(label)
    if len(ids) != len(set(ids)):
        problem("entries with the same id")


def _check_json_feed(body: bytes, problem) -> list[Problem]:
    try:
        feed = json.loads(body)
    except ValueError as error:
        problem("not JSON", str(error))
        return []
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        problem("version is not https://jsonfeed.org/version/1.1", repr(feed.get("version")))
    if not feed.get("title"):
        problem("feed without title")
    for name in ("home_page_url", "feed_url"):
        if feed.get(name) and not _absolute(feed[name]):
            problem(f"{name} is not absolute")
    items = feed.get("items")
    if not isinstance(items, list):
        problem("items is not a list")
        return []
    for item in items:
        label = str(item.get("id", "?"))
        if not isinstance(item.get("id"), str) or not item["id"]:
            problem("item id is not a non-empty string", label)
        if item.get("content_html") is None and item.get("content_text") is None:
            problem("item without content_html or content_text", label)
        for name in ("date_published", "date_modified"):
            if name in item and not RFC3339.fullmatch(str(item[name])):
                problem(f"item {name} is not RFC 3339", f"{label}: {item[name]!r}")
    return []


# --- Sitemaps -------------------------------------------------------------------------------

# W3C Datetime (the profile of ISO 8601 sitemaps.org asks for): a date, or a date and a
# time to minutes, seconds or fractions with a time zone designator.
W3C_DATETIME = re.compile(
    r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?"
)


def sitemap_schema():
    """sitemaps.org's sitemap.xsd from the npm package ``sitemap``; None before npm ci."""
    if not SITEMAP_XSD.exists():
        return None
    return etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))


def check_sitemap(body: bytes, where: str, schema=None) -> list[Problem]:
    """Problems of one sitemap or sitemap index."""
    problems = []

    def problem(message, sample=""):
        problems.append(Problem("sitemap", message, f"{where} {sample}".strip()))

    try:
        root = etree.fromstring(body)
    except etree.XMLSyntaxError as error:
        problem("not XML", str(error))
        return problems
    sm = f"{{{SITEMAP_NS}}}"
    if root.tag == f"{sm}sitemapindex":
        # sitemaps.org's siteindex.xsd is in no package here: its rules, checked one by one.
        entries = root.findall(f"{sm}sitemap")
        if not entries:
            problem("index without <sitemap>")
        for entry in entries:
            loc = entry.findtext(f"{sm}loc")
            if not loc or not _absolute(loc.strip()):
                problem("index <loc> missing or not absolute", repr(loc))
            unknown = [c.tag for c in entry if c.tag not in (f"{sm}loc", f"{sm}lastmod")]
            if unknown:
                problem("index entry with unknown elements", str(unknown))
    elif root.tag == f"{sm}urlset":
        if schema is None:
            problem("sitemap.xsd not installed (run npm ci in bench/sitecheck): not validated")
        else:
            core = etree.fromstring(body)
            for element in list(core.iter()):
                if isinstance(element.tag, str) and not element.tag.startswith(sm):
                    element.getparent().remove(element)
            if not schema.validate(core):
                for error in schema.error_log:
                    problem(f"sitemap.xsd: {_schema_message(error.message)}", f"line {error.line}")
        _check_extensions(root, problem)
    else:
        problem("root is neither <urlset> nor <sitemapindex> of sitemaps.org", root.tag)
    for lastmod in root.iter(f"{sm}lastmod"):
        if not W3C_DATETIME.fullmatch((lastmod.text or "").strip()):
            problem("lastmod is not W3C Datetime", repr(lastmod.text))
    if len(root) > 50000 or len(body) > 50 * 1024 * 1024:
        problem("more than 50,000 entries or 50 MB")
    return problems


def _schema_message(message: str) -> str:
    # Group messages that differ only by the value in quotes.
    return re.sub(r"'[^']*'", "'…'", message)


def _check_extensions(root, problem) -> None:
    sm, news, image, xhtml = (f"{{{ns}}}" for ns in (SITEMAP_NS, NEWS_NS, IMAGE_NS, XHTML_NS))
    for url in root.iter(f"{sm}url"):
        loc = (url.findtext(f"{sm}loc") or "").strip()
        for link in url.iter(f"{xhtml}link"):
            if link.get("rel") != "alternate" or not link.get("hreflang"):
                problem("xhtml:link without rel=alternate and hreflang", loc)
            if not _absolute(link.get("href") or ""):
                problem("xhtml:link href not absolute", loc)
        links = {link.get("hreflang"): link.get("href") for link in url.iter(f"{xhtml}link")}
        if links and loc not in links.values():
            problem("alternates do not include the <loc> itself", loc)
        for item in url.iter(f"{news}news"):
            for name in ("publication/name", "publication/language", "publication_date",
                         "title"):  # fmt: skip
                path = "/".join(news + part for part in name.split("/"))
                if not (item.findtext(path) or "").strip():
                    problem(f"news:news without news:{name}", loc)
            date = (item.findtext(f"{news}publication_date") or "").strip()
            if date and not W3C_DATETIME.fullmatch(date):
                problem("news:publication_date is not W3C Datetime", repr(date))
        for picture in url.iter(f"{image}image"):
            if not _absolute((picture.findtext(f"{image}loc") or "").strip()):
                problem("image:image without an absolute image:loc", loc)
