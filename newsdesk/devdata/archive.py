"""Generate a large, realistic archive of articles (``newsdesk generate --articles N``).

For benchmarks and demos that need 100,000 articles or more: a million take minutes on
SQLite. Everything is invented and written for newsdesk
(:mod:`~newsdesk.devdata.archive_words` holds the words,
:mod:`~newsdesk.devdata.archive_stories` makes stories of them,
:mod:`~newsdesk.devdata.archive_texts` their texts and :mod:`~newsdesk.devdata.archive_pools`
the people, tags and images they share).

The archive of a seed is a fixed, endless sequence of articles numbered 1, 2, 3, ... (the
newest first, 140 a day going back in time: twenty years for a million);
``generate_archive(count, seed=S)`` makes sure its first ``count`` articles exist. Each
article depends only on its seed and number (``random.Random``), and its slug ends in
``-<seed>-<number>``, so running again with the same seed adds nothing (or only the
numbers that are missing) and another seed adds a different archive.

Speed comes from writing rows as the database takes them fastest: one ``executemany`` per
table and batch, through each model's own fields (columns, defaults, conversions), with
the stored forms that ``Article.save()`` derives (``body_html``) and the search index
entries that ``search.index.update()`` makes written alongside; tests check both against
the ordinary paths. On SQLite the load runs without waiting for the disk
(``synchronous=OFF``, journal in memory, a large page cache), settings restored after.
What bulk writes do not make: related-article lists (``newsdesk worker`` computes them,
newest first, as for any archive) and cached pages (purged at the end).
"""

import random
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.management.color import no_style
from django.db import connections, models, router, transaction
from django.utils import timezone

from newsdesk.caching.purge import purge_everything
from newsdesk.content import body
from newsdesk.content.models import Article, Byline, Image, TranslatorCredit
from newsdesk.devdata.archive_pools import Pools, load_pools
from newsdesk.devdata.archive_stories import Story, article_slug, make_story
from newsdesk.devdata.archive_texts import INDEX_LANGUAGES, TextPool, text_pool
from newsdesk.search.models import SearchDocument, SearchEntry, time_key
from newsdesk.search.text import index_form

# What an article is, by its number: kinds are planned in sequence from the seed.
EN, ZH, TRANSLATION = "en", "zh", "translation"
DRAFT, REVIEW, SCHEDULED, UNPUBLISHED = "draft", "review", "scheduled", "unpublished"
PAIR_SHARE = 0.1  # of stories: a Chinese original followed by its English translation
HIDDEN_SHARES = [(DRAFT, 0.011), (REVIEW, 0.009), (SCHEDULED, 0.008), (UNPUBLISHED, 0.009)]
HIDDEN = {DRAFT, REVIEW, SCHEDULED, UNPUBLISHED}
# SQLite's page cache during the load (KiB): the indexes being filled stay in memory.
LOAD_CACHE_KIB = 256 * 1024


def _plan(seed: int, count: int) -> list[str]:
    """The kind of each article number 1..count; a prefix of the plan for a larger count."""
    rng = random.Random(f"newsdesk-archive:{seed}:plan")
    kinds: list[str] = []
    while len(kinds) < count:
        r = rng.random()
        if r < PAIR_SHARE:
            kinds += [ZH, TRANSLATION]
            continue
        r = rng.random()
        for kind, share in HIDDEN_SHARES:
            if r < share:
                kinds.append(kind)
                break
            r -= share
        else:
            kinds.append(EN)
    return kinds[:count]


