"""Absolute addresses the API gives: pages on the site (in an edition) and its own."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation


def on_site(request, obj, language: str) -> str:
    """The page of ``obj`` (a section, person, tag...) in the ``language`` edition."""
    with translation.override(language):
        return request.build_absolute_uri(obj.get_absolute_url())


def in_api(request, name: str, query: dict | None = None, **kwargs) -> str:
    """The API's own address named ``name`` ("article", "articles"...)."""
    path = reverse(f"api-v1:{name}", kwargs=kwargs or None)
    if query:
        path += "?" + urlencode({k: v for k, v in query.items() if v is not None})
    return request.build_absolute_uri(path)


def article_on_site(request, article) -> str:
    """An article's page (its own edition is in its address)."""
    return request.build_absolute_uri(article.get_absolute_url())


def article_in_api(request, article) -> str:
    return in_api(request, "article", id=article.pk)
