"""Read a WordPress export (WXR 1.0–1.2, "Tools → Export") into ImportedArticles.

Every namespace WordPress has spelled several ways (wp:, excerpt:, content:, dc:; WXR 1.0,
1.1 or 1.2; http:// or https://) is read under any of its spellings.

The XML is parsed with defusedxml: an export that declares entities (entity expansion,
"billion laughs") or refers to external ones (XXE) is refused before anything is read,
as is XML that is truncated or malformed, or that is not a WXR export.

How an item maps:

- Posts (wp:post_type "post") are read; pages only with ``include_pages``. Attachments
  are looked up as pictures; every other type (menu items, revisions…) is skipped, and
  so are trashed posts and auto-drafts, which WordPress itself no longer shows.
- wp:status "publish" → "published"; anything else (draft, pending, private, future)
  → "draft": an unpublished post stays unpublished.
- title; content:encoded → body: text without <p> is split into paragraphs at blank lines
  (WordPress's own auto-paragraphs, single line breaks becoming <br>), then sanitized to
  our subset as HTML pages are (htmlbody.py); [caption] shortcodes and <img> become
  figures; [gallery], [embed], [audio], [video] and [playlist] are dropped; any other
  shortcode loses its brackets but keeps its text. excerpt:encoded → standfirst.
- First category (domain "category", not "Uncategorized") → section; post_tag → tags.
- dc:creator is an author login; the channel's wp:author gives the display name.
- wp:post_date_gmt, else pubDate → published (aware UTC); none for an unsaved draft.
- Pictures: the attachment's URL (full size, not the resized src), its file name, caption
  (the shortcode's, else the attachment's excerpt; a "Photo: X" suffix becomes the
  credit), alt text (the img's, else _wp_attachment_image_alt). The featured image
  (_thumbnail_id) is the lead picture. With ``media_dir`` (a copy of wp-content/uploads)
  a picture's local_path is the file found there by its path under uploads/, else by name.
- link → original_url; source_key "wordpress:" + guid (else site URL + "?p=" + post id).
- Language: found from each post's title and text (languageid.py); the post's Polylang
  "language" term, else the channel's <language>, is the hint that wins for a short or
  ambiguous text. A language that is not an edition makes a draft with a note, never a
  refusal of the export.
"""

import html as html_lib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree
import lxml.html

from newsdesk.content.body import plain_text, sanitize
from newsdesk.imports.htmlbody import blocks_from_tree, file_name, split_credit
from newsdesk.imports.languageid import set_language
from newsdesk.imports.record import Credit, ImportedArticle, Picture, Unreadable

WP = "http://wordpress.org/export/1.2/"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
# Every spelling of a namespace WordPress has written (WXR 1.0–1.2, http or https), and the
# one spelling the rest of this module reads.
NAMESPACES = [
    (re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/?$"), f"{WP}excerpt/"),
    (re.compile(r"^https?://wordpress\.org/export/1\.\d+/?$"), WP),
    (
        re.compile(r"^https?://purl\.org/rss/1\.0/modules/content/?$"),
        "http://purl.org/rss/1.0/modules/content/",
    ),
    (re.compile(r"^https?://purl\.org/dc/elements/1\.1/?$"), "http://purl.org/dc/elements/1.1/"),
]
SKIPPED_STATUSES = {"trash", "auto-draft"}

BLOCK_TAGS = (
    "address|article|aside|blockquote|dd|div|dl|dt|figcaption|figure|footer|form|h[1-6]|"
    "header|hr|li|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul"
)
BLOCK_START = re.compile(rf"(<(?:{BLOCK_TAGS})[\s/>])", re.IGNORECASE)
BLOCK_END = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.IGNORECASE)
STARTS_WITH_BLOCK = re.compile(rf"^</?(?:{BLOCK_TAGS})[\s/>]", re.IGNORECASE)
CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.IGNORECASE | re.DOTALL)
ATTRIBUTE = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"')
MEDIA_SHORTCODE = re.compile(
    r"\[(gallery|playlist|audio|video|embed)\b[^\]]*\](?:.*?\[/\1\])?", re.IGNORECASE | re.DOTALL
)
SHORTCODE_OPEN = re.compile(r"\[([a-z][\w-]*)((?:\s[^\]]*)?)\]", re.IGNORECASE)
SHORTCODE_CLOSE = re.compile(r"\[/([a-z][\w-]*)\]", re.IGNORECASE)
WP_IMAGE_ID = re.compile(r"\bwp-image-(\d+)\b")
ATTACHMENT_ID = re.compile(r"\battachment_(\d+)\b")


