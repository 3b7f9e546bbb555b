"""The data migration that brings stored bodies to the canonical form (content/migrations,
``*_normalise_bodies``), run on rows stored the old way."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps

from newsdesk.content import migrations as content_migrations
from newsdesk.content.models import Article
from newsdesk.newsroom.models import Revision
from newsdesk.newsroom.revisions import record
from tests.factories import make_article, make_image

pytestmark = pytest.mark.django_db

GLUED = "First para.\n\nSecond para.\n\n<h2>Sub</h2>\n\nThird."
FIXED = "<p>First para.</p><p>Second para.</p><h2>Sub</h2><p>Third.</p>"


def migration():
    [path] = Path(content_migrations.__file__).parent.glob("*_normalise_bodies.py")
    return importlib.import_module(f"newsdesk.content.migrations.{path.stem}")


def store_the_old_way(article: Article, body: str, body_html: str | None = None) -> None:
    """What the old sanitizer stored: the body (and its rendering) as given."""
    Article.objects.filter(pk=article.pk).update(
        body=body, body_html=body if body_html is None else body_html
    )


def test_a_glued_body_gets_its_paragraphs_back_without_a_revision_or_a_new_timestamp():
    article = make_article(body="<p>x</p>")
    record(article, None)
    store_the_old_way(article, GLUED)
    before = Article.objects.values("updated_at", "version", "revised_at").get(pk=article.pk)
    migration().normalise(apps, None)
    article.refresh_from_db()
    assert article.body == FIXED
    assert article.body_html == FIXED
    assert Article.objects.values("updated_at", "version", "revised_at").get(pk=article.pk) == (
        before
    )
    assert article.revisions.count() == 1


def test_figures_keep_the_rendering_they_had():
    image = make_image(caption="Boats at dawn.")
    gone = make_image()
    article = make_article(body=f"<p>Before.</p>{image.embed_code}")
    figure = article.body_html.split("<p>Before.</p>")[1]
    assert "Boats at dawn." in figure
    gone_id = gone.pk
    old_body = f"Before.\n\nStill before.{image.embed_code}After.{gone.embed_code}"
    gone.delete()  # rendered as nothing
    store_the_old_way(article, old_body, f"Before.\n\nStill before.{figure}After.")
    migration().normalise(apps, None)
    article.refresh_from_db()
    assert article.body == (
        f"<p>Before.</p><p>Still before.</p>{image.embed_code}<p>After.</p>"
        f'<figure data-image-id="{gone_id}"></figure>'
    )
    assert article.body_html == f"<p>Before.</p><p>Still before.</p>{figure}<p>After.</p>"


def test_a_rendering_that_does_not_match_its_body_is_left_for_render_bodies():
    image = make_image()
    article = make_article(body=f"<p>x</p>{image.embed_code}")
    store_the_old_way(article, f"One.\n\nTwo.{image.embed_code}", "<p>stale</p>")
    migration().normalise(apps, None)
    article.refresh_from_db()
    assert article.body == f"<p>One.</p><p>Two.</p>{image.embed_code}"
    assert article.body_html == "<p>stale</p>"


def test_revision_snapshots_are_normalised_so_the_next_save_keeps_no_revision():
    article = make_article(body="<p>x</p>")
    revision = record(article, None)
    store_the_old_way(article, GLUED)
    Revision.objects.filter(pk=revision.pk).update(snapshot={**revision.snapshot, "body": GLUED})
    migration().normalise(apps, None)
    revision.refresh_from_db()
    assert revision.snapshot["body"] == FIXED
    article.refresh_from_db()
    article.save()
    assert record(article, None) is None


def test_canonical_bodies_are_not_written():
    article = make_article(body=FIXED)
    assert migration().normalise_articles(Article, apps.get_model("content", "Image")) == 0
    article.refresh_from_db()
    assert article.body == FIXED
