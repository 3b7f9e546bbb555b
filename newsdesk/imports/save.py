"""Saving an imported article: match what exists, create what does not, one transaction each.

Re-importing a source (same ``source_key``) updates its article in place; a source whose
content has not changed since the last import is skipped. A new article is a draft,
marked with a review note naming its source (and the importer's notes), unless
``publish`` is asked for and the source itself was published. An article in a language
that is not an edition (languageid.py) stays a draft whatever is asked, until an editor
gives it an edition.
"""

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q

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
from newsdesk.content.slugs import unique_slug
from newsdesk.content.translatable import named
from newsdesk.imports.models import ImportRecord
from newsdesk.imports.record import ImportedArticle, Picture, published_from
from newsdesk.languages import edition_codes
from newsdesk.newsroom import revisions
from newsdesk.newsroom.models import AuditEntry, ReviewNote
from newsdesk.newsroom.workflow import log

# Where an article goes when its source names no section.
FALLBACK_SECTION = "Imported"
# Who the audit log says acted.
IMPORTER = "newsdesk import"


@dataclass
class Outcome:
    article: Article
    action: str  # "created", "updated" or "skipped"


# What a re-import compares: the fields that are saved into the article and its record,
# the body as its blocks (their markup too, not only their words). Left out: the file it
# was read from and the importer's diagnostics (origins, language_confidence,
# language_origin, notes; --json's lead_image only repeats images and lead_picture), so
# that a source whose content is unchanged stays unchanged when an upgraded importer
# labels it better.
CONTENT_FIELDS = (
    "kind", "title", "kicker", "section", "published", "language", "authors", "translators",
    "standfirst", "blocks", "pictures", "lead_picture", "bio", "source_line", "original_url",
    "tags", "status",
)  # fmt: skip


def content_hash(item: ImportedArticle, publish: bool) -> str:
    data = {name: value for name, value in asdict(item).items() if name in CONTENT_FIELDS}
    data["publish"] = publish
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def save_imported(item: ImportedArticle, *, publish: bool = False) -> Outcome:
    """Write ``item`` as an article (created, updated or skipped as unchanged)."""
    digest = content_hash(item, publish)
    record = (
        ImportRecord.objects.select_for_update()
        .select_related("article")
        .filter(source_key=item.source_key)
        .first()
    )
    if record is not None and record.content_hash == digest:
        return Outcome(record.article, "skipped")
    new = record is None
    article = Article(language=item.language) if new else record.article
    _fill(article, item, new=new)
    if new and publish and item.status == "published" and item.language in edition_codes():
        # Saves it, once, dated as its source was (as _fill set it), else now.
        article.publish(by=IMPORTER, at=article.published_at)
    else:
        article.save()
    _credit(article, item)
    article.tags.set(_tag(name) for name in item.tags)
    if record is None:
        record = ImportRecord(source_key=item.source_key, article=article)
    record.kind, record.source = item.kind, item.source[:1000]
    record.original_url, record.content_hash = item.original_url[:1000], digest
    record.save()
    action = "created" if article.version == 0 else "updated"
    revisions.record(article, note=f"Imported from {item.source}"[:200])
    if action == "created":
        ReviewNote.objects.create(
            article=article,
            text=" ".join(
                [
                    f"Imported from {item.source} ({item.kind}).",
                    *(note[:1].upper() + note[1:] + "." for note in item.notes),
                    "Check it before publishing.",
                ]
            ),
        )
    log(article, AuditEntry.Action.IMPORTED, IMPORTER, detail=f"{action} from {item.source}")
    return Outcome(article, action)


