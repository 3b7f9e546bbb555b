"""Our article page carries every part of the reference page in ../shared/reference/.

The reference text belongs to its publisher: it is read from shared/ here, never copied
into the project. The test takes its parts apart with simple rules (the real importer is
a later feature), stores them as an article, and checks that a reader sees each part.
"""

import os
import re
from pathlib import Path

import pytest
from django.utils import timezone

from newsdesk.content.models import Article, Byline, Column, Person, Section, TranslatorCredit
from tests.factories import make_image
from tests.pagetext import squash, visible_text

REFERENCE = (
    Path(__file__).resolve().parents[2] / "shared" / "reference" / "apd-review-2018-06-06.txt"
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def reference_lines():
    if not REFERENCE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the reference page is missing: {REFERENCE}")
        pytest.skip(f"no reference page at {REFERENCE} (shared/ is not beside this checkout)")
    return [line.strip() for line in REFERENCE.read_text(encoding="utf-8").splitlines()]


def parts_of(lines):
    """The reference page's parts, found by its own layout."""
    kicker_line = next(line for line in lines if " | " in line)
    column, headline = kicker_line.split(" | ", 1)
    section, date = re.match(
        r"(\D+)(\d{4}-\d{2}-\d{2})$", lines[lines.index(kicker_line) + 2]
    ).groups()
    byline_at = next(i for i, line in enumerate(lines) if line.startswith("By ") and len(line) < 80)
    role_title, name = re.match(r"By (.+) (\S+ \S+)$", lines[byline_at]).groups()
    translator = lines[byline_at + 2].removeprefix("Translated by ")
    image_at = next(i for i, line in enumerate(lines) if line.lower().endswith(".jpg"))
    caption = lines[image_at + 2]
    source_at = next(i for i, line in enumerate(lines) if re.fullmatch(r"\(.+\)", line))
    bio = next(line for line in lines[image_at:source_at] if line.startswith(f"{name} is "))
    body = [
        line
        for line in lines[byline_at + 4 : source_at]
        if line and line not in {lines[image_at], caption, bio}
    ]
    return {
        "column": column, "headline": headline, "section": section, "date": date,
        "role_title": role_title, "name": name, "translator": translator,
        "caption": caption, "bio": bio, "body": body, "source_line": lines[source_at],
    }  # fmt: skip


def test_article_page_shows_every_part_of_the_reference_page(client, reference_lines):
    parts = parts_of(reference_lines)
    author = Person.objects.create(
        name=parts["name"], slug="author", role_title=parts["role_title"], bio=parts["bio"]
    )
    translator = Person.objects.create(name=parts["translator"], slug="translator")
    image = make_image(caption=parts["caption"], credit="", alt_text="Two leaders shake hands")
    body = parts["body"]
    article = Article.objects.create(
        column=Column.objects.create(name=parts["column"], slug="review"),
        headline=parts["headline"],
        slug="reference",
        section=Section.objects.create(name=parts["section"], slug="top-news"),
        body="".join(f"<p>{p}</p>" for p in body[:2]) + image.embed_code
        + "".join(f"<p>{p}</p>" for p in body[2:]),
        source_line=parts["source_line"],
        status=Article.Status.PUBLISHED,
        published_at=timezone.make_aware(timezone.datetime.fromisoformat(parts["date"] + "T08:00")),
    )  # fmt: skip
    Byline.objects.create(article=article, person=author)
    TranslatorCredit.objects.create(article=article, person=translator)

    page = client.get(article.get_absolute_url()).content.decode()
    text = visible_text(page)

    assert f"{parts['column']} {parts['headline']}" in text  # kicker, then headline
    assert f"{parts['section']} {parts['date']}" in text
    assert f"By {parts['role_title']} {parts['name']}" in text
    assert f"Translated by {parts['translator']}" in text
    assert squash(parts["caption"]) in text
    for paragraph in body:
        assert squash(paragraph) in text
        assert text.count(squash(paragraph)) == 1, "the body appears once"
    assert squash(parts["bio"]) in text
    assert parts["source_line"] in text
    assert f'href="{author.get_absolute_url()}"' in page
