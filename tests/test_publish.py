"""Publishing on the model: publish(), schedule(), unpublish() and move(), the audit entry
each writes through ``status_changed``, and the one definition of "public by status" that
the search index, the cache purges and the hot lists share."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models.signals import post_save
from django.utils import timezone

from newsdesk.content.models import Article, status_changed
from newsdesk.imports.record import Block, ImportedArticle
from newsdesk.imports.save import save_imported
from newsdesk.newsroom.models import AuditEntry
from newsdesk.search.models import SearchEntry
from newsdesk.trending import hot
from newsdesk.trending.models import HotList, HourlyReads
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db
Status = Article.Status

NOW = datetime(2024, 5, 20, 9, 30, tzinfo=UTC)
PURGED = []


def recording_hook(keys):
    PURGED.append(keys)


@pytest.fixture
def clock(monkeypatch):
    """It is ``NOW`` for the code under test."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit(): ...`` runs what the end of a real transaction would run."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def purged(settings):
    PURGED.clear()
    settings.PURGE_HOOKS = ["tests.test_publish.recording_hook"]
    return PURGED


@pytest.fixture
def saves():
    """The articles saved while the test runs, one item per save."""
    saved = []

    def count(sender, instance, **kwargs):
        saved.append(instance.pk)

    post_save.connect(count, sender=Article)
    yield saved
    post_save.disconnect(count, sender=Article)


def entries(article) -> list[tuple]:
    return [
        (e.action, e.from_status, e.to_status, e.actor, e.actor_name, e.detail)
        for e in AuditEntry.objects.filter(article=article).order_by("pk")
    ]


# publish() ------------------------------------------------------------------------------


def test_publishing_a_draft_dates_it_now_and_republishing_keeps_that_date(
    clock, monkeypatch, editor
):
    article = make_article(status=Status.DRAFT)
    article.publish(by=editor)
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.PUBLISHED, NOW)
    article.unpublish(by=editor)
    monkeypatch.setattr(timezone, "now", lambda: NOW + timedelta(days=2))
    article.publish(by=editor)
    article.refresh_from_db()
    assert article.published_at == NOW


def test_publishing_an_article_dated_in_the_future_publishes_it_now(clock, editor):
    article = make_article(status=Status.REVIEW, published_at=NOW + timedelta(days=3))
    article.publish(by=editor)
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.PUBLISHED, NOW)
    assert article.is_published


def test_publishing_at_a_given_time_keeps_that_time(clock, editor):
    earlier = NOW - timedelta(days=400)
    article = make_article(status=Status.DRAFT)
    article.publish(by=editor, at=earlier)
    article.refresh_from_db()
    assert article.published_at == earlier


def test_an_unsaved_imported_article_published_with_a_past_date_keeps_it_in_one_save(clock, saves):
    earlier = datetime(2018, 6, 6, 12, 0, tzinfo=UTC)
    article = Article(
        headline="Dragon boats on the bay", slug="dragon-boats", section=make_section()
    )
    article.publish(by="newsdesk import", at=earlier)
    assert saves == [article.pk] and article.pk is not None
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.PUBLISHED, earlier)
    assert entries(article) == [
        ("published", "draft", "published", None, "newsdesk import", ""),
    ]


# schedule() and the other moves ---------------------------------------------------------


@pytest.mark.parametrize("offset", [timedelta(0), -timedelta(minutes=1)], ids=["now", "past"])
def test_scheduling_refuses_a_time_that_is_not_in_the_future(clock, editor, offset):
    article = make_article(status=Status.REVIEW)
    with pytest.raises(ValidationError, match="future"):
        article.schedule(NOW + offset, by=editor)
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.REVIEW, None)
    assert not AuditEntry.objects.exists()


def test_scheduling_sets_the_time_and_logs_it(clock, editor):
    article = make_article(status=Status.REVIEW)
    when = NOW + timedelta(hours=2)
    article.schedule(when, by=editor)
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.SCHEDULED, when)
    (entry,) = AuditEntry.objects.filter(article=article)
    assert (entry.action, entry.from_status, entry.to_status) == (
        "scheduled",
        "review",
        "scheduled",
    )
    assert entry.detail == timezone.localtime(when).strftime("%Y-%m-%d %H:%M %Z")


def test_unpublishing_keeps_the_publication_date(editor):
    article = make_article()
    published_at = article.published_at
    article.unpublish(by=editor)
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.UNPUBLISHED, published_at)


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.SCHEDULED])
def test_move_leaves_publishing_and_scheduling_to_their_own_methods(editor, status):
    article = make_article(status=Status.REVIEW)
    with pytest.raises(ValueError, match="publish"):
        article.move(status, by=editor)
    article.refresh_from_db()
    assert article.status == Status.REVIEW


# The audit entry, through status_changed ------------------------------------------------


