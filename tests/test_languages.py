"""What the code knows about languages and scripts (newsdesk/languages.py): the editions
from EDITIONS, the facts derived from a language code, and guesses from a text's script."""

import os
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

import newsdesk
from newsdesk.languages import (
    HAN_CHARACTER,
    bcp47,
    edition_for_tag,
    editions_from,
    guess_language,
    is_bidi,
    news_language,
    og_locale,
    stem,
    stemmer_name,
    writes_without_spaces,
)
from newsdesk.search.text import CJK_RUN
from tests.serving import run_python


def test_han_covers_the_unified_ideographs_their_extensions_and_compatibility_forms():
    for character in "港㐀﨎𠀀𪜀𰀀":  # URO, Extension A, compatibility, Extensions B, C, G
        assert HAN_CHARACTER.match(character), hex(ord(character))


def test_kana_and_latin_letters_are_not_han():
    for character in "かカAé":
        assert not HAN_CHARACTER.match(character)


def test_search_splits_kana_runs_as_it_splits_han_runs():
    assert [m.group() for m in CJK_RUN.finditer("Tokyo 東京タワー is tall")] == ["東京タワー"]


def test_a_text_mostly_in_han_characters_is_guessed_chinese():
    assert guess_language("港口重新开放 Port reopens") == "zh-hans"
    assert guess_language("Port reopens after the storm 港口") == "en"
    assert guess_language("") == "en"


# Editions from EDITIONS


def test_editions_are_named_in_their_own_language():
    assert editions_from(["en", "zh-hans", "ja"]) == [
        ("en", "English"),
        ("zh-hans", "简体中文"),
        ("ja", "日本語"),
    ]


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        (["en", "klingon"], "'klingon' is not a language code Django knows"),
        (["en", "zh-cn"], "write 'zh-hans' instead of 'zh-cn'"),
        (["en", "ja", "en"], "EDITIONS names en twice"),
        ([], "EDITIONS must name at least one language"),
    ],
)
def test_a_bad_editions_list_stops_the_start_with_a_reason(codes, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        editions_from(codes)


def test_the_editions_variable_sets_the_languages_and_the_default_first(tmp_path):
    env = {**os.environ, "EDITIONS": "ja, en", "NEWSDESK_VAR_DIR": str(tmp_path)}
    printed = run_python(
        "from django.conf import settings\n"
        "print(settings.LANGUAGE_CODE, *(code for code, _ in settings.LANGUAGES))",
        env,
    )
    assert printed.splitlines()[-1] == "ja ja en"


def test_an_unknown_edition_stops_the_start(tmp_path):
    env = {**os.environ, "EDITIONS": "en,xx", "NEWSDESK_VAR_DIR": str(tmp_path)}
    with pytest.raises(AssertionError, match="'xx' is not a language code Django knows"):
        run_python("", env)


# Facts derived from a language code


@pytest.mark.parametrize(
    ("code", "tag", "og", "news"),
    [
        ("en", "en", "en_US", "en"),
        ("zh-hans", "zh-Hans", "zh_CN", "zh-cn"),
        ("zh-hant", "zh-Hant", "zh_TW", "zh-tw"),
        ("ja", "ja", "ja_JP", "ja"),
        ("es", "es", "es_ES", "es"),
        ("pt-br", "pt-BR", "pt_BR", "pt"),
        ("sr-latn", "sr-Latn", "sr_RS", "sr"),
    ],
)
def test_tags_and_locales_are_derived_from_the_code(code, tag, og, news):
    assert (bcp47(code), og_locale(code), news_language(code)) == (tag, og, news)


@pytest.mark.parametrize(
    ("code", "algorithm"),
    [("en", "english"), ("es", "spanish"), ("pt-br", "portuguese"), ("nb", "norwegian"),
     ("ja", None), ("zh-hans", None), ("ko", None)],
)  # fmt: skip
def test_each_language_has_its_snowball_stemmer_or_none(code, algorithm):
    assert stemmer_name(code) == algorithm


def test_words_are_stemmed_in_their_language():
    assert stem("en", "ferries") == stem("en", "ferry")
    assert stem("es", "canciones") == stem("es", "canción")
    assert stem("ja", "フェリー") == "フェリー"


def test_chinese_and_japanese_write_without_spaces_and_others_do_not():
    assert writes_without_spaces("zh-hans") and writes_without_spaces("ja")
    assert not writes_without_spaces("en") and not writes_without_spaces("ko")


def test_arabic_is_written_right_to_left():
    assert is_bidi("ar") and not is_bidi("en")


# Guessing the edition of an untagged text


def test_kana_is_guessed_japanese_when_there_is_a_japanese_edition(third_edition):
    assert guess_language("港のフェリーが再び運航") == "ja"
    assert guess_language("港口重新开放") == "zh-hans"
    assert guess_language("Port reopens") == "en"


def test_kana_is_the_default_edition_without_a_japanese_one():
    assert guess_language("港のフェリーが再び運航") == "en"


def test_han_is_the_default_edition_without_a_chinese_one(settings):
    settings.LANGUAGES = editions_from(["es", "ja"])
    settings.LANGUAGE_CODE = "es"
    assert guess_language("港口重新开放") == "es"
    assert guess_language("フェリー") == "ja"


@pytest.mark.parametrize(
    ("declared", "edition"),
    [("en-US", "en"), ("EN_gb", "en"), ("zh_CN", "zh-hans"), ("zh", "zh-hans"),
     ("zh-Hans-SG", "zh-hans"), ("zh-TW", None), ("zh-Hant", None), ("ja-JP", None),
     ("fr", None)],
)  # fmt: skip
def test_a_declared_language_is_matched_to_an_edition(declared, edition):
    assert edition_for_tag(declared) == edition


def test_a_declared_japanese_page_is_the_japanese_edition_once_there_is_one(third_edition):
    assert edition_for_tag("ja-JP") == "ja"


# One place for language facts


ALLOWED = {"languages.py", "settings.py"}
ALLOWED_FOLDERS = {"migrations", "devdata", "locale"}


def test_language_codes_are_written_only_where_language_facts_live():
    package = Path(newsdesk.__file__).parent
    literal = re.compile(r"""["']zh-hans["']|startswith\(["']zh""", re.IGNORECASE)
    found = []
    sources = [path for pattern in ("*.py", "*.html", "*.js") for path in package.rglob(pattern)]
    for path in sources:
        relative = path.relative_to(package)
        if relative.name in ALLOWED or ALLOWED_FOLDERS & set(relative.parts):
            continue
        for line in path.read_text().splitlines():
            if literal.search(line):
                found.append(f"{relative}: {line.strip()}")
    assert found == []
