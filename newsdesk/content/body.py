"""The article body format: a small, sanitized HTML subset.

Why HTML and not a list of JSON blocks: editors write in the admin's text box, imported
HTML and WordPress posts map onto it directly, and the top-level elements already *are*
the blocks (paragraph, subheading, quote, list, figure, table) that translation
alignment and the API need. Nothing outside the subset is ever stored: ``sanitize``
runs on save.

An inline image is written as ``<figure data-image-id="12"></figure>``; at save time
``render`` expands it into the full figure with its caption, credit and alt text.

``sanitize`` gives every body one canonical string (README, "Design decisions"), which
the editor's serializer writes too: top-level blocks with nothing between them; links
as ``<a href="…" title="…" rel="noopener">`` (no title when empty); marks nested link,
em, strong, sub, sup from the outside in, kept open across neighbouring text; a space
or a ``<br>`` inside only the marks of the words on both sides; text escaped as
``&amp; &lt; &gt;`` and no-break spaces as ``&nbsp;`` (attributes also ``&quot;``).

A table is one block: ``<table><caption>…</caption><thead><tr><th>…</th></tr></thead>
<tbody><tr><td>…</td></tr></tbody></table>``. The caption only when it has words; the
thead only for a first row all of <th> with more rows after it, every other row (a
tfoot's last) in the tbody. Cells are <th> or <td> with only ``colspan="N"`` then
``rowspan="N"``, written when 2 ≤ N (at most 1000, and never over another cell or past
the last row), holding inline content as a paragraph does: their blocks, and a nested
table's cells, become lines split by <br>; an image in a cell follows the table. Rows
without cells are dropped and the others padded with empty <td> to the table's width, so
that prosemirror-tables' fixTables in the editor changes nothing (a table whose padding
would be absurd, MAX_PADDING, is text instead). A table with no words is dropped; one
with a single cell lays a page out, and its content is unwrapped. A figure holding only
a table and its <figcaption> (as WordPress writes a table) is that table, the
figcaption added to its caption.
"""

import html as html_lib
import re
from html.parser import HTMLParser
from typing import NamedTuple

import nh3
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

