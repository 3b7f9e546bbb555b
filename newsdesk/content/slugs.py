"""Unique slugs for things created by code (imports, translation drafts, accounts)."""

from django.utils.text import slugify


def unique_slug(queryset, text: str, *, fallback: str, max_length: int = 90, **slugify_options):
    """A slug of ``text`` that no row of ``queryset`` has yet: "name", "name-2", "name-3"…"""
    base = (slugify(text, **slugify_options) or fallback)[:max_length]
    candidate, n = base, 1
    while queryset.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate
