"""A person's list (their page, their feed): read along their credits (``Credit``), which
the database keeps from bylines, translator credits and publication times, however
those are written; each page seeks in the person's own index."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.caching.store import get_store
from newsdesk.content import credits
from newsdesk.content.models import Article, Byline, Credit, TranslatorCredit
from newsdesk.devdata import archive
from newsdesk.reader.pagination import Position
from tests.factories import make_article, make_person
from tests.test_list_pages import headlines, walk

pytestmark = pytest.mark.django_db


def kept() -> set[tuple[int, int, object, bool, bool]]:
    return set(
        Credit.objects.values_list("person_id", "article_id", "published_at", "wrote", "translated")
    )


def expected() -> set[tuple[int, int, object, bool, bool]]:
    """Each (person, article) of a byline or translator credit, once, with the article's
    time and whether the person wrote it and translated it."""
    times = dict(Article.objects.values_list("pk", "published_at"))
    wrote = {*Byline.objects.values_list("person_id", "article_id")}
    translated = {*TranslatorCredit.objects.values_list("person_id", "article_id")}
    return {
        (
            person,
            article,
            times[article],
            (person, article) in wrote,
            (person, article) in translated,
        )
        for person, article in wrote | translated
    }


def test_credits_follow_every_change_to_bylines_translators_and_times():
    writer, translator, other = make_person(), make_person(), make_person()
    article = make_article(authors=[writer], translators=[translator])
    both = make_article(authors=[writer], translators=[writer])
    assert kept() == expected() and len(kept()) == 3  # "both" once
    # A byline given to someone else, one removed while the translator credit stays.
    byline = article.bylines.get()
    byline.person = other
    byline.save()
    both.bylines.all().delete()
    assert kept() == expected() and (writer.pk, both.pk, both.published_at, False, True) in kept()
    # Written in bulk (as restores, imports and generate write them): no signals.
    Byline.objects.bulk_create([Byline(article=article, person=writer, position=1)])
    TranslatorCredit.objects.bulk_create([TranslatorCredit(article=both, person=other)])
    both.translator_credits.filter(person=writer).delete()
    assert kept() == expected()
    # Published again at another time, unpublished, deleted.
    article.published_at -= timedelta(days=3)
    article.save()
    both.status, both.published_at = Article.Status.DRAFT, None
    both.save()
    assert kept() == expected()
    both.delete()
    assert kept() == expected() and {row[1] for row in kept()} == {article.pk}


def test_generated_archives_have_their_credits(test_settings, tmp_path):
    test_settings.MEDIA_ROOT = tmp_path
    archive.generate_archive(40, seed=31, batch_size=15)
    assert kept() == expected()
    assert TranslatorCredit.objects.exists() and Byline.objects.count() > 40


def test_a_person_who_wrote_and_translated_is_listed_once_newest_first(client):
    person = make_person()
    now = timezone.now()
    written = make_article(authors=[person], published_at=now - timedelta(hours=3))
    translated = make_article(
        authors=[make_person()], translators=[person], published_at=now - timedelta(hours=2)
    )
    both = make_article(authors=[person], translators=[person], published_at=now - timedelta(1))
    make_article(authors=[make_person()])  # someone else's
    html = client.get(person.get_absolute_url()).content.decode()
    assert headlines(html) == [translated.headline, written.headline, both.headline]


def test_only_published_articles_of_the_edition_are_listed(client):
    person = make_person()
    listed = make_article(authors=[person])
    make_article(authors=[person], status=Article.Status.DRAFT)
    make_article(authors=[person], status=Article.Status.REVIEW)
    make_article(authors=[person], status=Article.Status.UNPUBLISHED, published_at=timezone.now())
    make_article(
        authors=[person],
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(hours=1),
    )
    make_article(  # public by status, its time not come
        translators=[person], published_at=timezone.now() + timedelta(hours=1)
    )
    chinese = make_article(authors=[person], language="zh-hans")
    assert headlines(client.get(person.get_absolute_url()).content.decode()) == [listed.headline]
    with_chinese = client.get(person.get_absolute_url().replace("/en/", "/zh-hans/", 1))
    assert headlines(with_chinese.content.decode()) == [chinese.headline]


def test_a_draft_published_later_joins_the_list_at_its_time(client):
    person = make_person()
    older = make_article(authors=[person], published_at=timezone.now() - timedelta(days=2))
    draft = make_article(authors=[person], status=Article.Status.DRAFT)
    draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now() - timedelta(1)
    draft.save()
    html = client.get(person.get_absolute_url()).content.decode()
    assert headlines(html) == [draft.headline, older.headline]


def test_deep_pages_of_a_person_seek_to_their_position_both_ways(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    person = make_person()
    same_time = timezone.now() - timedelta(hours=5)
    made = [
        make_article(
            authors=[person] if n % 3 else [make_person()],
            translators=[person] if n % 2 else [],
            published_at=same_time if n < 4 else same_time - timedelta(minutes=n),
        )
        for n in range(11)
    ]
    mine = [a for n, a in enumerate(made) if n % 3 or n % 2]
    order = sorted(mine, key=lambda a: (a.published_at, a.pk), reverse=True)
    older = walk(client, person.get_absolute_url(), "next")
    assert [h for page in older for h in page] == [a.headline for a in order]
    last = Position.of(order[-1])
    html = client.get(f"{person.get_absolute_url()}?after={last}").content.decode()
    assert headlines(html) == [a.headline for a in order[-3:-1]]


def test_the_feed_lists_what_the_page_lists(client):
    person = make_person()
    for n in range(3):
        make_article(authors=[person] if n else [make_person()], translators=[person])
    make_article(authors=[person], status=Article.Status.DRAFT)
    page = headlines(client.get(person.get_absolute_url()).content.decode())
    feed = client.get(f"{person.get_absolute_url()}feed/rss/")
    assert feed.status_code == 200
    titles = re.findall(r"<item><title>([^<]+)</title>", feed.content.decode())
    assert titles == page and len(page) == 3


def test_a_known_persons_page_is_read_in_one_query_until_a_purge(
    client, django_capture_on_commit_callbacks
):
    person = make_person(name="Ana Roe")
    make_article(authors=[person])
    assert client.get(person.get_absolute_url()).status_code == 200
    get_store().drop_pages()  # dropped as the store drops what it has no room for
    with CaptureQueriesContext(connection) as queries:
        assert client.get(person.get_absolute_url()).status_code == 200
    assert len(queries) == 1, [q["sql"] for q in queries]  # the list
    person.name = "Ana Roe-Lind"
    with django_capture_on_commit_callbacks(execute=True):
        person.save()  # purges the person's pages, once committed
    assert "Ana Roe-Lind" in client.get(person.get_absolute_url()).content.decode()


def test_an_unknown_person_is_not_found_until_there_is_one(client):
    assert client.get("/en/people/nobody-yet/").status_code == 404
    make_article(authors=[make_person(slug="nobody-yet")])
    assert client.get("/en/people/nobody-yet/").status_code == 200


def plan(rows) -> str:
    sql, params = rows.query.sql_with_params()
    explain = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A few rows: it would rather read and sort them all. What is checked here is
            # that the index gives the list's order (with a sort forbidden, none is
            # planned); SQLite's planner below chooses it by itself.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"{explain} {sql}", params)
        return " ".join(str(row[-1]) for row in cursor.fetchall())


def test_each_page_of_a_person_reads_along_their_credits_without_sorting():
    person = make_person()
    articles = [make_article(authors=[person]) for _ in range(3)]
    listed = Article.objects.published().in_language("en").credited_to(person).latest_first()
    position = Position.of(articles[1])
    for rows in [
        listed,
        listed.older_than(position.published_at, position.pk),
        listed.newer_than(position.published_at, position.pk).reverse(),
    ]:
        found = plan(rows[:21])
        if connection.vendor == "sqlite":
            assert "USING COVERING INDEX credit_person_list" in found, found
            assert "TEMP B-TREE" not in found and "content_article_" not in found, found
        else:
            assert "credit_person_list" in found and "Sort" not in found, found


def api_ids(client, **query) -> list[int]:
    """The ids of every page of the API's article list, following ``next``."""
    found, response = [], client.get("/api/v1/articles", query)
    while True:
        found += [item["id"] for item in response.json()["items"]]
        if response.json()["next"] is None:
            return found
        response = client.get(response.json()["next"].removeprefix("http://testserver"))


