"""Read one saved HTML article page into an ImportedArticle.

trafilatura finds the main text (and guesses metadata); what the page states outright wins
over its guesses, in this order: schema.org JSON-LD (NewsArticle, Article, BlogPosting…),
then Open Graph, then trafilatura; the headline printed on the page (<h1>) wins over those
when it is the same headline, and every field is tidied by pagemeta (entities, spaces, one
person per author). ``origins`` records where each field was read. The page is extracted
once; trafilatura's guesses (TrafilaturaGuesses: its extract_metadata, field by field) are
made only for a field the page leaves open, its date only when its vote could change the
day (_may_decide): they cost as much as the extraction. On top of that, our own rules:

- Bylines: "By <role title> <Name>" becomes Credit(name, role_title), as in "By APD
  writer Sun Chenghao" ("APD writer", "Sun Chenghao"); "Translated by …" names the
  translators. The shapes of these lines (English and Chinese) are textdump_rules', shared
  by every importer. JSON-LD ``author`` (with jobTitle) and ``translator`` win over the
  page's own lines; a byline on the page adds a role title JSON-LD lacks. Credit lines
  are taken out of the body. After those: the markup (microdata itemprop=author, an hCard
  "author vcard" or rel=author), the twitter:label/data pair, trafilatura's guess, a
  class naming the author or byline, and last the meta author tags (which often name the
  site or a CMS account). A source naming only the publication or a desk does not stop a
  later one naming a person; it gives the source line.
- Date: every source votes (JSON-LD, article:published_time, itemprop=datePublished, meta
  date names, the article's first <time>, trafilatura, a date-classed element, the
  /2021/03/12/ of the address); the day most of them state wins, as the most trusted of
  those gives it. Times keep their stated offset: the day is the publisher's. A UTC time
  a day off the address's day takes the address's day.
- The body is the text trafilatura chooses with its defaults, made into our blocks by
  htmlbody (as WordPress posts are). Asked for images, links and emphasis, trafilatura
  also keeps captions and lists of pictures or links, so the markup comes from the page
  itself: each chosen block takes the links and emphasis of the page element holding the
  same text (its twin), made into a block by the same htmlbody path. The pictures are the
  page's own <img> among the twins, inside the smallest element holding them all: between
  two, inside one, or right before the first or after the last with little text between;
  not in asides, related or teaser boxes (ASIDE_MARKS), navigation or list items, nor a
  teaser linking to another page, nor icons, avatars, logos, pixels (or narrower than 50
  px), each once (a gallery's thumbnails too). A picture becomes a figure block where it
  stood: file name from the src path (or the widest of a lazy loader's srcset), URL made
  absolute against the page URL, caption from the <figcaption>, credit from a credit
  element or a "Photo: X" / "(Photo: X)" suffix of the caption (kept as printed, without
  the brackets), alt text from ``alt``. The JSON-LD/og:image is the lead picture. Soft
  hyphens and zero-width spaces are taken out of the text.
- At the end of the body: a source line ("(NORTHWIND DAILY)", textdump_rules' shape) is
  kept apart; paragraphs that start "<credited name> is …" are the bio (of the article
  and of that person).
- Dropped: page furniture (textdump_rules' list, one for every importer: app and share
  prompts, cookie notices…), "Related"/"Hot Recommended" headings with the link lists
  under them, bare "Published …" datelines, captions repeated as text, a run of
  paragraphs repeated right after itself (two copies of the markup), and a run-on copy
  of the body (one paragraph holding two or more of the others whole). Paragraphs the
  source repeats elsewhere are kept.
- Kicker (the column): a JSON-LD series (isPartOf), else a "Column | Headline" title,
  else an element whose class names a kicker.
- original_url: the ``url`` argument, else <link rel=canonical>, else og:url, else the
  JSON-LD url. source_key: "url:" + that URL normalised, else "html:<date>:<title slug>".
- language: found from the title and body text (languageid.py), with JSON-LD inLanguage,
  <html lang> or og:locale as the hint that wins for a short or ambiguous text; a language
  that is not an edition is imported as a draft with a note, never refused.

Pages that are not HTML, or that hold no article text, raise Unreadable.
"""

import codecs
import copy
import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import cache, cached_property
from html import unescape
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import charset_normalizer
import lxml.html
import trafilatura
from django.utils.text import slugify
from htmldate import find_date
from lxml import etree
from trafilatura import metadata as trafilatura_metadata
from trafilatura.htmlprocessing import convert_to_html
from trafilatura.settings import DEFAULT_CONFIG, set_date_params
from trafilatura.utils import image_src, line_processing

from newsdesk.content.body import plain_text
from newsdesk.imports.htmlbody import blocks_from_tree, file_name, split_credit
from newsdesk.imports.htmltables import restore_tables, without_layout_tables
from newsdesk.imports.languageid import set_language
from newsdesk.imports.pagemeta import (
    choose_headline,
    clean_text,
    same_headline,
    strip_site_name,
    tidy_people,
)
from newsdesk.imports.record import (
    Block,
    Credit,
    ImportedArticle,
    Picture,
    Unreadable,
    without_doubled_runs,
)
from newsdesk.imports.textdump_rules import (
    is_boilerplate,
    is_source_line,
    is_tail_heading,
    read_byline,
    read_date_line,
    read_translators,
)

# trafilatura's date search as it makes it by default (its config's extensive search).
DATE_PARAMS = set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))
ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "Report", "ScholarlyArticle"}
HTML_TAG = re.compile(r"<\s*(html|head|body|article|main|p|div|h1)\b", re.IGNORECASE)
LEGACY_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "iso8859-1": "cp1252", "ascii": "cp1252"}
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)

# A byline glued to its translator line: "By APD writer Sun ChenghaoTranslated by Deng Xianlai".
TRANSLATION_START = re.compile(
    r"\s*(?=(?:translated|translation) by\b|translators?\s*[:：]|(?:翻译|译者|编译)\s*[:：])",
    re.IGNORECASE,
)

