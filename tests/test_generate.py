"""`newsdesk generate`: a large archive of realistic articles, written in bulk."""

import io
import re
import sys
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import escape

from newsdesk.content import body
from newsdesk.content.models import Article, Image, Person, Tag
from newsdesk.devdata import archive, archive_pools, archive_stories
from newsdesk.search.index import _articles as indexable
from newsdesk.search.index import entry_for
from newsdesk.search.models import SearchDocument, SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def archive_media(tmp_path_factory):
    """One media folder for the archive's drawn images, so they are drawn once."""
    return tmp_path_factory.mktemp("archive-media")


@pytest.fixture(autouse=True)
def shared_media(test_settings, archive_media):
    test_settings.MEDIA_ROOT = archive_media


@pytest.fixture
def generated():
    """The first 60 articles of the archive of seed 1."""
    counts = archive.generate_archive(60, seed=1, batch_size=25)
    return counts


def block_kinds(html: str) -> list[str]:
    return [block.tag for block in body.split_blocks(html)]


def test_generates_as_many_articles_as_asked(generated):
    assert generated["articles"] == Article.objects.count() == 60
    assert generated["skipped"] == 0
    assert generated["people"] == Person.objects.count() == archive_pools.PEOPLE
    assert generated["tags"] == Tag.objects.count() == archive_pools.TAGS
    assert generated["images"] == Image.objects.count() == archive_pools.IMAGES
    languages = Counter(Article.objects.values_list("language", flat=True))
    assert languages["en"] > languages["zh-hans"] > 0


def test_articles_have_authors_in_order_tags_and_images(generated):
    articles = Article.objects.prefetch_related("bylines__person", "tags")
    for article in articles:
        positions = [byline.position for byline in article.bylines.all()]
        assert positions == list(range(len(positions))) and 1 <= len(positions) <= 3
        assert all(person.role_title for person in article.ordered_authors())
        assert 2 <= len(article.tags.all()) <= 5
        assert article.headline and article.standfirst and article.source_line
    assert articles.exclude(lead_image=None).count() > 30
    assert Image.objects.filter(width=1200, height=675).exclude(caption="").count() == 40
    assert Image.objects.exclude(credit="").exclude(alt_text="").count() == 40
    with Image.objects.first().file.open("rb") as file:
        assert file.read(3) == b"\xff\xd8\xff"  # a JPEG


def test_bodies_are_sanitized_html_with_figures_expanded_as_save_would(generated):
    with_figure = 0
    for article in Article.objects.prefetch_related("inline_images"):
        assert body.sanitize(article.body) == article.body
        assert 4 <= len(block_kinds(article.body)) <= 11
        ids = body.image_ids(article.body)
        assert sorted(image.pk for image in article.inline_images.all()) == sorted(ids)
        assert "data-image-id" not in article.body_html
        if ids:
            with_figure += 1
            image = Image.objects.get(pk=ids[0])
            assert '<figure class="figure">' in article.body_html
            assert image.caption in article.body_html
            assert f"/media/renditions/{image.pk}/" in article.body_html, "a responsive picture"
        # What Article.save() would store: re-saving changes neither body nor body_html.
        stored = (article.body, article.body_html)
        article.save()
        assert (article.body, article.body_html) == stored
    assert with_figure >= 5


# What a writer fills in; save() derives or keeps the rest.
WRITTEN = [
    "headline",
    "standfirst",
    "body",
    "section",
    "column",
    "language",
    "translation_of",
    "lead_image",
    "source_line",
    "status",
    "published_at",
    "revised_at",
    "created_by",
]
# Different for any two rows, whoever writes them.
OWN = {"id", "slug", "created_at", "updated_at", "version"}


def saved_copy(article: Article) -> Article:
    """A new article with ``article``'s written fields, saved the ordinary way."""
    copy = Article(**{name: getattr(article, name) for name in WRITTEN})
    copy.slug = f"{article.slug}-saved"
    copy.save()
    return Article.objects.get(pk=copy.pk)


def test_a_generated_article_is_what_saving_it_would_store(generated):
    published = Article.objects.published()
    with_image = published.filter(body__contains="data-image-id").order_by("pk").first()
    translation = published.exclude(translation_of=None).order_by("pk").first()
    assert with_image is not None and translation is not None
    for article in (with_image, translation):
        saved = saved_copy(article)
        for field in Article._meta.concrete_fields:
            if field.name not in OWN:
                assert getattr(saved, field.attname) == getattr(article, field.attname), field.name
        assert set(saved.inline_images.all()) == set(article.inline_images.all())
    assert with_image.body_html and with_image.inline_images.exists()


