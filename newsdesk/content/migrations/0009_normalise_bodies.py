"""Stored bodies in the canonical form (issue 15): text that was glued into one paragraph
beside a subheading or a figure gets its paragraphs back, on the page, at the translation
desk, in diffs and in the API.

Every article body is sanitized again, and so is the body of every revision snapshot: a
snapshot left in the old form would make the next save look like a text change (its
translations flagged outdated) and would misalign the translation desk's rows. The rows
are written with update(): no revision, no new ``updated_at``, no signal.

``body_html`` is the body with its figures expanded. Without figures it is the body
itself. With figures, each figure is expanded as the stored ``body_html`` already had it
(the rendering needs the live templates, which a migration must not use); where that
cannot be matched up, ``body_html`` is left and ``newsdesk render_bodies`` renders it.

It uses the live ``sanitize`` on purpose: the form to reach is today's canonical one.
Reversing it is a no-op (the old form was the broken one).
"""

import re

from django.db import migrations

from newsdesk.content.body import IMAGE_FIGURE, sanitize

BATCH = 500
RENDERED_FIGURE = re.compile(r'<figure class="figure">.*?</figure>', re.DOTALL)


def rendered(old_body, old_html, new_body, existing):
    """``new_body`` with its figures expanded as ``old_html`` had them; None if unsure.

    A figure whose image is gone was rendered as nothing: ``existing`` (ids of images
    that exist) says which figures of ``old_body`` have markup in ``old_html``.
    """
    shown = [int(pk) for pk in IMAGE_FIGURE.findall(old_body) if int(pk) in existing]
    markup = RENDERED_FIGURE.findall(old_html)
    if len(shown) != len(markup):
        return None
    by_id = dict(zip(shown, markup, strict=True))
    ids = [int(pk) for pk in IMAGE_FIGURE.findall(new_body)]
    if any(pk in existing and pk not in by_id for pk in ids):
        return None
    return IMAGE_FIGURE.sub(lambda match: by_id.get(int(match.group(1)), ""), new_body)


def batches(queryset):
    """The rows of ``queryset`` in pk order, BATCH at a time; each batch is read before
    it is written, so no cursor is open on a table being updated (SQLite)."""
    last = 0
    while batch := list(queryset.filter(pk__gt=last).order_by("pk")[:BATCH]):
        yield batch
        last = batch[-1].pk


def normalise_articles(Article, Image):
    """Sanitize every article body again; returns how many changed."""
    changed = 0
    for batch in batches(Article.objects.only("pk", "body", "body_html")):
        updated = []
        for article in batch:
            body = sanitize(article.body)
            if body == article.body:
                continue
            html = body
            if "data-image-id" in body:
                ids = [int(pk) for pk in IMAGE_FIGURE.findall(article.body)]
                existing = set(Image.objects.filter(pk__in=ids).values_list("pk", flat=True))
                html = rendered(article.body, article.body_html, body, existing)
                html = article.body_html if html is None else html
            article.body, article.body_html = body, html
            updated.append(article)
        Article.objects.bulk_update(updated, ["body", "body_html"])
        changed += len(updated)
    return changed


def normalise_revisions(Revision):
    """Sanitize the body of every revision snapshot again; returns how many changed."""
    changed = 0
    for batch in batches(Revision.objects.only("pk", "snapshot")):
        updated = []
        for revision in batch:
            old = revision.snapshot.get("body")
            if isinstance(old, str) and sanitize(old) != old:
                revision.snapshot["body"] = sanitize(old)
                updated.append(revision)
        Revision.objects.bulk_update(updated, ["snapshot"])
        changed += len(updated)
    return changed


def normalise(apps, schema_editor):
    normalise_articles(apps.get_model("content", "Article"), apps.get_model("content", "Image"))
    normalise_revisions(apps.get_model("newsroom", "Revision"))


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0008_article_language_editions"),
        ("newsroom", "0004_image_changed_action"),
    ]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop, elidable=True)]