# Endings and boilerplate.
BIO_VERB = re.compile(r"^(?:\s+(?:is|was|has been|works|writes)\b|是|系|现任|为)")
DATELINE = re.compile(r"^(?:published|updated|posted)(?:\s+on)?\b[\s:]*(?P<rest>.*)$", re.I)
DATE_WORDS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    "am", "pm", "utc", "gmt",
}  # fmt: skip
AUTHOR_LABEL = re.compile(
    r"written|author|verfasst|autor|auteur|écrit|escrito|scritto|geschreven|作者", re.IGNORECASE
)
# Elements that name the article's author (_marked_authors).
REGEXP = {"re": "http://exslt.org/regular-expressions"}
# (contains() first: it is cheap, and spares most elements the regular expression)
AUTHOR_MARKUP = [
    ("markup:itemprop", etree.XPath("//body//*[@itemprop='author']")),
    (
        "markup:hcard",
        etree.XPath(
            "//body//*[contains(@class, 'vcard')"
            " and contains(concat(' ', normalize-space(@class), ' '), ' author ')"
            " and contains(concat(' ', normalize-space(@class), ' '), ' vcard ')]"
            " | //body//a[@rel='author']"
        ),
    ),
    (
        "markup:class",
        etree.XPath(
            "//body//*[(contains(@class, 'uthor') or contains(@class, 'utor')"
            " or contains(@class, 'UTHOR') or contains(@class, 'yline')) and re:test(@class,"
            " '(?:^|[\\s_-])(?:author|autor|byline)(?:[_-]?name)?(?:$|\\s)', 'i')]",
            namespaces=REGEXP,
        ),
    ),
]
AUTHOR_NAME = etree.XPath(".//*[@itemprop='name' or contains(concat(' ', @class, ' '), ' fn ')]")
KICKER_CLASS = etree.XPath("//*[contains(@class, 'kicker')]")
ITEMPROP_DATE = etree.XPath("//*[@itemprop='datePublished' or @itemprop='dateCreated']")
ARTICLE_TIME = etree.XPath("(//article//time | //main//time)[1]")
PAGE_TIME = etree.XPath("(//body//time)[1]")
CLASSED_DATE = etree.XPath(
    ".//*[(contains(@class, 'ate') or contains(@class, 'atum') or contains(@class, 'ime')"
    " or contains(@class, 'ublish') or contains(@class, 'osted') or contains(@id, 'ate'))"
    " and re:test(concat(@class, ' ', @id), 'date|datum|time|publish|posted', 'i')]",
    namespaces=REGEXP,
)
META_DATE_NAMES = {
    "date", "pubdate", "publishdate", "publish-date", "publication_date", "dc.date",
    "dc.date.issued", "dc.date.created", "dcterms.date", "dcterms.issued", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "cxenseparse:publishtime", "og:article:published_time",
    "citation_publication_date", "originalpublicationdate", "datepublished",
}  # fmt: skip
DATE_THEN_MORE = re.compile(r"\s+[|·•–—-]\s+")
URL_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)")
ASIDE_MARKS = ("comment", "sidebar", "widget", "related", "recommend", "teaser")
META_AUTHOR_NAMES = {
    "author", "article:author", "dc.creator", "dcterms.creator", "dc.creator.personalname",
    "parsely-author", "sailthru.author", "cxenseparse:author", "byl", "citation_author",
}  # fmt: skip
# Full stops, question and exclamation marks of the scripts that have their own: Latin,
# CJK, Devanagari and Bengali (danda), Arabic and Urdu, Armenian, Ethiopic, Myanmar.
SENTENCE_END = re.compile(r"[.!?。！？।॥؟۔։።፧။]")
# Where lazy loaders keep an image's address, in order of preference.
IMAGE_SOURCES = ("src", "data-src", "data-lazy-src", "data-srcset", "srcset")
SRCSET_DESCRIPTOR = re.compile(r"\s\d+(?:\.\d+)?[wx]\s*(?:,|$)")
TRACKING_PARAMS = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid)$")
# The body: blocks that take the markup of their page twin (_twins), the characters of a
# text that find a twin's candidates, and elements whose text is never the article's.
TWINNED = {"p", "h2", "h3", "blockquote", "ul", "ol"}
TWIN_PREFIX = 12
# Blocks whose inner HTML is alike: text with inline markup, or list items.
SAME_CONTENT = dict.fromkeys(("p", "h2", "h3"), {"p", "h2", "h3"}) | dict.fromkeys(
    ("ul", "ol"), {"ul", "ol"}
)
# The page elements that may be a block's twin (block-level ones: not inline markup),
# and the markup a twin lends (what sanitize keeps of inline tags).
TWIN_TAGS = (
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "blockquote", "pre", "div", "td", "th", "section", "article", "main", "center",
    "address", "header", "footer", "figcaption", "caption", "details", "summary",
)  # fmt: skip
MARKUP = ("a", "b", "strong", "i", "em", "sub", "sup")
INVISIBLE_OR_SPACE = re.compile(r"[\s\u00ad\u200b\u2060\ufeff]+")
# Pictures: how much text may stand between the article's text and a picture right before
# or after it (a caption, a credit, a dateline); what marks an icon, logo or pixel; the
# narrowest picture (width or height attribute, px).
NEAR_TEXT = 200
ICON_MARKS = re.compile(r"icon|avatar|logo|emoji|gravatar|spacer|sprite|badge|(?:clear)?pixel\.gif")
SMALLEST_PICTURE = 50
THUMBNAIL_SIZE = re.compile(r"-\d+x\d+(?=\.\w+$)")
IMAGE_FILE = re.compile(r"\.(?:avif|bmp|gif|hei[cf]|jpe?g|png|webp)(?:$|[?#&])", re.IGNORECASE)


