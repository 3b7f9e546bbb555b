"""Article pages kept before anyone asks: the worker's chore after a release or an import.

A page is kept when first read (reader/views.py ``article_page``); a release that changes
what pages are made of (content/cards.py ``page_version``) or an archive imported or
generated in bulk leaves the archive without them, and each first read then pays a whole
render. Each round of the worker keeps a few, newest first, walking the published
articles along their date index from where the last round stopped.
"""

import time

from django.http import HttpRequest
from django.utils import translation

from newsdesk.caching.store import get_store
from newsdesk.content import cards
from newsdesk.content.cards import ArticlePage
from newsdesk.content.models import Article

PER_ROUND = 50  # pages rendered per round: about a second of work
SCAN = 2000  # articles looked at per round, at most
# After a walk reached the oldest, the next starts from the newest this much later (pages
# forgotten meanwhile, a renamed section's say, are kept again by their first reader).
REST_SECONDS = 3600

# Where the walk stands in this process, for the page version it keeps: the (published
# at, id) of the last article looked at, or when it last reached the oldest.
_walk: dict[str, tuple[object, int] | float] = {}


def keep_some(per_round: int = PER_ROUND, scan: int = SCAN) -> str | None:
    """Keep the pages of up to ``per_round`` published articles that have none of the
    current version; a line for the worker's log, or None when there was none to keep."""
    from newsdesk.reader.views import keep_article_page

    version = cards.page_version()
    started = time.monotonic()
    after = _walk.get(version)
    if isinstance(after, float):
        if started - after < REST_SECONDS:
            return None
        after = None
    published = Article.objects.published().latest_first()
    if after is not None:
        published = published.older_than(*after)
    rows = list(published.values_list("pk", "published_at")[:scan])
    kept = set(
        ArticlePage.objects.filter(
            article_id__in=[pk for pk, _ in rows], version=version
        ).values_list("article_id", flat=True)
    )
    done = 0
    for pk, published_at in rows:
        _walk[version] = (published_at, pk)
        if pk in kept:
            continue
        article = Article.objects.published().for_page().filter(pk=pk).first()
        if article is not None:
            token = get_store().start()
            with translation.override(article.language):
                keep_article_page(HttpRequest(), article, token)
            done += 1
        if done >= per_round:
            break
    else:
        if len(rows) < scan:
            _walk[version] = started
    if not done:
        return None
    return f"article pages: {done} kept in {time.monotonic() - started:.1f} s"
