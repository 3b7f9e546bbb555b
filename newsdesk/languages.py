"""What the code knows about languages and scripts, defined once.

The editions are ``settings.LANGUAGES``, built from the ``EDITIONS`` variable by
``editions_from``; everything else here is derived from a Django language code
("zh-hans", "pt-br", "ja") when it can be: the BCP 47 tag from Django's locale name, the
Open Graph locale's territory from Python's locale aliases, the Snowball stemmer from the
language's English name, the direction from Django's LANG_INFO. Only what no library
knows is listed: which scripts a language writes (``SCRIPTS_OF``) and which territory a
Chinese script stands for (``SCRIPT_TERRITORIES``).

Chinese is told from other languages by its characters, the Han ideographs (hanzi),
written without spaces between words; Japanese by its kana, also written without spaces.
The ranges are strings for use inside a character class (``f"[{HAN}]"``).

Nothing here reads settings at import time: a test that switches an edition on with a
settings override sees it everywhere at once.
"""

import locale
import re
import threading
from functools import cache

import snowballstemmer
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

# Han ideographs: CJK Unified Ideographs and Extension A, the compatibility ideographs,
# and the supplementary planes' Extensions B to H with the compatibility supplement.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
# Hiragana and katakana (the half-width forms become these under NFKC).
KANA = "\u3040-\u30ff"
# Hangul syllables and jamo: Korean, which puts spaces between words.
HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"

HAN_CHARACTER = re.compile(f"[{HAN}]")
SCRIPT_CHARACTERS = {
    "han": HAN_CHARACTER,
    "kana": re.compile(f"[{KANA}]"),
    "hangul": re.compile(f"[{HANGUL}]"),
}
# Scripts written without spaces between words: indexed and compared as pairs of characters.
SPACELESS_SCRIPTS = frozenset({"han", "kana"})
# The scripts a language writes, by its primary subtag, the one that tells it first.
# Languages not listed write scripts of spaced words (Latin, Cyrillic, ...).
SCRIPTS_OF = {"zh": ("han",), "ja": ("kana", "han"), "ko": ("hangul", "han")}
# Open Graph and Google News name Chinese by a territory; Django by a script.
SCRIPT_TERRITORIES = {"Hans": "CN", "Hant": "TW"}


def editions_from(codes: list[str]) -> list[tuple[str, str]]:
    """``settings.LANGUAGES`` for the edition codes ``codes``: (code, name in itself).

    ImproperlyConfigured for a code Django does not know, one that Django only knows as
    another's alias (zh-cn: zh-hans), a repeated one, or none at all.
    """
    if not codes:
        raise ImproperlyConfigured("EDITIONS must name at least one language, e.g. en,zh-hans")
    editions = []
    for code in codes:
        info = LANG_INFO.get(code.lower())
        if info is None:
            raise ImproperlyConfigured(
                f"EDITIONS: {code!r} is not a language code Django knows; use codes such as "
                "en, zh-hans, ja, es, pt-br (django/conf/locale/__init__.py lists them)"
            )
        if "fallback" in info:
            raise ImproperlyConfigured(
                f"EDITIONS: write {info['fallback'][0]!r} instead of {code!r}"
            )
        editions.append((info["code"], info["name_local"]))
    repeated = {code for code, _ in editions if [c for c, _ in editions].count(code) > 1}
    if repeated:
        raise ImproperlyConfigured(f"EDITIONS names {', '.join(sorted(repeated))} twice")
    return editions


def edition_codes() -> list[str]:
    """The codes of the site's editions, the default first."""
    return [code for code, _name in settings.LANGUAGES]


def edition_choices() -> list[tuple[str, str]]:
    """The editions as a model field's choices: read when used, and named in migrations
    by this function, so that changing EDITIONS needs no migration."""
    return list(settings.LANGUAGES)


def site_language(code: str) -> str:
    """``code`` if it is one of the site's languages, else the default: for what is
    written in a language someone chose, which the site may no longer have."""
    return code if code in edition_codes() else settings.LANGUAGE_CODE


def language_label(code: str) -> str:
    """How the newsroom names an article's language: its edition's name, or, for an
    article imported in a language that is no edition, that language and a warning."""
    editions = dict(settings.LANGUAGES)
    if code in editions:
        return editions[code]
    name = LANG_INFO.get(code, {}).get("name_local", code)
    return _("%(name)s (%(code)s): not an edition") % {"name": name, "code": code}


def default_edition() -> str:
    """The default edition (the first of EDITIONS), as a model field's default."""
    return settings.LANGUAGE_CODE


def edition_for_tag(declared: str) -> str | None:
    """The edition a declared language tag stands for, or None: en-US → en,
    zh_CN → zh-hans, zh → zh-hans, but zh-TW → None without a zh-hant edition."""
    code = declared.strip().lower().replace("_", "-")
    codes = edition_codes()
    candidates = [code, *LANG_INFO.get(code, {}).get("fallback", [])]
    for candidate in candidates:
        if candidate in codes:
            return candidate
    # The language without its region (en-gb → en), unless a script tells it apart.
    language, script = _language_and_script(candidates[-1])
    for edition in codes:
        other_language, other_script = _language_and_script(edition)
        if other_language == language and script in ("", other_script):
            return edition
    return None