def parse_html_page(html: str | bytes, *, source: str, url: str | None = None) -> ImportedArticle:
    """Read a saved article page; ``url`` (where it was fetched from) wins over the page's own."""
    text = decode(html)
    if "\x00" in text[:2048] or not HTML_TAG.search(text):
        raise Unreadable("not an HTML page")
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str with a declaration
    parsed, tree = _parse(text)

    ld, ld_index = _json_ld_article(tree)
    og = _open_graph(tree)
    canonical = _first(tree.xpath("//link[@rel='canonical']/@href"))
    ld_url = _ld_text(ld.get("url")) or _ld_text(ld.get("mainEntityOfPage"))
    original_url, url_origin = _pick(
        ("--url", url), ("link:canonical", canonical), ("meta:og:url", _first(og.get("og:url"))),
        ("json-ld", ld_url),
    )  # fmt: skip
    base_url = urljoin(original_url, _first(tree.xpath("//base/@href")) or "")

    # trafilatura with its defaults decides which text is the article: asked for images,
    # links and emphasis, it also keeps captions and lists of pictures or links (see
    # _chosen_text). Comment sections are left out, not taken apart.
    page = without_layout_tables(tree) or parsed
    document = trafilatura.bare_extraction(
        page,
        url=base_url or None,
        output_format="xml",  # the body as a tree (document.body), not also as plain text
        include_tables=True,
        include_comments=False,
    )
    if document is None or document.body is None:
        raise Unreadable("no article text found on the page")
    guesses = TrafilaturaGuesses(tree, base_url or None)

    # trafilatura's site name is og:site_name or the JSON-LD publisher when there is one
    stated_sites = [_first(og.get("og:site_name")), _ld_text(ld.get("publisher"))]
    site_names = {
        clean_text(name).casefold()
        for name in (stated_sites if any(stated_sites) else [guesses.sitename])
        if clean_text(name) and not re.match(r"https?:", name)
    }
    origins: dict[str, str] = {}
    kicker, title = _headline(tree, ld, og, guesses, site_names, origins)
    if _ld_series(ld, ld_index):
        kicker, origins["kicker"] = _ld_series(ld, ld_index), "json-ld:isPartOf"
    elif not kicker and (element_kicker := _kicker_element(tree)):
        kicker, origins["kicker"] = element_kicker, "class:kicker"
    if not title:
        raise Unreadable("the page has no headline")

    section, origins["section"] = _pick(
        ("json-ld", _first(_ld_list(ld.get("articleSection")))),
        ("meta:article:section", _first(og.get("article:section"))),
        ("trafilatura", lambda: _first(guesses.categories)),
    )
    published, origins["date"] = _pick_date(
        ("json-ld", _when(_ld_text(ld.get("datePublished")))),
        ("meta:article:published_time", _when(_first(og.get("article:published_time")))),
        ("markup:itemprop", _when(_first(map(_stated_date, ITEMPROP_DATE(tree))))),
        ("meta:date", _when(_meta_date(tree))),
        ("time", _when(_first_time(tree))),
        ("trafilatura", lambda: _when(guesses.date)),
        ("markup:class", _when(_classed_date(tree))),
        ("url", _url_date(original_url)),
    )
    tags, origins["tags"] = _pick(
        ("json-ld", _keywords(ld.get("keywords"))),
        ("meta:article:tag", og.get("article:tag")),
        ("trafilatura", lambda: guesses.tags),
    )
    article = ImportedArticle(
        source_key="",
        source=source,
        kind="html",
        title=title,
        kicker=kicker,
        section=section or "",
        published=published,
        tags=_unique(tags or []),
        original_url=original_url or "",
        status="published",  # a public page is a published article
        origins=origins,
    )
    origins["original_url"] = url_origin

    authors, translators = _page_credits(tree)
    ld_authors = _ld_people(ld.get("author"), ld_index)
    marked = cache(lambda: _marked_authors(tree))  # read only when needed: it costs
    organisations = site_names | set(_ld_organisations(ld.get("author"), ld_index))
    # In order of trust: what the page states, then trafilatura's guess, then the looser
    # markup (class names) and meta tags, which often name the site or its account.
    article.authors, origins["authors"], publication, publication_origin = _pick_people(
        [
            ("json-ld", _with_roles(ld_authors, authors)),
            ("byline", authors),
            ("markup:itemprop", lambda: marked().get("markup:itemprop")),
            ("markup:hcard", lambda: marked().get("markup:hcard")),
            ("meta:twitter:data", lambda: _labelled_authors(tree)),
            ("trafilatura", lambda: _trafilatura_authors(guesses.author)),
            ("markup:class", lambda: marked().get("markup:class")),
            ("meta:author", lambda: _meta_authors(tree)),
        ],
        organisations,
    )
    article.translators, origins["translators"] = _pick(
        ("json-ld", _ld_people(ld.get("translator"), ld_index)), ("byline", translators)
    )
    article.translators, _ = tidy_people(article.translators or [], organisations)

    images = _page_images(tree, base_url)
    article.blocks, article.pictures = _body(document.body, images, base_url, tree)
    _tidy(article)
    if not any(_is_prose(block) for block in article.blocks if block.tag != "figure"):
        raise Unreadable("no article text found on the page")

    description, origin = _pick(
        ("json-ld", clean_text(_ld_text(ld.get("description")))),
        ("meta:og:description", clean_text(_first(og.get("og:description")))),
    )
    if description and not _starts_body(description, article):
        article.standfirst, origins["standfirst"] = description, origin
    if not article.source_line and publication:
        article.source_line, origins["source_line"] = publication, f"{publication_origin}:author"
    elif article.source_line:
        origins["source_line"] = "text rule"
    if article.bio:
        origins["bio"] = "text rule"
    _lead_picture(article, ld.get("image") or og.get("og:image"), ld_index, base_url)
    _clean_fields(article)
    set_language(
        article,
        " ".join([article.title, *article.paragraphs]),
        [_ld_text(ld.get("inLanguage")), tree.get("lang"), _first(og.get("og:locale"))],
    )
    article.source_key = _source_key(article)
    return article


class TrafilaturaGuesses:
    """trafilatura's metadata guesses for a page (its extract_metadata, field by field),
    each made when first asked for: what the page states outright (JSON-LD, Open Graph)
    wins over most of them, and they cost (the author guess copies the whole page, the
    date runs htmldate's search)."""

    def __init__(self, tree, url: str | None):
        self.tree, self.url = tree, url

    @cached_property
    def _stated(self) -> trafilatura.settings.Document:
        """What its meta tags and JSON-LD say, as extract_metadata reads them."""
        found = trafilatura_metadata.examine_meta(self.tree)
        if found.author and " " not in found.author:
            found.author = None
        try:
            found = trafilatura_metadata.extract_meta_json(self.tree, found)
        except Exception:  # noqa: BLE001 (extract_metadata's own guard: its JSON-LD bugs)
            pass
        return found

    @cached_property
    def title(self) -> str | None:
        return _trimmed(self._stated.title or trafilatura_metadata.extract_title(self.tree))

    @cached_property
    def author(self) -> str | None:
        return _trimmed(self._stated.author or trafilatura_metadata.extract_author(self.tree))

    @cached_property
    def _url(self) -> str | None:
        return self._stated.url or trafilatura_metadata.extract_url(self.tree, self.url)

    @cached_property
    def date(self) -> str | None:
        return _trimmed(find_date(self.tree, **DATE_PARAMS, url=self._url))

    @cached_property
    def sitename(self) -> str | None:
        name = self._stated.sitename or trafilatura_metadata.extract_sitename(self.tree)
        if name:
            name = name.lstrip("@")
            if name and "." not in name and not name[0].isupper():
                name = name.title()
        elif self._url and (domain := trafilatura_metadata.META_URL.match(self._url)):
            name = domain[1]
        return _trimmed(name)

    @cached_property
    def categories(self) -> list[str]:
        return self._stated.categories or trafilatura_metadata.extract_catstags(
            "category", self.tree
        )

    @cached_property
    def tags(self) -> list[str]:
        return self._stated.tags or trafilatura_metadata.extract_catstags("tag", self.tree)


def _trimmed(value: str | None) -> str | None:
    """As trafilatura's Document.clean_and_trim leaves a field."""
    return line_processing(unescape(value)) if value else value