def _fill(article: Article, item: ImportedArticle, *, new: bool) -> None:
    article.headline = item.title[:300]
    article.standfirst = item.standfirst
    if new or item.language in edition_codes():
        # An editor's choice of edition is not undone by re-importing a draft in "de".
        article.language = item.language
    article.section = _section(item.section)
    article.column = _column(item.kicker) if item.kicker else None
    article.source_line = item.source_line[:200]
    pictures = _images(article, item)
    article.body = _body_html(item, pictures)
    article.lead_image = pictures[item.lead_picture] if item.lead_picture is not None else None
    when = published_from(item.published)
    if new:
        article.slug = unique_slug(
            Article.objects.filter(language=item.language),
            item.title,
            fallback="article",
            max_length=180,
            allow_unicode=True,
        )
        article.published_at = when
    elif when is not None and not article.has_public_status:
        article.published_at = when


def _body_html(item: ImportedArticle, pictures: list[Image]) -> str:
    parts = []
    for block in item.blocks:
        if block.tag == "figure":
            if block.picture is not None and block.picture < len(pictures):
                parts.append(pictures[block.picture].embed_code)
        elif block.html.strip():
            parts.append(f"<{block.tag}>{block.html}</{block.tag}>")
    return "".join(parts)


def _images(article: Article, item: ImportedArticle) -> list[Image]:
    """An Image for each picture; on re-import, the ones made last time are reused."""
    earlier = {}
    if article.pk:
        shown = Image.objects.filter(
            Q(embedding_articles=article) | Q(leading_articles=article)
        ).distinct()
        earlier = {image.source: image for image in shown if image.source}
    return [_image(picture, earlier) for picture in item.pictures]


def _image(picture: Picture, earlier: dict) -> Image:
    source = (picture.url or picture.file_name or picture.local_path)[:500]
    image = earlier.get(source) or Image(source=source)
    image.caption = picture.caption
    image.credit = picture.credit[:200]
    image.alt_text = (picture.alt_text or picture.caption or picture.file_name)[:300]
    path = Path(picture.local_path) if picture.local_path else None
    if not image.file and path is not None and path.is_file():
        try:
            with path.open("rb") as handle:
                image.file.save(path.name, File(handle), save=False)
        except ValidationError:
            pass  # not a picture we accept (content/uploads.py): its file waits, as if missing
    image.save()
    return image


def _credit(article: Article, item: ImportedArticle) -> None:
    article.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(article=article, person=_person(credit), position=i)
        for i, credit in enumerate(item.authors)
    )
    article.translator_credits.all().delete()
    TranslatorCredit.objects.bulk_create(
        TranslatorCredit(article=article, person=_person(credit), position=i)
        for i, credit in enumerate(item.translators)
    )


def _person(credit) -> Person:
    """The person of that name, given the role title and bio when theirs are empty."""
    name = " ".join(credit.name.split())[:200]
    person = Person.objects.filter(named(name)).first()
    if person is None:
        return Person.objects.create(
            name=name,
            slug=unique_slug(Person.objects, name, fallback="person"),
            role_title=credit.role_title[:100],
            bio=credit.bio,
        )
    changed = False
    if credit.role_title and not person.role_title:
        person.role_title, changed = credit.role_title[:100], True
    if credit.bio and not person.bio:
        person.bio, changed = credit.bio, True
    if changed:
        person.save(update_fields=["role_title", "bio"])
    return person


def _section(name: str) -> Section:
    name = " ".join(name.split())[:100] or FALLBACK_SECTION
    found = Section.objects.filter(named(name)).first()
    if found:
        return found
    slug = unique_slug(Section.objects, name, fallback="section")
    return Section.objects.create(name=name, slug=slug, position=999)


def _column(name: str) -> Column:
    name = " ".join(name.split())[:100]
    found = Column.objects.filter(named(name)).first()
    if found:
        return found
    return Column.objects.create(
        name=name, slug=unique_slug(Column.objects, name, fallback="column")
    )


def _tag(name: str) -> Tag:
    name = " ".join(name.split())[:100]
    found = Tag.objects.filter(named(name)).first()
    if found:
        return found
    slug = unique_slug(Tag.objects, name, fallback="tag", allow_unicode=True)
    return Tag.objects.create(name=name, slug=slug)
