"""What every importer produces: one article as read from its source, before it is saved.

Parsers (text dumps, HTML pages, WordPress exports) fill an ImportedArticle; saving it
(save.py) matches people, sections and columns and writes the article. ``as_json`` is
what ``newsdesk import --dry-run --json`` prints.
"""

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from newsdesk.content.body import Block as BodyBlock


class Unreadable(Exception):
    """The input cannot become an article; the message is the one-line reason shown."""


@dataclass
class Credit:
    """A person credited on the article, as the source names them."""

    name: str
    role_title: str = ""  # "APD writer" in "By APD writer Sun Chenghao"
    bio: str = ""


@dataclass
class Picture:
    """An image of the article: where to get it and what to say under it."""

    file_name: str = ""  # "AJLJ.jpg": as the source names it
    url: str = ""  # where it can be downloaded, when known
    local_path: str = ""  # a file on this machine holding it, when known
    caption: str = ""
    credit: str = ""
    alt_text: str = ""


@dataclass
class Block:
    """One block of the body, in order.

    ``tag`` is one of p, h2, h3, blockquote, ul, ol, table, figure. ``html`` is its inner HTML
    (escaped text for plain-text sources; list items as <li>…</li>). A figure has no html
    and points at ``pictures[picture]`` of its article.
    """

    tag: str
    html: str = ""
    picture: int | None = None


@dataclass
class ImportedArticle:
    source_key: str  # stable identity of the source: re-importing it updates, never duplicates
    source: str  # the file (and entry) it was read from, shown to editors
    kind: str  # "text", "html" or "wordpress"
    title: str
    kicker: str = ""  # the column, e.g. "APD Review"
    section: str = ""
    published: date | datetime | None = None
    language: str = "en"  # an edition, else the language's own code ("de"): see languageid.py
    language_confidence: float | None = None  # the detector's, 0–1
    language_origin: str = ""  # "text", "declared" or "default"
    authors: list[Credit] = field(default_factory=list)
    translators: list[Credit] = field(default_factory=list)
    standfirst: str = ""
    blocks: list[Block] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    bio: str = ""  # the author's bio printed with the article
    source_line: str = ""  # "(ASIA PACIFIC DAILY)"
    original_url: str = ""
    tags: list[str] = field(default_factory=list)
    status: str = "draft"  # what the source says: "published" or "draft"
    lead_picture: int | None = None  # index into pictures of the lead (featured) image
    notes: list[str] = field(default_factory=list)  # what an editor must know, one line each
    # Where each field was read, by its --json name: {"title": "h1", "date": "json-ld", …}
    origins: dict[str, str] = field(default_factory=dict)

    @property
    def paragraphs(self) -> list[str]:
        """The body's text blocks as plain text, in order."""
        return [BodyBlock(b.tag, b.html).text for b in self.blocks if b.tag != "figure"]

    def as_json(self) -> dict:
        """Plain JSON values, for --dry-run --json and for tests."""
        data = {
            "source": self.source,
            "kind": self.kind,
            "title": self.title,
            "kicker": self.kicker,
            "section": self.section,
            "date": self.published.isoformat() if self.published else None,
            "language": self.language,
            "language_confidence": self.language_confidence,
            "language_origin": self.language_origin,
            "authors": [dataclasses.asdict(c) for c in self.authors],
            "translators": [dataclasses.asdict(c) for c in self.translators],
            "standfirst": self.standfirst,
            "body": self.paragraphs,
            "images": [dataclasses.asdict(p) for p in self.pictures],
            "lead_image": self.lead_image_json(),
            "bio": self.bio,
            "source_line": self.source_line,
            "original_url": self.original_url,
            "tags": self.tags,
            "status": self.status,
            "notes": self.notes,
        }
        origins = {key: value for key, value in self.origins.items() if value}
        if origins:  # importers that record them (HTML pages)
            data["origins"] = origins
        return data

    def lead_image_json(self) -> dict | None:
        """The lead (featured) picture for --json: its place in "images" and what it is."""
        if self.lead_picture is None:
            return None
        picture = self.pictures[self.lead_picture]
        return {"index": self.lead_picture, **dataclasses.asdict(picture)}


# A doubled run shorter than this may be meant ("***", "Ends").
DOUBLED_RUN_MIN_CHARS = 40


def without_doubled_runs(blocks: list, keys: list[str]) -> list:
    """``blocks`` without a run of text blocks that follows an identical run directly: the
    same text in two copies of the markup (for small and large screens), which a reader
    sees once. ``keys`` are the blocks' texts as compared ("" for a figure: never part of
    a run). A paragraph the source repeats elsewhere (the same two lines under each day of
    a meal plan) is kept, and so are short repeated lines."""
    kept: list = []
    kept_keys: list[str] = []
    number = 0
    while number < len(blocks):
        for size in range(min(len(kept_keys), len(keys) - number), 0, -1):
            run = keys[number : number + size]
            if (
                all(run)
                and run == kept_keys[-size:]
                and sum(map(len, run)) >= DOUBLED_RUN_MIN_CHARS
            ):
                number += size
                break
        else:
            kept.append(blocks[number])
            kept_keys.append(keys[number])
            number += 1
    return kept


def published_from(value: date | datetime | None) -> datetime | None:
    """A timezone-aware datetime for a parsed date (a bare date is taken as noon UTC)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time(12, 0), tzinfo=UTC)
