"""Properties of the body sanitizer, on generated hostile HTML (hypothesis).

Whatever goes in, what comes out has no script, no event handler, no attribute outside
the body subset and no link a browser would run as ``javascript:``, ``vbscript:`` or
``data:``; sanitizing twice gives what sanitizing once gave; and on pasted-like HTML no
word is lost or glued to the next. The examples are derandomized (tests/conftest.py), so
a failure here fails the same way on every run.
"""

import re
from html.parser import HTMLParser

from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsdesk.content.body import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    TABLE_PARTS,
    join_blocks,
    plain_text,
    sanitize,
    split_blocks,
    table_parts,
)

TAG_NAMES = [
    *sorted(ALLOWED_TAGS),
    "script", "SCRIPT", "ScRiPt", "style", "img", "svg", "math", "iframe", "object",
    "embed", "form", "input", "button", "body", "html", "noscript", "template", "textarea",
    "title", "xmp", "plaintext", "base", "meta", "link", "video", "source", "div", "span",
    "A", "P", "Figure", "b", "i", "h1", "h4", "h6", "section", "tfoot", "TD", "o:p", "hr",
]  # fmt: skip
ATTRIBUTE_NAMES = [
    "href", "HREF", "src", "title", "data-image-id", "onclick", "ONLOAD", "onError",
    "onmouseover", "style", "xlink:href", "formaction", "action", "srcdoc", "rel",
    "target", "class", "id", "background", "poster", "/onclick", "colspan", "rowspan",
    "ROWSPAN", "width",
]  # fmt: skip
# Ways of writing a dangerous scheme that some parser or browser has read as the scheme.
SCHEMES = [
    "javascript:", "JaVaScRiPt:", "java&#x09;script:", "java&#9;script:", "java\tscript:",
    "java\nscript:", "jav&#x0A;ascript:", " javascript:", "\x01javascript:",
    "&#106;avascript:", "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:",
    "javascript&colon;", "javascript&#58;", "vbscript:", "VBScript:", "data:",
    "DATA:", "data&colon;", "livescript:", "http:", "https:", "mailto:", "//", "",
]  # fmt: skip
PAYLOADS = ["alert(1)", "text/html,<script>alert(1)</script>", "//example.com/", "x", ""]
MARKUP_BITS = [
    "<", ">", "</", "/>", "<!--", "-->", "<![CDATA[", "]]>", "<!", "<?", "?>", '"', "'",
    "=", "&", "&amp;", "&lt;", "&gt;", "&#60;", "&#x3c;", "&lt;script&gt;", "&#0;",
    "&nbsp;", "&unknown;", "\n\n", "\n", " ", "\t", "\x00", "\r\n\r\n",
]  # fmt: skip

urls = st.builds(lambda s, p: s + p, st.sampled_from(SCHEMES), st.sampled_from(PAYLOADS))
attribute_values = st.one_of(
    urls, st.sampled_from(["1", "12", "x", "", "0", "-2", "3", "99999"]), st.text(max_size=8)
)


@st.composite
def attributes(draw):
    """One attribute, with its leading space: quoted either way or not at all."""
    name = draw(st.sampled_from(ATTRIBUTE_NAMES))
    value = draw(attribute_values)
    space = draw(st.sampled_from([" ", "\n", "\t", "  "]))
    equals = draw(st.sampled_from(["=", " = "]))
    quote = draw(st.sampled_from(['"', "'", ""]))
    if not quote and (not value or re.search(r"[\s\"'=<>`]", value)):
        quote = '"'
    return f"{space}{name}{equals}{quote}{value.replace(quote, '') if quote else value}{quote}"


@st.composite
def start_tags(draw):
    name = draw(st.sampled_from(TAG_NAMES))
    attrs = draw(st.lists(attributes(), max_size=3))
    end = draw(st.sampled_from([">", "/>", " >", "", "\n>"]))
    return f"<{name}{''.join(attrs)}{end}"


end_tags = st.builds(lambda n: f"</{n}>", st.sampled_from(TAG_NAMES))
fragments = st.one_of(
    start_tags(),
    end_tags,
    st.sampled_from(MARKUP_BITS),
    urls,
    st.text(max_size=12),
)
html_ish = st.lists(fragments, max_size=25).map("".join)

DANGEROUS_SCHEMES = {"javascript", "vbscript", "data", "livescript"}
C0_CONTROL_OR_SPACE = "".join(map(chr, range(0x21)))
ASCII_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def scheme_of(url: str) -> str:
    """The scheme a browser sees in ``url`` (the WHATWG URL parser's first steps)."""
    url = ASCII_TAB_OR_NEWLINE.sub("", url.strip(C0_CONTROL_OR_SPACE))
    match = SCHEME.match(url)
    return match.group(1).lower() if match else ""


class Elements(HTMLParser):
    """Every element of a fragment as a browser reads it: (tag, {attribute: value})."""

    def __init__(self):
        super().__init__(convert_charrefs=True)  # attribute values unescaped, as browsers do
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


@given(html_ish)
@settings(max_examples=400)
@example('<p><a href="java&#x09;script:alert(1)">x</a></p>')
@example("<p><a href=' JaVaScRiPt:alert(1)'>x</a><a href=\"data:text/html,x\">y</a></p>")
@example('<svg><a xlink:href="javascript:alert(1)">x</a></svg><img src=x onerror=alert(1)>')
def test_nothing_that_runs_survives(dirty):
    clean = sanitize(dirty)
    assert "<script" not in clean.lower()
    for tag, attrs in elements(clean):
        assert tag in ALLOWED_TAGS
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            # nh3 adds rel="noopener" to every link; nothing else outside the subset.
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
            if name == "href":
                assert scheme_of(value) not in DANGEROUS_SCHEMES, value
                assert scheme_of(value) in {"", "http", "https", "mailto"}, value


