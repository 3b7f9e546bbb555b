"""Credits kept right when two transactions change one article's credits at once.

On PostgreSQL the credit triggers of migration 0017 decided from what they saw committed:
a byline removed while a translator credit for the same person and article was being
added dropped the person's credit, two credits removed at once left one behind, and a
byline added while the article's time changed kept the old time (0020 fixes them). Each
case here runs two real connections in a fixed order: the first changes a row and holds
its transaction open; the second changes another and commits, or waits for the first if
the triggers serialize them; then the first commits.
"""

import threading

import pytest
from django.db import connection

from newsdesk.content.models import Article
from tests.factories import make_article, make_person
from tests.test_author_list import expected, kept

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite runs one writing transaction at a time"
    ),
    pytest.mark.django_db(transaction=True),
]


def open_connection():
    """A connection of its own to the test database, outside Django's."""
    return connection.get_new_connection(connection.get_connection_params())


def backend_pid(raw) -> int:
    with raw.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def run_in_order(first: tuple[str, list], second: tuple[str, list]) -> None:
    """Run ``first`` and leave its transaction open; run ``second`` and commit it in
    another connection, until it is done or waits for ``first``'s transaction; then
    commit ``first`` and let ``second`` finish."""
    holding, racing, watching = open_connection(), open_connection(), open_connection()
    try:
        with holding.cursor() as cursor:
            cursor.execute(*first)  # psycopg opens a transaction, left open
        holder = backend_pid(holding)
        racer = backend_pid(racing)
        finished = threading.Event()
        failure = []

        def race():
            try:
                with racing.cursor() as cursor:
                    cursor.execute(*second)
                racing.commit()
            except Exception as error:  # reported once the thread is joined
                failure.append(error)
            finally:
                finished.set()

        thread = threading.Thread(target=race)
        thread.start()
        with watching.cursor() as cursor:
            # Not a timed race: waits for one of two states, checking each in turn.
            while not finished.wait(0.01):
                cursor.execute("SELECT %s = ANY(pg_blocking_pids(%s))", [holder, racer])
                if cursor.fetchone()[0]:
                    break
                watching.commit()
        holding.commit()
        thread.join()
        assert not failure, failure
    finally:
        for raw in (holding, racing, watching):
            raw.close()


def add_byline(article, person):
    return (
        "INSERT INTO content_byline (article_id, person_id, position) VALUES (%s, %s, 9)",
        [article.pk, person.pk],
    )


def add_translator(article, person):
    return (
        "INSERT INTO content_translatorcredit (article_id, person_id, position) VALUES (%s, %s, 9)",
        [article.pk, person.pk],
    )


def remove_byline(article, person):
    return (
        "DELETE FROM content_byline WHERE article_id = %s AND person_id = %s",
        [article.pk, person.pk],
    )


def remove_translator(article, person):
    return (
        "DELETE FROM content_translatorcredit WHERE article_id = %s AND person_id = %s",
        [article.pk, person.pk],
    )


def move_in_time(article, person):
    return (
        "UPDATE content_article SET published_at = published_at - interval '3 days' WHERE id = %s",
        [article.pk],
    )


CHANGES = [
    (add_translator, remove_byline),  # the credit was lost
    (remove_byline, add_translator),
    (remove_translator, remove_byline),  # a credit was left with neither row
    (remove_byline, remove_translator),
    (add_byline, move_in_time),  # the new credit kept the old time
    (move_in_time, add_byline),
]


@pytest.mark.parametrize(
    ("first", "second"), CHANGES, ids=[f"{a.__name__}-then-{b.__name__}" for a, b in CHANGES]
)
def test_credits_stay_right_when_two_transactions_change_one_article(first, second):
    person, newcomer = make_person(), make_person()
    article = make_article(authors=[person])
    if first is remove_translator or second is remove_translator:
        article.translator_credits.create(person=person, position=0)
    target = newcomer if add_byline in (first, second) else person
    run_in_order(first(article, target), second(article, target))
    assert kept() == expected()
    assert Article.objects.filter(pk=article.pk).exists()
