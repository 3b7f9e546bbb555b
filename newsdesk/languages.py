"""What the code knows about scripts and languages, defined once.

Chinese is told from English by its characters: the Han ideographs (hanzi), which Chinese
writes without spaces between words. Japanese kana share that trait, so the search index
splits them the same way. The ranges are strings for use inside a character class
(``f"[{HAN}]"``); HAN_CHARACTER is the compiled class.
"""

import re

# Han ideographs: CJK Unified Ideographs and Extension A, the compatibility ideographs,
# and the supplementary planes' Extensions B to H with the compatibility supplement.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
# Hiragana and katakana (the half-width forms become these under NFKC).
KANA = "\u3040-\u30ff"

HAN_CHARACTER = re.compile(f"[{HAN}]")


def guess_language(text: str) -> str:
    """``zh-hans`` when Han characters are more than a third of the letters, else ``en``.

    For sources that do not say which language they are in.
    """
    letters = sum(character.isalpha() for character in text)
    return "zh-hans" if letters and len(HAN_CHARACTER.findall(text)) > letters / 3 else "en"