def _parse(text: str):
    """The page parsed once for trafilatura and for us: (what trafilatura reads, the page).

    trafilatura's own loader parses it (comments dropped, markup repaired), so that its
    extraction is the one it would make from the text; a tree given to bare_extraction is
    not parsed again, only copied. When lxml reads a page that is not a whole document as
    one element of it, trafilatura gets the text back: the copy it makes of an element
    would lose the rest of the page. Our own rules read the whole page, from its root.
    """
    parsed = trafilatura.load_html(text)
    if parsed is None:
        try:
            lxml.html.document_fromstring(text)
        except (etree.ParserError, ValueError) as error:
            raise Unreadable(f"not an HTML page ({error})") from None
        raise Unreadable("no article text found on the page")
    root = parsed.getroottree().getroot()
    return (parsed if parsed is root else text), root


def decode(data: str | bytes) -> str:
    """Text of a page: its BOM, else UTF-8 when the bytes are valid UTF-8, else its declared
    charset, else charset-normalizer's guess.

    Valid UTF-8 wins over a declared legacy charset: pages re-saved as UTF-8 keep their old
    <meta charset="gb2312">, and text in a real legacy encoding is almost never valid
    UTF-8. A declared charset is read as browsers read it (WHATWG): GB2312 and GBK as
    GB18030, their superset; ISO-8859-1 and ASCII as windows-1252; UTF-8 with its few
    invalid bytes replaced (a guess would read the whole page in the wrong charset).
    """
    if isinstance(data, str):
        return data
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig", errors="replace")
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_encoding(data)
    if declared == "utf-8":  # a few stray bytes in a UTF-8 page: replaced, as browsers do
        return data.decode("utf-8", errors="replace")
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode(declared or "utf-8", errors="replace")


def _declared_encoding(data: bytes) -> str | None:
    """The codec of the page's <meta charset> (or http-equiv), as a browser reads it."""
    declared = META_CHARSET.search(data[:4096])
    try:
        encoding = codecs.lookup(declared.group(1).decode("ascii")).name if declared else None
    except LookupError:
        return None
    return LEGACY_SUPERSETS.get(encoding, encoding)


# Metadata the page states: JSON-LD and Open Graph.


def _json_ld_article(tree) -> tuple[dict, dict]:
    """The page's JSON-LD article (or {}), and every JSON-LD node by its @id."""
    nodes = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        raw = re.sub(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$", "", script.text or "")
        try:
            nodes.extend(_ld_nodes(json.loads(raw)))
        except ValueError:
            continue  # a broken block is skipped: the rest of the page still counts
    index = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    for node in nodes:
        types = node.get("@type")
        types = set(types) if isinstance(types, list) else {types}
        if types & ARTICLE_TYPES or any(str(t).endswith("NewsArticle") for t in types):
            return node, index
    return {}, index


def _ld_nodes(value) -> list[dict]:
    if isinstance(value, list):
        return [node for item in value for node in _ld_nodes(item)]
    if isinstance(value, dict):
        return [value, *_ld_nodes(value.get("@graph", []))]
    return []


def _ld_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _ld_text(value) -> str:
    """A plain string from a JSON-LD value: a string, a node's name/url/@id, or a list's first."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("url") or value.get("@id")
        return _ld_text(value)
    return " ".join(str(value).split()) if value is not None else ""


def _ld_resolve(item, index: dict):
    """A node given as a bare {"@id": …} reference, looked up in the page's nodes."""
    if isinstance(item, dict) and set(item) == {"@id"}:
        return index.get(item["@id"], {})
    return item


def _ld_people(value, index: dict) -> list[Credit]:
    """People credited in JSON-LD; organisations are not bylines."""
    people = []
    for item in (_ld_resolve(item, index) for item in _ld_list(value)):
        if isinstance(item, str) and item.strip():
            people.append(Credit(name=" ".join(item.split())))
        elif isinstance(item, dict) and "Organization" not in str(item.get("@type", "")):
            if _ld_text(item.get("name")):
                people.append(Credit(_ld_text(item["name"]), _ld_text(item.get("jobTitle"))))
    return people


def _ld_organisations(value, index: dict) -> list[str]:
    """Names of the organisations JSON-LD gives as authors (the publication, not a person)."""
    return [
        _ld_text(item.get("name"))
        for item in (_ld_resolve(item, index) for item in _ld_list(value))
        if isinstance(item, dict) and "Organization" in str(item.get("@type", ""))
    ]


def _ld_series(ld: dict, index: dict) -> str:
    for item in (_ld_resolve(item, index) for item in _ld_list(ld.get("isPartOf"))):
        if isinstance(item, dict) and "Series" in str(item.get("@type", "")):
            return _ld_text(item.get("name"))
    return ""


def _keywords(value) -> list[str]:
    words = []
    for item in _ld_list(value):
        words.extend(part.strip() for part in str(item).split(","))
    return [word for word in words if word]


def _open_graph(tree) -> dict[str, list[str]]:
    """og:* and article:* meta values, in page order (some sites use name= for them)."""
    values: dict[str, list[str]] = {}
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key.startswith(("og:", "article:")) and meta.get("content").strip():
            values.setdefault(key, []).append(" ".join(meta.get("content").split()))
    return values


def _headline(tree, ld: dict, og: dict, guesses, site_names: set[str], origins: dict):
    """(kicker, title): the page's own <h1> when it is the headline the meta titles name
    (pagemeta.choose_headline), else the first of them; a "Column | " prefix is the kicker."""
    metas = [
        ("json-ld", _ld_text(ld.get("headline"))),
        ("meta:og:title", _first(og.get("og:title"))),
        ("meta:twitter:title", _first(tree.xpath("//meta[@name='twitter:title']/@content"))),
    ]
    if not any(title for _, title in metas):  # only then can trafilatura's count
        # the <title> without its site name, else an <h1>
        metas.append(("trafilatura", guesses.title))
    metas.append(("title", _first(tree.xpath("//head/title/text()"))))
    headings = [
        " ".join(h1.text_content().split())
        for h1 in tree.xpath("//article//h1 | //main//h1") + tree.xpath("//h1")
    ]
    given, heading, origin = choose_headline(
        [(origin, title or "") for origin, title in metas], _unique(headings), site_names
    )
    if not given:
        return "", ""
    kicker, title = _split_headline(given, site_names)
    if heading:
        title = strip_site_name(heading, site_names)
        if kicker and not same_headline(heading, given.split("|", 1)[-1]):
            kicker = ""
    origins["title"] = origin
    if kicker:
        origins["kicker"] = f"{origin}: column | headline"
    return kicker, title


def _split_headline(headline: str, site_names: set[str]) -> tuple[str, str]:
    """(kicker, title) of "Column | Headline"; a trailing site name is dropped."""
    parts = [part.strip() for part in re.split(r"\s+[|｜]\s+", " ".join(headline.split()))]
    while len(parts) > 1 and parts[-1].casefold() in site_names:
        parts.pop()
    title = parts[-1]
    for site in site_names:  # "Headline - Northwind Daily"
        match = re.match(rf"^(.+?)\s+[-–—]\s+{re.escape(site)}$", title, re.IGNORECASE)
        if match:
            title = match.group(1)
    if len(parts) == 2 and len(parts[0]) < len(title):
        return parts[0], title
    return "", " | ".join([*parts[:-1], title])


def _kicker_element(tree) -> str:
    for element in KICKER_CLASS(tree):
        text = " ".join(element.text_content().split())
        if text and len(text) <= 60:
            return text
    return ""


def _when(value: str | None) -> date | datetime | None:
    """A date (date-only values) or an aware datetime, or None when unreadable.

    A stated offset is kept, not turned into UTC: the day of publication is the day in the
    publisher's own time zone (00:30+01:00 on the 28th is the 28th there, though still the
    27th in UTC); the moment is the same either way. Without an offset, UTC is assumed."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        moment = datetime.fromisoformat(value)
    except ValueError:
        read = read_date_line(" ".join(value.split()))  # "12. März 2021", "2021年3月12日"
        return read[1] if read else None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _stated_date(element) -> str:
    """The date a <meta content>, <time datetime> or element's own text states."""
    return element.get("content") or element.get("datetime") or element.text_content()


def _first_time(tree) -> str:
    """The date of the article's first <time> (in its <article> or <main>), else of the
    page's first <time>, from its datetime or its text."""
    return _first(map(_stated_date, ARTICLE_TIME(tree) or PAGE_TIME(tree))) or ""


def _meta_date(tree) -> str:
    """The publication date of the first meta tag naming one (name="date", DC.date.issued,
    Parse.ly's, cXense's…); og:updated_time and other modification dates are not."""
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("name") or meta.get("property") or "").lower()
        if key in META_DATE_NAMES and meta.get("content").strip():
            return meta.get("content")
    return ""