# What a sanitized body is made of (README, "Design decisions": the body format).
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
    "br",
    "sub",
    "sup",
    "figure",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "figure": {"data-image-id"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
IMAGE_FIGURE = re.compile(r'<figure data-image-id="(\d+)">\s*</figure>')

# Pasted and imported HTML has more structure than the subset. nh3 keeps these tags (bare)
# so that they can be mapped onto our blocks; dropped, their text would be glued to the
# text around them ("<div>One</div><div>Two</div>" read "OneTwo").
HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
MARKS = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "sub": "sub", "sup": "sup"}
BOXES = {
    "div", "section", "article", "header", "footer", "main", "aside", "nav", "address",
    "pre", "tfoot", "dl", "dt", "dd", "figcaption", "details", "summary", "hgroup",
    "center", "hr", "li",
}  # fmt: skip
CLEANED_TAGS = ALLOWED_TAGS | set(HEADINGS) | set(MARKS) | BOXES
TABLE_PARTS = {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"}
# Tags that end the line of text before them and start a new one after.
BLOCKISH = {"p", "blockquote", "ul", "ol", "figure", *HEADINGS, *BOXES, *TABLE_PARTS}
# Passes of the cleaner before its output is its own fixed point (see _clean).
MAX_CLEAN_PASSES = 4
MAX_IMAGE_ID = 2**31 - 1  # the database's integer range
MAX_SPAN = 1000  # browsers clamp colspan there too
# Padding a table to its width adds cells, but not without bound: a table whose grid would
# have more places than MAX_PADDING times its cells, plus MAX_PADDED, is absurd (a
# <td colspan=1000> over thousands of one-cell rows: a few bytes that would store
# megabytes), and is kept as text.
MAX_PADDING = 4
MAX_PADDED = 100

# HTML's whitespace; a no-break space or an ideographic space is text, and is kept.
SPACE = re.compile(r"([ \t\n\r\f]+)")
BLANK_LINE = re.compile(r"\n[ \t\r\f]*\n")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # not text HTML may hold
# Inline marks, outermost first when several open at once.
MARK_ORDER = {"a": 0, "em": 1, "strong": 2, "sub": 3, "sup": 4}
PARA = ("para",)  # a paragraph ends here
ITEM = ("item",)  # a list item ends here
CITE = ("cite",)  # this paragraph of a quote was its <cite>


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
        """The words a reader sees, for diffs and for translators; a table's caption,
        then its rows ("/" between) of cells ("|" between)."""
        if self.tag == "figure":
            return "[image {}]".format(",".join(map(str, image_ids(self.inner))))
        if self.tag == "table":
            caption, rows = table_parts(self.inner)
            lines = [" | ".join(cell.text for cell in row) for row in rows]
            caption = plain_text(caption, one_line=True)
            return " / ".join([caption, *lines] if caption else lines)
        return plain_text(self.inner, one_line=True)


class Cell(NamedTuple):
    """A cell of a sanitized table: a <th> (``header``) or <td>, and its inline HTML."""

    header: bool
    colspan: int
    rowspan: int
    inner: str

    @property
    def text(self) -> str:
        return plain_text(self.inner, one_line=True)


CAPTION = re.compile(r"<caption>(.*?)</caption>", re.S)
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
CELL = re.compile(r'<(th|td)(?: colspan="(\d+)")?(?: rowspan="(\d+)")?>(.*?)</\1>', re.S)


def table_parts(inner: str) -> tuple[str, list[list[Cell]]]:
    """The caption (inline HTML, "" when none) and the rows of a sanitized table's inner
    HTML, its header row first. Cells hold inline HTML only, so a pattern reads them."""
    caption = CAPTION.search(inner)
    rows = [
        [
            Cell(tag == "th", int(colspan or 1), int(rowspan or 1), html)
            for tag, colspan, rowspan, html in CELL.findall(row)
        ]
        for row in ROW.findall(inner)
    ]
    return (caption.group(1) if caption else ""), rows


def sanitize(html: str) -> str:
    """Return ``html`` in the canonical body form; sanitizing the result changes nothing.

    nh3 is the security boundary: it drops every tag and attribute outside the subset
    but the bare structural tags of BOXES, HEADINGS and MARKS. What it keeps is rebuilt as
    top-level blocks only (README, "Design decisions"), so that the same body is always
    the same string: text outside any block becomes paragraphs, split at blank lines
    and at doubled <br>; divs and sections become paragraph boundaries; h1 becomes h2
    and h4–h6 h3; lists are flattened; <b> and <i> become <strong> and <em>; tables take
    their canonical form (module docstring); whitespace is collapsed, and empty blocks
    are dropped.
    """
    tree = _Tree()
    tree.feed(_clean((html or "").strip()))
    tree.close()
    return join_blocks(_Canonical(tree.root).blocks)


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
            tags=CLEANED_TAGS,
            # "*": nothing on every tag; nh3 would otherwise keep lang and title anywhere.
            attributes={"*": set(), **ALLOWED_ATTRIBUTES},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener",
        ).strip()
        if cleaned == html:
            break
        html = cleaned
    return html


class _Element:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs, self.children = tag, attrs, []


