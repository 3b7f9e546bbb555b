"""Translation as a workflow: request and assign, align side by side, notice when outdated."""

import difflib
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _

from newsdesk.content.body import (
    CAPTION,
    Block,
    image_ids,
    sanitize,
    split_blocks,
    table_block,
    table_parts,
)
from newsdesk.content.models import Article, Byline, Image, Person, TranslatorCredit
from newsdesk.content.slugs import unique_slug
from newsdesk.content.translatable import Text
from newsdesk.languages import own_script, telling_script
from newsdesk.newsroom import notifications, roles
from newsdesk.newsroom.models import AuditEntry, Revision, TranslationTask
from newsdesk.newsroom.revisions import diff, record, snapshot
from newsdesk.newsroom.workflow import log, log_image_change


def person_for(user) -> Person:
    """The byline person of a newsroom account, created from the account when missing.

    Readers see this name: an account without a Person and without a full name is refused
    (ValidationError), never credited under its login name.
    """
    person = Person.objects.filter(user=user).first()
    if person is not None:
        return person
    name = user.get_full_name().strip()
    if not name:
        raise ValidationError(
            _(
                "The account %(username)s has no full name, and readers would see its login "
                "name: give it a full name (Authentication › Users) or link it to a person."
            )
            % {"username": user.get_username()},
            code="no_full_name",
        )
    slug = unique_slug(Person.objects, name, fallback=f"user-{user.pk}")
    return Person.objects.create(name=name, slug=slug, user=user)


@transaction.atomic
def request_translation(original: Article, language: str, translator, by) -> Article:
    """Start a draft translation of ``original`` into ``language``, assigned to ``translator``.

    The draft carries the original's headline (to be translated), placement, authors and
    tags, and its slug if readers know it ("translation" otherwise); the translator is
    credited. Returns the draft.
    """
    if not roles.can_assign(by):
        raise PermissionDenied(_("Only editors request translations."))
    if original.translation_of_id is not None:
        raise ValidationError(_("Translate the original, not a translation."))
    if language == original.language:
        raise ValidationError(_("A translation must be in another language."))
    if original.translations.filter(language=language).exists():
        raise ValidationError(_("This article already has a translation in that language."))
    if translator is not None and not translator.has_perm("content.change_article"):
        raise ValidationError(_("%(name)s cannot edit articles.") % {"name": translator})
    if original.version == 0:
        record(original, by)  # the translation follows a revision of the original
    # A published translation of a draft must not name the draft (issue 13, S4).
    slug = original.slug if original.is_published else ""
    translation = Article.objects.create(
        headline=original.headline,
        slug=unique_slug(
            Article.objects.filter(language=language),
            slug,
            fallback="translation",
            max_length=180,
            allow_unicode=True,
        ),
        section=original.section,
        column=original.column,
        language=language,
        translation_of=original,
        lead_image=original.lead_image,
        source_line=original.source_line,
        created_by=by,
    )
    translation.tags.set(original.tags.all())
    Byline.objects.bulk_create(
        Byline(article=translation, person_id=b.person_id, position=b.position)
        for b in original.bylines.all()
    )
    if translator is not None:
        TranslatorCredit.objects.create(article=translation, person=person_for(translator))
    task = TranslationTask.objects.create(
        translation=translation,
        translator=translator,
        requested_by=by,
        source_version=original.version,
    )
    notifications.translation_assigned(task, by)
    record(translation, by, note="Translation requested")
    log(
        original,
        AuditEntry.Action.TRANSLATION_REQUESTED,
        by,
        detail=f"{language} → {translator or _('nobody yet')}",
    )
    return translation


def flag_outdated(original: Article) -> list[TranslationTask]:
    """The original's text changed: every translation of it no longer matches.

    Called on ``revisions.text_revised`` (newsroom/receivers.py). Returns the tasks that
    were up to date until now (their translators are told).
    """
    current = TranslationTask.objects.filter(translation__translation_of=original, outdated=False)
    flagged = list(current.select_related("translation"))
    now = timezone.now()
    current.filter(pk__in=[task.pk for task in flagged]).update(outdated=True, outdated_at=now)
    untracked = original.translations.filter(translation_task__isnull=True)
    # Translations made by hand get a task too, so the flag reaches them; they follow
    # the revision before this change.
    TranslationTask.objects.bulk_create(
        TranslationTask(
            translation=t,
            source_version=max(original.version - 1, 0),
            outdated=True,
            outdated_at=now,
        )
        for t in untracked
    )
    return flagged


