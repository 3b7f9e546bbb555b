"""Read a scraped plain-text dump of a news article page into an ImportedArticle.

A dump is what a scraper keeps of a page: one block of text per line, in page order, with
the page's furniture (app prompts, share buttons, "Hot Recommended" lists) mixed in and,
on some sites, the whole article a second time as one run-on line. The rules, in order
(the shapes of lines are in textdump_rules.py):

1. Lines. Line endings (\\r\\n, \\r), a byte-order mark, zero-width characters and
   stray whitespace (tabs, no-break and ideographic spaces) are normalised; blank lines
   only separate. One line is one block: hard-wrapped paragraphs are not re-joined.
   Empty, binary-looking or HTML text is Unreadable.
2. Furniture. Boilerplate lines (app prompts, share prompts, "Editor: …", cookie
   notices…) are dropped wherever they stand. A tail heading ("Hot Recommended",
   "Related", "Read more", "热门推荐"…) after the headline and some prose cuts
   everything from there on; one above any prose (a sidebar) is dropped alone.
3. Headline. The first line that is not a date, byline, translator, labelled-field,
   image, source line or tail heading, nor the top of a page (a navigation row "Video |
   Culture | Live", a menu word, a section label in capitals, a time without a date:
   textdump_rules.is_navigation). It must read like a headline (at most 250 characters, not
   ending in a full stop or comma), else the text is Unreadable. In "Kicker | Headline"
   (also "｜", "丨") a left part of at most five words is the kicker (the column); a
   short part after the headline is the site's name and is dropped. Lines before the
   headline give only dates, credits, labelled fields and a section label in capitals
   ("BUSINESS"), which is the section when no other line names one.
4. Run-on copies. A line that holds (whitespace ignored) at least two and at least half
   of the other lines of 20+ characters is a scraped duplicate: it is dropped. Credits
   glued to what follows ("By A BTranslated by C DThe …") are cut off where a lower-case
   letter meets a capital, and the rest is split at its glued paragraph ends (".A",
   ".”The", ".\\xa0 T"); so is any other line of 300+ characters with two or more of
   them (the only copy of the body). A Chinese run-on copy has no such marks: it stays
   one paragraph.
5. Meta lines, wherever they stand: a line of labelled fields ("Author: … Source: …
   Date: …", "作者：… 来源：… 时间：…", "Section: Business", "栏目：财经") or a "Name |
   Publication | Date" byline gives what it names (a labelled section wins over any
   other); the first date line gives the section and the date (a time is ignored; no
   date line, no date), bylines give the authors, translator lines the translators (each
   name once), "Source: …" the source line, without its label. A lone short line right
   before a date line without a section is the section.
6. Images. An image line (a file name or an address ending .jpg/.jpeg/.png/.gif/.webp)
   is a picture with a figure block where it stands. The next line is its caption when
   it is marked as one, or is at most 250 characters and two sentences, and is not a
   bio or source line; a "Photo by …"/"(Photo: X)"/"摄影：…" line after that is its
   credit. A caption without an image line ("Photo: …", "Caption: …", "图：…", or a
   dateline caption "NOVEMBER 1, 2021: …" with the month in capitals) is a picture without
   a file name, with its figure block there.
7. End matter. Scanning the body from its end (past at most one other paragraph): a
   bracketed line without lower-case letters, or "Source: …" (kept without its label),
   is the source line; a
   paragraph starting with a credited name then "is a/an/the…" (or "是"/"系"), or "The
   author is…", is a bio: it goes to that person's Credit.bio and to the article's bio
   (several bios are joined by a blank line).
8. Body. Every other line is a paragraph, once: a repeat of the headline, or of a
   paragraph of 40+ characters, is dropped. A short line without final punctuation or
   quotes, between paragraphs and followed by a paragraph, is a subheading (h2).
9. The article: kind "text", status "published" (a dump is a scrape of a public page),
   language found from the title and body by languageid.py (a language that is not an
   edition makes a draft with a note). source_key is "text:<ISO date or 'undated'>:<slug
   of the title>", so whitespace, case and punctuation changes in a re-scraped dump keep it.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.text import slugify

from newsdesk.imports import textdump_rules as rules
from newsdesk.imports.languageid import set_language
from newsdesk.imports.record import (
    Block,
    Credit,
    ImportedArticle,
    Picture,
    Unreadable,
    without_doubled_runs,
)
from newsdesk.languages import HAN_CHARACTER

SUBSTANTIVE_CHARS = 20  # lines shorter than this prove nothing about a run-on copy
RUNON_MIN_CHARS = 300  # a line this long with glued sentence ends is a run-on copy
CAPTION_MAX_CHARS = 250
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


@dataclass
class _Unit:
    """A body block being assembled: a text line, or a figure pointing at a picture."""

    tag: str
    text: str = ""
    picture: int | None = None


def parse_text_dump(text: str, *, source: str) -> ImportedArticle:
    """The article a scraped plain-text page holds; Unreadable when it holds none."""
    lines = _lines(text)
    head_at = _find_headline(lines)
    headline = _squeeze(lines[head_at])
    kicker, title = _split_kicker(headline)
    article = ImportedArticle(
        source_key="", source=source, kind="text", title=title, kicker=kicker, status="published"
    )
    for line in lines[:head_at]:
        line = _squeeze(line)
        if not _take_meta(line, article) and rules.is_section_label(line):
            article.section = article.section or line  # "BUSINESS" above the headline
    rest = [_squeeze(line) for line in _resolve_runons(_cut_tail(lines[head_at + 1 :]))]
    body = _body_lines(rest, article, repeats={_squash(headline), _squash(title)})
    units = _units(body, article)
    _take_end_matter(units, article)
    article.blocks = _blocks(units)
    if not any(block.tag != "figure" for block in article.blocks):
        raise Unreadable("no body paragraphs found under the headline")
    set_language(article, " ".join([title, *article.paragraphs]))
    article.source_key = source_key(article.title, article.published)
    return article


def source_key(title: str, published) -> str:
    """The stable identity of a dumped article: its date and the slug of its title."""
    day = published.isoformat()[:10] if published else "undated"
    return f"text:{day}:{slugify(title, allow_unicode=True)}"


# Lines.


def _lines(text: str) -> list[str]:
    """The non-blank, stripped lines of ``text`` without furniture; Unreadable if none."""
    text = (text or "").translate(ZERO_WIDTH)
    if not text.strip():
        raise Unreadable("the text is empty")
    if re.match(r"\s*(?:<!doctype html|<html\b)", text, re.IGNORECASE):
        raise Unreadable("this is an HTML page, not a text dump: import it as HTML")
    _refuse_binary(text)
    lines = [line.strip() for line in text.splitlines()]
    return [line for line in lines if line and not rules.is_boilerplate(_squeeze(line))]


def _refuse_binary(text: str) -> None:
    controls = sum(
        1
        for ch in text
        if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in "\n\r\t")
    )
    if "\x00" in text or controls > max(3, len(text) // 100):
        raise Unreadable("the text looks like binary data, not an article")
    visible = [ch for ch in text if not ch.isspace()]
    if sum(ch.isalpha() for ch in visible) < len(visible) / 2:
        raise Unreadable("the text is mostly symbols and digits, not an article")


def _squeeze(text: str) -> str:
    """``text`` with every run of whitespace (no-break, ideographic, tabs) as one space."""
    return " ".join(text.split())


def _squash(text: str) -> str:
    """``text`` without any whitespace: how a run-on copy glues it."""
    return "".join(text.split())


def _cut_tail(lines: list[str]) -> list[str]:
    """``lines`` up to the first tail heading that follows some prose.

    A tail heading before any prose (a sidebar above the article) is dropped alone.
    """
    kept: list[str] = []
    prose = False
    for line in lines:
        squeezed = _squeeze(line)
        if rules.is_tail_heading(squeezed):
            if prose:
                break
            continue
        prose = prose or (len(squeezed) >= 20 and bool(re.search(r"[.!?。！？]", squeezed)))
        kept.append(line)
    return kept


# Headline.


def _find_headline(lines: list[str]) -> int:
    for number, raw in enumerate(lines):
        line = _squeeze(raw)
        if (
            _is_meta(line)
            or rules.read_image_line(line)
            or rules.is_source_line(line)
            or rules.is_tail_heading(line)
            or rules.is_navigation(line)
        ):
            continue
        if not _looks_like_headline(line):
            raise Unreadable(f"no headline found: the text starts with a paragraph ({line[:40]}…)")
        return number
    raise Unreadable("no headline found")


def _is_meta(line: str) -> bool:
    return bool(
        rules.read_fields(line)
        or rules.read_byline_parts(line)
        or rules.read_date_line(line)
        or rules.read_byline(line)
        or rules.read_translators(line)
        or rules.SOURCE_PREFIX.match(line)
    )


def _looks_like_headline(line: str) -> bool:
    if len(line) > 250 or len(line.split()) > 30 or sum(ch.isalpha() for ch in line) < 2:
        return False
    ends_like_sentence = re.search(r"[.。,，;；:：]$", line)
    return not ends_like_sentence or bool(re.search(r"\b[A-Z]\.[A-Z]\.$", line))


def _split_kicker(line: str) -> tuple[str, str]:
    """(kicker, title) of "Kicker | Headline"; a site name after the headline is dropped."""
    parts = [part.strip() for part in re.split(r"\s*[|｜丨]\s*", line)]
    parts = [part for part in parts if part]
    if len(parts) < 2:
        return "", line
    kicker = parts.pop(0) if _is_kickerish(parts[0]) else ""
    if len(parts) > 1 and _is_kickerish(parts[-1]):
        parts.pop()
    return kicker, " | ".join(parts)


def _is_kickerish(text: str) -> bool:
    if HAN_CHARACTER.search(text):
        return len(text) <= 12
    return len(text) <= 40 and len(text.split()) <= 5 and not re.search(r"[.!?]$", text)


# Run-on copies.


def _resolve_runons(lines: list[str]) -> list[str]:
    """Lines without run-on duplicates of the body, with glued credits and an only copy split."""
    squashed = [_squash(line) for line in lines]
    substantive = [whole for whole in squashed if len(whole) >= SUBSTANTIVE_CHARS]
    # A copy holding half of the others is at least as long as the shortest half of them.
    lengths = sorted(map(len, substantive))
    copy_length = max(2 * SUBSTANTIVE_CHARS, sum(lengths[: len(lengths) // 2]))
    kept = []
    for line, whole in zip(lines, squashed, strict=True):
        if len(whole) >= copy_length and _repeats_others(whole, substantive):
            continue
        credits, rest = [], line
        if rules.GLUED_CREDIT_START.match(line) and not _is_credit_line(_squeeze(line)):
            credits, rest = _peel_credits(line)
        kept.extend(credits)
        glued = len(rules.PARAGRAPH_GLUE.findall(rest))
        if credits or (len(rest) >= RUNON_MIN_CHARS and glued >= 2):
            kept.extend(_split_paragraphs(rest))
        elif rest:
            kept.append(rest)
    return kept


def _is_credit_line(line: str) -> bool:
    return bool(rules.read_byline(line) or rules.read_translators(line))


def _repeats_others(whole: str, others: list[str]) -> bool:
    """Whether ``whole`` holds at least two and at least half of the ``others``."""
    others = [other for other in others if other != whole]
    found = sum(1 for other in others if other in whole)
    return found >= 2 and found >= len(others) / 2


def _split_paragraphs(text: str) -> list[str]:
    pieces = [piece.strip() for piece in rules.PARAGRAPH_GLUE.split(text)]
    return [piece for piece in pieces if piece]


def _peel_credits(text: str) -> tuple[list[str], str]:
    """Byline and translator lines glued to the start of a run-on copy, and the rest."""
    credits = []
    while start := rules.GLUED_CREDIT_START.match(text):
        glue = rules.CREDIT_GLUE.search(text, start.end(), start.end() + 100)
        if not glue:
            break
        credit = text[: glue.start()].strip()
        if not _is_credit_line(_squeeze(credit)):
            break
        credits.append(credit)
        text = text[glue.end() :].lstrip()
    return credits, text


# Meta lines.


def _body_lines(lines: list[str], article: ImportedArticle, repeats: set[str]) -> list[str]:
    """The lines that are not meta lines (taken into ``article``) nor the headline again."""
    body: list[str] = []
    for line in lines:
        if _squash(line) in repeats:
            continue
        found = rules.read_date_line(line)
        if found and not found[0] and len(body) == 1 and _is_kickerish(body[0]):
            article.section = article.section or body.pop()  # "Top News" above "2018-06-06"
        if not _take_meta(line, article):
            body.append(line)
    return body


def _take_meta(line: str, article: ImportedArticle) -> bool:
    """Whether ``line`` is a date, credit, source or section line; what it says goes to
    ``article``."""
    fields = rules.read_fields(line) or rules.read_byline_parts(line)
    if fields:
        _add_people(article.authors, fields.authors)
        article.source_line = article.source_line or fields.source
        article.published = article.published or fields.published
        article.section = fields.section or article.section  # a labelled section wins
        return True
    found = rules.read_date_line(line)
    if found:
        section, day = found
        article.section = article.section or section
        article.published = article.published or day
        return True
    for read, credits in (
        (rules.read_byline, article.authors),
        (rules.read_translators, article.translators),
    ):
        people = read(line)
        if people:
            _add_people(credits, people)
            return True
    if rules.SOURCE_PREFIX.match(line):
        article.source_line = article.source_line or rules.source_text(line)
        return True
    return False


def _add_people(credits: list[Credit], people: list[Credit]) -> None:
    known = {credit.name for credit in credits}
    credits.extend(person for person in people if person.name not in known)


# Body.


def _units(lines: list[str], article: ImportedArticle) -> list[_Unit]:
    """The body lines as text units and figures; pictures are added to ``article``."""
    units = []
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        image = rules.read_image_line(line)
        caption = None if image else rules.read_caption(line)
        if not image and caption is None:
            units.append(_Unit("p", line))
            continue
        picture = Picture(caption=caption or "")
        if image:
            picture.file_name, picture.url = image
            if number < len(lines) and _is_caption(lines[number], article):
                picture.caption = rules.read_caption(lines[number]) or lines[number]
                number += 1
        if number < len(lines) and (credit := rules.read_photo_credit(lines[number])):
            picture.credit = credit
            number += 1
        article.pictures.append(picture)
        units.append(_Unit("figure", picture=len(article.pictures) - 1))
    return units


def _is_caption(line: str, article: ImportedArticle) -> bool:
    """Whether the line after an image line is that image's caption."""
    if (
        rules.read_image_line(line)
        or rules.read_photo_credit(line)
        or rules.is_source_line(line)
        or _bio_owner(line, article)[0]
    ):
        return False
    if rules.read_caption(line) is not None:
        return True
    sentences = len(re.findall(r"[.!?。！？](?:\s|$)", line))
    return len(line) <= CAPTION_MAX_CHARS and sentences <= 2


