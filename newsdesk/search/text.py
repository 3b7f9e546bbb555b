"""Text as the search index sees it: words, and Chinese as overlapping pairs of characters.

Chinese is written without spaces, and its words are mostly two characters long (港口,
议会), so neither a word tokenizer nor a trigram one finds them. Each run of Chinese
characters is indexed instead as the overlapping pairs of characters it contains (Lucene's
CJKAnalyzer does the same): 港口重新开放 becomes 港口 口重 重新 新开 开放, plus the last
character on its own (放) so that a search for any single character finds every place it
occurs. Everything else is left as it is, for the database's own word tokenizer and English
stemmer (FTS5's ``porter unicode61``, PostgreSQL's ``english`` configuration).

A query is parsed into terms that are ANDed: a word, a "quoted phrase", or a run of Chinese
characters, which becomes the phrase of its pairs (a run of one character, a prefix search
for the pairs it starts). Nothing a reader types reaches the database as query syntax:
every term is quoted by ``fts5_query`` and ``tsquery``.
"""

import re
import unicodedata
from dataclasses import dataclass

from newsdesk.languages import HAN, KANA

# Chinese characters and Japanese kana: scripts written without spaces between words.
CJK_RUN = re.compile(f"[{HAN}{KANA}]+")
# A word: letters and digits of any other script (what unicode61 and PostgreSQL keep).
WORD = re.compile(rf"[^\W_{HAN}{KANA}]+")
QUOTED = re.compile(r'"([^"]*)"?')

MAX_QUERY_CHARS = 200
MAX_TERMS = 12


def normalize(text: str) -> str:
    """Full-width letters and digits as ASCII (ＡＢＣ１２ → ABC12), as readers type them."""
    return unicodedata.normalize("NFKC", text)


def pairs(run: str) -> list[str]:
    """The overlapping pairs of characters of a Chinese run: 港口重新 → 港口 口重 重新."""
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_form(text: str) -> str:
    """``text`` as it is stored in the index: each Chinese run replaced by its pairs."""

    def expand(match: re.Match) -> str:
        run = match.group()
        return " " + " ".join([*pairs(run), run[-1]]) + " "

    return CJK_RUN.sub(expand, normalize(text))


@dataclass(frozen=True)
class Term:
    """One thing a result must contain.

    ``words`` are English (or other spaced) words that must appear in this order, or
    ``chinese`` a run of Chinese characters.
    """

    words: tuple[str, ...] = ()
    chinese: str = ""


def parse(query: str) -> list[Term]:
    """The terms of what a reader typed; empty when it holds nothing searchable."""
    query = normalize(query or "")[:MAX_QUERY_CHARS]
    terms: list[Term] = []
    for position, part in enumerate(QUOTED.split(query)):
        quoted = position % 2 == 1
        for chunk in _chunks(part):
            if isinstance(chunk, str):
                terms.append(Term(chinese=chunk))
            elif quoted:
                terms.append(Term(words=chunk))
            else:
                terms.extend(Term(words=(word,)) for word in chunk)
    unique = list(dict.fromkeys(terms))
    return unique[:MAX_TERMS]


def _chunks(text: str):
    """Runs of words (tuples) and Chinese runs (strings) of ``text``, in order."""
    position = 0
    for match in CJK_RUN.finditer(text):
        words = tuple(w.lower() for w in WORD.findall(text[position : match.start()]))
        if words:
            yield words
        yield match.group()
        position = match.end()
    words = tuple(w.lower() for w in WORD.findall(text[position:]))
    if words:
        yield words


def fts5_query(terms: list[Term]) -> str:
    """An FTS5 MATCH expression for ``terms``: every token double-quoted, so literal."""
    parts = []
    for term in terms:
        if term.chinese:
            tokens = pairs(term.chinese) or [term.chinese]
            phrase = '"' + " ".join(tokens) + '"'
            parts.append(phrase + " *" if len(term.chinese) == 1 else phrase)
        else:
            parts.append('"' + " ".join(term.words) + '"')
    return " AND ".join(parts)


def tsquery_parts(terms: list[Term]) -> list[tuple[str, str]]:
    """PostgreSQL queries for ``terms``, as (kind, text) pairs for ``phraseto_tsquery``
    (kind "words", stemmed by the english configuration) or a ``::tsquery`` literal (kind
    "literal", for the pairs of Chinese characters, which need no stemming)."""
    parts = []
    for term in terms:
        if term.chinese:
            tokens = pairs(term.chinese) or [term.chinese]
            if len(term.chinese) == 1:
                parts.append(("literal", f"'{term.chinese}':*"))
            else:
                parts.append(("literal", " <-> ".join(f"'{token}'" for token in tokens)))
        else:
            parts.append(("words", " ".join(term.words)))
    return parts