def _language_and_script(code: str) -> tuple[str, str]:
    language, _, rest = code.partition("-")
    scripts = [part for part in rest.split("-") if len(part) == 4]
    return language, scripts[0] if scripts else ""


def bcp47(code: str) -> str:
    """The language tag of HTML ``lang`` and manifests: zh-hans → zh-Hans, pt-br → pt-BR."""
    return to_locale(code).replace("_", "-")


def _language_and_rest(code: str) -> tuple[str, str]:
    language, _, rest = to_locale(code).partition("_")
    return language, rest


def og_locale(code: str) -> str:
    """Open Graph's language_TERRITORY: en → en_US, ja → ja_JP, zh-hans → zh_CN."""
    language, rest = _language_and_rest(code)
    if len(rest) == 2:  # a territory already: pt_BR
        return f"{language}_{rest}"
    if rest in SCRIPT_TERRITORIES:
        return f"{language}_{SCRIPT_TERRITORIES[rest]}"
    likely = locale.normalize(language).partition(".")[0]  # ja → ja_JP.eucJP
    return likely if "_" in likely else language


def news_language(code: str) -> str:
    """Google News sitemaps' language: ISO 639, but Chinese as zh-cn or zh-tw."""
    language = _language_and_rest(code)[0]
    if language == "zh":
        return og_locale(code).replace("_", "-").lower()
    return language


def is_bidi(code: str) -> bool:
    """Whether the language is written right to left (Arabic, Hebrew, Persian, Urdu...)."""
    return bool(LANG_INFO.get(code, {}).get("bidi", False))


def scripts_of(code: str) -> tuple[str, ...]:
    """The scripts ``code`` writes that can be told by their characters, the first its own."""
    return SCRIPTS_OF.get(_language_and_rest(code)[0], ())


def writes_without_spaces(code: str) -> bool:
    """Whether the language runs its words together (Chinese, Japanese): cut in pairs.
    Korean, which may mix in Han characters, puts spaces between its words."""
    return scripts_of(code)[:1] in {(script,) for script in SPACELESS_SCRIPTS}


@cache
def stemmer_name(code: str) -> str | None:
    """The Snowball algorithm for ``code`` (english, spanish, portuguese...), or None when
    Snowball has none for it: found by the words of Django's English name for it."""
    info = LANG_INFO.get(code, {})
    algorithms = set(snowballstemmer.algorithms())
    for word in info.get("name", "").lower().split():
        if word in algorithms:
            return word
    return None


# A Snowball stemmer keeps the word it works on in itself: one per thread and language,
# or two server threads stemming at once corrupt each other's word (IndexError, a 500).
_stemmers = threading.local()


def stemmer(name: str):
    """This thread's Snowball stemmer for the algorithm ``name`` ("english")."""
    found = _stemmers.__dict__.get(name)
    if found is None:
        found = _stemmers.__dict__[name] = snowballstemmer.stemmer(name)
    return found


def stem(code: str, word: str) -> str:
    """The Snowball stem of a lowercase ``word`` in ``code``'s language; the word itself
    when Snowball has no stemmer for it."""
    name = stemmer_name(code)
    return word if name is None else stemmer(name).stemWord(word)


def script_counts(text: str) -> dict[str, int]:
    """How many characters of each script we can tell ``text`` holds, and "letters"."""
    counts = {name: len(pattern.findall(text)) for name, pattern in SCRIPT_CHARACTERS.items()}
    counts["letters"] = sum(character.isalpha() for character in text)
    return counts


def telling_script(text: str) -> str:
    """The script that tells ``text``'s language, or "" when none does (spaced words,
    Latin or Cyrillic, or no letters): "kana" when its kana and Han characters are more
    than a third of its letters and kana at least a tenth of those (Japanese writes many
    Han characters among its kana), else "han" or "hangul" when more than a third."""
    counts = script_counts(text)
    letters = counts["letters"]
    if not letters:
        return ""
    kana, han, hangul = counts["kana"], counts["han"], counts["hangul"]
    if kana + han > letters / 3 and kana * 10 >= kana + han:
        return "kana"
    if han > letters / 3:
        return "han"
    if hangul > letters / 3:
        return "hangul"
    return ""


def own_script(code: str) -> str:
    """The script that tells ``code``'s language by its characters, or "" if none does."""
    return next(iter(scripts_of(code)), "")


def guess_language(text: str) -> str:
    """The edition ``text`` is most likely in, for sources that do not say.

    The first edition whose own script is ``text``'s telling script (kana → Japanese,
    Han without kana → Chinese), if there is one; otherwise the default edition.
    """
    found = telling_script(text)
    if found:
        for code in edition_codes():
            if own_script(code) == found:
                return code
    return settings.LANGUAGE_CODE
