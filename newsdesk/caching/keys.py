"""Surrogate keys: which pages show what.

A page carries a key for each thing it shows ("article-12", "person-3", "image-8") and,
for a list, a key for the list itself ("section-2-list", "home-en"). A change purges the
keys of what changed: an edited article purges every page that shows it (its own, its
translations', each list it appears in) and the lists it now belongs to, so a newly
published article appears on them at once.
"""

from django.db.models import Q
from django.utils import timezone

from newsdesk.content.models import Article, Byline, TranslatorCredit

NAV = "nav"  # every reader page shows the section menu


def home_list(language: str) -> str:
    return f"home-{language}"


def cards(articles) -> set[str]:
    """Keys of a list of article cards (headline, kicker, lead image, author names)."""
    keys = set()
    for article in articles:
        keys.add(f"article-{article.pk}")
        if article.column_id:
            keys.add(f"column-{article.column_id}")
        if article.lead_image_id:
            keys.add(f"image-{article.lead_image_id}")
        keys.update(f"person-{pk}" for pk in authors_of(article))
    return keys


def authors_of(article) -> list[int]:
    """The ids of ``article``'s authors: as a list page read them (``with_cards``), else
    from its bylines."""
    listed = getattr(article, "author_ids", None)
    if listed is not None:
        return [int(pk) for pk in listed.split()]
    return [byline.person_id for byline in article.bylines.all()]


def list_page(list_key: str, articles, *shown) -> set[str]:
    """Keys of a list page: the list, its cards, and any object it describes."""
    return {NAV, list_key, *shown} | cards(articles)


def article_page(article, versions) -> set[str]:
    keys = {NAV, f"article-{article.pk}"}
    keys.update(f"article-{version.pk}" for version in versions)
    if article.translation_of_id:
        keys.add(f"article-{article.translation_of_id}")
    if article.column_id:
        keys.add(f"column-{article.column_id}")
    keys.update(f"person-{b.person_id}" for b in article.bylines.all())
    keys.update(f"person-{c.person_id}" for c in article.translator_credits.all())
    keys.update(f"tag-{tag.pk}" for tag in article.tags.all())
    if article.lead_image_id:
        keys.add(f"image-{article.lead_image_id}")
    keys.update(f"image-{pk}" for pk in article.inline_images.values_list("pk", flat=True))
    return keys


def article_change(article_id: int) -> set[str]:
    """What to purge when an article changes, from its state in the database now.

    Empty for an article readers have never seen and do not see now (a draft).
    """
    row = (
        Article.objects.filter(pk=article_id)
        .values("language", "section_id", "column_id", "translation_of_id", "published_at")
        .first()
    )
    if row is None:
        return set()
    original = row["translation_of_id"] or article_id
    versions = Article.objects.filter(Q(pk=original) | Q(translation_of_id=original)).values_list(
        "pk", flat=True
    )
    keys = {f"article-{pk}" for pk in versions}
    keys.add(home_list(row["language"]))
    keys.add(f"section-{row['section_id']}-list")
    if row["published_at"] is not None:  # the month the sitemap index counts it in
        keys.add(f"month-{timezone.localtime(row['published_at']):%Y-%m}")
    if row["column_id"]:
        keys.add(f"column-{row['column_id']}-list")
    tags = Article.tags.through.objects.filter(article_id=article_id).values_list(
        "tag_id", flat=True
    )
    keys.update(f"tag-{pk}-list" for pk in tags)
    for through in (Article.authors.through, Article.translators.through):
        people = through.objects.filter(article_id=article_id).values_list("person_id", flat=True)
        keys.update(f"person-{pk}-list" for pk in people)
    return keys


def front(language: str, section_id: int | None = None) -> str:
    """The list key of a front: an edition's home, or a section's page (every edition's)."""
    return home_list(language) if section_id is None else f"section-{section_id}-list"


# What shows each kind of object a key names: (model, its field naming the object, its
# field naming the article). One indexed query each (SQLite scans a table for an OR).
SHOWN_BY = {
    "column": [(Article, "column_id", "pk")],
    "image": [
        (Article, "lead_image_id", "pk"),
        (Article.inline_images.through, "image_id", "article_id"),
    ],
    "person": [(Byline, "person_id", "article_id"), (TranslatorCredit, "person_id", "article_id")],
    "tag": [(Article.tags.through, "tag_id", "article_id")],
}


def articles_showing(kind: str, pks) -> set[int]:
    """The ids of the articles that show any of the ``kind`` objects ``pks`` (a column,
    a picture as lead or in the body, a person as author or translator, a tag)."""
    found = set()
    for model, field, article in SHOWN_BY.get(kind, ()):
        rows = model.objects.filter(**{f"{field}__in": list(pks)})
        found.update(rows.values_list(article, flat=True))
    return found
