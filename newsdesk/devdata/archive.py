"""Generate a large, realistic archive of articles (``newsdesk generate --articles N``).

For benchmarks and demos that need 100,000 articles or more. Everything is invented and
written for newsdesk (:mod:`~newsdesk.devdata.archive_words` holds the words,
:mod:`~newsdesk.devdata.archive_stories` makes stories of them, and
:mod:`~newsdesk.devdata.archive_pools` the people, tags and images they share).

The archive of a seed is a fixed, endless sequence of articles numbered 1, 2, 3, ... (the
newest first, about fifty a day going back in time); ``generate_archive(count, seed=S)``
makes sure its first ``count`` articles exist. Each article's text depends only on its seed
and number (``random.Random``), and its slug ends in ``-<seed>-<number>``, so running again
with the same seed adds nothing (or only the numbers that are missing) and another seed adds
a different archive.

Speed comes from writing rows in bulk: articles, bylines, translator credits, tags and
inline images go in with ``bulk_create``, one transaction per batch, with no per-article
``save()``. Each article goes through :meth:`Article.prepare` first, as ``save()`` would,
so generated rows are what saving them would have stored.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connections, router, transaction
from django.utils import timezone

from newsdesk.caching.purge import purge_everything
from newsdesk.content.models import Article, Byline, Image, TranslatorCredit
from newsdesk.devdata.archive_pools import Pools, load_pools
from newsdesk.devdata.archive_stories import Story, article_slug, make_story, write_texts
from newsdesk.search.index import update as update_search_index

# What an article is, by its number: kinds are planned in sequence from the seed.
EN, ZH, TRANSLATION = "en", "zh", "translation"
DRAFT, REVIEW, SCHEDULED, UNPUBLISHED = "draft", "review", "scheduled", "unpublished"
PAIR_SHARE = 0.1  # of stories: a Chinese original followed by its English translation
HIDDEN_SHARES = [(DRAFT, 0.011), (REVIEW, 0.009), (SCHEDULED, 0.008), (UNPUBLISHED, 0.009)]


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


@dataclass
class _Planned:
    number: int
    kind: str
    story: Story
    language: str
    slug: str
    original_slug: str | None = None


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


def _article(seed: int, planned: _Planned, pools: Pools, now: datetime) -> Article:
    """The article ``planned``, with what a writer would fill in; not prepared, not saved."""
    story = planned.story
    language = 1 if planned.language == "zh-hans" else 0
    standfirst, text = write_texts(seed, story, language)
    status = Article.Status.PUBLISHED
    published_at = now - timedelta(minutes=story.minutes_ago)
    revised_at = None
    if planned.kind in (DRAFT, REVIEW):
        status, published_at = planned.kind, None
    elif planned.kind == SCHEDULED:
        status = Article.Status.SCHEDULED
        published_at = now + timedelta(minutes=story.minutes_ago % (7 * 24 * 60) + 60)
    elif planned.kind == UNPUBLISHED:
        status = Article.Status.UNPUBLISHED
    elif story.revised_after is not None:
        revised_at = min(published_at + story.revised_after, now)
    return Article(
        headline=story.headline[language],
        slug=planned.slug,
        standfirst=standfirst,
        body=text,
        section=pools.sections[story.topic.section],
        column=pools.columns[story.column] if story.column else None,
        language=planned.language,
        lead_image=story.lead_image,
        source_line=story.source_line,
        status=status,
        published_at=published_at,
        revised_at=revised_at,
    )


def _insert(articles: list[Article], pools: Pools) -> list[list[Image]]:
    """Insert ``articles`` in one go, each prepared as ``save()`` prepares it (rendered
    body, dates); returns each one's inline images, for the links ``save()`` would set."""
    inline = [article.prepare(images=pools.images_by_id) for article in articles]
    Article.objects.bulk_create(articles)
    return inline