class _Rows:
    """Rows of one model, written with one ``executemany`` through the model's fields.

    A row is a dict by attribute name; a field it lacks takes the field's default (a
    field added to the model without one fails loudly here rather than drifting).
    """

    # Fields whose Python values the database drivers take as they are.
    PLAIN = (models.CharField, models.TextField, models.IntegerField, models.FloatField)

    def __init__(self, model: type[models.Model], connection, *, with_pk: bool = False):
        fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.connection = connection
        self.columns = [
            (
                field.attname,
                field.get_default(),
                None if isinstance(field, self.PLAIN) or field.is_relation else self._prep(field),
            )
            for field in fields
        ]
        quote = connection.ops.quote_name
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(model._meta.db_table),
            ", ".join(quote(field.column) for field in fields),
            ", ".join(["%s"] * len(fields)),
        )
        self.rows: list[dict] = []

    def _prep(self, field):
        def prep(value):
            return None if value is None else field.get_db_prep_save(value, self.connection)

        return prep

    def add(self, **row) -> None:
        self.rows.append(row)

    def write(self) -> int:
        columns = self.columns
        values = [
            tuple(
                [
                    row.get(name, default) if prep is None else prep(row.get(name, default))
                    for name, default, prep in columns
                ]
            )
            for row in self.rows
        ]
        if values:
            with self.connection.cursor() as cursor:
                cursor.executemany(self.sql, values)
        count, self.rows = len(values), []
        return count


@dataclass
class _Planned:
    number: int
    kind: str
    story: Story
    language: str
    slug: str
    original_slug: str | None = None


