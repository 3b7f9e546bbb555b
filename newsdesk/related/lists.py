"""Related lists: up to four stories to read next, listed under an article.

What is related. The candidates are published articles in the same language, never the
article itself nor one of its language versions: the CANDIDATES most recent, plus the
TAGGED_CANDIDATES most recent older ones sharing a tag with it, so that an older story on
the same subject can still be found. Each gets a score:

    cosine similarity of the TF-IDF vectors of the two texts    0 to 1
    + TAG_WEIGHT for each shared tag, at most MAX_SHARED_TAGS    0 to 0.3
    + SECTION_WEIGHT when both are in the same section           0 or 0.05

and needs MIN_SCORE to be listed. A tag is an editor saying what a story is about, so one
shared tag is enough on its own; otherwise the texts must be similar (0.1, or 0.05 in the
same section: the section only breaks near-ties). The text is the headline, the standfirst
and the start of the body's text, BODY_CHARS characters of it: the top of a story says what
it is about, and that bounds the work. English is split into words, less stop words;
Chinese, written without spaces, into overlapping pairs of characters (``tfidf.terms``).

When. Never while a reader waits: only ``newsdesk worker`` computes lists. An article's
list is stale when it has none: never computed (just published, imported, or older than
this module), or dropped by an edit of what it depends on (text, section, language,
translation_of, tags: receivers.py). After each publishing round the worker calls
``refresh_stale``, so for a round or so (5 s by default) an edited article's page has no
related block. A list changes only when its own article is published or edited.

Cost, measured on a generated archive of 100,000 articles (``bash bench/related``; SQLite,
a shared two-core machine; BENCHMARKS.md). Vectorizing the 2,000 candidates of a language
takes about 0.5 s in English and 0.65 s in Chinese, once per round; each article then takes
25 to 35 ms (English) or 40 to 55 ms (Chinese) to score. A round of 20 articles takes about
2 s, and a worker computing one peaks at about 146 MB. A cold ``compute_related`` takes
0.5 to 0.75 s. Finding stale articles when none are walks two indexes: 35 ms per round.

Readers see the stored list filtered by ``Article.objects.published()`` when the page is
rendered; the page carries the surrogate key of every article on the list, so that it is
purged when one of them is edited, unpublished or published again.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef

from newsdesk.caching.purge import purge
from newsdesk.content.body import plain_text
from newsdesk.content.models import Article
from newsdesk.languages import writes_without_spaces
from newsdesk.locks import exclusive
from newsdesk.related.models import RelatedArticle
from newsdesk.related.tfidf import TfIdf, cosine, terms

MAX_RELATED = 4
CANDIDATES = 2000
TAGGED_CANDIDATES = 100
BODY_CHARS = (
    2000  # in Chinese or Japanese, a third as many: a character says about as much as a word
)
TAG_WEIGHT = 0.1
MAX_SHARED_TAGS = 3
SECTION_WEIGHT = 0.05
MIN_SCORE = 0.1

TEXT_FIELDS = ("pk", "headline", "standfirst", "body", "section_id", "translation_of_id")


def text_of(language: str, headline: str, standfirst: str, body: str) -> str:
    """What is compared: the headline, the standfirst and the start of the body's text."""
    length = BODY_CHARS // 3 if writes_without_spaces(language) else BODY_CHARS
    return f"{headline}\n{standfirst}\n{plain_text(body[: length * 3])[:length]}"


@dataclass
class Corpus:
    """The most recent published articles of one language, vectorized once.

    One corpus serves every article of its language refreshed in a round.
    """

    language: str
    ids: list[int]
    oldest: datetime | None  # when the oldest of them was published
    sections: dict[int, int]
    versions_of: dict[int, int | None]  # id -> translation_of_id
    tfidf: TfIdf  # one text per id, in ids order
    # Older articles' vectors, computed once: articles sharing tags share older candidates.
    older: dict[int, dict[int, float]] = field(default_factory=dict)

    @classmethod
    def build(cls, language: str) -> "Corpus":
        rows = list(
            Article.objects.published()
            .in_language(language)
            .order_by("-published_at")
            .values_list(*TEXT_FIELDS, "published_at")[:CANDIDATES]
        )
        return cls(
            language,
            [row[0] for row in rows],
            rows[-1][6] if len(rows) == CANDIDATES else None,
            {row[0]: row[4] for row in rows},
            {row[0]: row[5] for row in rows},
            TfIdf(terms(language, text_of(language, *row[1:4])) for row in rows),
        )

    def similarities(self, text: str, others: list[int]) -> tuple[list[float], list[float]]:
        """Cosine similarity of ``text`` to each corpus article, and to each of ``others``
        (ids of older articles of the same language)."""
        own = self.tfidf.vector(terms(self.language, text))
        missing = [pk for pk in others if pk not in self.older]
        if missing:
            found = Article.objects.filter(pk__in=missing).values_list(*TEXT_FIELDS[:4])
            for pk, *fields in found:
                other = text_of(self.language, *fields)
                self.older[pk] = self.tfidf.vector(terms(self.language, other))
        extra = [cosine(own, self.older.get(pk, {})) for pk in others]
        return self.tfidf.similarities(own), extra


