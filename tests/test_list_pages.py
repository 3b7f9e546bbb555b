"""Keyset pages of the reader's lists: every article once, in order, at any depth; old
?page=N links; placed stories; never anything unpublished; purges reach every page."""

import itertools
import random
import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.content.curation import FrontSlot
from newsdesk.content.models import Article
from newsdesk.reader.pagination import OLD_PAGE_LIMIT, Position
from tests.factories import make_article, make_column, make_person, make_section, make_tag
from tests.wsgi_client import fetch

pytestmark = pytest.mark.django_db


def headlines(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'class="card-headline"><a [^>]*>([^<]+)</a>', html)]


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', html)
    return unescape(found[1]) if found else None


def walk(client, url: str, rel: str) -> list[list[str]]:
    """The headlines of each page from ``url`` on, following ``rel`` links to the end."""
    pages, seen = [], set()
    address = url
    while address is not None:
        assert address not in seen, "a link leads back to a page already seen"
        seen.add(address)
        response = client.get(address, follow=True)
        assert response.status_code == 200, address
        html = response.content.decode()
        pages.append(headlines(html))
        found = link(html, rel)
        path = response.request["PATH_INFO"]
        address = None if found is None else path + found
    return pages


def an_archive(seed: int, shows, hides) -> list[Article]:
    """Articles at random times (some at the same instant), in and out of a list:
    ``shows(n)`` makes the n-th visible one, ``hides(n)`` one readers must not see."""
    rng = random.Random(seed)
    now = timezone.now()
    instants = [now - timedelta(minutes=rng.randrange(1, 60 * 24)) for _ in range(6)]
    shown = []
    for n in range(rng.randrange(0, 14)):
        shown.append(shows(n, published_at=rng.choice(instants)))
        if rng.random() < 0.4:
            hides(n, rng)
    return shown


def hidden_fields(rng) -> dict:
    """A reason readers must not see an article of the list."""
    return rng.choice(
        [
            {"status": Article.Status.DRAFT},
            {"status": Article.Status.UNPUBLISHED, "published_at": timezone.now()},
            {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + timedelta(1)},
            {"status": Article.Status.SCHEDULED, "published_at": timezone.now() + timedelta(1)},
            {"language": "zh-hans"},
        ]
    )


def a_list(kind: str):
    """A list page's address, and a maker of articles in it (``**fields`` for the article)."""
    section = make_section()
    if kind == "section":
        return section.get_absolute_url(), lambda **f: make_article(section=section, **f)
    if kind == "column":
        column = make_column()
        return column.get_absolute_url(), lambda **f: make_article(column=column, **f)
    if kind == "tag":
        tag = make_tag()
        return tag.get_absolute_url(), lambda **f: make_article(tags=[tag], **f)
    person = make_person()
    roles = itertools.cycle(["a", "t", "both"])

    def credited(**fields):
        # Written, translated, or both: each article once on the person's page.
        role = next(roles)
        authors = [person] if role in ("a", "both") else [make_person()]
        translators = [person] if role in ("t", "both") else []
        return make_article(authors=authors, translators=translators, **fields)

    return person.get_absolute_url(), credited


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("kind", ["section", "column", "tag", "person"])
def test_each_list_pages_through_its_articles_once_in_order_both_ways(client, settings, kind, seed):
    settings.ARTICLES_PER_PAGE = random.Random(seed).randrange(1, 5)
    url, make = a_list(kind)
    shown = an_archive(
        seed,
        lambda n, **f: make(headline=f"Shown {kind} {n}", **f),
        lambda n, rng: make(headline=f"Hidden {kind} {n}", **hidden_fields(rng)),
    )
    if not shown and kind != "section":
        # A column, tag or person with nothing published is not a page readers may find.
        assert client.get(url).status_code == 404
        return
    expected = [
        a.headline for a in sorted(shown, key=lambda a: (a.published_at, a.pk), reverse=True)
    ]
    older = walk(client, url, "next")
    assert [h for page in older for h in page] == expected
    assert all(len(page) == settings.ARTICLES_PER_PAGE for page in older[:-1])
    # And back from the last page to the first by the newer links.
    last = client.get(url).content.decode()
    address = url
    while link(last, "next"):
        address = url + link(last, "next")
        last = client.get(address).content.decode()
    newer = walk(client, address, "prev")
    assert [h for page in newer for h in reversed(page)] == list(reversed(expected))


def test_a_sections_placed_stories_lead_its_first_page_and_never_repeat(client, settings):
    settings.ARTICLES_PER_PAGE = 3
    section = make_section()
    stories = [
        make_article(headline=f"Story {n}", section=section, published_at=timezone.now())
        for n in range(8)
    ]
    for position, story in enumerate([stories[6], stories[2]]):
        FrontSlot.objects.create(
            language="en", section=section, article=story, position=position, live=True
        )
    pages = walk(client, section.get_absolute_url(), "next")
    newest = [s.headline for s in sorted(stories, key=lambda s: s.pk, reverse=True)]
    rest = [h for h in newest if h not in ("Story 6", "Story 2")]
    assert pages[0] == ["Story 6", "Story 2", rest[0]]
    assert [h for page in pages for h in page] == ["Story 6", "Story 2", *rest]
    # Back up: the newer link of the second page leads to the first, placed stories first.
    second = client.get(
        section.get_absolute_url()
        + link(client.get(section.get_absolute_url()).content.decode(), "next")
    )
    first = client.get(
        section.get_absolute_url() + link(second.content.decode(), "prev"), follow=True
    )
    assert headlines(first.content.decode()) == pages[0]