@contextmanager
def _fast_writes(connection):
    """For a bulk load on SQLite: no waiting for the disk, the rollback journal in memory
    and a large page cache; the connection's settings back as they were after. (Only in
    autocommit: SQLite refuses some of them inside a transaction.) A crash of the machine
    in the middle can leave a damaged database: this is for generated archives."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    names = ["journal_mode", "synchronous", "cache_size", "temp_store"]
    with connection.cursor() as cursor:
        saved = {}
        for name in names:
            cursor.execute(f"PRAGMA {name}")
            saved[name] = cursor.fetchone()[0]
        cursor.execute("PRAGMA journal_mode=MEMORY")  # stays WAL if another process has it open
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute(f"PRAGMA cache_size=-{LOAD_CACHE_KIB}")
        cursor.execute("PRAGMA temp_store=MEMORY")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(f"PRAGMA {name}={saved[name]}")


class _Writer:
    """Writes batches of planned articles, with what links to them and their search entries."""

    def __init__(self, seed: int, pools: Pools, texts: TextPool, now: datetime, connection):
        self.seed, self.pools, self.texts, self.now = seed, pools, texts, now
        self.connection = connection
        self.articles = _Rows(Article, connection, with_pk=True)
        self.bylines = _Rows(Byline, connection)
        self.credits = _Rows(TranslatorCredit, connection)
        self.tags = _Rows(Article.tags.through, connection)
        self.inline_images = _Rows(Article.inline_images.through, connection)
        self.entries = _Rows(SearchEntry, connection, with_pk=True)
        self.documents = _Rows(SearchDocument, connection, with_pk=True)
        last = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.next_id = last + 1
        # Chinese originals of this run whose translation (the next number) is still to come.
        self.originals: dict[int, tuple[int, datetime | None]] = {}
        self.figures: dict[tuple[int, str], str] = {}
        self.names: dict[tuple[str, int], list[str]] = {}

    def figure(self, image: Image, language: str) -> str:
        """An inline image's figure as ``body.render`` expands it, once per image."""
        key = (image.pk, language)
        if key not in self.figures:
            self.figures[key] = body.render(image.embed_code, {image.pk: image}, language)
        return self.figures[key]

    def names_of(self, kind: str, obj) -> list[str]:
        """A person's or tag's names in every language, as the search index reads them."""
        key = (kind, obj.pk)
        if key not in self.names:
            in_every = obj.in_every_language(["name"])
            self.names[key] = [texts["name"] for texts in in_every.values()]
        return self.names[key]

    def write(self, p: _Planned, original: tuple[int, datetime | None] | None) -> dict:
        """Add article ``p`` (a translation of ``original``: id and publication time) and
        its rows; returns its row."""
        story, now = p.story, self.now
        language = 1 if p.language == "zh-hans" else 0
        status = Article.Status.PUBLISHED
        published_at = now - timedelta(minutes=story.minutes_ago)
        revised_at = None
        if p.kind in (DRAFT, REVIEW):
            status, published_at = p.kind, None
        elif p.kind == SCHEDULED:
            status = Article.Status.SCHEDULED
            published_at = now + timedelta(minutes=story.minutes_ago % (7 * 24 * 60) + 60)
        elif p.kind == UNPUBLISHED:
            status = Article.Status.UNPUBLISHED
        elif story.revised_after is not None:
            revised_at = min(published_at + story.revised_after, now)
        if original is not None:
            source_time = original[1] or published_at
            published_at = min(
                source_time + story.translation_delay, source_time + (now - source_time) / 2
            )
            if revised_at is not None:
                revised_at = min(published_at + story.revised_after, now)

        texts = self.texts.write(self.seed, story, language)
        body_html = texts.body
        if story.inline_image is not None:
            body_html = body_html.replace(
                story.inline_image.embed_code, self.figure(story.inline_image, p.language)
            )
        pk, self.next_id = self.next_id, self.next_id + 1
        row = {
            "id": pk,
            "headline": story.headline[language],
            "slug": p.slug,
            "standfirst": texts.standfirst,
            "body": texts.body,
            "body_html": body_html,
            "section_id": self.pools.sections[story.topic.section].pk,
            "column_id": self.pools.columns[story.column].pk if story.column else None,
            "language": p.language,
            "translation_of_id": original[0] if original else None,
            "lead_image_id": story.lead_image.pk if story.lead_image else None,
            "source_line": story.source_line,
            "status": status,
            "published_at": published_at,
            "revised_at": revised_at,
            "created_at": now,
            "updated_at": now,
        }
        self.articles.add(**row)
        for position, person in enumerate(story.authors):
            self.bylines.add(article_id=pk, person_id=person.pk, position=position)
        if p.kind == TRANSLATION:
            rng = random.Random(f"newsdesk-archive:{self.seed}:{p.number}:translators")
            chosen = rng.sample(self.pools.translators, rng.choices([1, 2], weights=[85, 15])[0])
            for position, person in enumerate(chosen):
                self.credits.add(article_id=pk, person_id=person.pk, position=position)
        for tag in story.tags:
            self.tags.add(article_id=pk, tag_id=tag.pk)
        if story.inline_image is not None:
            self.inline_images.add(article_id=pk, image_id=story.inline_image.pk)

        if status == Article.PUBLIC_STATUS:  # in the search index, as update() puts it
            index_language = INDEX_LANGUAGES[language]
            names = [name for person in story.authors for name in self.names_of("person", person)]
            for tag in sorted(story.tags, key=lambda tag: tag.name):
                names += self.names_of("tag", tag)
            key = time_key(published_at, pk)
            self.entries.add(
                article_id=pk,
                key=key,
                language=p.language,
                section_id=row["section_id"],
                published_at=published_at,
            )
            self.documents.add(
                entry_id=pk,
                key=key,
                title=index_form(row["headline"], index_language),
                standfirst=texts.standfirst_index,
                body=texts.body_index,
                names=index_form("\n".join(names), index_language),
            )
        return row

    def flush(self) -> dict:
        return {
            "articles": self.articles.write(),
            "bylines": self.bylines.write(),
            "translator_credits": self.credits.write(),
            "tag_links": self.tags.write(),
            "inline_images": self.inline_images.write(),
            "search_entries": self.entries.write(),
            "search_documents": self.documents.write(),
        }

    def finish(self) -> None:
        """After explicit ids, the database's own counter must move past them."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), [Article])
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _existing(planned: list[_Planned]) -> set[tuple[str, str]]:
    """The (language, slug) pairs among ``planned`` that are already in the database."""
    found = set()
    for language in ("en", "zh-hans"):
        slugs = [p.slug for p in planned if p.language == language]
        for start in range(0, len(slugs), 500):
            found.update(
                Article.objects.filter(language=language, slug__in=slugs[start : start + 500])
                .values_list("language", "slug")
                .iterator()
            )
    return found


def _batch(writer: _Writer, numbers: range, kinds: list[str]) -> dict:
    """Write the articles ``numbers`` that do not exist yet, with what links to them.

    A translation follows its original (the number before it), in this batch or an
    earlier one, or an earlier run.
    """
    seed, pools = writer.seed, writer.pools
    stories: dict[int, Story] = {}

    def story(number: int) -> Story:
        if number not in stories:
            chinese = kinds[number - 1] == ZH
            stories[number] = make_story(seed, number, chinese, pools)
        return stories[number]

    planned = []
    for number in numbers:
        kind = kinds[number - 1]
        if kind == TRANSLATION:
            original = story(number - 1)
            planned.append(
                _Planned(
                    number,
                    kind,
                    original,
                    "en",
                    article_slug(original, seed, number),
                    original_slug=article_slug(original, seed, number - 1),
                )
            )
        else:
            language = "zh-hans" if kind == ZH else "en"
            own = story(number)
            planned.append(_Planned(number, kind, own, language, article_slug(own, seed, number)))
    existing = _existing(planned)
    counts = {"articles": 0, "translations": 0, "not_published": 0, "skipped": len(existing)}
    todo = [p for p in planned if (p.language, p.slug) not in existing]
    if not todo:
        return counts

    # Originals made by an earlier run, for their translations made now.
    pending = writer.originals
    earlier = [
        p.original_slug for p in todo if p.kind == TRANSLATION and p.number - 1 not in pending
    ]
    found = {
        slug: (pk, published_at)
        for slug, pk, published_at in Article.objects.filter(
            language="zh-hans", slug__in=earlier
        ).values_list("slug", "pk", "published_at")
    }
    for p in todo:
        original = None
        if p.kind == TRANSLATION:
            original = writer.originals.pop(p.number - 1, None) or found.get(p.original_slug)
            if original is None:  # deleted since it was generated: leave the gap
                counts["skipped"] += 1
                continue
        row = writer.write(p, original)
        if p.kind == ZH:
            writer.originals[p.number] = (row["id"], row["published_at"])
        counts["translations"] += p.kind == TRANSLATION
        counts["not_published"] += p.kind in HIDDEN
    counts.update(writer.flush())
    return counts


def _analyze(connection) -> None:
    """Refresh the query planner's statistics of the tables just filled.

    Without them SQLite answers ``Article.published_versions()`` from the status index,
    scanning every published article (about 0.2 s a page at 100,000 articles, 1 ms after).
    """
    tables = [
        Article,
        Byline,
        TranslatorCredit,
        Article.tags.through,
        Article.inline_images.through,
        SearchEntry,
        SearchDocument,
    ]
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


TOTALS = [
    "articles",
    "translations",
    "not_published",
    "skipped",
    "bylines",
    "translator_credits",
    "tag_links",
    "inline_images",
    "search_entries",
    "search_documents",
]


def generate_archive(count: int, *, seed: int = 1, batch_size: int = 2000, progress=None) -> dict:
    """Make sure articles 1..``count`` of the archive of ``seed`` exist; returns what it created.

    The result counts created ``articles`` (of which ``translations`` and ``not_published``),
    ``skipped`` numbers that already existed, the rows linking them (``bylines``,
    ``translator_credits``, ``tag_links``, ``inline_images``), the ``search_entries`` and
    ``search_documents`` of the published ones, and the ``people``, ``tags``, ``images``,
    ``sections`` and ``columns`` created for the pools. ``progress(done)`` is called after
    each batch with how many of the ``count`` numbers have been handled.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    if seed < 0:
        raise ValueError("seed must not be negative")
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    database = router.db_for_write(Article)
    connection = connections[database]
    now = timezone.now()
    pools = load_pools()
    kinds = _plan(seed, count)
    totals = dict.fromkeys(TOTALS, 0)
    with _fast_writes(connection):
        writer = _Writer(seed, pools, text_pool(seed), now, connection)
        for start in range(0, count, batch_size):
            numbers = range(start + 1, min(start + batch_size, count) + 1)
            # One transaction per batch; reading in it also keeps reads on the primary
            # database when a read replica is configured.
            with transaction.atomic(using=database):
                for key, value in _batch(writer, numbers, kinds).items():
                    totals[key] += value
            if progress is not None:
                progress(numbers[-1])
        if totals["articles"]:
            writer.finish()
            _analyze(connection)
    if totals["articles"]:
        # Bulk writes send no signals: drop every cached page (they may list the new ones).
        purge_everything()
    return {**totals, **pools.created}
