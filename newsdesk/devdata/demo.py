"""Load the demo newsroom (``newsdesk demo``): idempotent, nothing downloaded.

Running it again updates the demo articles in place and never duplicates them; the
publication dates of articles that already exist are left alone.
"""

import io
import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from newsdesk.content.models import (
    Article,
    Byline,
    Column,
    Image,
    Person,
    Section,
    Tag,
    TranslatorCredit,
)
from newsdesk.devdata import demo_data, demo_images
from newsdesk.newsroom import revisions
from newsdesk.trending import hot
from newsdesk.trending.models import DailyReads, HourlyReads, ReferrerReads


def _png(picture) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _jpeg(picture) -> bytes:
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def _stored(name: str, make_bytes) -> str:
    """The storage name ``name``, writing ``make_bytes()`` there first if it is missing."""
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(make_bytes()))
        assert saved == name, f"storage renamed {name} to {saved}"
    return name


def block_html(block) -> str:
    """One demo body block as body HTML (see ``newsdesk.content.body``)."""
    kind = block[0]
    if kind == "p":
        return f"<p>{escape(block[1])}</p>"
    if kind == "h2":
        return f"<h2>{escape(block[1])}</h2>"
    if kind == "quote":
        return f"<blockquote><p>{escape(block[1])}</p><cite>{escape(block[2])}</cite></blockquote>"
    if kind == "ul":
        items = "".join(f"<li>{escape(item)}</li>" for item in block[1])
        return f"<ul>{items}</ul>"
    if kind == "image":
        raise ValueError("image blocks need the image map: use body_html()")
    raise ValueError(f"unknown demo block {kind!r}")


def body_html(blocks, images: dict[str, Image]) -> str:
    parts = []
    for block in blocks:
        if block[0] == "image":
            parts.append(images[block[1]].embed_code)
        else:
            parts.append(block_html(block))
    return "\n".join(parts)


def load_people() -> dict[str, Person]:
    people = {}
    for spec in demo_data.PEOPLE:
        photo = _stored(
            f"demo/people/{spec['slug']}.png",
            lambda spec=spec: _png(demo_images.draw_avatar(spec["photo"])),
        )
        people[spec["slug"]], _ = Person.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "role_title": spec["role_title"],
                "bio": spec["bio"],
                "photo": photo,
                "translations": spec["translations"],
            },
        )
    return people


def load_images() -> dict[str, Image]:
    images = {}
    for key, spec in demo_data.IMAGES.items():
        name = _stored(
            f"demo/images/{key}.jpg", lambda spec=spec: _jpeg(demo_images.draw_image(spec))
        )
        image = Image.objects.filter(file=name).first() or Image(file=name)
        image.caption = spec["caption"]
        image.credit = spec["credit"]
        image.alt_text = spec["alt"]
        image.translations = spec["translations"]
        image.save()
        images[key] = image
    return images


def load_article(spec, sections, columns, people, images, originals) -> Article:
    """Create or update one demo article from its ``demo_data`` entry."""
    fields = {
        "headline": spec["headline"],
        "standfirst": spec["standfirst"],
        "body": body_html(spec["body"], images),
        "section": sections[spec["section"]],
        "column": columns[spec["column"]] if spec.get("column") else None,
        "translation_of": originals[spec["translation_of"]] if spec.get("translation_of") else None,
        "lead_image": images[spec["lead_image"]] if spec.get("lead_image") else None,
        "source_line": spec["source_line"],
        "status": spec.get("status", Article.Status.PUBLISHED),
    }
    published_at = timezone.now() - timedelta(hours=spec["hours_ago"])
    article, _ = Article.objects.update_or_create(
        language=spec["language"],
        slug=spec["slug"],
        defaults=fields,
        create_defaults={**fields, "published_at": published_at},
    )
    article.tags.set(
        Tag.objects.update_or_create(
            name=name,
            defaults={"translations": demo_data.TAGS.get(name, {})},
            create_defaults={
                "slug": slugify(name, allow_unicode=True),
                "translations": demo_data.TAGS.get(name, {}),
            },
        )[0]
        for name in spec["tags"]
    )
    article.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(article=article, person=people[slug], position=i)
        for i, slug in enumerate(spec["authors"])
    )
    article.translator_credits.all().delete()
    TranslatorCredit.objects.bulk_create(
        TranslatorCredit(article=article, person=people[slug], position=i)
        for i, slug in enumerate(spec.get("translators", []))
    )
    if spec.get("updated_hours_ago") is not None:
        revised_at = timezone.now() - timedelta(hours=spec["updated_hours_ago"])
        Article.objects.filter(pk=article.pk).update(revised_at=revised_at)
    # A first revision, so the newsroom can show what later edits change.
    revisions.record(article)
    return article


def load_readership(articles) -> None:
    """A month of made-up reads, so Hot Recommended and the readership charts have
    something to show. The same figures on every load (seeded by the article's slug)."""
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    published = [a for a in articles if a.is_published]
    for article in published:
        rng = random.Random(article.slug)
        appeal = rng.uniform(0.2, 1.0)
        age_days = max((now - article.published_at).days, 0)
        for days_ago in range(min(age_days, 29) + 1):
            day = (now - timedelta(days=days_ago)).date()
            reads = int(400 * appeal * 0.6**days_ago * rng.uniform(0.7, 1.3))
            DailyReads.objects.update_or_create(article=article, day=day, defaults={"reads": reads})
        for hours_ago in range(min(age_days * 24, 47) + 1):
            hour = now - timedelta(hours=hours_ago)
            reads = int(40 * appeal * 0.9**hours_ago * rng.uniform(0.5, 1.5))
            HourlyReads.objects.update_or_create(
                article=article, hour=hour, defaults={"reads": reads}
            )
    for domain, reads in [("news.example.org", 180), ("social.example.net", 95),
                          ("search.example.com", 260)]:  # fmt: skip
        for days_ago in range(30):
            day = (now - timedelta(days=days_ago)).date()
            ReferrerReads.objects.update_or_create(
                day=day, domain=domain, defaults={"reads": int(reads * 0.9**days_ago)}
            )
    hot.refresh()


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Load (or refresh) the demo newsroom; returns how many of each thing exist."""
    for position, spec in enumerate(demo_data.SECTIONS):
        Section.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "translations": spec["translations"],
                "position": position,
            },
        )
    for spec in demo_data.COLUMNS:
        Column.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "translations": spec["translations"],
                "description": spec.get("description", ""),
            },
        )
    sections = {s.slug: s for s in Section.objects.all()}
    columns = {c.slug: c for c in Column.objects.all()}
    people = load_people()
    images = load_images()
    originals: dict[str, Article] = {}
    # Originals first, so that translations can point at them.
    for spec in sorted(demo_data.ARTICLES, key=lambda spec: bool(spec.get("translation_of"))):
        originals[spec["key"]] = load_article(spec, sections, columns, people, images, originals)
    load_readership(originals.values())
    return {
        "sections": len(sections),
        "columns": len(columns),
        "people": len(people),
        "images": len(images),
        "articles": len(originals),
    }