def parse_wordpress_export(
    data: bytes,
    *,
    source: str,
    include_pages: bool = False,
    media_dir: Path | None = None,
) -> list[ImportedArticle]:
    """The posts (and pages, if asked) of a WXR export, in export order."""
    channel, namespace = _channel(data)
    items = [_Item(element, namespace) for element in channel.findall("item")]
    blog = _Blog(
        url=_text(channel, "link") or _text(channel, f"{{{namespace}}}base_site_url"),
        language=_text(channel, "language"),
        authors={
            _text(author, f"{{{namespace}}}author_login"): _display_name(author, namespace)
            for author in channel.findall(f"{{{namespace}}}author")
        },
        attachments={item.id: item for item in items if item.type == "attachment"},
        media=_MediaFolder(media_dir),
    )
    types = {"post", "page"} if include_pages else {"post"}
    return [
        _article(item, blog, source)
        for item in items
        if item.type in types and item.status not in SKIPPED_STATUSES
    ]


def _channel(data: bytes) -> tuple[Element, str]:
    """The export's channel and its wp: namespace, or Unreadable with the reason."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        root = defusedxml.ElementTree.fromstring(data, forbid_dtd=False)
    except defusedxml.EntitiesForbidden as error:
        if error.sysid:
            raise Unreadable(
                f"the export refers to an external entity ({error.sysid}): refused"
            ) from None
        raise Unreadable(
            f"the export declares the XML entity {error.name!r}: refused "
            "(entity expansion can exhaust memory)"
        ) from None
    except defusedxml.DefusedXmlException as error:
        raise Unreadable(f"the export uses a forbidden XML feature: {error}") from None
    except ParseError as error:
        line = error.position[0] if error.position else "?"
        raise Unreadable(f"XML is truncated or malformed at line {line}") from None
    _one_spelling(root)
    channel = root.find("channel") if root.tag == "rss" else None
    if channel is not None and channel.find(f"{{{WP}}}wxr_version") is not None:
        return channel, WP
    raise Unreadable("not a WordPress export (no <rss><channel> with a wp:wxr_version)")


def _one_spelling(root: Element) -> None:
    """Rename every element in a namespace WordPress has spelled several ways (http or
    https, WXR 1.0, 1.1 or 1.2) to the one spelling this module reads."""
    spellings: dict[str, str] = {}
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.tag.startswith("{"):
            continue
        uri, _, name = element.tag[1:].partition("}")
        if uri not in spellings:
            spellings[uri] = next((ours for known, ours in NAMESPACES if known.match(uri)), uri)
        element.tag = f"{{{spellings[uri]}}}{name}"


class _Item:
    """One <item> of the export, with the fields we read."""

    def __init__(self, element: Element, namespace: str):
        self.element = element
        self.namespace = namespace
        self.id = self.wp("post_id")
        self.type = self.wp("post_type")
        self.status = self.wp("status")
        self.meta = {
            _text(meta, f"{{{namespace}}}meta_key"): _text(meta, f"{{{namespace}}}meta_value")
            for meta in element.findall(f"{{{namespace}}}postmeta")
        }

    def get(self, tag: str) -> str:
        """An RSS field: "title", "link", "guid", or a namespaced {uri}name."""
        return _text(self.element, tag)

    def wp(self, name: str) -> str:
        """A wp: field, such as "post_date_gmt"."""
        return _text(self.element, f"{{{self.namespace}}}{name}")

    @property
    def excerpt(self) -> str:
        return _text(self.element, f"{{{self.namespace}excerpt/}}encoded")

    def terms(self, domain: str) -> list[tuple[str, str]]:
        """(nicename, name) of the item's terms in a taxonomy, in order."""
        return [
            (term.get("nicename", ""), html_lib.unescape(" ".join((term.text or "").split())))
            for term in self.element.findall("category")
            if term.get("domain") == domain
        ]


