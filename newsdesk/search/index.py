"""Keeping the search index in step with what is published.

An article is in the index while its status is public (``with_public_status()``; the
query checks the time as well: ``Article.objects.published()``), and out of it otherwise.
``update(ids)`` makes the index right for those articles, whatever happened to them; the
receivers in ``receivers.py`` call it when a transaction that changed one of them commits,
and ``reindex()`` (``newsdesk reindex``) calls it for every article.
"""

import importlib
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import Prefetch

from newsdesk import triggers
from newsdesk.content.body import plain_text
from newsdesk.content.models import Article, Byline
from newsdesk.search.models import SearchDocument, SearchEntry, time_key
from newsdesk.search.text import index_form

BATCH_SIZE = 500


def _articles(ids: Iterable[int]):
    """The articles to index among ``ids``, with what an entry needs in two more queries."""
    bylines = Prefetch("bylines", queryset=Byline.objects.select_related("person"))
    return (
        Article.objects.with_public_status()
        .filter(pk__in=list(ids))
        .only("pk", "language", "section_id", "published_at", "headline", "standfirst", "body")
        .prefetch_related(bylines, "tags")
    )


def entry_for(article: Article) -> tuple[SearchEntry, SearchDocument]:
    """The (unsaved) index entry and document of a published ``article``."""
    # Names in every language: 林雅清 finds her articles in English too.
    named = [byline.person for byline in article.bylines.all()] + list(article.tags.all())
    names = [texts["name"] for obj in named for texts in obj.in_every_language(["name"]).values()]
    key = time_key(article.published_at, article.pk)
    entry = SearchEntry(
        article_id=article.pk,
        key=key,
        language=article.language,
        section_id=article.section_id,
        published_at=article.published_at,
    )
    language = article.language
    document = SearchDocument(
        entry_id=article.pk,
        key=key,
        title=index_form(article.headline, language),
        standfirst=index_form(article.standfirst, language),
        body=index_form(plain_text(article.body), language),
        names=index_form("\n".join(names), language),
        language=language,
        section_id=article.section_id,
    )
    return entry, document


@transaction.atomic
def update(ids: Iterable[int]) -> int:
    """Index the published articles among ``ids`` and drop the others; returns how many
    are in the index now."""
    ids = set(ids)
    if not ids:
        return 0
    pairs = [entry_for(article) for article in _articles(ids)]
    indexed = {entry.article_id for entry, _ in pairs}
    SearchEntry.objects.filter(article_id__in=ids - indexed).delete()
    if pairs:
        entries, documents = zip(*pairs, strict=True)
        for model, rows, key in [
            (SearchEntry, entries, "article"),
            (SearchDocument, documents, "entry"),
        ]:
            fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
            model.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=[key], update_fields=fields
            )
    return len(pairs)


def reindex(
    *,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
    rebuild: bool = False,
) -> dict[str, int]:
    """Rebuild the whole index from the articles; ``progress(done, total)`` after each batch.

    A batch is a transaction of its own: searches keep working, on what is indexed so far,
    and articles can be saved, while it runs. ``rebuild`` also rebuilds the database's
    full-text index from the documents, in one transaction (writes wait): a repair for an
    index that no longer matches them. Returns how many entries were written and how many
    stale ones removed.
    """
    if rebuild:  # first: updating documents needs an index that matches them
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
            else:
                cursor.execute("REINDEX INDEX search_document_vector")
    ids = list(Article.objects.with_public_status().order_by("pk").values_list("pk", flat=True))
    total = len(ids)
    if progress is not None:
        progress(0, total)
    indexed = 0
    for start in range(0, total, batch_size):
        indexed += update(ids[start : start + batch_size])
        if progress is not None:
            progress(min(start + batch_size, total), total)
    stale = SearchEntry.objects.exclude(article__in=Article.objects.with_public_status())
    removed = stale.delete()[1].get(SearchEntry._meta.label, 0)
    optimize()
    return {"indexed": indexed, "removed": removed}


def optimize() -> None:
    """Tidy the index after many changes: one b-tree for FTS5, fresh statistics for both."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        cursor.execute("ANALYZE search_searchentry")
        cursor.execute("ANALYZE search_searchdocument")


def restore_triggers(sender=None, using="default", **kwargs) -> bool:
    """Put back the SQLite triggers that keep the full-text index from the documents
    (migration 0003) if a later migration dropped them, and rebuild the index; True if it
    had to. Run after every ``migrate`` (``newsdesk.triggers``)."""
    analysed = importlib.import_module("newsdesk.search.migrations.0003_analysed_in_python")
    return triggers.restore(
        using,
        "search_fts",
        triggers.named(analysed.SQLITE),
        ["INSERT INTO search_fts(search_fts) VALUES ('rebuild')"],
    )