def is_current(translation: Article) -> bool:
    """Whether the translation is known to follow the original's latest text."""
    task = getattr(translation, "translation_task", None)
    return task is not None and not task.outdated


@transaction.atomic
def mark_current(translation: Article, by) -> None:
    """The translator or editor has brought the translation in line with the original."""
    if translation.translation_of_id is None:
        raise ValidationError(_("This article is not a translation."))
    if not roles.can_edit(by, translation) and not roles.is_editor(by):
        raise PermissionDenied(_("You cannot change this translation."))
    # A translation made by hand has no task until now: from here it follows the original.
    task, _created = TranslationTask.objects.update_or_create(
        translation=translation,
        defaults={
            "source_version": translation.translation_of.version,
            "outdated": False,
            "outdated_at": None,
        },
    )
    translation.translation_task = task
    log(translation, AuditEntry.Action.TRANSLATION_UPDATED, by)


def source_snapshot(task: TranslationTask) -> dict | None:
    """The original as the translation last followed it."""
    revision = Revision.objects.filter(
        article_id=task.translation.translation_of_id, number=task.source_version
    ).first()
    return revision.snapshot if revision else None


def changes_since_translated(translation: Article):
    """What changed in the original since the translation followed it (a list of Change)."""
    task = getattr(translation, "translation_task", None)
    if task is None or not task.outdated or translation.translation_of is None:
        return []
    old = source_snapshot(task)
    if old is None:
        return []
    return diff(old, snapshot(translation.translation_of))


@dataclass
class Row:
    """One line of the side-by-side view: a block of the original and its translation."""

    original: Block | None
    translation: str
    state: str = ""  # "", "new" (added to the original), "changed", "removed"

    def __post_init__(self):
        # A table not translated yet is offered in its shape, to be filled in cell by cell.
        if not self.translation and self.original is not None and self.original.tag == "table":
            self.translation = empty_table(self.original)

    @property
    def editable(self) -> bool:
        return self.original is not None and self.original.tag != "figure"


def editable_text(block: Block) -> str:
    """What a translator edits for a block: list items one per line, else the inner HTML
    (a table's: its caption and rows, cell by cell)."""
    if block.tag in {"ul", "ol"}:
        items = block.inner.replace("<li>", "<p>").replace("</li>", "</p>")
        return "\n".join(item.inner for item in split_blocks(items))
    return block.inner


# A cell of a sanitized table: its start tag, its inline content, its end tag.
CELL_CONTENT = re.compile(r"(<t[hd](?: [^>]*)?>)(.*?)(</t[hd]>)", re.S)
# Where a line of a block ends: a table written as no table is read line by line.
LINE_BREAK = re.compile(r"<br>|</?(?:p|li|cite)>")


def empty_table(table: Block) -> str:
    """The inner HTML of ``table`` with its caption (if it has one) and cells emptied."""
    empty = CELL_CONTENT.sub(r"\1\3", table.inner)
    return CAPTION.sub("<caption></caption>", empty)


def block_from_text(original: Block, text: str) -> Block:
    if original.tag in {"ul", "ol"}:
        items = [line.strip() for line in text.splitlines() if line.strip()]
        return Block(original.tag, "".join(f"<li>{item}</li>" for item in items))
    if original.tag == "table":
        return _translated_table(original, text)
    return Block(original.tag, text.strip())


def _translated_table(original: Block, text: str) -> Block:
    """The table a translator wrote, in the original's shape: its cells (or, written as
    no table, its lines; the caption first when the original has one) fill the original's
    cells in order; missing ones are left empty and extra ones join the last cell, so
    that no word is lost and rows, columns, spans and header cells stay the original's."""
    caption, rows = table_parts(original.inner)
    written = split_blocks(sanitize(f"<table>{text}</table>"))
    if len(written) == 1 and written[0].tag == "table":
        written_caption, written_rows = table_parts(written[0].inner)
        parts = [cell.inner for row in written_rows for cell in row]
    else:
        parts = []
        for block in split_blocks(sanitize(text.replace("\n", "<br>"))):
            if block.tag == "table":
                part_caption, part_rows = table_parts(block.inner)
                parts += [part_caption] if part_caption else []
                parts += [cell.inner for row in part_rows for cell in row]
            else:
                parts += [line for line in LINE_BREAK.split(block.inner) if line]
        written_caption = parts.pop(0) if caption and parts else ""
    cells = [cell for row in rows for cell in row]
    if len(parts) > len(cells):
        parts[len(cells) - 1 :] = ["<br>".join(part for part in parts[len(cells) - 1 :] if part)]
    parts += [""] * (len(cells) - len(parts))
    filled = iter(parts)
    shaped = [[cell._replace(inner=next(filled)) for cell in row] for row in rows]
    return table_block(written_caption, shaped) or Block("table", "")