def _classed_date(tree) -> str:
    """The date of the first element in the article whose class names a date ("date",
    "news-single-timedata", "post-date") and that holds a date, alone or before a " - "
    ("18.10.2021", "18.10.2021 - Redaktion: Ana Lima")."""
    root = _first(tree.xpath("//article") or tree.xpath("//main") or tree.xpath("//body"))
    for element in CLASSED_DATE(root) if root is not None else []:
        text = " ".join(element.text_content().split())
        if 6 <= len(text) <= 120 and not any(map(_is_aside, element.iterancestors())):
            # the date alone, or first before a separator: "05.02.2020 - Redaktion: Ana Lima"
            read = read_date_line(DATE_THEN_MORE.split(text, 1)[0])
            if read and read[1]:
                return read[1].isoformat()
    return ""


def _url_date(url: str | None) -> date | None:
    """The date in a page address written as /2021/03/12/ (as blogs and papers do)."""
    match = URL_DATE.search(urlsplit(url or "").path)
    try:
        return date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def _source_key(article: ImportedArticle) -> str:
    if article.original_url:
        return "url:" + normalise_url(article.original_url)
    when = article.published.date() if isinstance(article.published, datetime) else None
    when = when or article.published or "undated"
    return f"html:{when}:{slugify(article.title, allow_unicode=True)}"


def normalise_url(url: str) -> str:
    """One spelling per page: lower-case scheme and host, no fragment, no tracking
    parameters, sorted query, no trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and (parts.scheme, parts.port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{parts.port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query) if not TRACKING_PARAMS.match(k))
    return urlunsplit(
        (parts.scheme.lower(), host, parts.path.rstrip("/") or "/", urlencode(query), "")
    )


# Credits.


def credit_line(text: str) -> tuple[list[Credit], list[Credit]] | None:
    """(authors, translators) of a byline and/or translator line, or None if it is neither.

    The shapes of bylines are textdump_rules' (one set of rules for every importer);
    here a line may hold both, and what follows a " · " is not a name.
    """
    authors, translators = [], []
    for part in TRANSLATION_START.split(" ".join(text.split())):
        part = part.split(" · ")[0]  # "Translated by X · Read the original"
        if not part:
            continue
        found = read_translators(part)
        if found:
            translators.extend(found)
            continue
        found = read_byline(part)
        if not found:
            return None
        authors.extend(found)
    return (authors, translators) if authors or translators else None


def _page_credits(tree) -> tuple[list[Credit], list[Credit]]:
    """Authors and translators from the page's own byline lines, in page order."""
    authors: list[Credit] = []
    translators: list[Credit] = []
    root = _first(tree.xpath("//article") or tree.xpath("//main") or [tree])
    for element in root.iter("p", "div", "span", "address", "a", "li", "small", "h4", "h5"):
        text = " ".join(element.text_content().split())
        found = credit_line(text) if 3 < len(text) <= 200 else None
        if found:
            for credits, new in zip((authors, translators), found, strict=True):
                known = {credit.name for credit in credits}
                credits.extend(credit for credit in new if credit.name not in known)
    return authors, translators


def _marked_authors(tree) -> dict[str, list[Credit]]:
    """The authors the markup names, by origin, from the plainest way of saying so: schema.org
    microdata (itemprop=author, its itemprop=name), an hCard author (class "author vcard",
    its "fn") or a rel=author link, else an element whose class names the author or byline
    ("author-name", "post__author", "byline").

    The first such element counts, with those beside it (one byline naming two people);
    comment threads, sidebars, widgets and figures name other people and are passed over.
    """
    found_by: dict[str, list[Credit]] = {}
    for origin, xpath in AUTHOR_MARKUP:
        found = [
            element
            for element in xpath(tree)
            if 1 < len(element.get("content") or element.text_content().strip()) <= 200
            and not any(map(_is_aside, [element, *element.iterancestors()]))
        ]
        found_set = set(found)
        outermost = [e for e in found if found_set.isdisjoint(e.iterancestors())]
        credits = []
        for element in outermost:
            if element.getparent() is not outermost[0].getparent():
                continue
            names = AUTHOR_NAME(element)
            for named in names or [element]:
                text = " ".join((named.get("content") or named.text_content()).split())
                credits.extend(read_byline(text) or [Credit(text)] if 1 < len(text) <= 100 else [])
        found_by[origin] = credits
    return found_by


def _is_aside(element) -> bool:
    """Whether an element holds what is not the article's: comments, sidebars, figures…"""
    if not isinstance(element.tag, str) or element.tag in ("html", "body", "article"):
        return False
    if element.tag in ("aside", "figure", "figcaption"):
        return True
    marks = f"{element.get('class', '')} {element.get('id', '')}".lower().split()
    return any(mark.startswith(ASIDE_MARKS) for mark in marks)


