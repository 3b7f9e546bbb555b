"""A crawl of every public surface finds nothing known only from unpublished articles.

A newsroom with drafts (and review, scheduled, unpublished and future articles) beside
published ones, each hidden thing named with a marker; a reader's crawl from the editions'
home pages, search, feeds, sitemaps and the API, following every address it is given,
meets none of the markers, in any body or header.
"""

import json
import re
from collections import deque
from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import timezone

from newsdesk.newsroom.translations import request_translation
from newsdesk.trending.models import HotList
from tests.factories import make_article, make_column, make_person, make_section, make_tag

pytestmark = pytest.mark.django_db

# Everything hidden is named with this, in one spelling or another.
MARKER = re.compile(r"zorblax", re.I)
# Not reader surfaces (the newsroom, the read beacon) or not this file's (images).
SKIPPED = ("/admin/", "/read/", "/media/", "/renditions/", "/icons/", "/static/")
MAX_PAGES = 400
SEEDS = [
    "/en/",
    "/zh-hans/",
    "/en/app/",
    "/en/search/",
    "/zh-hans/search/",
    "/en/search/?q=zorblax&language=all",
    "/en/search/?q=harbour&language=all",
    "/en/search/?q=harbour&author=zorblax-ghost",
    "/sitemap.xml",
    "/robots.txt",
    "/manifest.webmanifest",
    "/api/v1/articles",
    "/api/v1/people",
    "/api/v1/people?language=zh-hans",
    "/api/v1/tags",
    "/api/v1/tags?language=zh-hans",
    "/api/v1/columns",
    "/api/v1/columns?language=zh-hans",
    "/api/v1/sections",
    "/api/v1/hot",
    "/api/v1/hot?language=zh-hans",
    "/api/v1/search?q=zorblax",
    "/api/v1/search?q=harbour",
    "/api/v1/openapi.json",
    # Addresses an outsider might guess from a slug seen elsewhere.
    "/en/people/zorblax-ghost/",
    "/en/people/zorblax-ghost/feed/rss/",
    "/en/people/zorblax-translator/",
    "/en/tag/zorblax-tag/",
    "/en/column/zorblax-column/",
    "/en/column/zorblax-column/feed/atom/",
    "/api/v1/people/zorblax-ghost",
    "/api/v1/articles?author=zorblax-ghost",
    "/api/v1/articles?tag=zorblax-tag",
    "/api/v1/articles?column=zorblax-column",
]
HIDDEN = [
    {"status": "draft"},
    {"status": "review"},
    {"status": "scheduled", "published_at": timezone.now() + timedelta(hours=6)},
    {"status": "unpublished", "published_at": timezone.now() - timedelta(days=1)},
    {"status": "published", "published_at": timezone.now() + timedelta(hours=6)},
]


@pytest.fixture
def newsroom(django_capture_on_commit_callbacks, editor, translator):
    """Published articles in both editions, and hidden ones marked "zorblax" throughout."""
    section = make_section(name="Harbour", slug="harbour")
    reporter = make_person(name="Pat Reporter", slug="pat-reporter")
    shown_tag = make_tag(name="ferries", slug="ferries")
    shown_column = make_column(name="Dockside", slug="dockside")
    ghost = make_person(name="Zorblax Ghost", slug="zorblax-ghost", bio="Zorblax bio")
    hidden_translator = make_person(name="Zorblax Translator", slug="zorblax-translator")
    hidden_tag = make_tag(name="zorblax talks", slug="zorblax-tag")
    hidden_column = make_column(name="Zorblax Column", slug="zorblax-column")
    with django_capture_on_commit_callbacks(execute=True):
        shown = [
            make_article(
                headline=f"Harbour ferry news {n}",
                authors=[reporter],
                tags=[shown_tag],
                column=shown_column,
                section=section,
                language=language,
            )
            for n, language in enumerate(["en", "en", "zh-hans"])
        ]
        hidden = [
            make_article(
                headline=f"Zorblax harbour secret {n}",
                slug=f"zorblax-story-{n}",
                standfirst="Zorblax",
                authors=[ghost, reporter],
                translators=[hidden_translator],
                tags=[hidden_tag, shown_tag],
                column=hidden_column,
                section=section,
                **fields,
            )
            for n, fields in enumerate(HIDDEN)
        ]
        # A published translation of a draft original (and a draft translation of a
        # published one): neither draft may be named.
        original = make_article(
            headline="Zorblax original", slug="zorblax-original", status="draft", section=section
        )
        translation = request_translation(original, "zh-hans", translator, by=editor)
        translation.headline = "港口渡轮新闻"
        translation.standfirst = "渡轮"
        translation.publish(by=editor)
        draft = request_translation(shown[0], "zh-hans", translator, by=editor)
        draft.headline = "Zorblax draft translation"
        draft.save()
    # Hot Recommended as the worker would leave it, had hidden articles been read.
    everything = [*hidden, *shown, translation]
    for scope in ("en", "zh-hans"):
        HotList.objects.create(
            scope=scope, article_ids=[a.pk for a in everything], computed_at=timezone.now()
        )
    return shown + [translation]


def addresses_in(response) -> list[str]:
    """Every address on this site a response gives: links, sources, locs, JSON urls."""
    text = response.content.decode()
    found = re.findall(r'(?:href|src|action)="([^"#]+)', text)
    found += re.findall(r"<loc>([^<]+)</loc>", text)
    if response["Content-Type"].startswith(("application/json", "application/feed+json")):
        found += [
            value
            for value in re.findall(r'"(https?://[^"]+|/[^"]*)"', json.dumps(json.loads(text)))
            if "{" not in value
        ]
    local = []
    for address in found:
        parts = urlsplit(address.replace("&amp;", "&"))
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
            continue
        local.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return local


def without_echoes(text: str, path: str) -> str:
    """``text`` without what the request itself said (a search's words, a slug asked for
    and refused), exactly as written: only what the site adds counts as a leak."""
    parts = urlsplit(path)
    said = [*parts.path.split("/"), *(v for _, v in parse_qsl(parts.query))]
    for echo in sorted((s for s in said if MARKER.search(s)), key=len, reverse=True):
        text = text.replace(echo, "")
    return text


def test_no_public_surface_names_anything_hidden(client, newsroom):
    seeds = [*SEEDS]
    for article in newsroom:
        seeds += [article.get_absolute_url(), f"/api/v1/articles/{article.pk}"]
    queue, seen, leaks = deque(seeds), set(seeds), []
    while queue and len(seen) <= MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        assert response.status_code < 500, path
        headers = "\n".join(f"{name}: {value}" for name, value in response.items())
        body = b"".join(response) if response.streaming else response.content
        if MARKER.search(without_echoes(headers + body.decode(errors="replace"), path)):
            leaks.append(path)
        if response.status_code != 200:
            continue
        for address in addresses_in(response):
            if address not in seen and not address.startswith(SKIPPED):
                seen.add(address)
                queue.append(address)
    assert not leaks
    # The crawl reached every kind of surface.
    for kind in ("/feed/", "/sitemaps/", "/people/", "/tag/", "/column/", "/api/v1/articles/"):
        assert any(kind in path for path in seen), kind
