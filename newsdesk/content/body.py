"""The article body format: a small, sanitized HTML subset.

Why HTML and not a list of JSON blocks: editors write in the admin's text box, imported
HTML and WordPress posts map onto it directly, and the top-level elements already *are*
the blocks (paragraph, subheading, quote, list, figure) that translation alignment and
the API need. Nothing outside the subset is ever stored: ``sanitize`` runs on save.

An inline image is written as ``<figure data-image-id="12"></figure>``; at save time
``render`` expands it into the full figure with its caption, credit and alt text.
"""

import html as html_lib
import re
from html.parser import HTMLParser
from typing import NamedTuple

import nh3
from django.template.loader import render_to_string
from django.utils import translation

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "blockquote",
    "cite",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "em",
    "b",
    "i",
    "br",
    "sub",
    "sup",
    "figure",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "figure": {"data-image-id"}}
BLOCK_TAG = re.compile(r"<(p|h2|h3|blockquote|ul|ol|figure)[\s>]", re.IGNORECASE)
IMAGE_FIGURE = re.compile(r'<figure data-image-id="(\d+)">\s*</figure>')


# Passes of the cleaner before its output is its own fixed point (see sanitize).
MAX_CLEAN_PASSES = 4


def sanitize(html: str) -> str:
    """Return ``html`` reduced to the body subset; sanitizing the result changes nothing.

    Plain text (no block elements) is taken as paragraphs separated by blank lines, so a
    writer can type or paste prose straight into the admin. Whether it is plain text is
    judged on the cleaned HTML: block tags that the cleaner drops (inside a <script>, or
    broken ones) must not stop the wrapping, or the next save would wrap it.
    """
    html = _clean((html or "").strip())
    if html and not BLOCK_TAG.search(html):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", html) if p.strip()]
        html = _clean("".join(f"<p>{p}</p>" for p in paragraphs))
    return html


def _clean(html: str) -> str:
    """nh3's cleaning, repeated until the output reads back as itself.

    Removing an element keeps its children, which can leave a tree whose HTML a parser
    reads differently (``<object>`` became ``<p><p></p></p>``): the stored body would then
    change on every save, and HTML that mutates when parsed again is how sanitizers are
    bypassed. Another pass parses it as a browser would.
    """
    for _ in range(MAX_CLEAN_PASSES):
        cleaned = nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            # "*": nothing on every tag; nh3 would otherwise keep lang and title anywhere.
            attributes={"*": set(), **ALLOWED_ATTRIBUTES},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener",
        ).strip()
        if cleaned == html:
            break
        html = cleaned
    return html


def image_ids(html: str) -> list[int]:
    """The ids of the images a sanitized body embeds, in order."""
    return [int(match) for match in IMAGE_FIGURE.findall(html)]


def render(html: str, images: dict, language: str) -> str:
    """Expand the image figures of a sanitized body; ``images`` maps id to Image.

    Captions, credits and alt text are in ``language`` (the article's) where translated.
    A figure whose image no longer exists is dropped rather than shown broken.
    """

    def figure(match: re.Match) -> str:
        image = images.get(int(match.group(1)))
        if image is None:
            return ""
        return render_to_string("content/figure.html", {"image": image}).strip()

    with translation.override(language):
        return IMAGE_FIGURE.sub(figure, html)


class Block(NamedTuple):
    """One top-level element of a body: its tag and its inner HTML."""

    tag: str
    inner: str

    @property
    def html(self) -> str:
        if self.tag == "figure":
            return self.inner  # kept whole: <figure data-image-id="…"></figure>
        return f"<{self.tag}>{self.inner}</{self.tag}>"

    @property
    def text(self) -> str:
        """The words a reader sees, for diffs and for translators."""
        if self.tag == "figure":
            return "[image {}]".format(",".join(map(str, image_ids(self.inner))))
        return plain_text(self.inner, one_line=True)


class _BlockSplitter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.blocks: list[Block] = []
        self.depth = 0
        self.tag = ""
        self.parts: list[str] = []

    def _emit(self, text: str) -> None:
        if self.depth == 0:
            if text.strip():  # stray top-level text becomes a paragraph
                self.blocks.append(Block("p", text.strip()))
            return
        self.parts.append(text)

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.tag, self.parts = tag, []
            if tag == "figure":
                self.parts.append(self.get_starttag_text())
        else:
            self.parts.append(self.get_starttag_text())
        if tag != "br":
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        self._emit(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag == "br":
            return
        self.depth -= 1
        if self.depth == 0:
            if self.tag == "figure":
                self.parts.append("</figure>")
            self.blocks.append(Block(self.tag, "".join(self.parts).strip()))
        else:
            self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        self._emit(data)

    def handle_entityref(self, name):
        self._emit(f"&{name};")

    def handle_charref(self, name):
        self._emit(f"&#{name};")


def split_blocks(html: str) -> list[Block]:
    """The top-level blocks of a sanitized body, in order."""
    splitter = _BlockSplitter()
    splitter.feed(html or "")
    splitter.close()
    return splitter.blocks


def join_blocks(blocks: list[Block]) -> str:
    return "".join(block.html for block in blocks if block.inner.strip())


BLOCK_BOUNDARY = re.compile(r"</?(?:p|h2|h3|blockquote|cite|ul|ol|li|figure|br)\b[^>]*>", re.I)
TAG = re.compile(r"<[^>]*>")
SPACES = re.compile(r"[ \t\r\f\v]+")


def plain_text(body_html: str, *, one_line: bool = False) -> str:
    """The words of a body as a reader sees them: one line per block, no markup.

    Inline tags vanish without a space (港<em>口</em> is still 港口); block boundaries
    become line breaks, so paragraphs do not run into each other. ``one_line`` puts
    spaces there instead, for text shown or compared as one line (a paragraph in a
    diff, a caption, a byline) with every run of whitespace made one space.
    """
    text = TAG.sub("", BLOCK_BOUNDARY.sub("\n", body_html or ""))
    if one_line:
        return " ".join(html_lib.unescape(text).split())
    lines = (SPACES.sub(" ", line).strip() for line in html_lib.unescape(text).split("\n"))
    return "\n".join(line for line in lines if line)