@given(html_ish)
@settings(max_examples=400)
def test_sanitizing_twice_changes_nothing(dirty):
    once = sanitize(dirty)
    assert sanitize(once) == once


# Tags a paste from Word, Google Docs or a web page brings whose text a browser keeps in
# place (not a table: the parser moves stray text out of one, before it).
PASTED_TAGS = [
    *sorted(ALLOWED_TAGS - {"figure", "a"} - TABLE_PARTS),
    "b", "i", "u", "h1", "h4", "h6", "div", "span", "section", "header", "font", "o:p",
    "pre", "dl", "dt", "dd", "hr",
]  # fmt: skip
SEPARATORS = [" ", "\n", "\n\n", "\r\n\r\n", "\t", " \n \n "]
TOP_LEVEL = {"p", "h2", "h3", "blockquote", "ul", "ol", "figure", "table"}


@st.composite
def pasted_html(draw):
    """HTML whose words are w0, w1, …, each with whitespace before it, amid random tags."""
    parts, words = [], []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.sampled_from(["word", "word", "start", "end", "link"]))
        if kind == "word":
            words.append(f"w{len(words)}")
            parts.append(draw(st.sampled_from(SEPARATORS)) + words[-1])
        elif kind == "link":
            parts.append(draw(st.sampled_from(['<a href="https://a.test/">', "</a>"])))
        else:
            tag = draw(st.sampled_from(PASTED_TAGS))
            parts.append(f"<{tag}>" if kind == "start" else f"</{tag}>")
    return "".join(parts), words


@given(pasted_html())
@settings(max_examples=400)
@example(
    ("<div>w0</div><div>w1<span> w2</span></div>\tw3<h2> w4</h2> w5", [f"w{n}" for n in range(6)])
)
def test_sanitize_never_loses_or_glues_words_and_is_its_own_fixed_point(case):
    dirty, words = case
    clean = sanitize(dirty)
    assert plain_text(clean, one_line=True).split() == words
    # Top-level blocks only, with nothing between them.
    assert join_blocks(split_blocks(clean)) == clean
    assert {block.tag for block in split_blocks(clean)} <= TOP_LEVEL
    assert sanitize(clean) == clean


@st.composite
def tables(draw):
    """A table of words w0, w1, … in reading order, with random spans, header cells,
    sections, captions and block content in cells, and the words it holds."""
    words = []

    def cell_content():
        parts = []
        for _ in range(draw(st.integers(0, 3))):
            words.append(f"w{len(words)}")
            wrap = draw(st.sampled_from(["", "p", "li", "div", "br"]))
            if wrap == "br":
                parts.append(f"{words[-1]}<br>")
            elif wrap:
                parts.append(f"<{wrap}>{words[-1]}</{wrap}>")
            else:
                parts.append(
                    draw(st.sampled_from([" {} ", " <strong>{}</strong> "])).format(words[-1])
                )
        return "".join(parts)

    html = "<table>"
    if draw(st.booleans()):
        html += f"<caption>{cell_content()}</caption>"
    section = ""
    for _ in range(draw(st.integers(0, 5))):
        new_section = draw(st.sampled_from(["", "thead", "tbody"]))
        if new_section != section:
            html += (f"</{section}>" if section else "") + (
                f"<{new_section}>" if new_section else ""
            )
            section = new_section
        html += "<tr>"
        for _ in range(draw(st.integers(0, 4))):
            tag = draw(st.sampled_from(["td", "th"]))
            spans = "".join(
                f' {name}="{draw(st.sampled_from(["1", "2", "3", "0", "x"]))}"'
                for name in ("colspan", "rowspan")
                if draw(st.booleans())
            )
            html += f"<{tag}{spans}>{cell_content()}</{tag}>"
        html += "</tr>"
    return html + (f"</{section}>" if section else "") + "</table>", words


@given(tables())
@settings(max_examples=300)
@example(
    (
        '<table><tr><td rowspan="3">w0</td><td>w1</td></tr>'
        '<tr><td colspan="2">w2</td></tr></table>',
        ["w0", "w1", "w2"],
    )
)
def test_a_table_keeps_its_words_in_order_and_a_shape_the_editor_keeps(case):
    dirty, words = case
    clean = sanitize(dirty)
    assert plain_text(clean, one_line=True).split() == words
    assert sanitize(clean) == clean
    for block in split_blocks(clean):
        if block.tag != "table":
            continue
        _caption, rows = table_parts(block.inner)
        # What prosemirror-tables' TableMap computes: no cell over another, none past
        # the last row, every row as wide as the table.
        taken = [set() for _ in rows]
        for r, row in enumerate(rows):
            column = 0
            for cell in row:
                while column in taken[r]:
                    column += 1
                assert r + cell.rowspan <= len(rows)
                for below in taken[r : r + cell.rowspan]:
                    columns = set(range(column, column + cell.colspan))
                    assert not below & columns
                    below |= columns
                column += cell.colspan
        assert len({len(row) for row in taken}) == 1
        assert all(row == set(range(len(row))) for row in taken)