def _meta_authors(tree) -> list[Credit]:
    """The author a meta tag names (name=author, article:author, dc.creator, Parse.ly's,
    Sailthru's, cXense's, or a microdata meta itemprop=author): the first one named."""
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").lower()
        value = " ".join(meta.get("content").split())
        if key in META_AUTHOR_NAMES and value:
            return [Credit(value)]
    return []


def _labelled_authors(tree) -> list[Credit]:
    """The author of a "twitter:labelN" = "Written by" / "Verfasst von"… meta pair (as SEO
    plugins write it), from its "twitter:dataN"."""
    for label in tree.xpath("//meta[starts-with(@name, 'twitter:label')]"):
        if AUTHOR_LABEL.search(label.get("content", "")):
            number = label.get("name")[len("twitter:label") :]
            value = _first(tree.xpath(f"//meta[@name='twitter:data{number}']/@content"))
            return [Credit(value.strip())] if value and value.strip() else []
    return []


def _trafilatura_authors(author: str | None) -> list[Credit]:
    """trafilatura's author guess ("A; B"), read as a byline when it is one."""
    if not author:
        return []
    people = []
    for name in author.split(";"):
        if name.strip():
            people.extend(read_byline(f"By {name.strip()}") or [Credit(name.strip())])
    return people


def _with_roles(people: list[Credit], bylines: list[Credit]) -> list[Credit]:
    roles = {credit.name: credit.role_title for credit in bylines}
    for person in people:
        person.role_title = person.role_title or roles.get(person.name, "")
    return people


# Images.


def _page_images(tree, base_url: str) -> dict:
    """Every picture of the page by its <img>, with what its figure says about it: those
    whose address names an image file (as trafilatura takes them), or a lazy loader's."""
    images = {}
    for img in tree.iter("img"):
        sources = [img.get(name, "").strip() for name in IMAGE_SOURCES]
        src = _first(s for s in sources if s and not s.startswith("data:"))
        if not src or not (IMAGE_FILE.search(src) or image_src(img)):
            continue  # a placeholder (data:) left by a lazy loader, or not an image file
        address = urljoin(base_url, _image_url(src))
        picture = Picture(
            file_name=file_name(address),
            url=address,
            alt_text=" ".join(img.get("alt", "").split()),
        )
        figure = _first([a for a in img.iterancestors("figure")])
        caption = _first(figure.iter("figcaption")) if figure is not None else None
        if caption is not None:
            picture.caption, picture.credit = _caption(figure, caption)
        images[img] = picture
    return images


def _image_url(source: str) -> str:
    """The address in an image source; of a srcset ("a.jpg 320w, b.jpg 640w", which
    trafilatura may give as the src of a lazy-loaded image), the last candidate, the
    largest as pages list them."""
    if SRCSET_DESCRIPTOR.search(source):
        return re.split(r",\s+", source.strip().rstrip(","))[-1].split()[0]
    return source.strip()


def _caption(figure, caption) -> tuple[str, str]:
    credit = ""
    for element in figure.iter(etree.Element):  # elements only: comments have no class
        classes = element.get("class") or ""
        if re.search(r"credit|copyright|photographer", classes, re.IGNORECASE):
            credit = " ".join(element.text_content().split())
            element.drop_tree()
            break
    text = " ".join(caption.text_content().split())
    return (text, credit) if credit else split_credit(text)


def _lead_picture(article: ImportedArticle, value, index: dict, base_url: str) -> None:
    """The page's declared image (JSON-LD image, else og:image) is the lead picture."""
    item = _ld_resolve(_first(_ld_list(value)), index)
    address = _ld_text(item.get("url") or item.get("contentUrl")) if isinstance(item, dict) else ""
    address = address or (item if isinstance(item, str) else "")
    if not address:
        return
    address = urljoin(base_url, address)
    for number, picture in enumerate(article.pictures):
        if picture.url == address:
            article.lead_picture = number
            return
    picture = Picture(file_name=file_name(address), url=address)
    if isinstance(item, dict):
        picture.caption = _ld_text(item.get("caption"))
        picture.credit = _ld_text(item.get("creditText") or item.get("copyrightHolder"))
    article.pictures.append(picture)
    article.lead_picture = len(article.pictures) - 1


# The body.


def _body(chosen, images: dict, base_url: str, tree) -> tuple[list[Block], list[Picture]]:
    """Blocks and pictures of the text trafilatura chose (``chosen``, its body).

    trafilatura asked for links and emphasis too would keep more text (captions, lists of
    pictures or links), so the markup comes from the page itself: each chosen block takes
    that of the page element holding the same text (its "twin", _twins), made into a block
    the same way, when it gives the same text. The pictures are the page's own among the
    twins (_article_pictures). Tables are the page's (``tree``) as extracted.
    """

    def picture_for(img) -> Picture:
        address = urljoin(base_url, _image_url(img.get("src", "")))
        return Picture(file_name(address), address, alt_text=img.get("alt", ""))

    html = convert_to_html(chosen)[0]
    restore_tables(html, tree, base_url)
    blocks, _ = blocks_from_tree(html, picture_for)
    keys = [
        _squash(plain_text(block.html, one_line=True)) if block.tag in TWINNED else ""
        for block in blocks
    ]
    twins = _twins(tree, keys)
    result: list[Block] = []
    pictures: list[Picture] = []
    before, after = _article_pictures(tree, twins, images)
    for number, block in enumerate(blocks):
        for img in before.get(number, ()):
            pictures.append(images[img])
            result.append(Block("figure", picture=len(pictures) - 1))
        twin = twins[number]
        rich = _rich_block(block, keys[number], twin, base_url) if twin is not None else block
        result.append(rich)
        for img in after.get(number, ()):
            pictures.append(images[img])
            result.append(Block("figure", picture=len(pictures) - 1))
    return result, pictures


def _twins(tree, keys: list[str]) -> list:
    """For each block's text key (or ""), the page element holding the same text, or None.

    The innermost element with that text; a text the page holds more than once takes its
    copies in order (the first after the last twin taken, else the first left)."""
    body = _first(tree.iter("body"))
    wanted = {key for key in keys if key}
    if body is None or not wanted:
        return [None] * len(keys)
    starts = {key[:TWIN_PREFIX] for key in wanted}
    found: dict[str, list] = {}
    for element in body.iter(TWIN_TAGS):
        lead = _page_key(element.text) if element.text else ""
        if len(lead) < TWIN_PREFIX:  # the start of its text is further in
            lead = ""
            for piece in element.itertext():
                lead += _page_key(piece)
                if len(lead) >= TWIN_PREFIX:
                    break
        if lead[:TWIN_PREFIX] not in starts:
            continue
        key = _page_key(element.text_content())
        if key in wanted:
            holders = found.setdefault(key, [])
            if holders and holders[-1] in element.iterancestors():
                holders[-1] = element  # the inner one of the same text
            else:
                holders.append(element)
    position = {}
    if any(len(holders) > 1 for holders in found.values()):  # which copy comes first
        position = {element: n for n, element in enumerate(body.iter())}
    twins: list = []
    last = -1
    for key in keys:
        holders = found.get(key, [])
        twin = next(
            (e for e in holders if position.get(e, last + 1) > last),
            holders[0] if holders else None,
        )
        if twin is not None:
            holders.remove(twin)
            last = max(last, position.get(twin, last))
        twins.append(twin)
    return twins


