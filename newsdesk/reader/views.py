"""Reader pages. Each language is an edition: a page lists articles in its language."""

from datetime import datetime
from urllib.parse import unquote

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from newsdesk.caching import keys
from newsdesk.caching.headers import cache_publicly
from newsdesk.caching.memo import until_purged
from newsdesk.content import cards
from newsdesk.content.models import (
    Article,
    Column,
    Person,
    Section,
    Tag,
)
from newsdesk.reader import chrome, page_meta
from newsdesk.reader.front import LIST_CARDS, front_page, section_list
from newsdesk.reader.pagination import first_page, list_page, redirects_moved_pages
from newsdesk.related.lists import shown_related
from newsdesk.trending.hot import hot_articles, scope_key


def edition():
    """Published articles of the edition (language) being served."""
    return Article.objects.published().in_language(get_language())


def hot_keys(scope: str, hot) -> set[str]:
    """A page showing a hot list changes with the list and with each article on it."""
    return {scope_key(scope), *keys.cards(hot)}


def home(request):
    front = front_page(edition(), light=True)
    hot = hot_articles(get_language())
    context = {"front": front, "hot": hot}
    response = render(
        request, "reader/home.html", context | page_meta.context(page_meta.home_meta(front.shown))
    )
    page_keys = keys.list_page(keys.home_list(get_language()), front.shown)
    return cache_publicly(
        response, page_keys | hot_keys(get_language(), hot), until=front.changes_at
    )


def section_context(request, section: Section, *, draft=False) -> tuple[dict, datetime | None]:
    """What a section's page shows (placed stories first, then the newest, a page at a
    time), and when a placement shown stops; the newsroom's preview renders it too."""
    placed, rest, changes_at = section_list(edition(), section, draft=draft)
    # The newsroom previews the first page only, whatever its own address says.
    page = first_page(rest, placed) if draft else list_page(request, rest, placed)
    context = {
        "heading": section.display_name,
        "kind": "section",
        "page": page,
        "section": section,
        **page_meta.context(page_meta.section_meta(section, page)),
    }
    return context, changes_at


@redirects_moved_pages
def section_page(request, slug):
    section = chrome.section_named(slug)
    if section is None:
        raise Http404("No section has this address.")
    context, changes_at = section_context(request, section)
    page = context["page"]
    response = render(request, "reader/article_list.html", context)
    return cache_publicly(
        response,
        keys.list_page(keys.front(get_language(), section.pk), page),
        query=page.query,
        until=changes_at,
    )


def public_or_404(public, shown, page) -> None:
    """A column, tag or person has a page once readers may know of it (``public``, a
    QuerySet): one that this page lists an article of is, without asking."""
    if not page.articles and not public.filter(pk=shown.pk).exists():
        raise Http404("Nothing published is listed here.")


@redirects_moved_pages
def column_page(request, slug):
    column = get_object_or_404(Column, slug=slug)
    listed = edition().with_cards(*LIST_CARDS).filter(column=column)
    page = list_page(request, listed.latest_first())
    public_or_404(Column.objects.public(), column, page)
    response = render(
        request,
        "reader/article_list.html",
        {
            "heading": column.display_name,
            "description": column.display_description,
            "kind": "column",
            "page": page,
            "column": column,
            **page_meta.context(page_meta.column_meta(column, page)),
        },
    )
    list_key = f"column-{column.pk}-list"
    return cache_publicly(
        response,
        keys.list_page(list_key, page, f"column-{column.pk}"),
        query=page.query,
    )


