"""What a page says about its article, made tidy: text, the headline and the bylines.

- ``clean_text`` is the one place every metadata field passes through: HTML entities
  decoded (again when the value was escaped twice, as JSON-LD and meta values often are),
  inline tags dropped, whitespace made single spaces.
- ``choose_headline``: the headline printed on the page (its <h1>) beats the titles written
  for search engines and social cards (JSON-LD headline, og:title, twitter:title, <title>)
  when it is the same headline: equal, contained in one of them, containing one, or sharing
  most of its words. Those carry " | Site" suffixes or a longer variant; the <h1> is what
  readers saw. With no such <h1>, the first meta title is taken without its site suffix.
- ``tidy_people``: one Credit per person. Names are split ("A and B", "A, B"), "Last, First"
  is turned round, "By"/"Von"/"Por"/"Par"/"作者"/"记者" prefixes and trailing roles, dates
  and e-mail addresses are dropped, an author page address (/author/ana-lima) becomes a
  name, and the same person met twice (JSON-LD, meta, an address) is kept once. A CMS
  account ("admin") or a copyright line ("© Agency") is no person. The
  publication itself named as author is returned apart: it is the source line.
"""

import html
import re
from dataclasses import replace
from difflib import SequenceMatcher
from urllib.parse import unquote, urlsplit

from django.utils.text import slugify

from newsdesk.imports.record import Credit

ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
INLINE_TAG = re.compile(
    r"</?(?:b|i|em|strong|span|br|a|sup|sub|small|u|font)\b[^<>]*>", re.IGNORECASE
)
INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
TITLE_SEPARATOR = re.compile(r"\s+[|｜/:–—-]+\s+|\s*[|｜]\s*")
WORD = re.compile(r"\w+")

# Bylines.
PREFIX = re.compile(
    r"^(?:(?i:(?:written|posted|reported|words|text|story)\s+by|by|von|por|par|author|autor"
    r"|auteur|autore|autora|text|texto)|door|di|av|af)(?:\s*[:：/／|]\s*|\s+|$)"
    r"|^(?:作者|记者|撰文)\s*[:：/／|]?\s*|^文\s*[:：/／|]\s*"
)
EMAIL = re.compile(r"\S+@\S+\.\w+|(?:^|\s)@\w+")  # an address, or a social handle
TRAILING_DATE = re.compile(
    r"(?:^|[\s,|–—-]+)(?:(?:updated|published|posted|on)\b.*|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}.*"
    r"|\d{1,2}:\d{2}.*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d.*)$",
    re.IGNORECASE,
)
SPLIT_PEOPLE = re.compile(
    r"\s*(?:;|&|\band\b|\bund\b|\by\b|\be\b|\bet\b|\ben\b|、|，|\|)\s*", re.IGNORECASE
)
ROLE_WORDS = {
    "reporter", "correspondent", "editor", "writer", "journalist", "columnist", "staff",
    "contributor", "photographer", "producer", "analyst", "redaktion", "redacción",
    "rédaction", "redazione", "news", "desk", "team", "agency", "press", "newsroom",
    "editorial", "senior", "chief", "deputy", "associate", "contributing", "special",
    "reporters", "writers", "editors", "correspondents", "bureau", "wire", "service",
    "agencies", "redaction", "redakcja", "redactie",
}  # fmt: skip
# Accounts a CMS names by default, standing for nobody in particular.
ACCOUNT_NAMES = {"admin", "administrator", "webmaster", "root", "user", "guest", "anonymous"}
AUTHOR_PATH = re.compile(
    r"/(?:author|authors|autor|autore|auteur|people|person|profile|by|staff)/(?P<slug>[^/?#]+)/?$",
    re.IGNORECASE,
)
SLUG = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)+$")
HAN = re.compile(r"[\u3400-\u9fff]")


def clean_text(value) -> str:
    """A metadata value as one line of plain text: entities decoded, tags and extra space out."""
    if value is None:
        return ""
    text = html.unescape(str(value))
    for _ in range(2):  # "&amp;#8216;" was escaped twice: decode what the first pass left
        if not ENTITY.search(text):
            break
        text = html.unescape(text)
    text = INVISIBLE.sub("", INLINE_TAG.sub("", text))
    return " ".join(text.split())


# The headline.


def strip_site_name(title: str, site_names: set[str]) -> str:
    """``title`` without a leading or trailing " | Site" / " - Site" naming the site."""
    for site in site_names:
        site = re.escape(site)
        title = re.sub(rf"\s*(?:[|｜:–—-]|\s-)\s*{site}\s*$", "", title, flags=re.IGNORECASE)
        title = re.sub(rf"^\s*{site}\s*(?:[|｜:–—-])\s*", "", title, flags=re.IGNORECASE)
    return title.strip()


def same_headline(on_page: str, meta: str) -> bool:
    """Whether a heading printed on the page is the headline a meta title describes."""
    page, other = _key(on_page), _key(meta)
    if not page or not other:
        return False
    parts = [_key(part) for part in TITLE_SEPARATOR.split(clean_text(meta)) if _key(part)]
    if len(parts) > 1 and page == parts[-1] and len(parts[0]) > len(page):
        return False  # the site's name after the headline ("Headline | Site"), as a logo <h1>
    if page == other or page in other and len(page) >= 0.4 * len(other) or other in page:
        return True
    words, other_words = set(WORD.findall(page)), set(WORD.findall(other))
    if len(words) >= 3 and len(words & other_words) >= 0.6 * len(words):
        return True
    return SequenceMatcher(None, page, other).ratio() >= 0.75


