"""Stories of the generated archive: what an article says, decided from (seed, number).

A story holds everything about an article that is not language (topic, places, people
quoted, headline, authors, tags, images, times); :mod:`~newsdesk.devdata.archive_texts`
then writes its texts in English or Chinese from the same bilingual templates, with the
same choices, so a Chinese original and its English translation tell the same story,
block for block, with the same names and numbers. Bodies are written directly in the
sanitized subset of :mod:`newsdesk.content.body`.
"""

import random
import re
import string
from dataclasses import dataclass
from datetime import timedelta

from django.utils.text import slugify

from newsdesk.content.models import Image, Person, Tag
from newsdesk.devdata import archive_words as words
from newsdesk.devdata.archive_pools import Pools, capitalize, invent_name, without_article
from newsdesk.devdata.archive_words import (
    EN_NUMBERS,
    INSTITUTIONS,
    MONTHS,
    OWN_SOURCE,
    REGIONS,
    ROLES,
    SECTIONS,
    TOPICS,
    TOWNS,
    WEEKDAYS,
    WIRE_SOURCES,
    ZH_NUMBERS,
    Topic,
)

# A million articles cover twenty years (a hundred thousand, two).
ARTICLES_PER_DAY = 140

# A story's second institution is one of those of the topics in its section.
NEARBY_INSTITUTIONS = {
    section: sorted(
        {key for topic in TOPICS if topic.section == section for key in topic.institutions}
    )
    for section, *_ in SECTIONS
}


@dataclass(frozen=True)
class Template:
    """An English and a Chinese sentence with the same slots."""

    en: str
    zh: str
    fields: tuple[str, ...] = ()  # the slots drawn afresh for each use (numbers, dates)
    sentences: int = 1


# Slots every story fills once; the others are numbers and dates drawn per sentence.
STORY_SLOTS = {
    "topic",
    "plan",
    "group",
    "metric",
    "inst",
    "inst2",
    "town",
    "town2",
    "place",
    "place2",
    "person",
    "role",
    "person2",
    "role2",
}


def _draw_pct(rng):
    p = rng.randint(3, 45)
    return f"{p} per cent", f"{p}%"


def _draw_pcts(rng):
    p = rng.randint(3, 45)
    return f"{p}%", f"{p}%"


def _draw_count(rng):
    c = rng.randrange(12, 900) * 10
    return f"{c:,}", str(c)


def _draw_money(rng):
    millions = rng.choice([rng.uniform(1.5, 9.9), rng.uniform(10, 95), rng.uniform(100, 480)])
    if millions < 10:
        en = f"{millions:.1f} million strait dollars"
    else:
        en = f"{millions:,.0f} million strait dollars"
    if millions >= 100:
        zh = f"{millions / 100:.1f}亿海峡元"
    else:
        zh = (
            f"{round(millions * 100)}万海峡元"
            if millions >= 10
            else f"{millions * 100:.0f}万海峡元"
        )
    return en, zh


def _draw_n(rng):
    n = rng.randint(2, 12)
    return EN_NUMBERS[n], ZH_NUMBERS[n]


def _draw_month(rng):
    i = rng.randrange(12)
    return MONTHS[i], f"{i + 1}月"


def _draw_year(rng):
    year = str(rng.randint(2008, 2021))
    return year, year


DRAWERS = {
    "pct": _draw_pct,
    "pcts": _draw_pcts,
    "count": _draw_count,
    "money": _draw_money,
    "n": _draw_n,
    "month": _draw_month,
    "weekday": lambda rng: rng.choice(WEEKDAYS),
    "year": _draw_year,
}


def _templates(*pairs: tuple[str, str]) -> list[Template]:
    """Templates from (English, Chinese) pairs, checking both use the same slots."""
    result = []
    for en, zh in pairs:
        en_fields = {name for _, name, _, _ in string.Formatter().parse(en) if name}
        zh_fields = {name for _, name, _, _ in string.Formatter().parse(zh) if name}
        if en_fields != zh_fields or not en_fields <= STORY_SLOTS | DRAWERS.keys():
            raise ValueError(f"template slots differ or are unknown: {en!r} / {zh!r}")
        sentences = len(re.findall(r"[.?!](?: |$)", en)) or 1
        result.append(Template(en, zh, tuple(sorted(en_fields - STORY_SLOTS)), sentences))
    return result


HEADLINES = _templates(*words.HEADLINES)
REVIEW_HEADLINES = _templates(*words.REVIEW_HEADLINES)
EXPLAINER_HEADLINES = _templates(*words.EXPLAINER_HEADLINES)
STANDFIRSTS = _templates(*words.STANDFIRSTS)
LEDES = _templates(*words.LEDES)
SENTENCES = _templates(*words.SENTENCES)
SUBHEADINGS = _templates(*words.SUBHEADINGS)
QUOTES = _templates(*words.QUOTES)


SENTENCE_START = re.compile(r"(?<=[.?!] )[a-z]")


def _cap_sentences(text: str) -> str:
    """Capitalize every sentence: "We waited. a plan will ..." -> "... A plan will ..."."""
    return capitalize(SENTENCE_START.sub(lambda match: match.group().upper(), text))