def test_the_apis_author_and_translator_filters_page_along_the_credits(client):
    """Each page of ``?author=`` (bylines) and ``?translator=`` (translator credits) cut
    by cursor, articles of the same moment by id, as the person's credits order them."""
    writer, translator = make_person(slug="ivo"), make_person(slug="tao")
    same_time = timezone.now() - timedelta(hours=5)
    made = [
        make_article(
            authors=[writer] if n % 3 else [make_person()],
            translators=[translator, writer] if n % 2 else [writer] if n == 4 else [],
            language="zh-hans" if n == 6 else "en",
            published_at=same_time if n < 4 else same_time - timedelta(minutes=n),
        )
        for n in range(11)
    ]
    make_article(authors=[writer], translators=[translator], status=Article.Status.DRAFT)
    newest_first = sorted(made, key=lambda a: (a.published_at, a.pk), reverse=True)

    def of(credits, person, language=None):
        return [
            a.pk
            for a in newest_first
            if getattr(a, credits).filter(person=person).exists() and language in (None, a.language)
        ]

    for query, listed in [
        ({"author": "ivo"}, of("bylines", writer)),
        ({"translator": "tao"}, of("translator_credits", translator)),
        ({"translator": "ivo"}, of("translator_credits", writer)),
        ({"author": "ivo", "language": "en"}, of("bylines", writer, "en")),
        (
            {"author": "ivo", "translator": "tao"},
            [pk for pk in of("bylines", writer) if pk in of("translator_credits", translator)],
        ),
    ]:
        assert listed and api_ids(client, **query, limit=2) == listed, query


