"""Revisions: what each save of an article looked like, how two differ, restoring one, and
merging two saves that started from the same one."""

import dataclasses
import difflib
from dataclasses import dataclass
from typing import NamedTuple

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.formats import date_format
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
# Sent with ``article`` (and ``by``, who saved it) when a new revision changes its text
# (TEXT_FIELDS) from the one before; translations listen (newsroom/receivers.py) so this
# module need not know them.
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
        text_revised.send(sender=Article, article=article, by=by)
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


# Merging two saves that started from the same revision --------------------------------

# Fields one side changes as a whole; tags merge as a set, credits as lists, body by block.
WHOLE_FIELDS = [
    "headline",
    "standfirst",
    "slug",
    "section",
    "column",
    "lead_image",
    "source_line",
    "language",
    "translation_of",
]
LIST_FIELDS = ["authors", "translators"]


@dataclass
class Overlap:
    """A part both sides changed, differently: a field, or a run of body blocks.

    For the body, ``mine`` and ``theirs`` are lists of block HTML and ``at`` is where
    the run starts in the merged body, which holds mine until someone chooses theirs.
    """

    field: str
    mine: object
    theirs: object
    at: int = 0

    @property
    def key(self) -> str:
        return f"body-{self.at}" if self.field == "body" else self.field

    @property
    def label(self) -> str:
        if self.field == "body":
            return str(_("Body, from block %(n)d") % {"n": self.at + 1})
        return str(FIELDS.get(self.field, self.field))

    @property
    def mine_html(self) -> SafeString:
        return self._show(self.mine)

    @property
    def theirs_html(self) -> SafeString:
        return self._show(self.theirs)

    def _show(self, value) -> SafeString:
        """One side as the conflict panel shows it."""
        if self.field != "body":
            return format_html("<p>{}</p>", _names(self.field, value) or "—")
        blocks = [block for html in value for block in split_blocks(html)]
        if not blocks:
            return format_html("<p><em>{}</em></p>", _("(deleted)"))
        return mark_safe(
            "".join(
                format_html('<p class="figure-note">{}</p>', b.text)
                if b.tag == "figure"
                else b.html  # sanitized: the body subset
                for b in blocks
            )
        )


class Merge(NamedTuple):
    """Both sides' changes from a common base: ``result`` holds mine where they overlap."""

    result: dict
    conflicts: list[Overlap]


def merge(base: dict, mine: dict, theirs: dict) -> Merge:
    """Three-way merge of snapshots: what either side changed from ``base`` is kept.

    Only the same field changed differently by both, or the same body blocks (or two
    different insertions at one place), is a conflict; tags merge as a set and credit
    lists keep both sides' additions and removals, so they never conflict.
    """
    result, conflicts = {}, []
    for name in sorted(set(base) | set(mine) | set(theirs)):
        b, m, t = base.get(name), mine.get(name, base.get(name)), theirs.get(name, base.get(name))
        if m == t or t == b:
            result[name] = m
        elif m == b:
            result[name] = t
        elif name == "body":
            result[name], overlaps = merge_body(b or "", m or "", t or "")
            conflicts += overlaps
        elif name == "tags":
            b, m, t = set(b or []), set(m or []), set(t or [])
            result[name] = sorted((b | m | t) - (b - m) - (b - t))
        elif name in LIST_FIELDS:
            gone = set(b or []) - set(m) | set(b or []) - set(t)
            kept = [x for x in m if x not in gone]
            result[name] = kept + [x for x in t if x not in kept and x not in gone]
        else:
            result[name] = m
            conflicts.append(Overlap(name, m, t))
    return Merge(result, conflicts)


def _hunks(base: list[str], side: list[str], who: str) -> list[tuple]:
    matcher = difflib.SequenceMatcher(None, base, side, autojunk=False)
    return [
        (i1, i2, side[j1:j2], who) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"
    ]


def _overlap(a: tuple, b: tuple) -> bool:
    """Two changes touch the same base blocks, or insert at the same place."""
    return (a[0] < b[1] and b[0] < a[1]) or a[0] == a[1] == b[0] == b[1]


def _apply(base: list[str], lo: int, hi: int, hunks: list[tuple]) -> list[str]:
    out, at = [], lo
    for i1, i2, blocks, _who in hunks:
        out += base[at:i1] + blocks
        at = i2
    return out + base[at:hi]