def test_english_bodies_are_news_length(generated):
    words = [
        len(re.sub(r"<[^>]+>", " ", text).split())
        for text in Article.objects.filter(language="en").values_list("body", flat=True)
    ]
    assert min(words) >= 200 and max(words) <= 1100
    assert 350 <= sum(words) / len(words) <= 750


def test_chinese_originals_have_credited_english_translations(generated):
    translations = Article.objects.exclude(translation_of=None)
    assert translations.exists()
    for translation in translations:
        original = translation.translation_of
        assert (original.language, translation.language) == ("zh-hans", "en")
        assert translation.ordered_translators()
        assert translation.ordered_authors() == original.ordered_authors()
        assert set(translation.tags.all()) == set(original.tags.all())
        assert (translation.section_id, translation.column_id, translation.lead_image_id) == (
            original.section_id,
            original.column_id,
            original.lead_image_id,
        )
        assert translation.published_at > original.published_at
        assert block_kinds(translation.body) == block_kinds(original.body)
        assert re.search(r"[\u4e00-\u9fff]", original.body)
    assert Article.objects.filter(language="zh-hans", translation_of=None).count() == (
        translations.count()
    )


def test_some_articles_are_not_published_and_readers_do_not_see_them(generated):
    hidden = Article.objects.exclude(pk__in=Article.objects.published())
    assert hidden.exists()
    assert not hidden.filter(status=Article.Status.PUBLISHED).exists()
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    assert published.count() == Article.objects.published().count()
    assert published.exclude(revised_at=None).exists()
    dates = list(Article.objects.published().values_list("published_at", flat=True))
    days = (max(dates) - min(dates)).total_seconds() / 86400
    assert 0.5 < days * archive_stories.ARTICLES_PER_DAY / len(dates) < 1.5


def test_every_published_article_page_renders(client, generated):
    for article in Article.objects.published():
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200, article.get_absolute_url()
        assert escape(article.headline) in response.content.decode()


def test_the_mix_of_a_large_archive():
    kinds = Counter(archive._plan(seed=7, count=100_000))
    assert kinds[archive.ZH] == kinds[archive.TRANSLATION] or (
        abs(kinds[archive.ZH] - kinds[archive.TRANSLATION]) == 1
    )
    assert 0.07 < kinds[archive.ZH] / 100_000 < 0.11
    hidden = sum(kinds[kind] for kind, _ in archive.HIDDEN_SHARES)
    assert 0.02 < hidden / 100_000 < 0.04
    assert archive._plan(seed=7, count=500) == archive._plan(seed=7, count=1000)[:500]


def test_running_again_adds_nothing_and_another_seed_adds_more(generated):
    before = set(Article.objects.values_list("pk", "slug"))
    again = archive.generate_archive(60, seed=1)
    assert again["articles"] == 0 and again["skipped"] == 60
    assert again["people"] == again["tags"] == again["images"] == 0
    assert set(Article.objects.values_list("pk", "slug")) == before

    longer = archive.generate_archive(70, seed=1)
    assert (longer["articles"], longer["skipped"]) == (10, 60)
    assert Article.objects.count() == 70

    other = archive.generate_archive(30, seed=2)
    assert other["articles"] == 30
    assert Article.objects.count() == 100
    assert (
        Person.objects.count() == archive_pools.PEOPLE
        and Image.objects.count() == archive_pools.IMAGES
    )


def test_progress_is_reported_after_each_batch():
    done = []
    archive.generate_archive(25, seed=3, batch_size=10, progress=done.append)
    assert done == [10, 20, 25]


class Terminal(io.StringIO):
    """Standard error as if it were a terminal, where the progress bar shows."""

    def isatty(self):
        return True


def test_command_prints_a_summary_and_a_progress_bar_on_a_terminal(monkeypatch):
    out, err = io.StringIO(), Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    call_command("generate", articles=20, seed=4, batch_size=10, stdout=out)
    assert "Generated 20 articles" in out.getvalue()
    assert "100%" in err.getvalue() and "20/20" in err.getvalue()
    assert "20/20" not in out.getvalue()
    assert Article.objects.count() == 20


def test_command_shows_no_progress_bar_when_not_on_a_terminal(monkeypatch):
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    call_command("generate", articles=5, seed=5, stdout=out)
    assert "Generated 5 articles" in out.getvalue()
    assert err.getvalue() == ""