def _escape(text: str) -> str:
    """Escape text for the body, as the sanitizer would write it (quotes stay as they are)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class Story:
    """What article ``number`` (and its translation, if any) is about, in both languages."""

    number: int
    chinese: bool
    topic: Topic
    column: str | None
    slots: tuple[dict[str, str], dict[str, str]]  # English, Chinese
    headline: tuple[str, str]
    authors: list[Person]
    tags: list[Tag]
    lead_image: Image | None
    inline_image: Image | None
    source_line: str
    minutes_ago: float  # publication time, before "now", if published in sequence
    translation_delay: timedelta
    revised_after: timedelta | None


def _fill(template: Template, language: int, slots: dict[str, str], drawn) -> str:
    values = {**slots, **{name: drawn[name][language] for name in template.fields}}
    text = (template.en if language == 0 else template.zh).format_map(values)
    if language == 1:
        return text
    return _cap_sentences(text) if template.sentences > 1 else capitalize(text)


def _draw_fields(template: Template, rng: random.Random) -> dict[str, tuple[str, str]]:
    return {name: DRAWERS[name](rng) for name in template.fields}


def make_story(seed: int, number: int, chinese: bool, pools: Pools) -> Story:
    """The story of article ``number`` of the archive of ``seed``; the same on every run."""
    rng = random.Random(f"newsdesk-archive:{seed}:{number}")
    topic = rng.choice(TOPICS)
    town, town2 = rng.sample(TOWNS, 2)
    place = rng.choice([town, town, rng.choice(REGIONS)])
    place2 = rng.choice([town2, rng.choice(REGIONS)])
    if place2 == place:
        place2 = town2
    council = (f"{town[0]} Council", f"{town[1]}议会")
    inst = rng.choice([INSTITUTIONS[key] for key in topic.institutions] + [council])
    council2 = (f"{town2[0]} Council", f"{town2[1]}议会")
    nearby = [INSTITUTIONS[key] for key in NEARBY_INSTITUTIONS[topic.section]]
    inst2 = rng.choice([value for value in nearby if value != inst] + [council2])
    people = []
    for _ in range(2):
        name = invent_name(rng)[:2]
        role = rng.choice(ROLES)
        where = {"inst": inst[0], "town": rng.choice([town, town2])[0]}
        where_zh = {"inst": inst[1], "town": town[1] if where["town"] == town[0] else town2[1]}
        people.append((name, (role[0].format(**where), role[1].format(**where_zh))))
    slots = tuple(
        {
            "topic": topic.topic[i],
            "plan": topic.plan[i],
            "group": topic.group[i],
            "metric": topic.metric[i],
            "inst": inst[i],
            "inst2": inst2[i],
            "town": town[i],
            "town2": town2[i],
            "place": place[i],
            "place2": place2[i],
            "person": people[0][0][i],
            "role": people[0][1][i],
            "person2": people[1][0][i],
            "role2": people[1][1][i],
        }
        for i in (0, 1)
    )
    r = rng.random()
    column = "review" if r < 0.07 else "explainer" if r < 0.12 else None
    headlines = {"review": REVIEW_HEADLINES, "explainer": EXPLAINER_HEADLINES}.get(
        column, HEADLINES
    )
    template = rng.choice(headlines)
    drawn = _draw_fields(template, rng)
    headline = (_fill(template, 0, slots[0], drawn), _fill(template, 1, slots[1], drawn))

    writers = pools.chinese_writers if chinese else pools.writers
    authors = rng.sample(writers, rng.choices([1, 2, 3], weights=[70, 22, 8])[0])
    wanted = [
        topic.tag,
        without_article(town[0]),
        without_article(place[0]),
        without_article(inst[0]),
    ]
    tags = []
    for name in wanted:
        tag = pools.tags_by_name.get(name)
        if tag is not None and tag not in tags:
            tags.append(tag)
    size = rng.randint(2, 5)
    tags = tags[: min(size, 3)]
    while len(tags) < size:
        tag = rng.choice(pools.tags)
        if tag not in tags:
            tags.append(tag)
    lead_image = rng.choice(pools.images) if rng.random() < 0.7 else None
    inline_image = None
    if rng.random() < 0.3:
        inline_image = rng.choice([image for image in pools.images if image != lead_image])
    wire = rng.random() < 0.08
    return Story(
        number=number,
        chinese=chinese,
        topic=topic,
        column=column,
        slots=slots,
        headline=headline,
        authors=authors,
        tags=tags,
        lead_image=lead_image,
        inline_image=inline_image,
        source_line=rng.choice(WIRE_SOURCES) if wire else OWN_SOURCE,
        minutes_ago=5 + (number - 1 + rng.random()) * 24 * 60 / ARTICLES_PER_DAY,
        translation_delay=timedelta(minutes=rng.randint(60, 12 * 60)),
        revised_after=(
            timedelta(minutes=rng.randint(20, 3 * 24 * 60)) if rng.random() < 0.08 else None
        ),
    )


def article_slug(story: Story, seed: int, number: int) -> str:
    """The slug of article ``number``: its English headline's first words, then seed-number."""
    parts = slugify(story.headline[0]).split("-")[:8]
    return "-".join(parts)[:80].strip("-") + f"-{seed}-{number}"
