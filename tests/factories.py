"""Small factories for tests: each makes a valid object with overridable fields."""

import io
from datetime import timedelta
from itertools import count

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as Picture

from newsdesk.content.models import Article, Byline, Column, Image, Person, Section, Tag

_numbers = count(1)


def png_bytes(size=(64, 48), colour=(30, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    Picture.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def make_section(**fields) -> Section:
    n = next(_numbers)
    fields.setdefault("name", f"Section {n}")
    fields.setdefault("slug", f"section-{n}")
    return Section.objects.create(**fields)


def make_column(**fields) -> Column:
    n = next(_numbers)
    fields.setdefault("name", f"Column {n}")
    fields.setdefault("slug", f"column-{n}")
    return Column.objects.create(**fields)


def make_person(**fields) -> Person:
    n = next(_numbers)
    fields.setdefault("name", f"Writer Number{n}")
    fields.setdefault("slug", f"writer-{n}")
    fields.setdefault("role_title", "Staff writer")
    fields.setdefault("bio", f"Writer {n} covers the harbour and its people.")
    return Person.objects.create(**fields)


def make_tag(**fields) -> Tag:
    n = next(_numbers)
    fields.setdefault("name", f"tag {n}")
    fields.setdefault("slug", f"tag-{n}")
    return Tag.objects.create(**fields)


def make_image(**fields) -> Image:
    fields.setdefault("caption", "A test picture of the harbour at dawn.")
    fields.setdefault("credit", "Photo: Test Desk")
    fields.setdefault("alt_text", "A blue rectangle")
    image = Image(**fields)
    name = f"test-{next(_numbers)}.png"
    # A named ContentFile keeps the width and height fields filled in.
    image.file.save(name, ContentFile(png_bytes(), name=name), save=False)
    image.save()
    return image


def make_article(authors=None, translators=(), tags=(), **fields) -> Article:
    """A published English article unless told otherwise."""
    n = next(_numbers)
    fields.setdefault("headline", f"Harbour story number {n}")
    fields.setdefault("slug", f"harbour-story-{n}")
    fields.setdefault("standfirst", f"What happened at the harbour, part {n}.")
    fields.setdefault("body", f"<p>First paragraph of story {n}.</p><p>Second paragraph.</p>")
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("language", "en")
    fields.setdefault("source_line", "(PACIFIC MERIDIAN)")
    if "section" not in fields:
        fields["section"] = make_section()
    if fields["status"] == Article.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - timedelta(hours=n))
    article = Article.objects.create(**fields)
    for position, person in enumerate(authors if authors is not None else [make_person()]):
        Byline.objects.create(article=article, person=person, position=position)
    for position, person in enumerate(translators):
        article.translator_credits.create(person=person, position=position)
    article.tags.set(tags)
    return article


def make_user(username: str, role: str, **fields):
    """A newsroom account in ``role``'s group (Writer, Translator, Editor, Admin); password "pw"."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(
        username, f"{username}@example.test", "pw", is_staff=True, **fields
    )
    user.groups.add(Group.objects.get(name=role))
    return user