@pytest.mark.parametrize("credited", ["written_by", "translated_by", "written_and_translated_by"])
def test_the_apis_person_filters_read_along_their_credits_without_sorting(credited):
    person = make_person()
    articles = [make_article(authors=[person], translators=[person]) for _ in range(3)]
    edition = Article.objects.published().in_language("en")
    listed = {
        "written_by": lambda: edition.written_by(person),
        "translated_by": lambda: edition.translated_by(person),
        "written_and_translated_by": lambda: edition.written_by(person).translated_by(person),
    }[credited]().latest_first()
    # A translator's list reads their translator credits alone; a writer's, every credit
    # of theirs, those of translations only skipped.
    index = "credit_translation_list" if credited == "translated_by" else "credit_person_list"
    position = Position.of(articles[1])
    for rows in [listed, listed.older_than(position.published_at, position.pk)]:
        found = plan(rows[:21])
        if connection.vendor == "sqlite":
            assert f"USING INDEX {index}" in found, found
            assert "TEMP B-TREE" not in found and found.count("content_credit") == 1, found
        else:
            assert index in found and "Sort" not in found, found


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite drops a rebuilt table's triggers")
def test_credit_triggers_dropped_by_a_table_rebuild_are_put_back():
    person = make_person()
    make_article(authors=[person])
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER content_byline_credit_insert")
        cursor.execute("DROP TRIGGER content_article_credit_dated")
    missed = make_article(authors=[person])  # not credited until the triggers come back
    assert kept() != expected()
    assert credits.restore_triggers(using=connection.alias)
    assert not credits.restore_triggers(using=connection.alias)
    assert kept() == expected() and missed.pk in {row[1] for row in kept()}
    make_article(authors=[person])
    assert kept() == expected()
