"""What the admin's article form posts, built from an article, for tests that save it."""

from django.utils import timezone


def _split(value):
    if value is None:
        return {"0": "", "1": ""}
    local = timezone.localtime(value)
    return {"0": local.strftime("%Y-%m-%d"), "1": local.strftime("%H:%M:%S")}


def article_form(article, *, dates=False, **changes) -> dict:
    """The change form as its user would submit it untouched, then ``changes`` applied.

    ``dates``: include the publication date fields (only editors have them).
    """
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "section": article.section_id,
        "column": article.column_id or "",
        "language": article.language,
        "translation_of": article.translation_of_id or "",
        "source_line": article.source_line,
        "lead_image": article.lead_image_id or "",
        "tags": [tag.pk for tag in article.tags.all()],
        "review_note": "",
        "base_version": article.version,
    }
    if dates:
        for field in ["published_at", "revised_at"]:
            for part, value in _split(getattr(article, field)).items():
                data[f"{field}_{part}"] = value
    for prefix, credits in [
        ("bylines", list(article.bylines.all())),
        ("translator_credits", list(article.translator_credits.all())),
    ]:
        data[f"{prefix}-TOTAL_FORMS"] = len(credits)
        data[f"{prefix}-INITIAL_FORMS"] = len(credits)
        for i, credit in enumerate(credits):
            data[f"{prefix}-{i}-id"] = credit.pk
            data[f"{prefix}-{i}-article"] = article.pk
            data[f"{prefix}-{i}-person"] = credit.person_id
            data[f"{prefix}-{i}-position"] = credit.position
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def change_url(article) -> str:
    return f"/admin/content/article/{article.pk}/change/"