class _Tree(HTMLParser):
    """nh3's output as a tree of _Element and text (entities decoded).

    Elements deeper than MAX_DEPTH are left out, their text kept in place: the tree is
    walked recursively, and no body nests that deep but a hostile one.
    """

    VOID = {"br", "hr"}
    MAX_DEPTH = 100

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Element("", {})
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        if len(self.open) > self.MAX_DEPTH:
            return
        element = _Element(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(_Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(data)


def _image_id(figure: _Element) -> str | None:
    value = figure.attrs.get("data-image-id", "").strip()
    if re.fullmatch(r"[0-9]{1,10}", value) and int(value) <= MAX_IMAGE_ID:
        return str(int(value))
    return None


class _Canonical:
    """The canonical blocks of a cleaned tree.

    Inline content is gathered as tokens: ("text", text, marks), ("br", marks), PARA
    and ITEM, where marks is a frozenset of "strong", "em", "sub", "sup" and
    ("a", href, title); then each block's tokens are written out by _inline_html.
    """

    def __init__(self, root: _Element):
        self.blocks: list[Block] = []
        self.pending: list = []  # tokens of the paragraphs not written yet
        self.hoisted: list[Block] = []  # figures met inside a block: they follow it
        self.flow(root, frozenset(), in_p=False)
        self.flush()

    def add(self, block: Block | None) -> None:
        if block is not None:
            self.blocks.append(block)
        self.blocks.extend(self.hoisted)
        self.hoisted = []

    def flush(self) -> None:
        for tokens in _paragraphs(self.pending):
            inner = _inline_html(tokens)
            if inner:
                self.blocks.append(Block("p", inner))
        self.pending = []

    def flow(self, element: _Element, marks: frozenset, in_p: bool) -> None:
        """Top-level content: blocks are written as met; text gathers into paragraphs."""
        for child in element.children:
            if isinstance(child, str):
                self.pending.extend(_text(child, marks, split=not in_p))
                continue
            tag = child.tag
            if tag == "br":
                self.pending.append(("br", marks))
            elif tag == "figure" and _image_id(child) is not None:
                self.flush()
                self.add(Block("figure", f'<figure data-image-id="{_image_id(child)}"></figure>'))
            elif tag in HEADINGS:
                self.flush()
                inner = _inline_html(self.collect(child, marks, []))
                self.add(Block(HEADINGS[tag], inner) if inner else None)
            elif tag in ("ul", "ol"):
                self.flush()
                items = _split(self.collect(child, marks, [], lists=True), ITEM)
                inner = "".join(f"<li>{html}</li>" for html in map(_inline_html, items) if html)
                self.add(Block(tag, inner) if inner else None)
            elif tag == "blockquote":
                self.flush()
                self.add(self.quote(child, marks))
            elif tag == "table":
                self.flush()
                self.table(child, [], marks)
            elif tag == "figure" and (parts := _table_figure(child)):
                self.flush()
                self.table(*parts, marks)
            elif tag in BLOCKISH:
                self.flush()
                self.flow(child, marks, in_p=tag == "p")
                self.flush()
            else:
                self.flow(child, _marked(child, marks), in_p)

    def collect(self, element, marks, tokens, *, lists=False, quote=False, in_p=False) -> list:
        """The inline tokens of a heading, a list (``lists``: items end at ITEM) or a
        ``quote`` (its blocks end at PARA; a <cite> is marked CITE); other block
        boundaries inside become line breaks. Figures met are hoisted after the block."""
        for child in element.children:
            if isinstance(child, str):
                tokens.extend(_text(child, marks, split=quote and not in_p))
                continue
            tag = child.tag
            if tag == "br":
                tokens.append(("br", marks))
            elif tag == "figure" and _image_id(child) is not None:
                self.hoisted.append(
                    Block("figure", f'<figure data-image-id="{_image_id(child)}"></figure>')
                )
            elif tag == "cite" and quote:
                tokens.extend([PARA, CITE])
                self.collect(child, marks, tokens)
                tokens.append(PARA)
            elif lists and tag in ("ul", "ol", "li"):
                tokens.append(ITEM)
                self.collect(child, marks, tokens, lists=True)
                tokens.append(ITEM)
            elif tag in BLOCKISH:
                boundary = PARA if quote else ("br", marks)
                tokens.append(boundary)
                self.collect(child, marks, tokens, lists=lists, quote=quote, in_p=tag == "p")
                tokens.append(boundary)
            else:
                self.collect(
                    child, _marked(child, marks), tokens, lists=lists, quote=quote, in_p=in_p
                )
        return tokens

    def quote(self, element: _Element, marks: frozenset) -> Block | None:
        """A blockquote: its paragraphs, then its <cite> if it has one at its end (one
        elsewhere is a paragraph where it stands: words are never moved)."""
        paragraphs = [
            (CITE in tokens, html)
            for tokens in _paragraphs(self.collect(element, marks, [], quote=True))
            if (html := _inline_html(tokens))
        ]
        cite = paragraphs.pop()[1] if len(paragraphs) > 1 and paragraphs[-1][0] else ""
        if not paragraphs:
            return None
        inner = "".join(f"<p>{html}</p>" for _cite, html in paragraphs)
        return Block("blockquote", inner + (f"<cite>{cite}</cite>" if cite else ""))

    def table(self, element: _Element, captions: list, marks: frozenset) -> None:
        """A table in its canonical form (module docstring), or its cells' blocks when it
        has only one (a table laying a page out is not data) or absurd padding.
        ``captions``: elements around it whose content is its caption too (a figure's
        <figcaption>)."""
        own, rows, footer = [], [], []
        for part in _elements(element):
            if part.tag == "caption":
                own.append(part)
            elif part.tag == "tr":
                rows.append(part)
            elif part.tag in ("thead", "tbody", "tfoot"):
                found = [row for row in _elements(part) if row.tag == "tr"]
                (footer if part.tag == "tfoot" else rows).extend(found)
        rows = [[c for c in _elements(row) if c.tag in ("th", "td")] for row in rows + footer]
        rows = [row for row in rows if row]  # rows of cells only
        count = sum(map(len, rows))
        spans = [
            [
                Cell(
                    c.tag == "th", _span(c.attrs.get("colspan")), _span(c.attrs.get("rowspan")), ""
                )
                for c in row
            ]
            for row in rows
        ]
        # Cells are laid out first: their content is read (and figures in them hoisted)
        # only once the table is known to stay a table.
        shape = count > 1 and _fitted(spans, limit=MAX_PADDING * count + MAX_PADDED)
        if not shape:
            for part in [element, *captions]:
                self.flow(part, marks, in_p=False)
                self.flush()
            return
        caption = []
        for part in own + captions:
            caption.extend([("br", marks), *self.collect(part, marks, []), ("br", marks)])
        for cells, row in zip(shape, rows, strict=True):  # a row's own cells come first
            for i, cell in enumerate(row):
                cells[i] = cells[i]._replace(inner=_inline_html(self.collect(cell, marks, [])))
        self.add(table_block(_inline_html(caption), shape))


def _table_figure(figure: _Element) -> tuple[_Element, list[_Element]] | None:
    """(table, figcaptions) of a figure holding only a table and its caption, as
    WordPress writes a table block; None for any other figure."""
    if any(isinstance(child, str) and child.strip() for child in figure.children):
        return None
    tables = [child for child in _elements(figure) if child.tag == "table"]
    captions = [child for child in _elements(figure) if child.tag == "figcaption"]
    if len(tables) != 1 or len(tables) + len(captions) != len(_elements(figure)):
        return None
    return tables[0], captions


def _elements(element: _Element) -> list[_Element]:
    return [child for child in element.children if isinstance(child, _Element)]


def _span(value: str | None) -> int:
    value = (value or "").strip()
    return min(int(value), MAX_SPAN) if value.isdigit() and int(value) > 0 else 1


def _fitted(rows: list[list[Cell]], limit: int) -> list[list[Cell]] | None:
    """``rows`` laid on a grid as prosemirror-tables lays them (each cell at the first
    column free of cells and of rowspans from above): spans that run into another cell
    or below the last row are shortened, and rows short of the widest are padded with
    empty cells, so that the editor's fixTables finds nothing to change. None when the
    grid would have more than ``limit`` places."""
    taken = [set() for _ in rows]
    fitted, used = [], 0
    for r, row in enumerate(rows):
        fitted.append([])
        column = 0
        for cell in row:
            while column in taken[r]:
                column += 1
            width = 1
            while width < cell.colspan and column + width not in taken[r]:
                width += 1
                if used + width > limit:
                    return None
            columns = range(column, column + width)
            height = 1
            while height < min(cell.rowspan, len(rows) - r) and taken[r + height].isdisjoint(
                columns
            ):
                height += 1
                if used + width * height > limit:
                    return None
            used += width * height
            if used > limit:
                return None
            for below in taken[r : r + height]:
                below.update(columns)
            fitted[-1].append(cell._replace(colspan=width, rowspan=height))
            column += width
    width = max((max(row) + 1 for row in taken if row), default=0)
    if len(rows) * width > limit:
        return None
    for row, cells in zip(taken, fitted, strict=True):
        cells.extend([Cell(False, 1, 1, "")] * (width - len(row)))
    return fitted


def table_block(caption: str, rows: list[list[Cell]]) -> Block | None:
    """The table block of ``caption`` and ``rows`` (inline HTML, in canonical form, as
    ``table_parts`` reads them or ``_fitted`` lays them); None when it has no words."""
    if not caption and not any(cell.inner for row in rows for cell in row):
        return None

    def row_html(cells):
        return "<tr>{}</tr>".format("".join(map(_cell_html, cells)))

    head = len(rows) > 1 and all(cell.header for cell in rows[0])
    inner = f"<caption>{caption}</caption>" if caption else ""
    if head:
        inner += f"<thead>{row_html(rows[0])}</thead>"
    inner += "<tbody>{}</tbody>".format("".join(map(row_html, rows[head:])))
    return Block("table", inner)


def _cell_html(cell: Cell) -> str:
    tag = "th" if cell.header else "td"
    spans = "".join(
        f' {name}="{n}"'
        for name, n in (("colspan", cell.colspan), ("rowspan", cell.rowspan))
        if n > 1
    )
    return f"<{tag}{spans}>{cell.inner}</{tag}>"


def _marked(element: _Element, marks: frozenset) -> frozenset:
    """The marks of the text inside ``element`` (any other tag is taken away, its text kept)."""
    if element.tag in MARKS:
        return marks | {MARKS[element.tag]}
    if element.tag == "a" and element.attrs.get("href"):
        link = ("a", element.attrs["href"], element.attrs.get("title", ""))
        return frozenset(mark for mark in marks if isinstance(mark, str)) | {link}
    return marks


def _text(text: str, marks: frozenset, *, split: bool) -> list:
    """Text as tokens; text outside any paragraph (``split``) ends one at blank lines."""
    text = CONTROL.sub("", text)
    if not split:
        return [("text", text, marks)]
    tokens = []
    for i, part in enumerate(BLANK_LINE.split(text)):
        if i:
            tokens.append(PARA)
        tokens.append(("text", part, marks))
    return tokens


def _split(tokens: list, separator) -> list[list]:
    groups = [[]]
    for token in tokens:
        if token is separator:
            groups.append([])
        else:
            groups[-1].append(token)
    return groups


def _is_space(token) -> bool:
    return token[0] == "text" and not SPACE.sub("", token[1])


def _paragraphs(tokens: list) -> list[list]:
    """Paragraph tokens split at PARA and at two or more <br> in a row."""
    groups: list[list] = [[]]
    between: list = []  # line breaks and spaces since the last text
    for token in tokens:
        if token is PARA:
            groups.append([])
            between = []
        elif token[0] == "br" or _is_space(token):
            between.append(token)
        else:
            if sum(t[0] == "br" for t in between) > 1:
                groups.append([])
            else:
                groups[-1].extend(between)
            between = []
            groups[-1].append(token)
    return groups


def _inline_html(tokens: list) -> str:
    """Inline tokens written canonically; "" when there are no words.

    Whitespace collapses to one space, none at the edges or beside a <br>; a space or a
    <br> carries only the marks of the words on both sides of it (``<em>a </em>b`` is
    ``<em>a</em> b``), and a run of <br> is one.
    """
    atoms: list[list] = []  # [text, marks]; text " " is a space, None a <br>
    for token in tokens:
        if token[0] == "br":
            while atoms and atoms[-1][0] == " ":
                atoms.pop()
            if atoms and atoms[-1][0] is not None:
                atoms.append([None, token[1]])
        elif token[0] == "text":
            for piece in SPACE.split(token[1]):
                if not piece:
                    continue
                if not SPACE.sub("", piece):
                    if atoms and atoms[-1][0] not in (" ", None):
                        atoms.append([" ", token[2]])
                else:
                    atoms.append([piece, token[2]])
    # No space of any kind at the edges of a block (a no-break or an ideographic one too).
    for edge, strip in ((0, str.lstrip), (-1, str.rstrip)):
        while atoms and not (atoms[edge][0] and strip(atoms[edge][0])):
            atoms.pop(edge)
        if atoms:
            atoms[edge][0] = strip(atoms[edge][0])
    if not atoms:
        return ""
    for i, atom in enumerate(atoms):
        if atom[0] in (" ", None):  # between two words, after the trimming above
            atom[1] = atoms[i - 1][1] & atoms[i + 1][1]
    runs: list[list] = []
    for text, marks in atoms:
        if runs and text is not None and runs[-1][0] is not None and runs[-1][1] == marks:
            runs[-1][0] += text
        else:
            runs.append([text, marks])
    return _write(runs)


def _write(runs: list[list]) -> str:
    """Runs of (text or None for <br>, marks) as HTML: marks still wanted stay open."""
    html, stack = [], []
    for text, marks in runs:
        keep = 0
        while keep < len(stack) and stack[keep] in marks:
            keep += 1
        html.extend(_end(mark) for mark in reversed(stack[keep:]))
        del stack[keep:]
        for mark in sorted(marks - set(stack), key=lambda mark: MARK_ORDER[_name(mark)]):
            html.append(_start(mark))
            stack.append(mark)
        html.append("<br>" if text is None else _escape(text))
    html.extend(_end(mark) for mark in reversed(stack))
    return "".join(html)


def _name(mark) -> str:
    return mark if isinstance(mark, str) else "a"


def _start(mark) -> str:
    if isinstance(mark, str):
        return f"<{mark}>"
    _a, href, title = mark
    title = f' title="{_escape(title, quote=True)}"' if title else ""
    return f'<a href="{_escape(href, quote=True)}"{title} rel="noopener">'


def _end(mark) -> str:
    return f"</{_name(mark)}>"


def _escape(text: str, *, quote: bool = False) -> str:
    """Escaped as nh3 and browsers write it: no-break spaces as &nbsp;."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;")
    return text.replace("\xa0", "&nbsp;")


def image_ids(html: str) -> list[int]:
    """The ids of the images a sanitized body embeds, in order."""
    return [int(match) for match in IMAGE_FIGURE.findall(html)]


TABLE = re.compile(r"<table>(.*?)</table>", re.S)  # a sanitized body nests none
# A wide table scrolls on its own on a phone, by keyboard too (tabindex), never the page.
TABLE_SCROLL = (
    '<div class="table-scroll" tabindex="0" role="region" aria-label="{label}">{table}</div>'
)


def render(html: str, images: dict, language: str) -> str:
    """Expand the image figures of a sanitized body; ``images`` maps id to Image; wrap
    each table in its scrolling box (never stored: the body stays its blocks).

    Captions, credits and alt text are in ``language`` (the article's) where translated.
    A figure whose image no longer exists is dropped rather than shown broken.
    """

    def figure(match: re.Match) -> str:
        image = images.get(int(match.group(1)))
        if image is None:
            return ""
        return render_to_string("content/figure.html", {"image": image}).strip()

    def table(match: re.Match) -> str:
        caption, _rows = table_parts(match.group(1))
        label = plain_text(caption, one_line=True) or gettext("Table")
        return TABLE_SCROLL.format(label=_escape(label, quote=True), table=match.group(0))

    with translation.override(language):
        return TABLE.sub(table, IMAGE_FIGURE.sub(figure, html))


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


BLOCK_BOUNDARY = re.compile(
    r"</?(?:p|h2|h3|blockquote|cite|ul|ol|li|figure|br|table|caption|tr|th|td|div)\b[^>]*>", re.I
)
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