def _batch(seed: int, numbers: range, kinds: list[str], pools: Pools, now: datetime) -> dict:
    """Write the articles ``numbers`` that do not exist yet, with what links to them.

    Originals first, so that translations (which may be in this batch or an earlier one)
    can point at them; then bylines, translator credits, tags and inline images.
    """
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
    todo = [p for p in planned if (p.language, p.slug) not in existing]
    counts = {"articles": 0, "translations": 0, "not_published": 0, "skipped": len(existing)}
    if not todo:
        return counts

    originals = [p for p in todo if p.kind != TRANSLATION]
    translations = [p for p in todo if p.kind == TRANSLATION]
    articles = [_article(seed, p, pools, now) for p in originals]
    written = list(zip(originals, articles, _insert(articles, pools), strict=True))
    by_slug = {(a.language, a.slug): a for a in articles}
    missing = [p.original_slug for p in translations if ("zh-hans", p.original_slug) not in by_slug]
    if missing:
        for original in Article.objects.filter(language="zh-hans", slug__in=missing):
            by_slug["zh-hans", original.slug] = original
    more = []
    for p in translations:
        original = by_slug.get(("zh-hans", p.original_slug))
        if original is None:  # deleted since it was generated: leave the gap
            counts["skipped"] += 1
            continue
        article = _article(seed, p, pools, now)
        article.translation_of = original
        source_time = original.published_at or article.published_at
        article.published_at = min(
            source_time + p.story.translation_delay,
            source_time + (now - source_time) / 2,
        )
        if article.revised_at is not None:
            article.revised_at = min(article.published_at + p.story.revised_after, now)
        more.append((p, article))
    translated = [article for _, article in more]
    written += [
        (p, article, inline)
        for (p, article), inline in zip(more, _insert(translated, pools), strict=True)
    ]

    bylines, credits, tag_links, image_links = [], [], [], []
    for p, article, inline_images in written:
        story = p.story
        bylines += [
            Byline(article_id=article.pk, person_id=person.pk, position=position)
            for position, person in enumerate(story.authors)
        ]
        if p.kind == TRANSLATION:
            rng = random.Random(f"newsdesk-archive:{seed}:{p.number}:translators")
            chosen = rng.sample(pools.translators, rng.choices([1, 2], weights=[85, 15])[0])
            credits += [
                TranslatorCredit(article_id=article.pk, person_id=person.pk, position=position)
                for position, person in enumerate(chosen)
            ]
        tag_links += [
            Article.tags.through(article_id=article.pk, tag_id=tag.pk) for tag in story.tags
        ]
        image_links += [
            Article.inline_images.through(article_id=article.pk, image_id=image.pk)
            for image in inline_images
        ]
    Byline.objects.bulk_create(bylines)
    TranslatorCredit.objects.bulk_create(credits)
    Article.tags.through.objects.bulk_create(tag_links)
    Article.inline_images.through.objects.bulk_create(image_links)

    counts["articles"] = len(written)
    counts["translations"] = len(more)
    counts["not_published"] = sum(
        p.kind in (DRAFT, REVIEW, SCHEDULED, UNPUBLISHED) for p, _, _ in written
    )
    counts["bylines"] = len(bylines)
    counts["translator_credits"] = len(credits)
    counts["tag_links"] = len(tag_links)
    counts["inline_images"] = len(image_links)
    return counts


def _analyze() -> None:
    """Refresh the query planner's statistics of the tables just filled.

    Without them SQLite answers ``Article.published_versions()`` from the status index,
    scanning every published article (about 0.2 s a page at 100,000 articles, 1 ms after).
    """
    connection = connections[router.db_for_write(Article)]
    models = [
        Article,
        Byline,
        TranslatorCredit,
        Article.tags.through,
        Article.inline_images.through,
    ]
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _index_for_search(newest_before: int) -> None:
    """bulk_create sends no signals: add the new articles to the search index."""
    new = Article.objects.filter(pk__gt=newest_before).order_by("pk")
    ids = list(new.values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        with transaction.atomic():
            update_search_index(ids[start : start + 500])


def generate_archive(count: int, *, seed: int = 1, batch_size: int = 2000, progress=None) -> dict:
    """Make sure articles 1..``count`` of the archive of ``seed`` exist; returns what it created.

    The result counts created ``articles`` (of which ``translations`` and ``not_published``),
    ``skipped`` numbers that already existed, the rows linking them (``bylines``,
    ``translator_credits``, ``tag_links``, ``inline_images``) and the ``people``, ``tags``,
    ``images``, ``sections`` and ``columns`` created for the pools. ``progress(done)`` is
    called after each batch with how many of the ``count`` numbers have been handled.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    if seed < 0:
        raise ValueError("seed must not be negative")
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    now = timezone.now()
    newest_before = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    pools = load_pools()
    kinds = _plan(seed, count)
    totals = dict.fromkeys(
        [
            "articles",
            "translations",
            "not_published",
            "skipped",
            "bylines",
            "translator_credits",
            "tag_links",
            "inline_images",
        ],
        0,
    )
    for start in range(0, count, batch_size):
        numbers = range(start + 1, min(start + batch_size, count) + 1)
        # One transaction per batch; reading in it also keeps reads on the primary
        # database when a read replica is configured.
        with transaction.atomic():
            for key, value in _batch(seed, numbers, kinds, pools, now).items():
                totals[key] += value
        if progress is not None:
            progress(numbers[-1])
    if totals["articles"]:
        _index_for_search(newest_before)
        _analyze()
        # bulk_create sends no signals: drop every cached page (they may list the new ones).
        purge_everything()
    return {**totals, **pools.created}
