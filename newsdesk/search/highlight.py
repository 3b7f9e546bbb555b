"""Highlighted headlines and snippets, the same whatever the database.

A word matches an English query word when both have the same Snowball stem (the stemmer
of PostgreSQL's english configuration, and all but identical to FTS5's Porter stemmer for
news English), ignoring case and accents: a search for "ferries" marks "ferry". Chinese
terms match as the exact run of characters. Everything else is escaped.
"""

import threading
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsdesk.search.text import WORD, Term, normalize

SNIPPET_WIDTH = 240  # in columns: a Chinese character takes two
CONTEXT_WIDTH = 60  # of the snippet before the first match
ELLIPSIS = "…"

# A Snowball stemmer keeps the word it works on in itself: one per thread, or two server
# threads stemming at once corrupt each other's word (IndexError, a 500 on search).
_local = threading.local()


def stemmer():
    if not hasattr(_local, "stemmer"):
        _local.stemmer = snowballstemmer.stemmer("english")
    return _local.stemmer


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """The stem of ``word``, folded as the index folds it (case, accents, width)."""
    folded = unicodedata.normalize("NFKD", normalize(word).casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return stemmer().stemWord(folded)


def spans(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Where ``terms`` occur in ``text``: sorted, non-overlapping (start, end) pairs."""
    stems = {stem(word) for term in terms for word in term.words}
    found = []
    if stems:
        found += [m.span() for m in WORD.finditer(text) if stem(m.group()) in stems]
    for term in terms:
        if term.chinese:
            start = text.find(term.chinese)
            while start != -1:
                found.append((start, start + len(term.chinese)))
                start = text.find(term.chinese, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def marked(text: str, found: list[tuple[int, int]]) -> SafeString:
    """``text`` escaped, with the ``found`` spans in <mark>."""
    parts, position = [], 0
    for start, end in found:
        parts += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def headline(text: str, terms: list[Term]) -> SafeString:
    return marked(text, spans(text, terms))


def snippet(text: str, terms: list[Term], width: int = SNIPPET_WIDTH) -> SafeString:
    """An excerpt of ``text`` around the first match, about ``width`` columns, marked."""
    text = " ".join(text.split())
    first = _first_match(text, terms)
    start = 0 if first is None else _back(text, first, CONTEXT_WIDTH)
    end = _forward(text, start, width)
    html = headline(text[start:end], terms)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    return mark_safe(prefix + html + suffix)


def _first_match(text: str, terms: list[Term]) -> int | None:
    """Where the first match in ``text`` starts, reading no further than it."""
    found = [text.find(term.chinese) for term in terms if term.chinese]
    stems = {stem(word) for term in terms for word in term.words}
    if stems:
        limit = min((position for position in found if position != -1), default=len(text))
        for match in WORD.finditer(text, 0, limit):
            if stem(match.group()) in stems:
                found.append(match.start())
                break
    return min((position for position in found if position != -1), default=None)


def _back(text: str, position: int, budget: int) -> int:
    """Where to start so that about ``budget`` columns precede ``position``, at a word
    boundary (or anywhere in Chinese)."""
    start = position
    while start > 0 and budget > 0:
        start -= 1
        budget -= _columns(text[start])
    if start > 0 and _columns(text[start]) == 1:
        space = text.find(" ", start, position)
        start = space + 1 if space != -1 else start
    return start


def _forward(text: str, start: int, budget: int) -> int:
    end = start
    while end < len(text) and budget > 0:
        budget -= _columns(text[end])
        end += 1
    if end < len(text) and _columns(text[end - 1]) == 1 and text[end] != " ":
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return end


def _columns(char: str) -> int:
    return 2 if char >= "\u1100" and unicodedata.east_asian_width(char) in "WF" else 1