def align(original_body: str, translation_body: str, followed_body: str | None = None) -> list[Row]:
    """Pair each block of the original with its translation.

    Blocks pair by position with the version of the original the translation followed
    (``followed_body``); when the original changed since, its new, changed and removed
    blocks are marked so the translator sees where to work.
    """
    current = split_blocks(original_body)
    translated = [b for b in split_blocks(translation_body) if b.tag != "figure"]
    followed = split_blocks(followed_body if followed_body is not None else original_body)
    # Translated text blocks line up with the followed original's text blocks.
    by_followed, k = {}, 0
    for i, block in enumerate(followed):
        if block.tag == "figure":
            continue
        if k < len(translated):
            by_followed[i] = editable_text(translated[k])
        k += 1
    rows: list[Row] = []
    old_texts, new_texts = [b.text for b in followed], [b.text for b in current]
    matcher = difflib.SequenceMatcher(None, old_texts, new_texts, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                rows.append(Row(current[j], by_followed.get(i, ""), ""))
            continue
        pairs = _pair_similar(old_texts, i1, i2, new_texts, j1, j2)
        paired_old = set(pairs.values())
        for i in range(i1, i2):
            # A block dropped from the original: its translation shows where it was.
            if i not in paired_old and by_followed.get(i):
                if not any(p > i for p in paired_old):
                    continue  # placed after the new blocks below
                rows.append(Row(None, by_followed[i], "removed"))
        for j in range(j1, j2):
            block = current[j]
            if j in pairs and block.tag != "figure":
                rows.append(Row(block, by_followed.get(pairs[j], ""), "changed"))
            else:
                rows.append(Row(block, "", "new"))
        for i in range(i1, i2):
            if i not in paired_old and by_followed.get(i) and not any(p > i for p in paired_old):
                rows.append(Row(None, by_followed[i], "removed"))
    # Translation blocks beyond the followed original (a longer translation) are kept.
    for extra in translated[k:]:
        rows.append(Row(None, editable_text(extra), "removed"))
    return rows


def _pair_similar(old, i1, i2, new, j1, j2) -> dict[int, int]:
    """In a changed stretch, pair each new block with the most similar old one, in order."""
    pairs, start = {}, i1
    for j in range(j1, j2):
        best, best_ratio = None, 0.4
        for i in range(start, i2):
            ratio = difflib.SequenceMatcher(None, old[i], new[j], autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = i, ratio
        if best is not None:
            pairs[j] = best
            start = best + 1
    return pairs


def body_from_rows(rows: list[Row], texts: list[str]) -> str:
    """The translation's body from what the translator wrote in each row."""
    blocks = []
    for row, text in zip(rows, texts, strict=True):
        if row.original is None:
            if text.strip():
                blocks.append(Block("p", text.strip()))
        elif row.original.tag == "figure":
            blocks.append(row.original)
        elif text.strip():
            blocks.append(block_from_text(row.original, text))
    return "".join(block.html for block in blocks)


# Completeness: what is still in the source language. A translation with anything left
# cannot be submitted, scheduled or published (workflow.take_step asks refuse_unfinished).

WORD = re.compile(r"\w+")


def rows_for(translation: Article, body: str | None = None, follows: int | None = None):
    """The desk's rows of ``translation`` (or of ``body`` written for it), aligned with the
    revision of the original it follows: ``follows``, or its task's when outdated."""
    task = getattr(translation, "translation_task", None)
    if follows is None and task is not None and task.outdated:
        follows = task.source_version
    original = translation.translation_of
    followed = None
    if follows is not None and follows != original.version:
        revision = Revision.objects.filter(article=original, number=follows).first()
        followed = revision.snapshot["body"] if revision else None
    return align(original.body, translation.body if body is None else body, followed)


def _comparable(text: str) -> str:
    return " ".join(text.split()).casefold()


def _names_or_numbers(text: str) -> bool:
    """Whether ``text`` reads the same in any language: numbers only, or a few words each
    capitalised (a name, an acronym). Such a block may be copied as it is."""
    words = [word for word in WORD.findall(text) if any(c.isalpha() for c in word)]
    return not words or (len(words) <= 4 and all(word[0].isupper() for word in words))


def still_in_source(original: str, text: str, source: str, target: str, *, names=True) -> bool:
    """Whether ``text``, written for ``original`` (plain text), is still in the source
    language: the same words, or the source's script where the two languages' scripts
    differ (English left in a Chinese translation). ``names``: names and numbers copied
    as they are count as translated; otherwise only text without letters does."""
    if _names_or_numbers(text) if names else not any(c.isalpha() for c in text):
        return False
    if _comparable(text) == _comparable(original):
        return True
    source_script, target_script = own_script(source), own_script(target)
    return source_script != target_script and telling_script(text) == source_script


@dataclass(frozen=True)
class Completeness:
    """What is left to translate: the text blocks still untranslated (empty or in the
    source language) by their row at the desk, and whether the headline and standfirst
    are "empty", still in the "source" language, or translated ("")."""

    source: str
    blocks: int
    untranslated_rows: tuple[int, ...] = ()
    headline: str = ""
    standfirst: str = ""

    @property
    def untranslated(self) -> int:
        return len(self.untranslated_rows)

    @property
    def complete(self) -> bool:
        return not (self.untranslated or self.headline or self.standfirst)

    @property
    def message(self) -> str:
        """ "6 of 8 blocks untranslated; the headline is still in English"; "" when done."""
        language = get_language_info(self.source)["name_translated"]
        parts = []
        if self.untranslated:
            parts.append(
                ngettext(
                    "%(left)d of %(total)d block untranslated",
                    "%(left)d of %(total)d blocks untranslated",
                    self.blocks,
                )
                % {"left": self.untranslated, "total": self.blocks}
            )
        for field, state in [
            (_("the headline"), self.headline),
            (_("the standfirst"), self.standfirst),
        ]:
            if state == "empty":
                parts.append(_("%(field)s is empty") % {"field": field})
            elif state == "source":
                parts.append(
                    _("%(field)s is still in %(language)s") % {"field": field, "language": language}
                )
        return "; ".join(parts)


def _field_state(original: str, text: str, source: str, target: str) -> str:
    if not text.strip():
        return "empty" if original.strip() else ""
    return "source" if still_in_source(original, text, source, target, names=False) else ""


def completeness_of(original: Article, language: str, headline, standfirst, rows, texts):
    """The Completeness of a translation into ``language`` of ``original`` as written at
    the desk: its headline, standfirst, and the text of each row."""
    source = original.language
    untranslated = []
    for i, (row, text) in enumerate(zip(rows, texts, strict=True)):
        if not row.editable:
            continue
        written = block_from_text(row.original, text)
        if not written.inner or still_in_source(row.original.text, written.text, source, language):
            untranslated.append(i)
    return Completeness(
        source=source,
        blocks=sum(row.editable for row in rows),
        untranslated_rows=tuple(untranslated),
        headline=_field_state(original.headline, headline, source, language),
        standfirst=_field_state(original.standfirst, standfirst, source, language),
    )


def completeness(translation: Article, text: dict | None = None) -> Completeness:
    """The Completeness of ``translation``, or of ``text`` (its headline, standfirst and
    body, as a draft update or an unsaved form holds them, and the ``source_version`` of
    the original it follows, if known)."""
    text = text or {f: getattr(translation, f) for f in ("headline", "standfirst", "body")}
    rows = rows_for(translation, sanitize(text["body"]), text.get("source_version"))
    return completeness_of(
        translation.translation_of,
        translation.language,
        text["headline"],
        text["standfirst"],
        rows,
        [row.translation for row in rows],
    )


def check_finished(translation, by, *, note="", override=False, text=None) -> Completeness:
    """Raise unless ``translation`` (or ``text`` for it) is finished, or an editor sends it
    on anyway (``override``) with a note; returns what is left."""
    found = completeness(translation, text)
    if found.complete:
        return found
    if not override:
        raise ValidationError(
            _("This translation is not finished: %(left)s. Translate the rest first.")
            % {"left": found.message}
        )
    if not roles.is_editor(by):
        raise PermissionDenied(_("Only an editor may send on an unfinished translation."))
    if not note.strip():
        raise ValidationError(
            _("Say why this translation goes out unfinished (%(left)s): write a note.")
            % {"left": found.message}
        )
    return found


def refuse_unfinished(translation: Article, by, *, note="", override=False, text=None):
    """``check_finished``, and an audit entry naming what is left and the note when an
    editor lets an unfinished translation through; returns what is left."""
    found = check_finished(translation, by, note=note, override=override, text=text)
    if not found.complete:
        log(
            translation,
            AuditEntry.Action.INCOMPLETE_ALLOWED,
            by,
            detail=f"{found.message} — {note.strip()}",
        )
    return found


# The pictures of a translation: their caption and alt text, translated at the same desk.

# What a translator writes for each picture.
IMAGE_FIELDS = ("caption", "alt_text")


@dataclass
class ImageRow:
    """One picture of a translation: its text in the original's language beside the
    translation's (what is stored, or what the translator just wrote)."""

    image: Image
    original: dict[str, Text]
    texts: dict[str, str]
    editable: bool

    def input_name(self, field: str) -> str:
        return f"image-{self.image.pk}-{field}"

    @property
    def fields(self) -> list[tuple[str, Text, str, str]]:
        """(field, original text, translated text, input name) for the template."""
        return [
            (field, self.original[field], self.texts[field], self.input_name(field))
            for field in IMAGE_FIELDS
        ]


def images_to_translate(translation: Article) -> list[Image]:
    """The pictures a translation shows or will show: its lead image and those of its
    body and its original's body, in order, each once."""
    original = translation.translation_of
    ids = [translation.lead_image_id, original.lead_image_id if original else None]
    ids += image_ids(translation.body) + (image_ids(original.body) if original else [])
    ordered = list(dict.fromkeys(pk for pk in ids if pk is not None))
    found = Image.objects.in_bulk(ordered)
    return [found[pk] for pk in ordered if pk in found]


def can_translate_image(user, image: Image, translation: Article) -> bool:
    """Whether ``user``, at the desk of ``translation``, may write ``image``'s text in the
    translation's language: an editor always; anyone else while no other article readers
    see (or will) shows that text (for the default language, any article's fallback)."""
    if roles.is_editor(user):
        return True
    shown = image.articles().filter(status__in=[Article.PUBLIC_STATUS, Article.Status.SCHEDULED])
    if translation.language != settings.LANGUAGE_CODE:
        shown = shown.filter(language=translation.language)
    return not shown.exclude(pk=translation.pk).exists()


def image_rows(translation: Article, user, posted=None) -> list[ImageRow]:
    """The pictures of ``translation`` as the desk shows them; ``posted``: the submitted
    form, whose texts are shown again when it is refused."""
    source = translation.translation_of.language
    rows = []
    for image in images_to_translate(translation):
        row = ImageRow(
            image=image,
            original={field: image.localized(field, source) for field in IMAGE_FIELDS},
            texts={f: image.translation(translation.language, f) for f in IMAGE_FIELDS},
            editable=can_translate_image(user, image, translation),
        )
        if posted is not None and row.editable:
            row.texts = {f: posted.get(row.input_name(f), "").strip() for f in IMAGE_FIELDS}
        rows.append(row)
    return rows


def save_image_texts(translation: Article, rows: list[ImageRow], by) -> list[Image]:
    """Store what the translator wrote for each picture into its translations (the plain
    fields when translating into the default language); returns the images changed.

    Raises ValidationError, naming the picture, for text its fields refuse.
    """
    language = translation.language
    changed = []
    for row in rows:
        if not row.editable:
            continue
        image = row.image
        before = {field: image.translation(language, field) for field in IMAGE_FIELDS}
        for field, text in row.texts.items():
            if language == settings.LANGUAGE_CODE and not text:
                continue  # the plain fields stay filled: every edition falls back on them
            image.set_translation(language, field, text)
        after = {field: image.translation(language, field) for field in IMAGE_FIELDS}
        if after == before:
            continue
        try:
            image.clean_translations()
            image.clean_fields(exclude=[f.name for f in image._meta.fields if f.name != "alt_text"])
        except ValidationError as error:
            raise ValidationError(
                _("Picture %(id)s: %(errors)s")
                % {"id": image.pk, "errors": " ".join(error.messages)}
            ) from error
        image.save()
        detail = ", ".join(
            f"{field} in {language}" for field in IMAGE_FIELDS if after[field] != before[field]
        )
        log_image_change(image, by, f"translated: {detail}")
        changed.append(image)
    return changed
