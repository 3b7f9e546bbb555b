from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse, set_script_prefix
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.content.models import Article
from tests.factories import make_article, make_column, make_person, make_section

pytestmark = pytest.mark.django_db

NOT_PUBLISHED = ["draft", "review", "scheduled", "unpublished"]


def test_published_includes_a_published_article():
    article = make_article()
    assert list(Article.objects.published()) == [article]


@pytest.mark.parametrize("status", NOT_PUBLISHED)
def test_published_excludes_every_other_status(status):
    make_article(status=status, published_at=timezone.now() - timedelta(days=1))
    assert not Article.objects.published().exists()


def test_published_excludes_a_published_article_dated_in_the_future():
    make_article(published_at=timezone.now() + timedelta(hours=1))
    assert not Article.objects.published().exists()


def test_publishing_without_a_date_stamps_now():
    article = make_article(status="draft")
    assert article.published_at is None
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at is not None
    assert article.is_published


def test_slug_is_unique_per_language_only():
    make_article(slug="harbour", language="en")
    make_article(slug="harbour", language="zh-hans")
    with pytest.raises(IntegrityError):
        make_article(slug="harbour", language="en")


def test_translation_must_be_in_another_language():
    original = make_article(language="en")
    translation_ = make_article(language="en", translation_of=original)
    with pytest.raises(ValidationError, match="another language"):
        translation_.full_clean()


def test_translation_must_point_at_the_original_not_another_translation():
    original = make_article(language="zh-hans")
    english = make_article(language="en", translation_of=original)
    chained = make_article(language="zh-hans", translation_of=english, slug="chained")
    with pytest.raises(ValidationError, match="original"):
        chained.full_clean()


def test_an_article_cannot_translate_itself():
    article = make_article()
    article.translation_of = article
    with pytest.raises(ValidationError, match="itself"):
        article.full_clean()


def test_published_versions_link_original_and_translations_but_not_drafts():
    original = make_article(language="zh-hans")
    english = make_article(language="en", translation_of=original)
    make_article(language="en", translation_of=original, status="draft", slug="draft-copy")
    make_article(
        language="en", translation_of=original, slug="scheduled-copy",
        published_at=timezone.now() + timedelta(hours=1),
    )  # fmt: skip
    assert english.published_versions() == [original, english]
    assert original.published_versions() == [original, english]


def test_authors_and_translators_keep_their_order():
    first, second, translator = make_person(), make_person(), make_person()
    article = make_article(authors=[second, first], translators=[translator])
    assert article.ordered_authors() == [second, first]
    assert article.ordered_translators() == [translator]


def test_article_url_is_in_its_own_language_edition():
    published_at = timezone.make_aware(timezone.datetime(2026, 3, 4, 12, 0))
    chinese = make_article(language="zh-hans", slug="gang-kou", published_at=published_at)
    with translation.override("en"):
        assert chinese.get_absolute_url() == "/zh-hans/2026/03/04/gang-kou/"


@settings(max_examples=200, deadline=None)
@given(
    slug=st.from_regex(r"[-\w]{1,40}", fullmatch=True),
    day=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31)),
    language=st.sampled_from(["en", "zh-hans", "ja"]),
    script_prefix=st.sampled_from(["/", "/news/"]),
)
def test_an_articles_address_is_what_reverse_makes(slug, day, language, script_prefix):
    """get_absolute_url fills an address reversed once per edition (article_address)."""
    article = Article(slug=slug, language=language, published_at=timezone.make_aware(day))
    when = timezone.localtime(article.published_at)
    set_script_prefix(script_prefix)
    try:
        with translation.override(language):
            expected = reverse(
                "reader:article",
                kwargs={"year": when.year, "month": f"{when.month:02d}",
                        "day": f"{when.day:02d}", "slug": slug},
            )  # fmt: skip
        with translation.override("en"):
            assert article.get_absolute_url() == expected
    finally:
        set_script_prefix("/")


def test_editing_a_published_articles_text_marks_it_revised():
    article = make_article(published_at=timezone.now() - timedelta(hours=3))
    assert article.revised_at is None and not article.was_updated
    article.body = "<p>A corrected paragraph.</p>"
    article.save()
    assert article.revised_at is not None
    assert article.was_updated


def test_saving_unchanged_text_or_a_draft_does_not_mark_it_revised():
    article = make_article(published_at=timezone.now() - timedelta(hours=3))
    article.save()
    draft = make_article(status="draft")
    draft.body = "<p>Still writing.</p>"
    draft.save()
    assert article.revised_at is None and draft.revised_at is None


def test_a_fix_within_minutes_of_publishing_is_not_shown_as_an_update():
    article = make_article(published_at=timezone.now() - timedelta(minutes=2))
    article.headline = "Typo fixed"
    article.save()
    assert not article.was_updated


def test_section_and_column_names_follow_the_edition():
    section = make_section(name="Business", translations={"zh-hans": {"name": "财经"}})
    column = make_column(name="Review")
    with translation.override("zh-hans"):
        assert section.display_name == "财经"
        assert column.display_name == "Review"
    with translation.override("en"):
        assert section.display_name == "Business"
