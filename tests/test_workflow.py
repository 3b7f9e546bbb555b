"""The workflow: each step, who and when, review notes, scheduling and the caches."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from newsdesk.content.models import Article
from newsdesk.newsroom.models import AuditEntry, ReviewNote
from newsdesk.newsroom.workflow import allowed_steps, publish_due, take_step
from tests.factories import make_article
from tests.wsgi_client import fetch

pytestmark = pytest.mark.django_db
Status = Article.Status


def test_the_whole_round_trip_records_who_and_when(writer, editor):
    article = make_article(status=Status.DRAFT, created_by=writer)
    take_step(article, "submitted", writer)
    take_step(article, "returned", editor, note="Needs a second source.")
    take_step(article, "submitted", writer)
    take_step(article, "published", editor)
    take_step(article, "unpublished", editor)
    take_step(article, "reopened", editor)
    entries = list(AuditEntry.objects.filter(article=article).order_by("at", "pk"))
    assert [(e.action, e.from_status, e.to_status, e.actor) for e in entries] == [
        ("submitted", "draft", "review", writer),
        ("returned", "review", "draft", editor),
        ("submitted", "draft", "review", writer),
        ("published", "review", "published", editor),
        ("unpublished", "published", "unpublished", editor),
        ("reopened", "unpublished", "draft", editor),
    ]
    assert all(e.at is not None for e in entries)
    assert ReviewNote.objects.get(article=article).text == "Needs a second source."


def test_steps_offered_depend_on_role_and_status(writer, editor, translator):
    draft = make_article(status=Status.DRAFT, created_by=writer)
    assert [s.action for s in allowed_steps(writer, draft)] == ["submitted"]
    assert [s.action for s in allowed_steps(translator, draft)] == []
    assert [s.action for s in allowed_steps(editor, draft)] == [
        "submitted",
        "scheduled",
        "published",
    ]
    published = make_article()
    assert [s.action for s in allowed_steps(editor, published)] == ["unpublished"]
    assert allowed_steps(writer, published) == []


def test_a_step_from_the_wrong_status_is_refused_clearly(editor):
    with pytest.raises(ValidationError, match="cannot be"):
        take_step(make_article(), "published", editor)


def test_a_writer_is_refused_publishing(writer):
    article = make_article(status=Status.REVIEW, created_by=writer)
    with pytest.raises(PermissionDenied):
        take_step(article, "published", writer)
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    assert not AuditEntry.objects.exists()


def test_publishing_dates_a_first_publication_now_and_keeps_a_republished_date(editor):
    article = make_article(status=Status.DRAFT)
    take_step(article, "published", editor)
    first = article.published_at
    assert abs(first - timezone.now()) < timedelta(seconds=5)
    take_step(article, "unpublished", editor)
    take_step(article, "published", editor)
    assert article.published_at == first


def test_scheduling_needs_a_future_time(editor):
    article = make_article(status=Status.REVIEW)
    with pytest.raises(ValidationError, match="future"):
        take_step(article, "scheduled", editor, when=timezone.now() - timedelta(minutes=1))
    when = timezone.now() + timedelta(hours=2)
    take_step(article, "scheduled", editor, when=when)
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.SCHEDULED, when)
    assert AuditEntry.objects.get(action="scheduled").detail


def test_scheduled_articles_stay_hidden_until_the_scheduler_publishes_them(editor):
    article = make_article(status=Status.REVIEW, headline="Night market opens")
    take_step(article, "scheduled", editor, when=timezone.now() + timedelta(hours=1))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert publish_due() == []
    later = timezone.now() + timedelta(hours=1, seconds=1)
    assert [a.pk for a in publish_due(now=later)] == [article.pk]
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    entry = AuditEntry.objects.get(action="published")
    assert entry.actor is None and entry.actor_name == "scheduler"


def test_an_unpublished_schedule_is_not_published_by_the_scheduler(editor):
    article = make_article(status=Status.REVIEW)
    take_step(article, "scheduled", editor, when=timezone.now() + timedelta(minutes=5))
    take_step(article, "unpublished", editor)
    assert publish_due(now=timezone.now() + timedelta(hours=1)) == []


def test_an_article_in_a_language_that_is_no_edition_cannot_be_published_or_scheduled(editor):
    # As an import of a German page waits (imports/languageid.py) on an en/zh-hans site.
    article = make_article(status=Status.DRAFT, language="de")
    with pytest.raises(ValidationError, match="not an edition"):
        article.publish(by=editor)
    with pytest.raises(ValidationError, match="not an edition"):
        article.schedule(timezone.now() + timedelta(hours=1), by=editor)
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert not AuditEntry.objects.filter(article=article).exists()


def test_the_scheduler_skips_an_article_whose_language_stopped_being_an_edition(editor, caplog):
    stranded = make_article(status=Status.REVIEW, headline="Stranded")
    take_step(stranded, "scheduled", editor, when=timezone.now() + timedelta(minutes=1))
    Article.objects.filter(pk=stranded.pk).update(language="de")  # EDITIONS changed since
    due = make_article(status=Status.REVIEW, headline="Due after it")
    take_step(due, "scheduled", editor, when=timezone.now() + timedelta(minutes=2))
    assert [a.pk for a in publish_due(now=timezone.now() + timedelta(hours=1))] == [due.pk]
    stranded.refresh_from_db()
    assert stranded.status == Status.SCHEDULED
    assert "not publishing 'Stranded'" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_publishing_purges_the_cached_front_page(editor):
    article = make_article(status=Status.REVIEW, headline="Lantern festival tonight")
    make_article(headline="Already on the front page")
    before = fetch("/en/")
    assert "Lantern festival tonight" not in before.text
    take_step(article, "published", editor)
    assert "Lantern festival tonight" in fetch("/en/").text


@pytest.mark.django_db(transaction=True)
def test_unpublishing_purges_the_article_page(editor):
    article = make_article(headline="Short-lived story")
    assert fetch(article.get_absolute_url()).status == 200
    take_step(article, "unpublished", editor)
    assert fetch(article.get_absolute_url()).status == 404


@pytest.mark.django_db(transaction=True)
def test_scheduled_publication_purges_the_cached_front_page(editor):
    article = make_article(status=Status.REVIEW, headline="Dawn ferry announced")
    make_article(headline="Already on the front page")
    take_step(article, "scheduled", editor, when=timezone.now() + timedelta(minutes=1))
    assert "Dawn ferry announced" not in fetch("/en/").text
    publish_due(now=timezone.now() + timedelta(minutes=2))
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    assert "Dawn ferry announced" in fetch("/en/").text