@dataclass
class _Blog:
    """What the channel says once for all its items."""

    url: str
    language: str  # the channel's <language>, as declared ("fr-FR"), or ""
    authors: dict[str, str]  # login → display name
    attachments: dict[str, _Item]  # post id → attachment item
    media: "_MediaFolder"


def _article(item: _Item, blog: _Blog, source: str) -> ImportedArticle:
    login = item.get(CREATOR)
    categories = [name for slug, name in item.terms("category") if slug != "uncategorized"]
    polylang = [slug for slug, _name in item.terms("language")]
    article = ImportedArticle(
        source_key="wordpress:" + (item.get("guid") or f"{blog.url.rstrip('/')}/?p={item.id}"),
        source=f"{source}#post-{item.id}",
        kind="wordpress",
        title=html_lib.unescape(item.get("title")),
        section=categories[0] if categories else "",
        published=_published(item),
        authors=[Credit(name=blog.authors.get(login) or login)] if login else [],
        standfirst=plain_text(sanitize(item.excerpt), one_line=True),
        original_url=item.get("link"),
        tags=list(dict.fromkeys(name for _slug, name in item.terms("post_tag") if name)),
        status="published" if item.status == "publish" else "draft",
    )
    article.blocks, article.pictures = _body(item.get(CONTENT), blog)
    text = " ".join([article.title, *article.paragraphs])
    set_language(article, text, [*polylang, blog.language])
    featured = blog.attachments.get(item.meta.get("_thumbnail_id", ""))
    if featured is not None:
        lead = _picture(featured, blog.media)
        urls = [picture.url for picture in article.pictures]
        if lead.url not in urls:
            article.pictures.append(lead)
            urls.append(lead.url)
        article.lead_picture = urls.index(lead.url)
    return article


def _published(item: _Item) -> datetime | None:
    gmt = item.wp("post_date_gmt")
    if gmt and not gmt.startswith("0000"):
        try:
            return datetime.fromisoformat(gmt).replace(tzinfo=UTC)
        except ValueError:
            pass
    pub_date = item.get("pubDate")
    if not re.search(r"\b(?:19[7-9]\d|2\d{3})\b", pub_date):
        return None  # WordPress writes "30 Nov -0001" for a draft that never had a date
    try:
        moment = parsedate_to_datetime(pub_date)
    except (TypeError, ValueError):
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _body(content: str, blog: _Blog):
    """Blocks and pictures of a post's content."""
    content = re.sub(r"<!--.*?-->", "", content or "", flags=re.DOTALL)
    content = CAPTION.sub(_caption_as_image, content)
    content = _strip_shortcodes(MEDIA_SHORTCODE.sub("", content))
    root = lxml.html.fragment_fromstring(_autop(content), create_parent="div")

    def picture_for(img) -> Picture:
        number = img.get("data-attachment") or _first_match(WP_IMAGE_ID, img.get("class"))
        src = img.get("src", "")
        attachment = blog.attachments.get(number) or next(
            (a for a in blog.attachments.values() if a.wp("attachment_url") == src), None
        )
        if attachment is not None:
            picture = _picture(attachment, blog.media)
        else:
            picture = Picture(file_name(src), src, local_path=blog.media.find(src))
        if img.get("data-caption") is not None:
            picture.caption, picture.credit = split_credit(img.get("data-caption"))
        picture.alt_text = " ".join(img.get("alt", "").split()) or picture.alt_text
        return picture

    return blocks_from_tree(root, picture_for)


