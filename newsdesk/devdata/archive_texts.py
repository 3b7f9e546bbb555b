"""The texts of generated articles, assembled from a pool of blocks written once per seed.

Writing a body sentence by sentence, then indexing it for search word by word, costs
about a millisecond an article: twenty minutes for a million. So each seed's archive
writes a few thousand blocks once (lede paragraphs, paragraphs, subheadings, quotes and
standfirsts, from the templates of :mod:`~newsdesk.devdata.archive_words`, numbers and
dates drawn), in English and in Chinese with the same choices, leaving a story's own
words (its town, institution, people: ``STORY_SLOTS``) as slots. An article is then a
choice of blocks filled with its story's words, in string formatting only.

Each block is also kept as the search index reads it (``search.text.index_form`` of its
plain text, slots left as slots), so an article's search document is filled the same
way. Where a story's word touches the text around it (Chinese has no spaces, and the
index cuts Chinese into overlapping pairs of characters), the block is indexed after
filling instead. Either way the result is what ``search.index.entry_for`` makes.
"""

import random
import re
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.content.body import plain_text
from newsdesk.devdata.archive_pools import capitalize
from newsdesk.devdata.archive_stories import (
    LEDES,
    QUOTES,
    SENTENCES,
    STANDFIRSTS,
    STORY_SLOTS,
    SUBHEADINGS,
    Story,
    Template,
    _draw_fields,
    _escape,
)
from newsdesk.search.text import TOKEN, index_form, normalize

EN, ZH = 0, 1
INDEX_LANGUAGES = ("en", "zh-hans")
# Blocks written per seed: enough that an article's neighbours rarely share a paragraph.
POOL_SIZES = {"ledes": 600, "paragraphs": 3000, "subheadings": 200, "quotes": 300}
STANDFIRST_POOL = 300

SLOT = re.compile(r"\{(\w+)\}")
# An English sentence starts at the text's start and after ". ", "? " or "! ".
SENTENCE_STARTS = re.compile(r"(?:^|(?<=[.?!] ))(\{\w+\}|[a-z])")
FIRST_WORD = re.compile(r"^(\{\w+\}|[a-z])")


def _upper_slot(name: str) -> str:
    """The slot of a story word that starts a sentence: "town" -> "Town"."""
    return name[:1].upper() + name[1:]


SLOT_NAMES = [(name, _upper_slot(name)) for name in sorted(STORY_SLOTS)]


def _frame(template: Template, language: int, drawn: dict) -> str:
    """``template`` with its drawn numbers and dates filled in and the story's words left
    as slots; English sentences start with a capital, or with a capitalized slot."""
    values = {name: "{" + name + "}" for name in STORY_SLOTS}
    values.update((name, drawn[name][language]) for name in template.fields)
    text = (template.en if language == EN else template.zh).format_map(values)
    if language == ZH:
        return text

    def capital(match: re.Match) -> str:
        found = match.group(1)
        if found.startswith("{"):
            return "{" + _upper_slot(found[1:-1]) + "}"
        return found.upper()

    if template.sentences > 1:
        return SENTENCE_STARTS.sub(capital, text)
    return FIRST_WORD.sub(capital, text, count=1)


def _index_frame(html: str, language: str) -> str | None:
    """The index form of a block's HTML with its slots left as slots, or None when a slot
    touches a character that the index would join to the slot's words."""
    text = plain_text(html)
    tokens = []
    parts = SLOT.split(text)
    for position, part in enumerate(parts):
        if position % 2:  # a slot's name
            before, after = parts[position - 1], parts[position + 1]
            if (not before and position > 1) or (not after and position < len(parts) - 2):
                return None  # right next to another slot
            if TOKEN.match(normalize(before[-1:])) or TOKEN.match(normalize(after[:1])):
                return None
            tokens.append("{" + part + "}")
        elif part:
            tokens += index_form(part, language).split()
    return " ".join(tokens)


@dataclass(frozen=True)
class Block:
    """A block of body HTML (or a standfirst) in English and Chinese, with slots; and its
    index form in each, or None where it is indexed after filling."""

    html: tuple[str, str]
    index: tuple[str | None, str | None]


def _block(en: str, zh: str, *, html: bool = True) -> Block:
    texts = (en, zh)
    return Block(
        texts,
        tuple(
            _index_frame(text if html else _escape(text), INDEX_LANGUAGES[language])
            for language, text in enumerate(texts)
        ),
    )