def test_command_needs_a_positive_number_of_articles():
    with pytest.raises(CommandError):
        call_command("generate", articles=0, stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("generate", stdout=io.StringIO())


def test_published_articles_are_in_the_search_index_as_update_would_put_them(generated):
    published = set(Article.objects.with_public_status().values_list("pk", flat=True))
    assert set(SearchEntry.objects.values_list("article_id", flat=True)) == published
    assert SearchDocument.objects.count() == len(published)
    fields = ["key", "title", "standfirst", "body", "names"]
    for article in indexable(published):
        entry, document = entry_for(article)
        stored = SearchEntry.objects.get(pk=article.pk)
        assert (stored.key, stored.language, stored.section_id, stored.published_at) == (
            entry.key,
            entry.language,
            entry.section_id,
            entry.published_at,
        )
        stored_document = SearchDocument.objects.get(pk=article.pk)
        for field in fields:
            assert getattr(stored_document, field) == getattr(document, field), field


def test_published_articles_are_found_by_search(generated):
    from newsdesk.search.query import search

    article = Article.objects.published().filter(language="en").order_by("pk").first()
    words = " ".join(re.findall(r"[A-Za-z]{4,}", article.headline)[:3])
    found = search(words, language="en", limit=50)
    assert article.pk in {hit.article.pk for hit in found.hits}


def article_rows() -> list[tuple]:
    """Every article as generated (not its id or creation time), with its links."""
    fields = [
        f.attname
        for f in Article._meta.concrete_fields
        if f.attname not in {"id", "created_at", "updated_at", "translation_of_id"}
    ]
    rows = []
    for article in Article.objects.order_by("pk").prefetch_related("bylines", "tags"):
        rows.append(
            (
                *(getattr(article, name) for name in fields),
                article.translation_of.slug if article.translation_of else None,
                [(b.person_id, b.position) for b in article.bylines.all()],
                sorted(tag.pk for tag in article.tags.all()),
            )
        )
    return rows


def documents() -> list[tuple]:
    return list(
        SearchDocument.objects.order_by("key").values_list("title", "standfirst", "body", "names")
    )


def test_the_same_seed_gives_the_same_archive_with_or_without_a_worker_process(monkeypatch):
    moment = archive.timezone.now()
    monkeypatch.setattr(archive.timezone, "now", lambda: moment)
    archive.generate_archive(40, seed=6, batch_size=15, processes=1)
    with_worker, indexed = article_rows(), documents()
    Article.objects.all().delete()
    assert not SearchDocument.objects.exists()
    archive.generate_archive(40, seed=6, batch_size=15, processes=0)
    assert article_rows() == with_worker
    assert documents() == indexed


def test_unpublished_articles_are_not_in_the_search_index():
    kinds = archive._plan(seed=11, count=2000)
    archive.generate_archive(kinds.index(archive.SCHEDULED) + 1, seed=11)
    hidden = Article.objects.exclude(status=Article.Status.PUBLISHED)
    assert hidden.filter(status=Article.Status.SCHEDULED).exists()
    assert not SearchEntry.objects.filter(article__in=hidden).exists()
    scheduled = Article.objects.filter(status=Article.Status.SCHEDULED)
    assert all(article.published_at > archive.timezone.now() for article in scheduled)
    assert not Article.objects.published().filter(pk__in=scheduled).exists()


def pragmas() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        found = {}
        for name in ("journal_mode", "synchronous", "cache_size", "temp_store"):
            cursor.execute(f"PRAGMA {name}")
            found[name] = cursor.fetchone()[0]
        cursor.execute("SELECT k, v FROM search_fts_config WHERE k != 'version'")
        found["fts"] = dict(cursor.fetchall())
    return found


@pytest.mark.django_db(transaction=True)
def test_sqlite_loads_without_waiting_for_the_disk_and_gets_its_settings_back():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's settings")
    before, during = pragmas(), []
    archive.generate_archive(10, seed=8, batch_size=5, progress=lambda _: during.append(pragmas()))
    after = pragmas()
    assert {k: v for k, v in after.items() if k != "fts"} == {
        k: v for k, v in before.items() if k != "fts"
    }
    assert during[0]["synchronous"] == 0 and during[0]["cache_size"] == -archive.LOAD_CACHE_KIB
    assert during[0]["fts"] == archive.FTS_LOAD
    assert after_defaults(before["fts"]) == after_defaults(after["fts"])


def after_defaults(fts: dict) -> dict:
    """FTS5's merge settings, those left unset at their defaults."""
    return {**archive.FTS_DEFAULTS, **fts}


def test_the_search_index_is_optimized_once_at_the_end_and_only_when_something_was_added(
    monkeypatch,
):
    calls = []
    monkeypatch.setattr(archive, "optimize_search_index", lambda: calls.append(True))
    archive.generate_archive(12, seed=12, batch_size=5)
    assert calls == [True]
    archive.generate_archive(12, seed=12, batch_size=5)
    assert calls == [True]