def compute_related(article: Article, corpus: Corpus | None = None) -> list[tuple[Article, float]]:
    """The articles most related to ``article``, best first, with their scores.

    ``corpus`` is the article's language's (built when not given).
    """
    corpus = corpus or Corpus.build(article.language)
    original = article.translation_of_id or article.pk
    tags = set(article.tags.values_list("pk", flat=True))
    tagged = []
    if tags and corpus.oldest is not None:  # else the corpus holds the whole language
        tagged = list(
            Article.objects.published()
            .in_language(article.language)
            .filter(tags__in=tags, published_at__lt=corpus.oldest)
            .distinct()
            .order_by("-published_at")
            .values_list("pk", "section_id", "translation_of_id")[:TAGGED_CANDIDATES]
        )
    own = text_of(article.language, article.headline, article.standfirst, article.body)
    scores, tagged_scores = corpus.similarities(own, [row[0] for row in tagged])
    similarity = dict(zip(corpus.ids, scores, strict=True))
    similarity.update(zip((row[0] for row in tagged), tagged_scores, strict=True))
    sections = {**corpus.sections, **{row[0]: row[1] for row in tagged}}
    versions_of = {**corpus.versions_of, **{row[0]: row[2] for row in tagged}}

    shared = dict.fromkeys(similarity, 0)
    if tags:
        through = Article.tags.through.objects.filter(tag_id__in=tags, article_id__in=similarity)
        for pk in through.values_list("article_id", flat=True):
            shared[pk] += 1

    scored = []
    for pk, text_score in similarity.items():
        if pk in (article.pk, original) or versions_of[pk] == original:
            continue
        score = text_score + TAG_WEIGHT * min(shared[pk], MAX_SHARED_TAGS)
        if sections[pk] == article.section_id:
            score += SECTION_WEIGHT
        if score >= MIN_SCORE:
            scored.append((round(score, 4), pk))
    scored.sort(key=lambda item: (-item[0], -item[1]))
    best = scored[:MAX_RELATED]
    found = Article.objects.defer("body", "body_html").in_bulk([pk for _, pk in best])
    return [(found[pk], score) for score, pk in best]


def store_related(article: Article, corpus: Corpus | None = None) -> bool:
    """Compute ``article``'s list and store it in place of the old one, in one transaction.

    Purges the article's page when the list changed; returns whether it did. Stores
    nothing when the article was edited (or deleted) while its list was computed: it
    stays stale, for the next round.
    """
    related = compute_related(article, corpus)
    with transaction.atomic():
        updated_at = (
            Article.objects.select_for_update()
            .filter(pk=article.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        if updated_at != article.updated_at:
            return False
        links = RelatedArticle.objects.filter(article=article).order_by("position")
        if list(links.values_list("related_id", flat=True)) == [a.pk for a, _ in related]:
            return False
        links.delete()
        RelatedArticle.objects.bulk_create(
            RelatedArticle(article=article, related=other, score=score, position=position)
            for position, (other, score) in enumerate(related)
        )
        purge({f"article-{article.pk}"})
    return True


def stale_articles(language: str):
    """Published articles of ``language`` without a related list, newest first.

    Walks the (status, language, published_at) index and looks each up in the related
    rows' index: no table scan, however large the archive.
    """
    has_list = RelatedArticle.objects.filter(article=OuterRef("pk"))
    return (
        Article.objects.published()
        .in_language(language)
        .filter(~Exists(has_list))
        .defer("body_html")
        .order_by("-published_at")
    )


# Articles found to have nothing related, and when they were last changed, so that each
# round does not compute them again: in the memory of the worker that computed them.
_nothing_related: dict[int, datetime] = {}


def refresh_stale(limit: int) -> list[Article]:
    """Compute the lists of up to ``limit`` stale articles, newest first; returns them.

    The worker calls it after each publishing round: newly published articles first, an
    old archive after, ``limit`` at a time. Nothing happens while another process does it.
    """
    with exclusive("related-articles", wait=False, timeout=600) as acquired:
        if not acquired:
            return []
        due = []
        for language, _ in settings.LANGUAGES:
            found = stale_articles(language)[: limit + len(_nothing_related)]
            due += [a for a in found if _nothing_related.get(a.pk) != a.updated_at][:limit]
        due = sorted(due, key=lambda a: a.published_at, reverse=True)[:limit]
        corpora: dict[str, Corpus] = {}
        for article in due:
            if article.language not in corpora:
                corpora[article.language] = Corpus.build(article.language)
            store_related(article, corpora[article.language])
            if not RelatedArticle.objects.filter(article=article).exists():
                if len(_nothing_related) > 10_000:
                    _nothing_related.clear()
                _nothing_related[article.pk] = article.updated_at
        return due


def shown_related(article: Article) -> tuple[list[Article], set[str]]:
    """For the article's page: the related articles readers may see now, best first, and
    the surrogate key of every article on the list, shown or not, and of the shown ones'
    thumbnails (one query)."""
    visible = Article.objects.published().filter(pk=OuterRef("related_id"))
    links = (
        RelatedArticle.objects.filter(article=article)
        .order_by("position")
        .annotate(visible=Exists(visible))
        .select_related("related__lead_image")
        .only(
            "related_id",
            "position",
            "related__headline",
            "related__slug",
            "related__language",
            "related__published_at",
            "related__created_at",
            "related__lead_image",
            "related__lead_image__file",
            "related__lead_image__width",
            "related__lead_image__height",
        )
    )
    shown, keys = [], set()
    for link in links:
        keys.add(f"article-{link.related_id}")
        if link.visible:
            shown.append(link.related)
            if link.related.lead_image_id:  # its thumbnail
                keys.add(f"image-{link.related.lead_image_id}")
    return shown, keys
