"""Revisions: what each save of an article looked like, how two differ, and restoring one."""

import difflib
from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from newsdesk.content.body import split_blocks
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
from newsdesk.newsroom.models import AuditEntry, Revision
from newsdesk.newsroom.workflow import log

# What a revision keeps, in the order a diff shows it: the fields a writer edits.
TEXT_FIELDS = ["headline", "standfirst", "body"]
FIELDS = {
    "headline": _("Headline"),
    "standfirst": _("Standfirst"),
    "body": _("Body"),
    "slug": _("Slug"),
    "section": _("Section"),
    "column": _("Column"),
    "authors": _("Authors"),
    "translators": _("Translators"),
    "tags": _("Tags"),
    "lead_image": _("Lead image"),
    "source_line": _("Source line"),
    "language": _("Language"),
    "translation_of": _("Translation of"),
}
# Sent with ``article`` when a new revision changes its text (TEXT_FIELDS) from the one
# before; translations listen (newsroom/receivers.py) so this module need not know them.
text_revised = Signal()

RELATED = {
    "section": Section,
    "column": Column,
    "lead_image": Image,
    "translation_of": Article,
    "authors": Person,
    "translators": Person,
    "tags": Tag,
}


def snapshot(article: Article) -> dict:
    """The article's editable state as plain JSON values (related objects by id)."""
    return {
        "headline": article.headline,
        "standfirst": article.standfirst,
        "body": article.body,
        "slug": article.slug,
        "section": article.section_id,
        "column": article.column_id,
        "authors": list(article.bylines.values_list("person_id", flat=True)),
        "translators": list(article.translator_credits.values_list("person_id", flat=True)),
        "tags": sorted(article.tags.values_list("pk", flat=True)),
        "lead_image": article.lead_image_id,
        "source_line": article.source_line,
        "language": article.language,
        "translation_of": article.translation_of_id,
    }


def text_changed(old: dict | None, new: dict) -> bool:
    """Whether snapshot ``new`` changes the text of an earlier snapshot ``old``."""
    return old is not None and any(old.get(f) != new.get(f) for f in TEXT_FIELDS)


def record(article: Article, by=None, note: str = ""):
    """Keep the article's current state as its next revision, unless nothing changed.

    Returns the new revision, or None. When the text changes, ``text_revised`` is sent
    (translations of an original are then flagged outdated).
    """
    state = snapshot(article)
    latest = article.revisions.order_by("-number").first()
    if latest is not None and latest.snapshot == state and not note:
        return None
    number = max(article.version, latest.number if latest else 0) + 1
    revision = Revision.objects.create(
        article=article, number=number, snapshot=state, created_by=by, note=note
    )
    Article.objects.filter(pk=article.pk).update(version=number)
    article.version = number
    if text_changed(latest.snapshot if latest else None, state):
        text_revised.send(sender=Article, article=article)
    return revision


@transaction.atomic
def restore(article: Article, revision, by):
    """Bring back ``revision``'s content as a new revision; status and dates stay as they are."""
    state = revision.snapshot
    for field in ["headline", "standfirst", "body", "slug", "source_line", "language"]:
        setattr(article, field, state[field])
    for field in ["section", "column", "lead_image", "translation_of"]:
        wanted = state[field]
        if wanted is None or RELATED[field].objects.filter(pk=wanted).exists():
            setattr(article, f"{field}_id", wanted)
    article.save()
    credited = state["authors"] + state["translators"]
    people = set(Person.objects.filter(pk__in=credited).values_list("pk", flat=True))
    article.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(article=article, person_id=p, position=i)
        for i, p in enumerate(p for p in state["authors"] if p in people)
    )
    article.translator_credits.all().delete()
    TranslatorCredit.objects.bulk_create(
        TranslatorCredit(article=article, person_id=p, position=i)
        for i, p in enumerate(p for p in state["translators"] if p in people)
    )
    article.tags.set(Tag.objects.filter(pk__in=state["tags"]))
    new = record(article, by, note=f"Restored revision {revision.number}")
    log(article, AuditEntry.Action.RESTORED, by, detail=f"revision {revision.number}")
    return new


@dataclass
class Change:
    label: str
    html: SafeString


def _names(field: str, values) -> str:
    if field not in RELATED:
        return values or ""
    ids = values if isinstance(values, list) else [values] if values is not None else []
    found = {obj.pk: str(obj) for obj in RELATED[field].objects.filter(pk__in=ids)}
    return ", ".join(found.get(pk, f"#{pk} (deleted)") for pk in ids) or "—"


def diff_words(old: str, new: str) -> SafeString:
    """``new`` against ``old`` word by word, removals in <del> and additions in <ins>."""
    a, b = old.split(), new.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(format_html("<del>{}</del>", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(format_html("<ins>{}</ins>", " ".join(b[j1:j2])))
    return mark_safe(" ".join(out))


def diff_body(old: str, new: str) -> SafeString:
    """Changed paragraphs only, each as a word diff; unchanged ones are left out."""
    a = [block.text for block in split_blocks(old)]
    b = [block.text for block in split_blocks(new)]
    rows = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for k in range(max(len(olds), len(news))):
            before = olds[k] if k < len(olds) else ""
            after = news[k] if k < len(news) else ""
            where = j1 + k + 1 if k < len(news) else i1 + k + 1
            rows.append(
                format_html(
                    '<p class="diff-block"><span class="diff-where">¶{}</span> {}</p>',
                    where,
                    diff_words(before, after),
                )
            )
    return mark_safe("".join(rows))


def diff(old: dict, new: dict) -> list[Change]:
    """What changed from snapshot ``old`` to ``new``, field by field, readable by anyone."""
    changes = []
    for field, label in FIELDS.items():
        before, after = old.get(field), new.get(field)
        if before == after:
            continue
        if field == "body":
            html = diff_body(before or "", after or "")
        elif field in RELATED:
            html = diff_words(_names(field, before), _names(field, after))
        else:
            html = diff_words(str(before or ""), str(after or ""))
        changes.append(Change(str(label), html))
    return changes


@dataclass
class Conflict:
    """Someone saved the article after the editing user opened it."""

    base: int
    current: int
    by: str
    at: object
    changes: list[Change]

    @property
    def message(self) -> str:
        return str(
            _(
                "%(who)s saved this article while you were editing it. Your changes are not "
                "saved yet and are still in the form: read what they changed, then save "
                "again to keep your version."
            )
            % {"who": self.by}
        )


def find_conflict(article: Article, base_version: int | None) -> Conflict | None:
    """A Conflict if ``article`` has a newer revision than ``base_version``, else None.

    Call it inside the transaction that saves: the row stays locked until the save
    (PostgreSQL; SQLite's write transactions are exclusive anyway).
    """
    current = (
        Article.objects.select_for_update()
        .filter(pk=article.pk)
        .values_list("version", flat=True)
        .first()
    )
    if current is None or base_version == current:
        return None
    revisions = {
        r.number: r
        for r in Revision.objects.filter(
            article_id=article.pk, number__in=[base_version or 0, current]
        ).select_related("created_by")
    }
    latest = revisions.get(current)
    earlier = revisions.get(base_version or 0)
    who = latest.created_by if latest else None
    changes = diff(earlier.snapshot, latest.snapshot) if earlier and latest else []
    return Conflict(
        base=base_version or 0,
        current=current,
        by=(who.get_full_name() or who.get_username()) if who else str(_("Someone")),
        at=latest.created_at if latest else None,
        changes=changes,
    )
