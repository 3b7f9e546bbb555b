"""How long a text takes to read: words for languages that space them, characters for CJK."""

import math
import re

from newsdesk.languages import HAN, KANA

# Typical silent reading speeds of adults: about 230 words a minute in English, about
# 400 characters a minute in Chinese or Japanese (which write words without spaces).
WORDS_PER_MINUTE = 230
CJK_CHARACTERS_PER_MINUTE = 400

CJK_CHARACTER = re.compile(f"[{HAN}{KANA}]")
WORD = re.compile(r"\w+")


def reading_minutes(text: str) -> int:
    """Whole minutes to read ``text`` (at least 1): its CJK characters and its other words."""
    characters = len(CJK_CHARACTER.findall(text))
    words = len(WORD.findall(CJK_CHARACTER.sub(" ", text)))
    minutes = words / WORDS_PER_MINUTE + characters / CJK_CHARACTERS_PER_MINUTE
    return max(1, math.ceil(minutes))
