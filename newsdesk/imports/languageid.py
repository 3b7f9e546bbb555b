"""The language an imported article is written in, found from its text.

A page's declared language (JSON-LD inLanguage, <html lang>, og:locale, a WordPress
channel's <language> or Polylang term) is a hint, not the truth: templates declare the
site's language on every page, whatever the article is in. py3langid reads the text
itself and says how sure it is. When the text is long enough and the detector is sure,
the text wins (an English story on a page declaring ``de`` is English); when the text is
short or the detector unsure, the declared language does; with neither, the detector's
best guess if it has one, else the default edition.

The language is an edition when one matches (zh → the Simplified Chinese edition, en-GB →
en); otherwise the article keeps its own code ("de") and is imported as a draft, with a
note saying so: every language is accepted, none refused.
"""

import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.conf.locale import LANG_INFO

from newsdesk.languages import edition_for_tag

# Fewer letters than this and the text is too short for the detector to outvote the page.
ENOUGH_LETTERS = 50
# The detector's probability above which the text outvotes a declared language.
SURE = 0.8
# Below this, an undeclared text's best guess is no guess: the default edition is taken.
GUESS = 0.5
# The detector reads this many characters of a text: its time grows with the length, its
# answer does not change (the same language and confidence, to two decimals, on every page
# of issue #17's 458 development pages as from their whole text).
DETECTED_LENGTH = 5000
# ISO 639 codes that name no language: undetermined, multiple, no linguistic content.
NO_LANGUAGE = {"und", "mul", "zxx", "mis"}


@dataclass(frozen=True)
class Language:
    code: str  # an edition ("en", "pt-br"), else the language's own code ("de")
    confidence: float  # the detector's probability for the text's language, 0–1
    origin: str  # "text", "declared" or "default"

    @property
    def is_edition(self) -> bool:
        return edition_for_tag(self.code) == self.code

    def note(self) -> str:
        """What an editor must know about this language, or "" for an edition."""
        if self.is_edition:
            return ""
        name = LANG_INFO.get(self.code, {}).get("name", self.code)
        return f"in {name} ({self.code}), which is not an edition: imported as a draft"


@cache
def _identifier():
    """py3langid's model, loaded once per process when first needed (it takes a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """The ISO 639-1 code of ``text``'s language and the detector's probability for it."""
    code, probability = _identifier().classify(text)
    return code, probability


def find_language(text: str, declared: list[str] | tuple[str, ...] = ()) -> Language:
    """The language of an article whose text is ``text`` and whose source declares the
    tags ``declared`` (the first non-empty one counts)."""
    tag = next((_normal(tag) for tag in declared if _is_language(tag)), "")
    letters = _letters(text)
    detected, probability = detect(text[:DETECTED_LENGTH]) if letters else ("", 0.0)
    confidence = round(probability, 2)
    if detected and letters >= ENOUGH_LETTERS and probability >= SURE:
        # A declared tag of the same language says more (zh-tw, pt-br, en-gb).
        same = tag and _primary(tag) == detected
        return Language(_code_for(tag if same else detected), confidence, "text")
    if tag:
        return Language(_code_for(tag), confidence, "declared")
    if detected and probability >= GUESS:
        return Language(_code_for(detected), confidence, "text")
    return Language(settings.LANGUAGE_CODE, confidence, "default")


def _letters(text: str) -> int:
    """How many letters ``text`` has, counted up to ENOUGH_LETTERS: only whether there are
    none, or enough, is asked (and a whole book need not be counted)."""
    count = 0
    for character in text:
        if character.isalpha():
            count += 1
            if count >= ENOUGH_LETTERS:
                break
    return count


def _is_language(tag: str | None) -> bool:
    """Whether ``tag`` names a language ("de-DE", "zh_CN"; not "x-default" nor "und")."""
    primary = _primary(_normal(tag or ""))
    return bool(re.fullmatch(r"[a-z]{2,3}", primary)) and primary not in NO_LANGUAGE


def _normal(tag: str) -> str:
    return tag.strip().lower().replace("_", "-")


def _primary(tag: str) -> str:
    return tag.partition("-")[0]


def _code_for(tag: str) -> str:
    """The edition for ``tag``, else the language's own code as Django knows it
    (pt-br, de; de-at → de), else its primary subtag."""
    edition = edition_for_tag(tag)
    if edition:
        return edition
    for candidate in (tag, _primary(tag)):
        info = LANG_INFO.get(candidate)
        if info is not None:
            return info["fallback"][0] if "fallback" in info else info["code"]
    return _primary(tag)[:10]


def set_language(article, text: str, declared: list[str] | tuple[str, ...] = ()) -> Language:
    """Give the imported ``article`` the language of ``text``, its confidence, where it
    came from, and, for a language that is not an edition, the note saying so."""
    found = find_language(text, declared)
    article.language = found.code
    article.language_confidence = found.confidence
    article.language_origin = found.origin
    note = found.note()
    if note and note not in article.notes:
        article.notes.append(note)
    return found
