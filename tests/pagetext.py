"""Reading a rendered page as a reader would: its visible text, whitespace collapsed."""

import html
import re


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style|head)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(page)).strip()


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