def test_old_page_links_move_for_good_to_the_page_they_showed(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    section = make_section()
    articles = [make_article(section=section) for _ in range(5)]  # newest first
    url = section.get_absolute_url()
    third = client.get(url, {"page": "3"})
    assert third.status_code == 301
    assert third["Location"] == f"{url}?before={Position.of(articles[3])}"
    assert headlines(client.get(third["Location"]).content.decode()) == [articles[4].headline]
    second = client.get(url, {"page": "2"})
    assert second["Location"] == f"{url}?before={Position.of(articles[1])}"
    # Past the end: the last page, as numbered pages did.
    assert client.get(url, {"page": "9"})["Location"] == third["Location"]


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1", "1.5", "", "٣"])
def test_an_old_page_number_that_is_not_one_leads_to_the_first_page(client, page):
    section = make_section()
    make_article(section=section)
    response = client.get(section.get_absolute_url(), {"page": page})
    assert (response.status_code, response["Location"]) == (301, section.get_absolute_url())


def test_old_page_links_past_the_limit_are_not_found_without_reading_the_list(client):
    section = make_section()
    make_article(section=section)
    response = client.get(section.get_absolute_url(), {"page": str(OLD_PAGE_LIMIT + 1)})
    assert response.status_code == 404
    assert client.get(section.get_absolute_url(), {"page": "9" * 40}).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "before=yesterday",
        "before=2026-02-30T10:00:00.000000Z_1",
        "before=2026-01-01T10:00:00Z_1",
        "before=2026-01-01T10:00:00.000000Z_0",
        "before=2026-01-01T10:00:00.000000Z_99999999999999999999",
        "after=2026-01-01T10:00:00.000000Z_-1",
        "before=2026-01-01T10:00:00.000000Z_1&after=2026-01-01T10:00:00.000000Z_1",
    ],
)
def test_a_position_that_is_not_one_is_not_found(client, query):
    section = make_section()
    make_article(section=section)
    assert client.get(f"{section.get_absolute_url()}?{query}").status_code == 404


def test_a_newer_page_that_reaches_the_top_is_the_first_page(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    section = make_section()
    articles = [make_article(section=section) for _ in range(3)]
    url = section.get_absolute_url()
    response = client.get(url, {"after": str(Position.of(articles[2]))})
    assert (response.status_code, response["Location"]) == (302, url)


def test_a_page_past_the_last_article_is_empty_and_links_back(client, settings):
    section = make_section()
    oldest = make_article(section=section)
    html = client.get(f"{section.get_absolute_url()}?before={Position.of(oldest)}").content
    assert headlines(html.decode()) == [] and link(html.decode(), "prev")


@pytest.mark.django_db(transaction=True)
def test_deep_pages_are_purged_when_an_article_joins_them(settings):
    settings.ARTICLES_PER_PAGE = 1
    section = make_section()
    newest, older = make_article(section=section), make_article(section=section)
    deep = f"{section.get_absolute_url()}?before={Position.of(newest)}"
    assert fetch(deep).cache == "miss" and fetch(deep).cache == "hit"
    backdated = make_article(
        headline="Backdated report",
        section=section,
        status=Article.Status.DRAFT,
        published_at=older.published_at + timedelta(seconds=1),
    )
    backdated.status = Article.Status.PUBLISHED
    backdated.save()
    answer = fetch(deep)
    assert answer.cache == "miss" and "Backdated report" in answer.text


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan")
@pytest.mark.parametrize(
    ("kind", "index"),
    [("section", "article_section_list"), ("column", "article_column_list")],
)
def test_a_deep_page_seeks_on_its_lists_index_from_its_position(kind, index):
    """No OFFSET and no sort: the list's index is read from the position on. SQLite
    seeks on the first bound on published_at it meets: the position's, not "until now"."""
    position = datetime(2001, 2, 3, tzinfo=UTC)
    rows = (
        Article.objects.published()
        .in_language("en")
        .filter(**{kind: 1})
        .older_than(position, 10)
        .latest_first()
        .values_list("pk")[:21]
    )
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert f"USING COVERING INDEX {index}" in plan or f"USING INDEX {index}" in plan, plan
    assert "TEMP B-TREE" not in plan and "OFFSET" not in sql.upper(), plan
    dates = [str(p) for p in params if re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", str(p))]
    assert dates[0].startswith("2001-02-03"), (sql, params)


def test_a_tag_list_probes_each_article_rather_than_joining():
    """Walked down the edition's index, whatever the planner's statistics say: a join lets
    SQLite after ANALYZE start from every row of the tag's and sort them for each page.
    (A person's lists, their page and the API's author and translator filters, read along
    their credits: tests/test_author_list.py.)"""
    rows = Article.objects.published().in_language("en").tagged(make_tag())
    sql = str(rows.latest_first().values_list("pk").query).upper()
    assert "JOIN" not in sql and "DISTINCT" not in sql and "EXISTS" in sql, sql


@pytest.mark.parametrize("kind", ["tag", "person", "column"])
def test_a_list_page_never_reads_its_whole_list(client, kind):
    """No DISTINCT (which read every article of a tag or person to find its editions) and
    no join to deduplicate: each query stops after a page or a first match."""
    url, make = a_list(kind)
    for _ in range(3):
        make()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    for query in queries.captured_queries:
        assert "DISTINCT" not in query["sql"].upper(), query["sql"]