def choose_headline(
    metas: list[tuple[str, str]], headings: list[str], site_names: set[str]
) -> tuple[str, str, str]:
    """(headline as given, the heading printed on the page or "", origin of the headline).

    ``metas`` are (origin, title) in order of trust; ``headings`` the page's <h1> texts,
    those inside the article first. The first value keeps its "Column | " prefix (the
    caller reads a kicker there); the second is the on-page headline when one matches.
    """
    metas = [(origin, clean_text(title)) for origin, title in metas if clean_text(title)]
    names = {name.casefold() for name in site_names}
    # trafilatura's guess may be an <h1> itself: it cannot vouch for one
    stated = [title for origin, title in metas if origin != "trafilatura"]
    for heading in map(clean_text, headings):
        if not heading or heading.casefold() in names or len(heading) > 300:
            continue
        if not metas or any(same_headline(heading, title) for title in stated):
            return (metas[0][1] if metas else heading), heading, "h1"
    if metas:
        origin, title = metas[0]
        return title, "", origin
    return "", "", ""


def _key(text: str) -> str:
    return " ".join(WORD.findall(clean_text(text).casefold()))


# Bylines.


def tidy_people(credits: list[Credit], organisations: set[str]) -> tuple[list[Credit], str]:
    """(one Credit per person, the publication when it was named as an author, or "").

    A desk named as author ("Redaktion", "Staff") is no person either: with no publication
    named, it is the source line.
    """
    orgs = {_person_key(name) for name in organisations if name}
    people: list[tuple[Credit, bool]] = []  # (credit, whether its name came from an address)
    source = desk = ""
    for credit in credits:
        value = clean_text(credit.name)
        if _is_role(value):
            desk = desk or value
            continue
        for name, from_address in _names(value):
            if _person_key(name) in orgs:
                source = source or name
                continue
            people.append((replace(credit, name=name, role_title=clean_text(credit.role_title)),
                           from_address))  # fmt: skip
    kept: dict[str, Credit] = {}
    for credit, _ in sorted(people, key=lambda pair: pair[1]):  # real names first
        key = _person_key(credit.name)
        if key in kept:
            kept[key].role_title = kept[key].role_title or credit.role_title
            kept[key].bio = kept[key].bio or credit.bio
            continue
        kept[key] = credit
    order = {id(credit): number for number, (credit, _) in enumerate(people)}
    return sorted(kept.values(), key=lambda credit: order[id(credit)]), source or desk


def _names(text: str) -> list[tuple[str, bool]]:
    """The person names in one author value, each with whether it came from an address."""
    if re.match(r"^(?:https?://|www\.|/)", text, re.IGNORECASE):
        match = AUTHOR_PATH.search(urlsplit(text).path)
        name = _from_slug(unquote(match.group("slug"))) if match else ""
        return [(name, True)] if name else []
    if SLUG.match(text):
        return [(_from_slug(text), True)]
    text = EMAIL.sub("", PREFIX.sub("", text)).strip(" ,;|-–—()[]")
    text = TRAILING_DATE.sub("", text).strip(" ,;|-–—")
    if not text:
        return []
    parts = [part for part in SPLIT_PEOPLE.split(text) if part and part.strip()]
    names = []
    for part in parts:
        names.extend(_comma_names(part.strip()))
    return [(name, False) for name in names if _is_name(name)]


def _comma_names(text: str) -> list[str]:
    """ "Lima, Ana" is one person turned round; "Ana Lima, Joe Bloggs" two; "Ana Lima,
    Staff Writer" one with a role (dropped here: JSON-LD and bylines give roles)."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    parts = [part for part in parts if not _is_role(part)]
    if len(parts) == 2 and len(parts[0].split()) == 1 and 1 <= len(parts[1].split()) <= 2:
        return [f"{parts[1]} {parts[0]}"]
    return parts


def _is_role(text: str) -> bool:
    words = text.casefold().split()
    return bool(words) and (
        all(word in ROLE_WORDS or word in {"of", "the", "for", "and"} for word in words)
        or any(word in ROLE_WORDS for word in words)
        and text[:1].islower()
    )


def _is_name(name: str) -> bool:
    if HAN.search(name):
        return 2 <= len(name) <= 20
    words = name.split()
    return (
        1 <= len(words) <= 6
        and len(name) <= 60
        and not re.search(r"\d|https?:|www\.|@|©|\(c\)", name, re.IGNORECASE)
        and name.casefold() not in ACCOUNT_NAMES
        and any(char.isalpha() for char in name)
        and not _is_role(name)
    )


def _from_slug(slug: str) -> str:
    words = [word for word in re.split(r"[-_.+\s]+", slug) if word and not word.isdigit()]
    return " ".join(word.capitalize() for word in words) if 1 < len(words) <= 5 else ""


def _person_key(name: str) -> str:
    return slugify(clean_text(name)) or clean_text(name).casefold()