@redirects_moved_pages
def tag_page(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = list_page(request, edition().tagged(tag).with_cards(*LIST_CARDS).latest_first())
    public_or_404(Tag.objects.public(), tag, page)
    response = render(
        request,
        "reader/article_list.html",
        {
            "heading": tag.display_name,
            "kind": "tag",
            "page": page,
            **page_meta.context(page_meta.tag_meta(tag, page)),
        },
    )
    return cache_publicly(
        response,
        keys.list_page(f"tag-{tag.pk}-list", page, f"tag-{tag.pk}"),
        query=page.query,
    )


@until_purged  # a person's change or deletion purges "person-<id>"
def person_named(slug: str) -> Person:
    """The person whose page is at ``slug``; Person.DoesNotExist (not kept) if none."""
    return Person.objects.get(slug=slug)


@redirects_moved_pages
def person_page(request, slug):
    try:
        person = person_named(slug)
    except Person.DoesNotExist:
        raise Http404("No person has this address.") from None
    listed = edition().credited_to(person).with_cards(*LIST_CARDS)
    page = list_page(request, listed.latest_first())
    public_or_404(Person.objects.public(), person, page)
    meta = page_meta.person_meta(person, page)
    context = {"person": person, "page": page, **page_meta.context(meta)}
    response = render(request, "reader/person.html", context)
    list_key = f"person-{person.pk}-list"
    return cache_publicly(
        response,
        keys.list_page(list_key, page, f"person-{person.pk}"),
        query=page.query,
    )


def article_context(article: Article) -> tuple[dict, set[str]]:
    """What ``article``'s page shows, and the surrogate keys of everything on it.

    The one builder of an article page: the reader's page and the newsroom's preview
    (newsroom/preview.py) both render it. Only ``article`` itself may be unpublished:
    its other versions, related and hot lists are what readers see.
    """
    context, page_keys = article_main(article)
    aside, aside_keys = article_aside(article)
    return context | aside, page_keys | aside_keys


def article_main(article: Article) -> tuple[dict, set[str]]:
    """``article_context`` less the aside: what a kept page of the article holds."""
    versions = article.published_versions()
    original = article.translation_of if article.translation_of in versions else None
    authors, translators = article.ordered_authors(), article.ordered_translators()
    context = {
        "article": article,
        "authors": authors,
        "translators": translators,
        "original": original,
        "other_versions": [v for v in versions if v.pk != article.pk],
        "versions": versions,
        # Description, canonical, hreflang, Open Graph, Twitter card and JSON-LD.
        **page_meta.context(
            page_meta.article_meta(
                article, authors=authors, translators=translators, versions=versions
            )
        ),
    }
    page_keys = keys.article_page(article, versions)
    # The JSON-LD describes each other version whole: its authors and picture too.
    page_keys |= keys.cards(version for version in versions if version.pk != article.pk)
    return context, page_keys


def article_aside(article: Article) -> tuple[dict, set[str]]:
    """Related and Hot Recommended beside ``article``, and their surrogate keys."""
    hot = hot_articles(article.language, exclude=article.pk)
    related, related_keys = shown_related(article)
    return {"hot": hot, "related": related}, hot_keys(article.language, hot) | related_keys


# Where a kept article page takes its aside: a comment, which no sanitized body holds.
ASIDE = "<!-- newsdesk: aside -->"


def keep_article_page(request, article: Article, token) -> tuple[str, set[str]]:
    """Render ``article``'s page less its aside (``article`` read with ``for_page``) and
    keep it unless a purge came since ``token``; returns its HTML and surrogate keys."""
    context, page_keys = article_main(article)
    context["aside_marker"] = mark_safe(ASIDE)
    html = loader.render_to_string("reader/article.html", context, request)
    cards.keep_page(article.pk, html, page_keys, token)
    return html, page_keys


def article_page(request, year, month, day, slug):
    """The page of a published article: kept less its aside (content/cards.py), which
    is rendered for each request from stored cards."""
    article = get_object_or_404(edition().defer("body", "body_html"), slug=slug)
    canonical = article.get_absolute_url()
    if request.path != unquote(canonical):
        return redirect(canonical, permanent=True)
    kept = cards.stored_page(article.pk)
    if kept is None:
        whole = edition().for_page().get(pk=article.pk)
        kept = keep_article_page(request, whole, getattr(request, "page_store_token", None))
    html, page_keys = kept
    aside, aside_keys = article_aside(article)
    aside["request"] = request  # the cards tag keeps what it renders by the request's token
    before, _, after = html.rpartition(ASIDE)
    aside_html = loader.get_template("reader/includes/article_aside.html").render(aside)
    response = HttpResponse(before + aside_html + after)
    return cache_publicly(response, page_keys | aside_keys)


def page_not_found(request, exception):
    """The 404 page in the edition asked for, with its title and description."""
    meta = page_meta.plain_meta(
        None,
        _("Page not found"),
        _("The page you asked for is not here. It may have moved, or it may not be published."),
        noindex=True,
    )
    return render(request, "404.html", page_meta.context(meta), status=404)


SERVER_ERROR_TEXT = "Something went wrong. Please try again in a moment."


@requires_csrf_token
def server_error(request):
    """The 500 page in the site's look, rendered without touching the database."""
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "PUBLISHER_NAME": settings.PUBLISHER_NAME,
        "meta": page_meta.PageMeta(title=_("Something went wrong"), noindex=True),
    }
    try:
        context["chrome"] = chrome.render(nav_sections=[])
        page = loader.get_template("500.html").render(context)
    except Exception:
        # The error may be in what the template needs (static files not collected, say):
        # the reader still gets a page, not a second traceback.
        page = f"<!doctype html><title>Error</title><h1>{SERVER_ERROR_TEXT}</h1>"
    return HttpResponseServerError(page)