def merge_body(base: str, mine: str, theirs: str) -> tuple[str, list[Overlap]]:
    """A diff3 of two bodies by block: each side's changes against ``base`` are taken
    where they touch different blocks; where both changed the same ones differently,
    mine is kept and an Overlap says what theirs was."""
    b, m, t = ([block.html for block in split_blocks(x)] for x in (base, mine, theirs))
    changes = sorted(_hunks(b, m, "mine") + _hunks(b, t, "theirs"), key=lambda h: h[:2])
    # Sorted by start, a change can only touch the last group (see _overlap).
    groups: list[list[tuple]] = []
    for change in changes:
        if groups and any(_overlap(change, other) for other in groups[-1]):
            groups[-1].append(change)
        else:
            groups.append([change])
    out, overlaps, at = [], [], 0
    for group in groups:
        lo, hi = min(h[0] for h in group), max(h[1] for h in group)
        out += b[at:lo]
        ours = _apply(b, lo, hi, [h for h in group if h[3] == "mine"])
        others = _apply(b, lo, hi, [h for h in group if h[3] == "theirs"])
        if {h[3] for h in group} == {"theirs"}:
            ours = others
        elif {h[3] for h in group} == {"mine", "theirs"} and ours != others:
            overlaps.append(Overlap("body", ours, others, at=len(out)))
        out += ours
        at = hi
    out += b[at:]
    return "".join(out), overlaps


def resolve(state: dict, overlaps: list[Overlap], theirs: set[str]) -> dict:
    """``state`` with theirs taken for the overlaps whose key is in ``theirs``.

    A body run is replaced only where the body still holds mine there, so an edit made
    to those blocks since the choice was offered is not thrown away.
    """
    state = dict(state)
    chosen = [o for o in overlaps if o.key in theirs]
    for overlap in chosen:
        if overlap.field != "body":
            state[overlap.field] = overlap.theirs
    body = [block.html for block in split_blocks(state.get("body") or "")]
    for overlap in sorted((o for o in chosen if o.field == "body"), key=lambda o: -o.at):
        end = overlap.at + len(overlap.mine)
        if body[overlap.at : end] == overlap.mine:
            body[overlap.at : end] = overlap.theirs
    if any(o.field == "body" for o in chosen):
        state["body"] = "".join(body)
    return state


@dataclass
class Conflict:
    """Someone saved the article after the editing user opened it.

    ``merge`` is their save merged with this user's (None when the revision the user
    started from is unknown): without ``merge.conflicts`` it can be saved as it is.
    """

    base: int
    current: int
    by: str
    at: object
    changes: list[Change]
    merge: Merge | None = None
    fields: list[str] = dataclasses.field(default_factory=list)  # what they changed

    @property
    def merged(self) -> bool:
        return self.merge is not None and not self.merge.conflicts

    @property
    def message(self) -> str:
        if self.merge is not None:
            return str(
                _(
                    "%(who)s saved this article while you were editing it and changed the "
                    "same parts as you. Your version is in the form with their other changes "
                    "merged in: choose which version to keep of each part shown side by "
                    "side, then save again."
                )
                % {"who": self.by}
            )
        return str(
            _(
                "%(who)s saved this article while you were editing it. Your changes are not "
                "saved yet and are still in the form: read what they changed, then save "
                "again to keep your version."
            )
            % {"who": self.by}
        )

    @property
    def merged_message(self) -> str:
        return str(
            _("Merged with %(who)s’s changes to %(fields)s (saved at %(at)s)")
            % {"who": self.by, "fields": ", ".join(self.fields), "at": moment(self.at)}
        )


def moment(when) -> str:
    """A time in the active language's format, with the date unless it is today."""
    if when is None:
        return ""
    local = timezone.localtime(when)
    if local.date() == timezone.localdate():
        return date_format(local, "TIME_FORMAT")
    return date_format(local, "DATETIME_FORMAT")


def find_conflict(
    article: Article, base_version: int | None, mine: dict | None = None
) -> Conflict | None:
    """A Conflict if ``article`` has a newer revision than ``base_version``, else None.

    With ``mine`` (the snapshot fields a form edits, as submitted), the Conflict carries
    the three-way merge of mine and the latest revision from revision ``base_version``.
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
    merged = None
    if earlier and latest and mine is not None:
        merged = merge(earlier.snapshot, {**earlier.snapshot, **mine}, latest.snapshot)
    return Conflict(
        base=base_version or 0,
        current=current,
        by=(who.get_full_name() or who.get_username()) if who else str(_("Someone")),
        at=latest.created_at if latest else None,
        changes=changes,
        merge=merged,
        fields=[change.label.lower() for change in changes],
    )


def overlaps_between(article: Article, base: int, theirs: int, mine: dict) -> list[Overlap]:
    """Where ``mine`` overlaps what revision ``theirs`` changed from revision ``base``."""
    snapshots = dict(
        Revision.objects.filter(article_id=article.pk, number__in=[base, theirs]).values_list(
            "number", "snapshot"
        )
    )
    if base not in snapshots or theirs not in snapshots:
        return []
    return merge(snapshots[base], {**snapshots[base], **mine}, snapshots[theirs]).conflicts


def log_merge(article: Article, by, conflict: Conflict) -> AuditEntry:
    """The audit line of a save merged with someone else's."""
    detail = f"{conflict.by}’s revision {conflict.current} ({', '.join(conflict.fields)})"
    return log(article, AuditEntry.Action.MERGED, by, detail=detail)
