"""Template helpers of the reader's <head> and edition switcher (reader/page_meta.py)."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from newsdesk.reader.structured_data import iso

register = template.Library()


@register.filter
def isotime(moment) -> str:
    """A ``datetime`` attribute: ISO 8601 in the site's time zone, to the second
    (``date:'c'`` writes microseconds, which HTML does not allow)."""
    return iso(moment) if moment else ""


@register.simple_tag(takes_context=True)
def edition_links(context) -> list[dict]:
    """The edition switcher: each edition with the address of this page there, from the
    page's ``alternates``, else that edition's front page. ``url`` is a path on this
    site (the alternates are absolute, on PUBLIC_URL); None for the edition shown."""
    current = translation.get_language()
    alternates = dict(context.get("alternates") or [])
    links = []
    for code, _name in settings.LANGUAGES:
        url = None
        if code != current:
            if code in alternates:
                url = alternates[code].removeprefix(settings.PUBLIC_URL)
            else:
                with translation.override(code):
                    url = reverse("reader:home")
        info = translation.get_language_info(code)
        links.append({"code": code, "name": info["name_local"], "url": url})
    return links
