"""What the code knows about scripts: one Han class, used by import and search alike."""

from newsdesk.languages import HAN_CHARACTER, guess_language
from newsdesk.search.text import CJK_RUN


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