class TextPool:
    """The blocks of the archive of one seed; ``write(story, language)`` fills them."""

    def __init__(self, seed: int):
        rng = random.Random(f"newsdesk-archive:{seed}:texts")

        def sentence(template: Template) -> tuple[str, str]:
            drawn = _draw_fields(template, rng)
            return tuple(_escape(_frame(template, language, drawn)) for language in (EN, ZH))

        def paragraph(first: Template | None) -> Block:
            chosen = [first] if first else []
            chosen += rng.sample(SENTENCES, rng.randint(5, 8) - len(chosen))
            parts = [sentence(template) for template in chosen]
            return _block(
                "<p>" + " ".join(en for en, _ in parts) + "</p>",
                "<p>" + "".join(zh for _, zh in parts) + "</p>",
            )

        def subheading() -> Block:
            en, zh = sentence(rng.choice(SUBHEADINGS))
            return _block(f"<h2>{en}</h2>", f"<h2>{zh}</h2>")

        def quote() -> Block:
            en, zh = sentence(rng.choice(QUOTES))
            who, role = rng.choice([("person", "role"), ("person2", "role2")])
            return _block(
                f"<blockquote><p>{en}</p><cite>{{{who}}}, {{{role}}}</cite></blockquote>",
                f"<blockquote><p>{zh}</p><cite>{{{role}}}{{{who}}}</cite></blockquote>",
            )

        def standfirst() -> Block:
            template = rng.choice(STANDFIRSTS)
            drawn = _draw_fields(template, rng)
            return _block(*(_frame(template, language, drawn) for language in (EN, ZH)), html=False)

        self.ledes = [paragraph(rng.choice(LEDES)) for _ in range(POOL_SIZES["ledes"])]
        self.paragraphs = [paragraph(None) for _ in range(POOL_SIZES["paragraphs"])]
        self.subheadings = [subheading() for _ in range(POOL_SIZES["subheadings"])]
        self.quotes = [quote() for _ in range(POOL_SIZES["quotes"])]
        self.standfirsts = [standfirst() for _ in range(STANDFIRST_POOL)]
        self._index_forms: dict[tuple[str, str], str] = {}

    def _slot_index_form(self, text: str, language: str) -> str:
        key = (text, language)
        found = self._index_forms.get(key)
        if found is None:
            if len(self._index_forms) > 200_000:  # bounded: people's names keep coming
                self._index_forms.clear()
            found = self._index_forms[key] = index_form(text, language)
        return found

    def write(self, seed: int, story: Story, language: int) -> "Texts":
        """The standfirst and body of ``story`` in ``language`` (0 English, 1 Chinese),
        and their index forms. The choices depend on the seed and the story's number
        only, so a translation has its original's blocks, people and numbers."""
        rng = random.Random(f"newsdesk-archive:{seed}:{story.number}:text")
        index_language = INDEX_LANGUAGES[language]
        words = story.slots[language]
        plain, html, index = {}, {}, {}
        for name, upper in SLOT_NAMES:
            value = words[name]
            capital = capitalize(value)
            plain[name], plain[upper] = value, capital
            html[name], html[upper] = _escape(value), _escape(capital)
            # The index folds case: a capital changes nothing there.
            index[name] = index[upper] = self._slot_index_form(value, index_language)

        # 4 to 10 blocks, fewer than a third of them subheadings and quotes (a subheading
        # is never last and never follows another one), so English bodies run 300 to 900
        # words.
        size = rng.randint(4, 10)
        kinds = ["p"] * size
        for position in rng.sample(range(1, size), rng.randint(0, (size - 2) // 3)):
            kinds[position] = rng.choice(["h2", "quote"])
        for position in range(1, size):
            if kinds[position] == "h2" and (position == size - 1 or kinds[position - 1] == "h2"):
                kinds[position] = "quote"
        pools = {"p": self.paragraphs, "h2": self.subheadings, "quote": self.quotes}
        blocks = [rng.choice(self.ledes)] + [rng.choice(pools[kind]) for kind in kinds[1:]]
        first = self.standfirsts[rng.randrange(len(self.standfirsts))]

        standfirst = first.html[language].format_map(plain)
        parts = [block.html[language].format_map(html) for block in blocks]
        forms = [
            block.index[language].format_map(index)
            if block.index[language] is not None
            else index_form(plain_text(part), index_language)
            for block, part in zip(blocks, parts, strict=True)
        ]
        if story.inline_image is not None:
            parts.insert(min(2, len(parts)), story.inline_image.embed_code)
        if first.index[language] is not None:
            standfirst_form = first.index[language].format_map(index)
        else:
            standfirst_form = index_form(standfirst, index_language)
        return Texts(standfirst, "".join(parts), standfirst_form, " ".join(forms))


@dataclass
class Texts:
    standfirst: str
    body: str
    standfirst_index: str  # the standfirst and body as the search index holds them
    body_index: str


@lru_cache(maxsize=4)
def text_pool(seed: int) -> TextPool:
    """The blocks of the archive of ``seed``, written once per process."""
    return TextPool(seed)
