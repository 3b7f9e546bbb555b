"""The chrome of every reader page, rendered once per edition and kept until a purge.

Every page carries the same head links (the installable app, the edition's feeds), the
app banner, the section menu and the footer; rendering them is a good part of what a
cold list page costs. They depend only on the edition, the sections, the settings and
the year, so each worker renders them once and keeps them until the next purge anywhere
(caching/memo.py ``until_purged``): a changed section purges "nav" like any change. A
page then writes them as they are (base.html).
"""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from newsdesk.caching import memo
from newsdesk.caching.memo import until_purged

# The includes kept, each rendered with the site's context alone (context_processors.site).
PARTS = ["pwa_head", "edition_feed_links", "app_banner", "section_nav", "site_footer"]


def chrome() -> dict[str, SafeString]:
    """The chrome of the edition being served, by part (``PARTS``)."""
    return _rendered(translation.get_language(), timezone.localdate().year)


@until_purged
def _rendered(language: str, year: int) -> dict[str, SafeString]:
    with translation.override(language):
        return render(sections())


def render(nav_sections) -> dict[str, SafeString]:
    """The chrome of the active edition, with ``nav_sections`` in its menu, rendered now
    (the error page's, which must not touch the database, has none)."""
    from newsdesk.reader.context_processors import identity

    context = identity() | {"nav_sections": nav_sections}
    return {
        part: mark_safe(get_template(f"reader/includes/{part}.html").render(context))
        for part in PARTS
    }


@until_purged
def sections() -> list:
    """Every section, in the menu's order (each page's menu, the front's blocks)."""
    from newsdesk.content.models import Section

    return list(Section.objects.all())


def section_named(slug: str):
    """The section whose address is ``slug``, or None."""
    return next((section for section in sections() if section.slug == slug), None)


@receiver(setting_changed)
def forget_chrome(**kwargs) -> None:
    """A test that changes the site's name or languages sees its pages change at once."""
    memo.forget_all()
