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
the ordinary paths. On PostgreSQL a load that at least doubles the archive builds the GIN
indexes (full text, the newsroom's finder) once after it. On SQLite the load runs without
waiting for the disk (``synchronous=OFF``, journal in memory, a large page cache), settings
restored after, and the full-text indexes that triggers fill row by row (public search, the
newsroom's finder) are filled a batch at a time instead, triggers set aside meanwhile
(FTS5's own check says the indexes match their rows). Memory does not grow with the archive: a batch
or two of drafts, the page cache, and the final merge of the indexes in the usual journal.
What bulk writes do not make: related-article lists (``newsdesk worker`` computes them,
newest first, as for any archive) and cached pages (purged at the end).
"""

import multiprocessing
import random
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.management.color import no_style
from django.db import connections, models, router, transaction
from django.utils import timezone

from newsdesk.caching.purge import purge_everything
from newsdesk.content import body
from newsdesk.content.models import Article, Byline, Image, TranslatorCredit
from newsdesk.devdata.archive_pools import Pools, load_pools
from newsdesk.devdata.archive_stories import Story, article_slug, make_story
from newsdesk.devdata.archive_texts import INDEX_LANGUAGES, TextPool, text_pool
from newsdesk.search.index import optimize as optimize_search_index
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
# The FTS5 indexes filled during the load (SQLite): the public search index and the
# newsroom's finder. During the load they do not merge their segments (one a batch: 500 at
# a million articles, below FTS5's limit of 2000; the final optimize merges them in one
# pass) and gather up to 64 MB of a batch's terms in memory before writing them out: about
# a fifth less work than merging 16 at a time with 1 MB. Then FTS5's defaults.
FTS_TABLES = ("search_fts", "newsroom_article_finder")
FTS_LOAD = {"automerge": 0, "crisismerge": 1000, "hashsize": 64 * 1024 * 1024}
FTS_DEFAULTS = {"automerge": 4, "crisismerge": 16, "hashsize": 1024 * 1024}


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
        connection = self.connection

        def prep(value):
            return None if value is None else field.get_db_prep_save(value, connection)

        if type(field) is models.DateTimeField and _utc_text(connection):
            # Django's conversion, for the times generate makes (in UTC, like now()), at a
            # tenth of its cost: a fifth of the writer's time went there.
            def prep_time(value):
                if value is not None and value.tzinfo is UTC:
                    return str(value.replace(tzinfo=None))
                return prep(value)

            return prep_time
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


def _utc_text(connection) -> bool:
    """Whether ``connection`` stores an aware time as the text of its UTC time (SQLite,
    with USE_TZ and the database's time zone UTC)."""
    return connection.vendor == "sqlite" and settings.USE_TZ and connection.timezone_name == "UTC"


@dataclass(slots=True)
class _Draft:
    """Everything about article ``number`` that depends on nothing but the seed: what a
    writer would fill in, and its texts as the search index holds them. Made in a worker
    process when there is one, so it holds ids rather than rows."""

    number: int
    kind: str
    language: str
    slug: str
    original_slug: str | None
    headline: str
    standfirst: str
    body: str
    title_index: str
    standfirst_index: str
    body_index: str
    names_index: str
    section_id: int
    column_id: int | None
    lead_image_id: int | None
    inline_image_id: int | None
    author_ids: list[int]
    tag_ids: list[int]
    translator_ids: list[int]
    source_line: str
    minutes_ago: float
    translation_delay: timedelta
    revised_after: timedelta | None


@dataclass
class _Archive:
    """What drafts are made from: the same in the main process and in a forked worker."""

    seed: int
    kinds: list[str]
    pools: Pools
    texts: TextPool
    names: dict[tuple[str, int], str] = field(default_factory=dict)

    def names_index(self, kind: str, obj, language: str) -> str:
        """A person's or tag's names in every language, as the search index holds them."""
        key = (kind, obj.pk, language)
        if key not in self.names:
            names = [texts["name"] for texts in obj.in_every_language(["name"]).values()]
            self.names[key] = index_form("\n".join(names), language)
        return self.names[key]

    def drafts(self, numbers: range) -> list[_Draft]:
        """The drafts of ``numbers``; a translation's story is its original's (the number
        before it), told in English."""
        seed, kinds, pools = self.seed, self.kinds, self.pools
        stories: dict[int, Story] = {}

        def story(number: int) -> Story:
            if number not in stories:
                stories[number] = make_story(seed, number, kinds[number - 1] == ZH, pools)
            return stories[number]

        drafts = []
        for number in numbers:
            kind = kinds[number - 1]
            original_slug = None
            if kind == TRANSLATION:
                told = story(number - 1)
                original_slug = article_slug(told, seed, number - 1)
                translators = random.Random(f"newsdesk-archive:{seed}:{number}:translators")
                chosen = translators.sample(
                    pools.translators, translators.choices([1, 2], weights=[85, 15])[0]
                )
            else:
                told, chosen = story(number), []
            language = 1 if kind == ZH else 0
            index_language = INDEX_LANGUAGES[language]
            texts = self.texts.write(seed, told, language)
            names = [self.names_index("person", person, index_language) for person in told.authors]
            names += [
                self.names_index("tag", tag, index_language)
                for tag in sorted(told.tags, key=lambda tag: tag.name)
            ]
            drafts.append(
                _Draft(
                    number=number,
                    kind=kind,
                    language="zh-hans" if language else "en",
                    slug=article_slug(told, seed, number),
                    original_slug=original_slug,
                    headline=told.headline[language],
                    standfirst=texts.standfirst,
                    body=texts.body,
                    title_index=index_form(told.headline[language], index_language),
                    standfirst_index=texts.standfirst_index,
                    body_index=texts.body_index,
                    names_index=" ".join(form for form in names if form),
                    section_id=pools.sections[told.topic.section].pk,
                    column_id=pools.columns[told.column].pk if told.column else None,
                    lead_image_id=told.lead_image.pk if told.lead_image else None,
                    inline_image_id=told.inline_image.pk if told.inline_image else None,
                    author_ids=[person.pk for person in told.authors],
                    tag_ids=[tag.pk for tag in told.tags],
                    translator_ids=[person.pk for person in chosen],
                    source_line=told.source_line,
                    minutes_ago=told.minutes_ago,
                    translation_delay=told.translation_delay,
                    revised_after=told.revised_after,
                )
            )
        return drafts


# The archive a forked worker makes drafts of (set before the fork, inherited).
_worker_archive: _Archive | None = None


def _worker_drafts(numbers: range) -> list[_Draft]:
    return _worker_archive.drafts(numbers)


class _Drafts:
    """The drafts of each batch in order: made in one worker process, a batch or two ahead
    of the writer (memory stays bounded), or here when ``processes`` is 0 or the platform
    cannot fork."""

    AHEAD = 2

    def __init__(self, archive: _Archive, batches: list[range], processes: int):
        global _worker_archive
        self.archive, self.batches = archive, batches
        self.pool = None
        if processes and "fork" in multiprocessing.get_all_start_methods():
            _worker_archive = archive
            self.pool = multiprocessing.get_context("fork").Pool(processes)

    def __iter__(self):
        if self.pool is None:
            for numbers in self.batches:
                yield numbers, self.archive.drafts(numbers)
            return
        pending = deque()
        try:
            for numbers in self.batches:
                pending.append((numbers, self.pool.apply_async(_worker_drafts, (numbers,))))
                if len(pending) > self.AHEAD:
                    done, result = pending.popleft()
                    yield done, result.get()
            while pending:
                done, result = pending.popleft()
                yield done, result.get()
        finally:
            self.pool.terminate()
            self.pool.join()


@contextmanager
def _fast_writes(connection):
    """For a bulk load on SQLite: no waiting for the disk, the rollback journal in memory,
    a large page cache, and FTS5 merging its segments less often (the final optimize
    merges them all anyway); the settings back as they were after. (Only in autocommit:
    SQLite refuses some of them inside a transaction.) A crash of the machine in the
    middle can leave a damaged database: this is for generated archives."""
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
        merging = {}
        for table in _fts_tables(connection):
            cursor.execute(f"SELECT k, v FROM {table}_config")
            found = {k: v for k, v in cursor.fetchall() if k in FTS_DEFAULTS}
            merging[table] = {**FTS_DEFAULTS, **found}
            _configure_fts(cursor, table, FTS_LOAD)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(f"PRAGMA {name}={saved[name]}")
            for table, settings_ in merging.items():
                _configure_fts(cursor, table, settings_)


def _fts_tables(connection) -> list[str]:
    """Those of ``FTS_TABLES`` that the database has (SQLite)."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (%s, %s)",
            list(FTS_TABLES),
        )
        found = {row[0] for row in cursor.fetchall()}
    return [table for table in FTS_TABLES if table in found]


def _configure_fts(cursor, table: str, settings_: dict) -> None:
    for name, value in settings_.items():
        cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES (%s, %s)", [name, value])


# SQLite's full-text indexes of new rows, filled by a trigger per row: the public search
# index (search migration 0003) and the newsroom's finder (newsroom migration 0013). During
# the load the triggers are set aside and each batch is indexed in one statement (by key,
# the order FTS5 appends in): a third of the time of a row at a time, where the search
# index was two fifths of the writing.
BULK_INDEXED = {
    "search_searchdocument_ai": (
        "INSERT INTO search_fts(rowid, title, standfirst, body, names) "
        "SELECT key, title, standfirst, body, names FROM search_searchdocument "
        "WHERE entry_id BETWEEN %s AND %s ORDER BY key"
    ),
    "newsroom_article_finder_insert": (
        "INSERT INTO newsroom_article_finder(rowid, headline, slug) "
        "SELECT id, headline, slug FROM content_article WHERE id BETWEEN %s AND %s"
    ),
}


@contextmanager
def _indexed_in_bulk(connection):
    """On SQLite, set aside the triggers of ``BULK_INDEXED`` that exist and yield the
    statements that index a batch (its first and last article id) in their place; the
    triggers come back as they were after, also after an error. Nothing else should write
    articles meanwhile (generate is for benchmark archives): what it wrote would not be
    indexed. Elsewhere yields nothing to do (PostgreSQL indexes in the table itself)."""
    if connection.vendor != "sqlite":
        yield {}
        return
    names = list(BULK_INDEXED)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (%s, %s)",
            names,
        )
        saved = dict(cursor.fetchall())
        for name in saved:
            cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
    try:
        yield {name: BULK_INDEXED[name] for name in names if name in saved}
    finally:
        with connection.cursor() as cursor:
            for name in names:
                if name in saved:
                    cursor.execute(saved[name])


# PostgreSQL's GIN indexes on the tables a load fills (the full-text index, the
# newsroom's trigram finder): kept up to date row by row, they were most of a large load's
# time; built once after it, a fraction. Only for a load that at least doubles the archive
# and adds this many articles or more: rebuilding a large index for a few rows costs more.
GIN_TABLES = ("content_article", "search_searchdocument")
GIN_REBUILD_FROM = 20_000
# Memory for building them (the session's; PostgreSQL's default of 64 MB spills to disk).
GIN_BUILD_MEMORY = "512MB"


@contextmanager
def _gin_built_after(connection, count: int):
    """On PostgreSQL, for a load of ``count`` articles that at least doubles the archive,
    drop the GIN indexes of ``GIN_TABLES`` and build them again as they were after the
    load, also after an error (a process killed outright leaves them missing: run
    ``newsdesk migrate`` from zero or create them from the migrations' statements).
    Searches during the load read the tables without them."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {Article._meta.db_table}")
        existing = cursor.fetchone()[0]
        if count - existing < max(existing, GIN_REBUILD_FROM):
            yield
            return
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = ANY(%s) AND indexdef LIKE '%% USING gin %%' ORDER BY indexname",
            [list(GIN_TABLES)],
        )
        saved = dict(cursor.fetchall())
        for name in saved:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"SET maintenance_work_mem = '{GIN_BUILD_MEMORY}'")
            for definition in saved.values():
                cursor.execute(definition)
            cursor.execute("RESET maintenance_work_mem")


class _Writer:
    """Writes drafts as rows: articles, what links to them, and their search entries."""

    def __init__(self, pools: Pools, now: datetime, connection):
        self.now, self.connection = now, connection
        self.images = pools.images_by_id
        self.articles = _Rows(Article, connection, with_pk=True)
        self.bylines = _Rows(Byline, connection)
        self.credits = _Rows(TranslatorCredit, connection)
        self.tags = _Rows(Article.tags.through, connection)
        self.inline_images = _Rows(Article.inline_images.through, connection)
        self.entries = _Rows(SearchEntry, connection, with_pk=True)
        self.documents = _Rows(SearchDocument, connection, with_pk=True)
        last = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.next_id = self.batch_first = last + 1
        # Chinese originals of this run whose translation (the next number) is still to come.
        self.originals: dict[int, tuple[int, datetime | None]] = {}
        self.figures: dict[tuple[int, str], str] = {}

    def figure(self, image: Image, language: str) -> str:
        """An inline image's figure as ``body.render`` expands it, once per image."""
        key = (image.pk, language)
        if key not in self.figures:
            self.figures[key] = body.render(image.embed_code, {image.pk: image}, language)
        return self.figures[key]

    def write(self, d: _Draft, original: tuple[int, datetime | None] | None) -> dict:
        """Add the article of draft ``d`` (a translation of ``original``: id and publication
        time) and its rows; returns its row."""
        now = self.now
        status = Article.Status.PUBLISHED
        published_at = now - timedelta(minutes=d.minutes_ago)
        revised_at = None
        if d.kind in (DRAFT, REVIEW):
            status, published_at = d.kind, None
        elif d.kind == SCHEDULED:
            status = Article.Status.SCHEDULED
            published_at = now + timedelta(minutes=d.minutes_ago % (7 * 24 * 60) + 60)
        elif d.kind == UNPUBLISHED:
            status = Article.Status.UNPUBLISHED
        elif d.revised_after is not None:
            revised_at = min(published_at + d.revised_after, now)
        if original is not None:
            source_time = original[1] or published_at
            published_at = min(
                source_time + d.translation_delay, source_time + (now - source_time) / 2
            )
            if revised_at is not None:
                revised_at = min(published_at + d.revised_after, now)

        body_html = d.body
        if d.inline_image_id is not None:
            image = self.images[d.inline_image_id]
            body_html = body_html.replace(image.embed_code, self.figure(image, d.language))
        pk, self.next_id = self.next_id, self.next_id + 1
        row = {
            "id": pk,
            "headline": d.headline,
            "slug": d.slug,
            "standfirst": d.standfirst,
            "body": d.body,
            "body_html": body_html,
            "section_id": d.section_id,
            "column_id": d.column_id,
            "language": d.language,
            "translation_of_id": original[0] if original else None,
            "lead_image_id": d.lead_image_id,
            "source_line": d.source_line,
            "status": status,
            "published_at": published_at,
            "revised_at": revised_at,
            "created_at": now,
            "updated_at": now,
        }
        self.articles.add(**row)
        for position, person_id in enumerate(d.author_ids):
            self.bylines.add(article_id=pk, person_id=person_id, position=position)
        for position, person_id in enumerate(d.translator_ids):
            self.credits.add(article_id=pk, person_id=person_id, position=position)
        for tag_id in d.tag_ids:
            self.tags.add(article_id=pk, tag_id=tag_id)
        if d.inline_image_id is not None:
            self.inline_images.add(article_id=pk, image_id=d.inline_image_id)
        if status == Article.PUBLIC_STATUS:  # in the search index, as update() puts it
            key = time_key(published_at, pk)
            self.entries.add(
                article_id=pk,
                key=key,
                language=d.language,
                section_id=d.section_id,
                published_at=published_at,
            )
            self.documents.add(
                entry_id=pk,
                key=key,
                title=d.title_index,
                standfirst=d.standfirst_index,
                body=d.body_index,
                names=d.names_index,
                language=d.language,
                section_id=d.section_id,
            )
        return row

    def flush(self, indexes: dict[str, str]) -> dict:
        """Write the batch's rows; then, for each trigger set aside (``_indexed_in_bulk``),
        index the batch's rows in one statement."""
        counts = {
            "articles": self.articles.write(),
            "bylines": self.bylines.write(),
            "translator_credits": self.credits.write(),
            "tag_links": self.tags.write(),
            "inline_images": self.inline_images.write(),
            "search_entries": self.entries.write(),
            "search_documents": self.documents.write(),
        }
        if counts["articles"] and indexes:
            # The batch's articles have the ids from batch_first on, in a row.
            ids = [self.batch_first, self.next_id - 1]
            with self.connection.cursor() as cursor:
                for statement in indexes.values():
                    cursor.execute(statement, ids)
        self.batch_first = self.next_id
        return counts

    def finish(self) -> None:
        """After explicit ids, the database's own counter must move past them."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), [Article])
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _existing(drafts: list[_Draft]) -> set[tuple[str, str]]:
    """The (language, slug) pairs among ``drafts`` that are already in the database."""
    found = set()
    for language in ("en", "zh-hans"):
        slugs = [d.slug for d in drafts if d.language == language]
        for start in range(0, len(slugs), 500):
            # Unordered: with the model's ordering SQLite may read the language's articles
            # in date order rather than look each slug up, a scan of the archive per batch
            # (12 of 41 s of CPU at 100,000 articles, and most of a million's).
            found.update(
                Article.objects.filter(language=language, slug__in=slugs[start : start + 500])
                .order_by()
                .values_list("language", "slug")
                .iterator()
            )
    return found


def _batch(writer: _Writer, drafts: list[_Draft], indexes: dict[str, str]) -> dict:
    """Write the articles of ``drafts`` that do not exist yet, with what links to them.

    A translation follows its original (the number before it), in this batch or an
    earlier one, or an earlier run.
    """
    existing = _existing(drafts)
    counts = {"articles": 0, "translations": 0, "not_published": 0, "skipped": len(existing)}
    todo = [d for d in drafts if (d.language, d.slug) not in existing]
    if not todo:
        return counts

    # Originals made by an earlier run, for their translations made now.
    pending = writer.originals
    earlier = [
        d.original_slug for d in todo if d.kind == TRANSLATION and d.number - 1 not in pending
    ]
    found = {
        slug: (pk, published_at)
        for slug, pk, published_at in Article.objects.filter(language="zh-hans", slug__in=earlier)
        .order_by()
        .values_list("slug", "pk", "published_at")
    }
    for d in todo:
        original = None
        if d.kind == TRANSLATION:
            original = pending.pop(d.number - 1, None) or found.get(d.original_slug)
            if original is None:  # deleted since it was generated: leave the gap
                counts["skipped"] += 1
                continue
        row = writer.write(d, original)
        if d.kind == ZH:
            pending[d.number] = (row["id"], row["published_at"])
        counts["translations"] += d.kind == TRANSLATION
        counts["not_published"] += d.kind in HIDDEN
    counts.update(writer.flush(indexes))
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


def generate_archive(
    count: int, *, seed: int = 1, batch_size: int = 2000, processes: int = 1, progress=None
) -> dict:
    """Make sure articles 1..``count`` of the archive of ``seed`` exist; returns what it created.

    The result counts created ``articles`` (of which ``translations`` and ``not_published``),
    ``skipped`` numbers that already existed, the rows linking them (``bylines``,
    ``translator_credits``, ``tag_links``, ``inline_images``), the ``search_entries`` and
    ``search_documents`` of the published ones, and the ``people``, ``tags``, ``images``,
    ``sections`` and ``columns`` created for the pools. ``progress(done)`` is called after
    each batch with how many of the ``count`` numbers have been handled. ``processes``
    (0 or 1) says whether the texts are written in a worker process, beside the one
    writing rows: the two halves of the work take about as long.
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
    archive = _Archive(seed, kinds, pools, text_pool(seed))
    starts = range(0, count, batch_size)
    batches = [range(start + 1, min(start + batch_size, count) + 1) for start in starts]
    with (
        _fast_writes(connection),
        _indexed_in_bulk(connection) as indexes,
        _gin_built_after(connection, count),
    ):
        writer = _Writer(pools, now, connection)
        for numbers, drafts in _Drafts(archive, batches, processes):
            # One transaction per batch; reading in it also keeps reads on the primary
            # database when a read replica is configured.
            with transaction.atomic(using=database):
                for key, value in _batch(writer, drafts, indexes).items():
                    totals[key] += value
            if progress is not None:
                progress(numbers[-1])
    if totals["articles"]:
        writer.finish()
        _analyze(connection)
        # As after `newsdesk reindex`: FTS5's index in one b-tree, its tables analysed;
        # the newsroom's finder in one b-tree too. After the load's settings: merging
        # rewrites the whole index in one transaction, which the load's journal in memory
        # would hold (a third of the index's size at the end), the usual one on disk.
        optimize_search_index()
        with connection.cursor() as cursor:
            for table in _fts_tables(connection):
                if table != "search_fts":  # optimized above
                    cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        # Bulk writes send no signals: drop every cached page (they may list the new ones).
        purge_everything()
    return {**totals, **pools.created}