def _rich_block(block: Block, key: str, twin, base_url: str) -> Block:
    """``block`` with the markup of its page ``twin`` (links made absolute, as trafilatura
    makes them), when that makes one block of the same text and kind; else as it is."""
    if next(twin.iter(*MARKUP), None) is None:
        return block  # nothing to lend: the block is as the twin would make it
    root = lxml.html.Element("div")
    root.append(copy.deepcopy(twin))
    root[0].tail = None
    for element in list(root.iter("img", "figure", "picture", "script", "style", "noscript")):
        if element.getparent() is not None:
            element.drop_tree()
    for link in root.iter("a"):
        href = (link.get("href") or "").strip()
        link.attrib.clear()
        if href:
            link.set("href", urljoin(base_url, href))
    rich, _ = blocks_from_tree(root, lambda img: Picture())
    if len(rich) != 1 or _squash(plain_text(rich[0].html, one_line=True)) != key:
        return block
    # trafilatura may make a heading of a list item, or a list of an ordered one: the
    # block keeps its kind, with the twin's markup where the two hold the same content
    if {rich[0].tag, block.tag} <= SAME_CONTENT.get(block.tag, {block.tag}):
        return Block(block.tag, rich[0].html)
    return block


def _article_pictures(tree, twins: list, images: dict) -> tuple[dict, dict]:
    """The article's own pictures, by the block they stand before or after.

    The page's images (``images``: its <img> elements) in document order among the
    ``twins``, inside the smallest element holding them all: between two twins, inside one
    (after it), or right before the first or after the last with little text between.
    Not those in asides, related or teaser boxes (ASIDE_MARKS), navigation or link lists
    (a picture linking to another page), nor icons, avatars, logos or tracking pixels.
    """
    placed = [(n, twin) for n, twin in enumerate(twins) if twin is not None]
    if not placed or not images:
        return {}, {}
    holder = _common_ancestor([twin for _, twin in placed])
    position, text_before = {}, []
    seen = 0
    for n, element in enumerate(holder.iter()):
        position[element] = n
        text_before.append(seen)
        if isinstance(element.tag, str) and element.text:
            seen += len(element.text.strip())
    ends = {twin: position[twin] + sum(1 for _ in twin.iter()) - 1 for _, twin in placed}
    order = sorted(placed, key=lambda item: position[item[1]])
    first, last = position[order[0][1]], ends[order[-1][1]]
    before: dict[int, list] = {}
    after: dict[int, list] = {}
    addresses = set()
    for img in holder.iter("img"):
        if img not in images or not _is_article_picture(img, holder):
            continue
        at = position[img]
        if at < first:
            if text_before[first] - text_before[at] > NEAR_TEXT:
                continue
            place = before.setdefault(order[0][0], [])
        elif at > last:
            if text_before[at] - text_before[last] > NEAR_TEXT:
                continue
            place = after.setdefault(order[-1][0], [])
        else:
            inside = next((n for n, twin in order if position[twin] < at <= ends[twin]), None)
            if inside is not None:
                place = after.setdefault(inside, [])
            else:
                following = next(n for n, twin in order if position[twin] > at)
                place = before.setdefault(following, [])
        # once each, at its first place: a gallery's thumbnails (photo-200x135.jpg) too
        same = THUMBNAIL_SIZE.sub("", images[img].url.partition("?")[0])
        if same not in addresses:
            addresses.add(same)
            place.append(img)
    return before, after


def _common_ancestor(elements: list):
    """The smallest element holding every one of ``elements``."""
    chain = [elements[0], *elements[0].iterancestors()]
    depth = {element: n for n, element in enumerate(chain)}
    lowest = 0
    for element in elements[1:]:
        for ancestor in (element, *element.iterancestors()):
            if ancestor in depth:
                lowest = max(lowest, depth[ancestor])
                break
    return chain[lowest]


def _is_article_picture(img, holder) -> bool:
    """Whether an <img> of the article's part of the page (below ``holder``) is one of its
    pictures: not an icon or pixel, not in an aside or a link list, not a link to a page."""
    marks = " ".join(img.get(name, "") for name in ("class", "id", "src", "alt")).lower()
    if ICON_MARKS.search(marks):
        return False
    for name in ("width", "height"):
        size = (img.get(name) or "").strip().removesuffix("px")
        if size.isdigit() and int(size) < SMALLEST_PICTURE:
            return False
    for ancestor in img.iterancestors():
        if ancestor is holder:
            return True
        if ancestor.tag in ("aside", "nav", "footer", "form", "noscript", "li", "button"):
            return False
        if ancestor.tag == "a" and ancestor.text_content().strip():
            return False  # a teaser: the picture and a headline link to another page
        marks = f"{ancestor.get('class', '')} {ancestor.get('id', '')}".lower().split()
        if any(mark.startswith(ASIDE_MARKS) for mark in marks):
            return False
    return True


def _tidy(article: ImportedArticle) -> None:
    """Our rules on the extracted blocks: credits, boilerplate, repeats, bio, source line."""
    names = {credit.name for credit in article.authors + article.translators}
    captions = set()
    for picture in article.pictures:
        for text in (picture.caption, f"{picture.caption} {picture.credit}"):
            captions.add(_squash(text))
    blocks = [
        block
        for block in article.blocks
        if block.tag == "figure" or _squash(plain_text(block.html, one_line=True))
    ]

    kept: list[Block] = []
    in_list_section = False
    for block in blocks:
        text = plain_text(block.html, one_line=True)
        if block.tag == "figure":
            kept.append(block)
            in_list_section = False
            continue
        if is_tail_heading(text):
            in_list_section = True
            continue
        if in_list_section and (block.tag in ("ul", "ol") or _only_links(block.html)):
            continue
        in_list_section = False
        credits = credit_line(text)
        if credits and {c.name for c in credits[0] + credits[1]} <= names:
            continue
        if _squash(text) in captions or is_boilerplate(text) or _is_dateline(text):
            continue
        if not kept and text in (article.title, article.kicker):
            continue
        kept.append(block)

    keys = [
        _squash(plain_text(block.html, one_line=True)) if block.tag != "figure" else ""
        for block in kept
    ]
    runons = [
        bool(key)
        and sum(1 for other in keys if len(other) >= 20 and other != key and other in key) >= 2
        for key in keys
    ]
    kept = [block for block, runon in zip(kept, runons, strict=True) if not runon]
    keys = [key for key, runon in zip(keys, runons, strict=True) if not runon]
    blocks = without_doubled_runs(kept, keys)

    if (
        blocks
        and blocks[-1].tag == "p"
        and is_source_line(plain_text(blocks[-1].html, one_line=True))
    ):
        article.source_line = plain_text(blocks.pop().html, one_line=True)
    bios = []
    while (
        blocks
        and blocks[-1].tag == "p"
        and _bio_of(plain_text(blocks[-1].html, one_line=True), article)
    ):
        bios.insert(0, plain_text(blocks.pop().html, one_line=True))
    article.bio = "\n\n".join(bios)
    article.blocks = blocks