def _caption_as_image(match: re.Match) -> str:
    """[caption id="attachment_7" caption="…"]<img …> Text[/caption] → the <img> alone,
    carrying its caption and attachment id for picture_for."""
    attributes = dict(ATTRIBUTE.findall(match.group(1)))
    image = re.search(r"<img\b[^>]*>", match.group(2), re.IGNORECASE)
    if image is None:
        return ""
    text = plain_text(sanitize(re.sub(r"<img\b[^>]*>", "", match.group(2))), one_line=True)
    text = text or plain_text(sanitize(attributes.get("caption", "")), one_line=True)
    extra = f' data-caption="{html_lib.escape(text)}"'
    number = _first_match(ATTACHMENT_ID, attributes.get("id"))
    if number:
        extra += f' data-attachment="{number}"'
    return image.group(0)[:4] + extra + image.group(0)[4:]


def _strip_shortcodes(content: str) -> str:
    """Remove shortcode tags, keeping what they enclose. A bracketed word is a shortcode
    only with attributes or a closing tag: "[sic]" stays."""
    closed = {name.lower() for name in SHORTCODE_CLOSE.findall(content)}

    def strip(match: re.Match) -> str:
        is_shortcode = match.group(1).lower() in closed or "=" in match.group(2)
        return "" if is_shortcode else match.group(0)

    return SHORTCODE_CLOSE.sub("", SHORTCODE_OPEN.sub(strip, content))


def _autop(content: str) -> str:
    """WordPress's auto-paragraphs: blank-line-separated text that is not already a block
    becomes <p>…</p>, a single line break inside it <br>."""
    content = BLOCK_START.sub(r"\n\n\1", content.replace("\r\n", "\n"))
    content = BLOCK_END.sub(r"\1\n\n", content)
    chunks = [chunk.strip() for chunk in re.split(r"\n\s*\n", content)]
    return "".join(
        chunk if STARTS_WITH_BLOCK.match(chunk) else f"<p>{chunk.replace(chr(10), '<br>')}</p>"
        for chunk in chunks
        if chunk
    )


def _picture(attachment: _Item, media: "_MediaFolder") -> Picture:
    url = attachment.wp("attachment_url")
    caption, credit = split_credit(plain_text(sanitize(attachment.excerpt), one_line=True))
    return Picture(
        file_name=file_name(url),
        url=url,
        local_path=media.find(url, attachment.meta.get("_wp_attached_file", "")),
        caption=caption,
        credit=credit,
        alt_text=attachment.meta.get("_wp_attachment_image_alt", ""),
    )


class _MediaFolder:
    """A local copy of wp-content/uploads, searched by path under uploads/, then by name."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder).resolve() if folder else None
        self.by_name: dict[str, Path] = {}
        if self.folder is not None:
            for path in sorted(self.folder.rglob("*")):
                if path.is_file():
                    self.by_name.setdefault(path.name, path)

    def find(self, url: str, attached_file: str = "") -> str:
        """The local file for an upload's URL (or its _wp_attached_file path), or ""."""
        if self.folder is None or not url:
            return ""
        _, marker, under_uploads = unquote(urlsplit(url).path).partition("/wp-content/uploads/")
        for relative in (under_uploads if marker else "", attached_file):
            candidate = (self.folder / relative).resolve() if relative else None
            if candidate and candidate.is_file() and self.folder in candidate.parents:
                return str(candidate)
        found = self.by_name.get(file_name(url))
        return str(found) if found else ""


def _display_name(author: Element, namespace: str) -> str:
    def field(name: str) -> str:
        return _text(author, f"{{{namespace}}}author_{name}")

    full = " ".join(part for part in (field("first_name"), field("last_name")) if part)
    return field("display_name") or full or field("login")


def _text(element: Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _first_match(pattern: re.Pattern, text: str | None) -> str:
    match = pattern.search(text or "")
    return match.group(1) if match else ""