def test_each_move_sends_status_changed_once_with_what_it_was_and_who_moved_it(editor):
    heard = []

    def listen(sender, article, before, by, detail, **kwargs):
        heard.append((article.pk, before, article.status, by, detail))

    status_changed.connect(listen, sender=Article)
    try:
        article = make_article(status=Status.DRAFT)
        article.move(Status.REVIEW, by=editor, detail="Ready.")
    finally:
        status_changed.disconnect(listen, sender=Article)
    assert heard == [(article.pk, "draft", "review", editor, "Ready.")]


def test_a_move_by_a_user_writes_exactly_one_audit_entry_naming_them(editor):
    article = make_article(status=Status.REVIEW)
    article.publish(by=editor)
    name = editor.get_full_name() or editor.get_username()
    assert entries(article) == [("published", "review", "published", editor, name, "")]


def test_a_move_by_a_program_is_logged_under_its_name_without_a_user():
    article = make_article(status=Status.SCHEDULED, published_at=timezone.now())
    article.publish(by="scheduler")
    assert entries(article) == [("published", "scheduled", "published", None, "scheduler", "")]


def test_returning_and_reopening_are_told_apart_in_the_audit_log(editor):
    returned = make_article(status=Status.REVIEW)
    returned.move(Status.DRAFT, by=editor, detail="Needs a second source.")
    reopened = make_article(status=Status.UNPUBLISHED)
    reopened.move(Status.DRAFT, by=editor)
    assert [e[:3] for e in entries(returned)] == [("returned", "review", "draft")]
    assert entries(returned)[0][5] == "Needs a second source."
    assert [e[:3] for e in entries(reopened)] == [("reopened", "unpublished", "draft")]


def test_a_published_import_is_logged_as_published_and_as_imported_in_one_save(clock, saves):
    item = ImportedArticle(
        source_key="text:regatta",
        source="regatta.txt",
        kind="text",
        title="Regatta sails past the lighthouse",
        published=datetime(2024, 3, 5, 8, 0, tzinfo=UTC),
        blocks=[Block("p", "Forty boats took part.")],
        status="published",
    )
    article = save_imported(item, publish=True).article
    assert saves == [article.pk]
    assert (article.status, article.published_at) == (Status.PUBLISHED, item.published)
    assert [e[:5] for e in entries(article)] == [
        ("published", "draft", "published", None, "newsdesk import"),
        ("imported", "", "", None, "newsdesk import"),
    ]


# "Public by status": what must follow an article before its time comes ------------------


def test_public_status_ignores_the_time_and_published_does_not(clock):
    due = make_article(published_at=NOW - timedelta(hours=1))
    not_due = make_article(published_at=NOW + timedelta(hours=1))
    scheduled = make_article(status=Status.SCHEDULED, published_at=NOW + timedelta(hours=1))
    draft = make_article(status=Status.DRAFT)
    assert set(Article.objects.with_public_status()) == {due, not_due}
    assert set(Article.objects.published()) == {due}
    assert [a.has_public_status for a in (due, not_due, scheduled, draft)] == [
        True,
        True,
        False,
        False,
    ]
    assert [a.is_published for a in (due, not_due, scheduled, draft)] == [
        True,
        False,
        False,
        False,
    ]


def test_the_search_index_holds_a_published_article_before_its_time_but_no_scheduled_one(
    commit,
):
    later = timezone.now() + timedelta(hours=1)
    with commit():
        not_due = make_article(published_at=later)
        scheduled = make_article(status=Status.SCHEDULED, published_at=later)
    indexed = set(SearchEntry.objects.values_list("article_id", flat=True))
    assert not_due.pk in indexed and scheduled.pk not in indexed


def test_editing_a_published_article_before_its_time_purges_its_pages(commit, purged):
    article = make_article(published_at=timezone.now() + timedelta(hours=1))
    purged.clear()
    with commit():
        article.headline = "Corrected before it appears"
        article.save()
    assert f"article-{article.pk}" in set().union(*purged)


def test_editing_a_scheduled_article_purges_nothing(commit, purged):
    article = make_article(
        status=Status.SCHEDULED, published_at=timezone.now() + timedelta(hours=1)
    )
    purged.clear()
    with commit():
        article.headline = "Still waiting for its time"
        article.save()
    assert purged == []


def test_a_published_article_before_its_time_keeps_its_place_in_a_stored_hot_list():
    article = make_article(published_at=timezone.now() + timedelta(hours=1))
    HotList.objects.create(scope="en", article_ids=[article.pk], computed_at=timezone.now())
    article.headline = "Edited, still published"
    article.save()
    assert HotList.objects.get(scope="en").article_ids == [article.pk]


def test_scheduling_a_hot_article_takes_it_off_the_hot_lists_at_once(editor):
    article = make_article()
    HourlyReads.objects.create(
        article=article, hour=timezone.now().replace(minute=0, second=0, microsecond=0), reads=50
    )
    hot.refresh()
    assert HotList.objects.get(scope="en").article_ids == [article.pk]
    article.schedule(timezone.now() + timedelta(hours=1), by=editor)
    assert all(
        article.pk not in ids for ids in HotList.objects.values_list("article_ids", flat=True)
    )