def _bio_of(text: str, article: ImportedArticle) -> bool:
    for credit in article.authors + article.translators:
        if text.startswith(credit.name) and BIO_VERB.match(text[len(credit.name) :]):
            credit.bio = f"{credit.bio}\n\n{text}".strip()
            return True
    return False


def _is_dateline(text: str) -> bool:
    """A bare "Published 2 November 2023" line: the date is taken from the page's metadata."""
    dateline = DATELINE.match(text) if len(text) <= 160 else None
    if not dateline:
        return False
    words = re.findall(r"[^\W\d_]+", dateline.group("rest"))
    return all(word.lower()[:3] in DATE_WORDS for word in words)


def _only_links(html: str) -> bool:
    return not plain_text(re.sub(r"<a\b.*?</a>", "", html, flags=re.DOTALL), one_line=True)


def _is_prose(block: Block) -> bool:
    """Running text: some length and a sentence end (a menu has neither)."""
    text = plain_text(block.html, one_line=True)
    return len(text) >= 40 and bool(SENTENCE_END.search(text))


def _starts_body(description: str, article: ImportedArticle) -> bool:
    """Whether a description is just the start of the body (an automatic excerpt)."""
    first = _squash(" ".join(article.paragraphs[:1])).rstrip(".…")
    return bool(first) and first.startswith(_squash(description).rstrip(".…"))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _page_key(text: str) -> str:
    """A page element's text as _squash makes a block's: no spaces, no invisible marks."""
    key = "".join(text.split())  # (str.split is the quicker on the many short texts)
    return INVISIBLE_OR_SPACE.sub("", key) if not key.isascii() else key


def _clean_fields(article: ImportedArticle) -> None:
    """Every metadata field through pagemeta.clean_text: entities decoded, spaces single."""
    for name in ("title", "kicker", "section", "standfirst", "source_line"):
        setattr(article, name, clean_text(getattr(article, name)))
    for credit in article.authors + article.translators:
        credit.name, credit.role_title = clean_text(credit.name), clean_text(credit.role_title)
    for picture in article.pictures:
        for name in ("caption", "credit", "alt_text"):
            setattr(picture, name, clean_text(getattr(picture, name)))
    article.tags = _unique([clean_text(tag) for tag in article.tags])


def _pick_people(
    candidates: list[tuple[str, list[Credit] | Callable | None]], organisations: set[str]
) -> tuple[list[Credit], str, str, str]:
    """(people, origin, publication, its origin) from the first candidate naming a person
    (a candidate may be a function, called only when the ones before it named nobody).

    A candidate naming only the publication or a desk ("Redaktion") does not stop a later
    one naming the person who wrote it; it is kept as the publication (the source line).
    Labels with no name ("By", "Posted on") name nobody.
    """
    publication = publication_origin = ""
    for origin, credits in candidates:
        credits = credits() if callable(credits) else credits
        people, named = tidy_people(credits or [], organisations)
        if people:
            return people, origin, publication or named, publication_origin or origin
        if named and not publication:
            publication, publication_origin = named, origin
    return [], "", publication, publication_origin


def _pick_date(*candidates: tuple[str, date | datetime | Callable | None]) -> tuple:
    """(date, origin): the day most candidates state, as the most trusted of them gives it.

    Each source is wrong on some pages (a template's date, the last update, a related
    article's <time>); they seldom agree on the same wrong day. A tie goes to the first.
    A candidate given as a function (a costly guess) is asked only when its vote could
    change the result.
    """
    candidates = list(candidates)
    for number, (origin, value) in enumerate(candidates):
        if callable(value):
            candidates[number] = (origin, value() if _may_decide(candidates, number) else None)
    stated = [(origin, value) for origin, value in candidates if value]
    days = Counter(_day(value) for _, value in stated)
    chosen = next(
        ((value, origin) for origin, value in stated if days[_day(value)] == max(days.values())),
        (None, ""),
    )
    # A time given in UTC ("…Z") may fall on the next or previous day of the publisher's
    # own calendar; the day in the page's address (/2020/02/24/) is theirs.
    filed = dict(stated).get("url")
    value = chosen[0]
    if (
        filed
        and isinstance(value, datetime)
        and value.utcoffset() == timedelta(0)
        and abs((filed - value.date()).days) == 1
    ):
        return filed, "url"
    return chosen


def _may_decide(candidates: list[tuple], voter: int) -> bool:
    """Whether the vote of ``candidates[voter]``, for whatever day, could change the day
    _pick_date chooses or the candidate giving it (those after it not yet asked count
    as silent)."""
    stated = [
        (number, _day(value))
        for number, (_, value) in enumerate(candidates)
        if value and not callable(value) and number != voter
    ]
    if not stated:
        return True
    days = Counter(day for _, day in stated)
    most = max(days.values())
    first = {}
    for number, day in stated:
        first.setdefault(day, number)
    winner = next(day for _, day in stated if days[day] == most)
    if voter < first[winner]:
        return True  # even agreeing, it would be the one giving the day
    # Another day could tie the winner's count and come first, or pass it.
    return any(
        count == most or (count == most - 1 and first[day] < first[winner])
        for day, count in days.items()
        if day != winner
    )


def _day(value: date | datetime) -> date:
    """The day of a date, or of a datetime in its own time zone."""
    return value.date() if isinstance(value, datetime) else value


def _pick(*candidates: tuple[str, object]) -> tuple:
    """(value, origin) of the first candidate with a value, or (None, ""); a candidate
    given as a function is called only when those before it have none."""
    for origin, value in candidates:
        value = value() if callable(value) else value
        if value:
            return value, origin
    return None, ""


def _first(items):
    """The first of ``items`` (a list, an iterator or None), or None."""
    return next(iter(items), None) if items is not None else None


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item.strip() for item in items if item.strip()))
