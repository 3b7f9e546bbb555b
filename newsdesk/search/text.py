"""Text as the search index sees it: stemmed words, and Chinese or Japanese as overlapping
pairs of characters.

Every language is analysed here, in Python, the same way on every database: the databases
only split on spaces and match (FTS5's ``unicode61`` tokenizer, PostgreSQL's ``simple``
configuration), so an edition in any language needs no database configuration.

- Words are folded (full-width forms, case) and reduced to their Snowball stem in the
  language of the article (``languages.stem``: english, spanish, french...), then freed of
  accents; a language Snowball lacks keeps its words whole. "Ferries" is stored as
  "ferri", as the query "ferry" is searched.
- Chinese and Japanese are written without spaces, and their words are mostly two
  characters long (港口, 議会), so neither a word tokenizer nor a trigram one finds them.
  Each run of Han characters or kana is indexed instead as the overlapping pairs of
  characters it contains (Lucene's CJKAnalyzer does the same): 港口重新开放 becomes 港口 口重
  重新 新开 开放, followed by each of its characters on its own (港 口 重 新 开 放), so that a
  search for one character reads that character's list of matches alone. (Searched as a
  prefix of the pairs instead, 港 made the index merge the lists of every pair it starts,
  some hundreds: 90–150 ms at a million articles.) The pairs stay next to each other, so
  a phrase of pairs is found as before; a character alone is never part of a phrase.

A query is parsed into terms that are ANDed: a word, a "quoted phrase", or a run of
Chinese or Japanese characters, which becomes the phrase of its pairs (a run of one
character, that character). Words are stemmed in each language
searched: a search of every edition finds a word in any of their stems. Nothing a reader
types reaches the database as query syntax: every term is quoted by ``fts5_query`` and
``tsquery_parts``.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.languages import HAN, KANA, stem

# Chinese characters and Japanese kana: scripts written without spaces between words.
CJK_RUN = re.compile(f"[{HAN}{KANA}]+")
# A word: letters and digits of any other script (what unicode61 and PostgreSQL keep).
WORD = re.compile(rf"[^\W_{HAN}{KANA}]+")
QUOTED = re.compile(r'"([^"]*)"?')
# What the index holds, in order: runs of Chinese or Japanese characters, and words.
TOKEN = re.compile(f"{CJK_RUN.pattern}|{WORD.pattern}")

MAX_QUERY_CHARS = 200
MAX_TERMS = 12


def normalize(text: str) -> str:
    """Full-width letters and digits as ASCII (ＡＢＣ１２ → ABC12), as readers type them."""
    return unicodedata.normalize("NFKC", text)


def pairs(run: str) -> list[str]:
    """The overlapping pairs of characters of a Chinese run: 港口重新 → 港口 口重 重新."""
    return [run[i : i + 2] for i in range(len(run) - 1)]


@lru_cache(maxsize=65536)
def word_form(word: str, language: str) -> str:
    """A word as the index holds it: folded, stemmed in ``language``, without accents."""
    stemmed = stem(language, normalize(word).casefold())
    decomposed = unicodedata.normalize("NFKD", stemmed)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def run_form(run: str) -> list[str]:
    """The tokens of a Chinese or Japanese run: its pairs, then each of its characters."""
    return [*pairs(run), *run]


def index_form(text: str, language: str) -> str:
    """``text`` as it is stored in the index, in the article's ``language``: its words'
    forms and each Chinese or Japanese run's tokens (``run_form``), separated by spaces."""
    tokens = []
    for match in TOKEN.finditer(normalize(text)):
        run = match.group()
        if CJK_RUN.fullmatch(run):
            tokens += run_form(run)
        else:
            tokens.append(word_form(run, language))
    return " ".join(tokens)


def word_forms(words: tuple[str, ...], languages: list[str]) -> list[tuple[str, ...]]:
    """The index forms of the phrase ``words`` in each of ``languages``, without repeats."""
    found = (tuple(word_form(word, language) for word in words) for language in languages)
    return list(dict.fromkeys(found))


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


def fts5_query(terms: list[Term], languages: list[str]) -> str:
    """An FTS5 MATCH expression for ``terms`` searched in ``languages``: every token
    double-quoted, so literal; a phrase with another form in another language, ORed."""
    parts = []
    for term in terms:
        if term.chinese:
            tokens = pairs(term.chinese) or [term.chinese]
            parts.append('"' + " ".join(tokens) + '"')
        else:
            phrases = ['"' + " ".join(form) + '"' for form in word_forms(term.words, languages)]
            parts.append(phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")")
    return " AND ".join(parts)


def tsquery_parts(terms: list[Term], languages: list[str]) -> list[list[tuple[str, str]]]:
    """PostgreSQL queries for ``terms`` searched in ``languages``: for each term, the
    alternatives (ORed) as (kind, text) pairs, kind "words" for ``phraseto_tsquery`` with
    the simple configuration (the words already in their index form) or "literal" for a
    ``::tsquery`` (the pairs of Chinese or Japanese characters)."""
    parts = []
    for term in terms:
        if term.chinese:
            tokens = pairs(term.chinese) or [term.chinese]
            parts.append([("literal", " <-> ".join(f"'{token}'" for token in tokens))])
        else:
            forms = word_forms(term.words, languages)
            parts.append([("words", " ".join(form)) for form in forms])
    return parts
