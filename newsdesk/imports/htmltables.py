"""Tables of a saved page: layout tables taken apart, data tables kept whole.

Old pages lay themselves out with tables (a menu in one cell, the article in the next):
given those, trafilatura returns the whole grid as one table and the article is lost in a
cell. ``without_layout_tables`` turns each layout table into the divs of its cells before
extraction, so the article is found as on any other page. trafilatura's own table model
has no caption and no spans (a caption becomes a first row, a span empty cells), so
``restore_tables`` puts back, in its place, the page's own table it extracted.
"""

import copy
import difflib
from urllib.parse import urljoin

import lxml.html

# How alike the words of an extracted table and of a page's table are when they are one.
SAME_TABLE = 0.8


def is_layout_table(table) -> bool:
    """Whether a page's ``table`` lays the page out rather than holds data (after
    Mozilla Readability's _isDataTable, with a cell holding a heading or paragraphs
    read as layout: a data table's cells hold values)."""
    if table.get("role") in ("presentation", "none"):
        return True
    if next(table.iterdescendants("table"), None) is not None:
        return True
    for cell in _cells(table):
        if any(True for _ in cell.iter("h1", "h2", "h3", "h4", "h5", "h6")):
            return True
        if sum(1 for _ in cell.iter("p")) > 1:
            return True
    caption = next(table.iterchildren("caption"), None)
    if caption is not None and caption.text_content().strip():
        return False
    if table.get("summary") or any(True for _ in _own(table, ("th", "thead", "tfoot"))):
        return False
    rows = list(_own(table, ("tr",)))
    columns = max((len(row.findall("td") + row.findall("th")) for row in rows), default=0)
    if len(rows) <= 1 or columns <= 1:
        return True
    return not (len(rows) >= 10 or columns > 4 or len(rows) * columns > 10)


def without_layout_tables(tree) -> str | None:
    """The page of ``tree`` with each layout table replaced by its caption and cells as
    divs, in order (None when it has none); ``tree`` is left as it is."""
    if not any(is_layout_table(table) for table in tree.iter("table")):
        return None
    page = copy.deepcopy(tree)
    layout = [table for table in page.iter("table") if is_layout_table(table)]
    for table in reversed(layout):  # innermost first: an outer table's cells move whole
        parts = [child for child in table.iter("caption", "td", "th") if _owner(child) is table]
        box = lxml.html.Element("div")
        for part in parts:
            div = lxml.html.Element("div")
            div.text = part.text
            div.extend(list(part))
            box.append(div)
        box.tail = table.tail
        table.getparent().replace(table, box)
    return lxml.html.tostring(page, encoding="unicode")


def restore_tables(body, tree, base_url: str) -> None:
    """Replace each table trafilatura extracted into ``body`` (its HTML, from
    convert_to_html) by the data table of the page (``tree``) it came from, when one
    reads alike; its links made absolute from ``base_url``, as trafilatura makes them."""
    sources = [(t, _words(t)) for t in tree.iter("table") if not is_layout_table(t)]
    for extracted in list(body.iter("table")):
        words = _words(extracted)
        # Mostly the same words in the same order (trafilatura only adds empty cells).
        best = next((pair for pair in sources if pair[1] == words), None)
        best_ratio = SAME_TABLE
        for pair in sources if best is None else []:
            matcher = difflib.SequenceMatcher(None, words, pair[1], autojunk=False)
            # quick_ratio bounds ratio from above: most tables of a page are told apart by it.
            if matcher.quick_ratio() >= best_ratio and (ratio := matcher.ratio()) >= best_ratio:
                best, best_ratio = pair, ratio
        if best is not None:
            sources.remove(best)
            restored = copy.deepcopy(best[0])
            restored.tail = extracted.tail
            for link in restored.iter("a"):
                if link.get("href"):
                    link.set("href", urljoin(base_url, link.get("href").strip()))
            extracted.getparent().replace(extracted, restored)


def _words(element) -> list[str]:
    return " ".join(element.itertext()).split()


def _owner(element):
    """The table ``element`` belongs to."""
    return next(element.iterancestors("table"), None)


def _own(table, tags):
    """The elements of ``tags`` in ``table`` itself, not in a table nested in it."""
    return (element for element in table.iter(*tags) if _owner(element) is table)


def _cells(table):
    return _own(table, ("td", "th"))
