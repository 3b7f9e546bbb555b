"""The demo newsroom: enough of everything, idempotent, and every page of it renders."""

import pytest
from django.core.management import call_command

from newsdesk.content.models import Article, Image, Person, Section
from tests.pagetext import visible_text

pytestmark = pytest.mark.django_db


def test_demo_has_what_the_reader_site_needs(demo):
    published = Article.objects.published()
    assert published.count() >= 12
    assert published.values("section").distinct().count() >= 3
    assert published.exclude(column=None).values("column").distinct().count() >= 2
    translations = published.filter(translation_of__language="zh-hans", language="en")
    assert translations.count() >= 2
    for translation in translations:
        assert translation.ordered_translators(), translation
        assert translation.translation_of.is_published
    assert Person.objects.exclude(bio="").count() >= 4
    assert Person.objects.exclude(photo="").count() >= 4
    assert Image.objects.exclude(caption="").exclude(credit="").exclude(alt_text="").count() >= 6
    assert published.exclude(inline_images=None).exists()


def test_demo_images_are_real_pictures_drawn_by_code(demo):
    image = Image.objects.first()
    assert image.width >= 800 and image.height >= 450
    with image.file.open("rb") as file:
        assert file.read(3) == b"\xff\xd8\xff"  # a JPEG


def test_loading_the_demo_twice_changes_nothing(demo):
    before = {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Article, Person, Image, Section)
    }
    dates = dict(Article.objects.values_list("pk", "published_at"))
    call_command("demo", verbosity=0)
    after = {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Article, Person, Image, Section)
    }
    assert before == after
    assert dict(Article.objects.values_list("pk", "published_at")) == dates
    assert set(Article.objects.values_list("version", flat=True)) == {1}


def test_demo_articles_start_with_a_revision_to_compare_edits_against(demo):
    article = Article.objects.filter(status="published").first()
    assert article.version == 1
    assert article.revisions.get().snapshot["headline"] == article.headline


def test_demo_keeps_non_published_articles_for_the_newsroom(demo):
    hidden = Article.objects.exclude(pk__in=Article.objects.published())
    assert set(hidden.values_list("status", flat=True)) >= {
        "draft",
        "review",
        "scheduled",
        "unpublished",
    }


def test_every_demo_page_renders(client, demo):
    urls = ["/en/", "/zh-hans/"]
    for article in Article.objects.published():
        urls.append(article.get_absolute_url())
        urls += [person.get_absolute_url() for person in article.ordered_authors()]
        urls += [tag.get_absolute_url() for tag in article.tags.all()]
        urls.append(article.section.get_absolute_url())
        if article.column:
            urls.append(article.column.get_absolute_url())
    for url in sorted(set(urls)):
        assert client.get(url).status_code == 200, url


def test_no_demo_page_shows_an_embargoed_article(client, demo):
    for url in ["/en/", "/zh-hans/"] + [s.get_absolute_url() for s in Section.objects.all()]:
        assert "Embargoed" not in client.get(url).content.decode(), url


def test_translated_demo_article_shows_every_part_of_the_reference_page(client, demo):
    article = (
        Article.objects.published()
        .filter(translation_of__isnull=False, column__isnull=False)
        .exclude(inline_images=None)
        .first()
        or Article.objects.published().filter(translation_of__isnull=False).first()
    )
    page = client.get(article.get_absolute_url()).content.decode()
    text = visible_text(page)
    author = article.ordered_authors()[0]
    translator = article.ordered_translators()[0]
    image = article.lead_image or article.inline_images.first()
    if article.column:
        assert f"{article.column.name} {article.headline}" in text  # the kicker, then headline
    assert article.headline in text
    assert article.section.name in text
    assert article.published_at.strftime("%Y-%m-%d") in text
    assert f"By {author.role_title} {author.name}" in text
    assert f"Translated by {translator.name}" in text
    assert article.translation_of.get_absolute_url() in page
    assert image.caption in text and image.credit in text
    assert author.bio in text
    assert article.source_line in text


def test_demo_has_readership_so_hot_recommended_shows(client, demo):
    from newsdesk.trending.models import DailyReads, HotList

    assert DailyReads.objects.exists()
    hot_ids = HotList.objects.get(scope="en").article_ids
    assert set(hot_ids) <= set(Article.objects.published().values_list("pk", flat=True))
    page = client.get("/en/").content.decode()
    assert "Hot Recommended" in page
