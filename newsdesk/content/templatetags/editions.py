"""Template helpers for text that may be in another language than the page.

``{% load editions %}<span{{ person.display_role_title|lang_attr }}>…`` marks an English
fallback on a Chinese page with ``lang="en"``, so that a screen reader reads it with an
English voice (WCAG 3.1.2, language of parts).
"""

from django import template
from django.utils import translation
from django.utils.html import format_html

from newsdesk.languages import bcp47

register = template.Library()


@register.filter
def lang_attr(value, around: str | None = None) -> str:
    """`` lang="…"`` when ``value`` (a translatable.Text) is in another language than the
    page being rendered, else nothing. ``around``: the language of the element it sits in,
    when that is not the page's (``{{ name|lang_attr:article.language }}``)."""
    language = getattr(value, "lang", None)
    if not language or language == (around or translation.get_language()):
        return ""
    return format_html(' lang="{}"', bcp47(language))


@register.filter
def in_its_language(value) -> str:
    """``value`` wrapped in ``<span lang="…">`` when it is in another language than the
    page, for text set inside a sentence: ``{% blocktranslate with name=X|in_its_language %}``."""
    marked = lang_attr(value)
    return format_html("<span{}>{}</span>", marked, value) if marked else value
