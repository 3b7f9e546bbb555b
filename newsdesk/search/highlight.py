"""Highlighted headlines and snippets, the same whatever the database.

A word of the text matches a query word when both have the same form in the index, in the
article's language (``text.word_form``: folded, Snowball-stemmed, without accents): a
search for "ferries" marks "ferry" in English, "canciones" marks "canción" in Spanish.
Chinese and Japanese terms match as the exact run of characters. Everything else is
escaped.
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsdesk.search.text import WORD, Term, word_form

SNIPPET_WIDTH = 240  # in columns: a Chinese character takes two
CONTEXT_WIDTH = 60  # of the snippet before the first match
ELLIPSIS = "…"
# The first character that may take two columns (Hangul Jamo); before it, none does.
WIDE_FROM = "\u1100"
MAYBE_WIDE = re.compile(f"[{WIDE_FROM}-\U0010ffff]")


def _forms(terms: list[Term], language: str) -> set[str]:
    return {word_form(word, language) for term in terms for word in term.words}


def spans(text: str, terms: list[Term], language: str) -> list[tuple[int, int]]:
    """Where ``terms`` occur in ``text``, which is in ``language``: sorted,
    non-overlapping (start, end) pairs."""
    forms = _forms(terms, language)
    found = []
    if forms:
        found += [m.span() for m in WORD.finditer(text) if word_form(m.group(), language) in forms]
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


def headline(text: str, terms: list[Term], language: str) -> SafeString:
    return marked(text, spans(text, terms, language))


def snippet(text: str, terms: list[Term], language: str, width: int = SNIPPET_WIDTH) -> SafeString:
    """An excerpt of ``text`` around the first match, about ``width`` columns, marked."""
    text = " ".join(text.split())
    first = _first_match(text, terms, language)
    start = 0 if first is None else _back(text, first, CONTEXT_WIDTH)
    end = _forward(text, start, width)
    html = headline(text[start:end], terms, language)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    return mark_safe(prefix + html + suffix)


def _first_match(text: str, terms: list[Term], language: str) -> int | None:
    """Where the first match in ``text`` starts, reading no further than it."""
    found = [text.find(term.chinese) for term in terms if term.chinese]
    forms = _forms(terms, language)
    if forms:
        limit = min((position for position in found if position != -1), default=len(text))
        for match in WORD.finditer(text, 0, limit):
            if word_form(match.group(), language) in forms:
                found.append(match.start())
                break
    return min((position for position in found if position != -1), default=None)


def _back(text: str, position: int, budget: int) -> int:
    """Where to start so that about ``budget`` columns precede ``position``, at a word
    boundary (or anywhere in Chinese)."""
    start = position
    while start > 0 and budget > 0:
        if text[start - 1] < WIDE_FROM:  # as in _forward: back to one that may be wide
            stop = max(0, start - budget)
            for maybe_wide in MAYBE_WIDE.finditer(text, stop, start):
                stop = maybe_wide.end()
            budget -= start - stop
            start = stop
        else:
            start -= 1
            budget -= _columns(text[start])
    if start > 0 and _columns(text[start]) == 1:
        space = text.find(" ", start, position)
        start = space + 1 if space != -1 else start
    return start


def _forward(text: str, start: int, budget: int) -> int:
    """Where to end so that about ``budget`` columns follow ``start``, at a word boundary
    (or anywhere in Chinese)."""
    end = start
    while end < len(text) and budget > 0:
        if text[end] < WIDE_FROM:
            # Up to the next character that may be wide, each takes a column: skipped at
            # once (a character at a time, English snippets took 0.5 ms of CPU a page).
            maybe_wide = MAYBE_WIDE.search(text, end, end + budget)
            stop = maybe_wide.start() if maybe_wide else min(len(text), end + budget)
            budget -= stop - end
            end = stop
        else:
            budget -= _columns(text[end])
            end += 1
    if end < len(text) and _columns(text[end - 1]) == 1 and text[end] != " ":
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return end


def _columns(char: str) -> int:
    return 2 if char >= WIDE_FROM and unicodedata.east_asian_width(char) in "WF" else 1