def _take_end_matter(units: list[_Unit], article: ImportedArticle) -> None:
    """Move the source line and the bios at the end of the body into ``article``."""
    bios = []
    others = 0
    for number in range(len(units) - 1, -1, -1):
        unit = units[number]
        if unit.tag != "p":
            continue
        is_bio, owner = _bio_owner(unit.text, article)
        if not article.source_line and rules.is_source_line(unit.text):
            article.source_line = rules.source_text(unit.text)
        elif is_bio:
            bios.insert(0, unit.text)
            if owner is not None:
                owner.bio = f"{unit.text}\n\n{owner.bio}".strip()
        else:
            others += 1
            if others > 1:
                break
            continue
        del units[number]
    article.bio = "\n\n".join(bios)


BIO_VERB = re.compile(r"\s+is\s+(?:a|an|the|currently|also|now|one)\b|\s*[是系]")
THE_AUTHOR = re.compile(
    r"^(?:the (?P<one>author|writer) is\b|the (?:authors|writers) are\b|作者(?P<zh>[是系]))",
    re.IGNORECASE,
)


def _bio_owner(text: str, article: ImportedArticle) -> tuple[bool, Credit | None]:
    """(is it a bio, whose) for a paragraph: "<credited name> is a …" or "The author is …"."""
    for credit in article.authors + article.translators:
        if text.startswith(credit.name) and BIO_VERB.match(text[len(credit.name) :]):
            return True, credit
    match = THE_AUTHOR.match(text)
    if match:
        single = (match.group("one") or match.group("zh")) and len(article.authors) == 1
        return True, article.authors[0] if single else None
    return False, None


def _blocks(units: list[_Unit]) -> list[Block]:
    """The body: one block a unit, a text copied twice in a row kept once (record.py)."""
    blocks = []
    for number, unit in enumerate(units):
        if unit.tag == "figure":
            blocks.append(Block("figure", picture=unit.picture))
        else:
            tag = "h2" if _is_subheading(units, number) else "p"
            blocks.append(Block(tag, html=escape(unit.text)))
    keys = ["" if unit.tag == "figure" else _squash(unit.text) for unit in units]
    return without_doubled_runs(blocks, keys)


def _is_subheading(units: list[_Unit], number: int) -> bool:
    after = units[number + 1] if number + 1 < len(units) else None
    return (
        any(unit.tag == "p" for unit in units[:number])
        and after is not None
        and after.tag == "p"
        and not rules.looks_like_subheading(after.text)
        and rules.looks_like_subheading(units[number].text)
    )
