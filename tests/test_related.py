"""Related articles: computed by the worker when an article is published or edited, shown
under the article with what readers may see at that moment."""

import logging
import os
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from newsdesk.content.models import Article
from newsdesk.newsroom import scheduler
from newsdesk.related import lists
from newsdesk.related.lists import (
    SECTION_WEIGHT,
    TAG_WEIGHT,
    compute_related,
    refresh_stale,
    shown_related,
    stale_articles,
    store_related,
)
from newsdesk.related.models import RelatedArticle
from newsdesk.related.tfidf import terms
from tests.factories import make_article, make_section, make_tag
from tests.wsgi_client import fetch

FERRY = (
    "Ferry crews strike over night shifts",
    "The harbour ferry union stopped every crossing at dawn.",
    "<p>Ferry crews walked off the boats at dawn, and the union said the strike over "
    "night shifts would last until the harbour authority returns to talks.</p>",
)
FERRY_AGAIN = (
    "Ferry strike enters its second day",
    "Crossings stay cancelled as the union and the harbour authority trade offers.",
    "<p>No ferry left the harbour on Tuesday. The union says crews will strike until the "
    "night shifts are shared fairly; the authority says the offer is final.</p>",
)
SOUP = (
    "A winter soup of leeks and barley",
    "Slow cooking for cold evenings.",
    "<p>Sweat the leeks in butter, add the barley and the stock, and simmer gently for an "
    "hour. Season with pepper and serve with warm bread.</p>",
)


@pytest.fixture(autouse=True)
def file_lock(settings):
    """The worker's locks in this test's own folder: in Redis, parallel tests would share them."""
    settings.REDIS_URL = ""


@pytest.fixture(autouse=True)
def nothing_remembered(monkeypatch):
    """Each test starts with a worker that has not computed anything yet."""
    monkeypatch.setattr(lists, "_nothing_related", {})


def story(text, **fields) -> Article:
    headline, standfirst, body = text
    fields = {"headline": headline, "standfirst": standfirst, "body": body, **fields}
    return make_article(**fields)


def ids(pairs) -> list[int]:
    return [article.pk for article, _ in pairs]


def test_similar_texts_rank_above_unrelated_ones(db):
    article, similar, unrelated = story(FERRY), story(FERRY_AGAIN), story(SOUP)
    found = compute_related(article)
    assert ids(found) == [similar.pk]
    assert unrelated.pk not in ids(found)
    assert found[0][1] > 0.1


def test_a_shared_tag_and_the_same_section_rank_an_article_higher(db):
    section, tag = make_section(), make_tag()
    article = story(FERRY, section=section, tags=[tag])
    tagged = story(FERRY_AGAIN, tags=[tag])
    same_section = story(FERRY_AGAIN, section=section)
    neither = story(FERRY_AGAIN)
    scores = {article.pk: score for article, score in compute_related(article)}
    assert list(scores) == [tagged.pk, same_section.pk, neither.pk]
    assert scores[tagged.pk] - scores[neither.pk] == pytest.approx(TAG_WEIGHT, abs=1e-3)
    assert scores[same_section.pk] - scores[neither.pk] == pytest.approx(SECTION_WEIGHT, abs=1e-3)


def test_a_shared_tag_relates_articles_whose_texts_differ(db):
    tag = make_tag()
    article, cookery = story(FERRY, tags=[tag]), story(SOUP, tags=[tag])
    assert ids(compute_related(article)) == [cookery.pk]


def test_the_same_section_alone_does_not_make_articles_related(db):
    section = make_section()
    article = story(FERRY, section=section)
    story(SOUP, section=section)
    assert compute_related(article) == []


def test_chinese_articles_relate_by_runs_of_characters(db):
    article = story(
        (
            "渡轮船员罢工",
            "港口渡轮工会今晨停航。",
            "<p>渡轮船员今晨罢工，工会表示夜班问题不解决就不复航。</p>",
        ),
        language="zh-hans",
    )
    similar = story(
        (
            "渡轮罢工进入第二天",
            "工会与港务局仍在谈判。",
            "<p>周二没有一班渡轮离港，船员继续罢工。</p>",
        ),
        language="zh-hans",
    )
    story(
        (
            "冬日韭葱大麦汤",
            "寒夜里的慢炖。",
            "<p>用黄油炒软韭葱，加入大麦和高汤，小火慢炖一小时。</p>",
        ),
        language="zh-hans",
    )
    assert ids(compute_related(article)) == [similar.pk]
    assert list(terms("zh-hans", "渡轮罢工。")) == ["渡轮", "轮罢", "罢工"]


def test_only_published_articles_in_the_same_language_other_than_its_versions_are_candidates(
    db,
):
    article = story(FERRY)
    published = story(FERRY_AGAIN)
    for status in ["draft", "review", "scheduled", "unpublished"]:
        story(FERRY_AGAIN, status=status, published_at=timezone.now() - timedelta(hours=1))
    story(FERRY_AGAIN, published_at=timezone.now() + timedelta(hours=1))  # not yet
    story(FERRY_AGAIN, language="zh-hans")
    story(FERRY, language="zh-hans", translation_of=article)
    assert ids(compute_related(article)) == [published.pk]


def test_a_translation_never_lists_its_original_nor_its_other_versions(db):
    original = story(FERRY, language="zh-hans")
    translation = story(FERRY, translation_of=original)
    # Not a valid newsroom state (a version shares no language), but never listed either.
    twin = story(FERRY, translation_of=original)
    other = story(FERRY_AGAIN)
    assert ids(compute_related(translation)) == [other.pk]
    assert twin.pk not in ids(compute_related(translation))


def test_at_most_four_are_kept(db):
    article = story(FERRY)
    for _ in range(6):
        story(FERRY_AGAIN)
    assert len(compute_related(article)) == 4


def test_storing_replaces_the_list_and_purges_the_page_only_when_it_changed(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    purged = []
    monkeypatch.setattr(lists, "purge", lambda keys: purged.append(set(keys)))
    article, first = story(FERRY), story(FERRY_AGAIN)

    assert store_related(article) is True
    assert purged == [{f"article-{article.pk}"}]
    link = RelatedArticle.objects.get(article=article)
    assert (link.related, link.position) == (first, 0)

    assert store_related(article) is False
    assert purged == [{f"article-{article.pk}"}], "same list: nothing to purge"

    second = story(FERRY_AGAIN, tags=[make_tag()])
    article.tags.add(second.tags.get())
    assert store_related(article) is True
    rows = RelatedArticle.objects.filter(article=article).order_by("position")
    assert [row.related_id for row in rows] == [second.pk, first.pk]
    assert len(purged) == 2


def test_a_list_computed_from_text_edited_meanwhile_is_not_stored(db):
    article = story(FERRY)
    story(FERRY_AGAIN)
    computing = Article.objects.get(pk=article.pk)
    article.headline = "Ferry crews return to work"
    article.save()
    assert store_related(computing) is False
    assert not RelatedArticle.objects.filter(article=article).exists()


def test_an_edit_of_the_text_or_tags_drops_the_list_and_other_saves_keep_it(db):
    article = story(FERRY)
    story(FERRY_AGAIN)

    def has_list():
        return RelatedArticle.objects.filter(article=article).exists()

    store_related(article)
    article.source_line = "(HARBOUR DESK)"
    article.save()
    article.save(update_fields=["body_html"])
    assert has_list()

    article.standfirst = "Every crossing stopped at dawn."
    article.save()
    assert not has_list()

    store_related(article)
    article.refresh_from_db()
    article.tags.add(make_tag())
    assert not has_list()

    store_related(article)
    article.refresh_from_db()
    tag = make_tag()
    tag.articles.add(article)
    assert not has_list()

    store_related(article)
    article.refresh_from_db()
    tag.articles.clear()
    assert not has_list()


def test_stale_articles_are_the_published_ones_without_a_list_newest_first(db):
    older = story(FERRY, published_at=timezone.now() - timedelta(days=2))
    newer = story(FERRY_AGAIN, published_at=timezone.now() - timedelta(days=1))
    story(FERRY, status="draft")
    story(FERRY, status="scheduled", published_at=timezone.now() + timedelta(hours=1))
    assert list(stale_articles("en")) == [newer, older]
    store_related(newer)
    assert list(stale_articles("en")) == [older]


def test_refreshing_computes_stale_lists_newest_first_and_leaves_fresh_ones(db, monkeypatch):
    older = story(FERRY, published_at=timezone.now() - timedelta(days=2))
    newer = story(FERRY_AGAIN, published_at=timezone.now() - timedelta(days=1))
    draft = story(FERRY, status="draft")
    assert refresh_stale(limit=1) == [newer]
    assert refresh_stale(limit=5) == [older]
    assert refresh_stale(limit=5) == []
    assert not RelatedArticle.objects.filter(article=draft).exists()

    computed = []
    compute = lists.compute_related

    def counted(article, corpus=None):
        computed.append(article)
        return compute(article, corpus)

    monkeypatch.setattr(lists, "compute_related", counted)
    older.body = older.body + "<p>Talks resume on Friday.</p>"
    older.save()
    assert refresh_stale(limit=5) == [older]
    assert computed == [older]


def test_an_article_with_nothing_related_is_computed_again_only_after_an_edit(db):
    alone = story(FERRY, language="zh-hans")
    assert refresh_stale(limit=5) == [alone]
    assert refresh_stale(limit=5) == []
    alone.headline = "渡轮船员罢工"
    alone.save()
    assert refresh_stale(limit=5) == [alone]


def test_the_article_page_shows_the_related_articles_published_now(db, client):
    article, similar = story(FERRY), story(FERRY_AGAIN)
    other = story(FERRY_AGAIN, headline="Ferry talks break down")
    store_related(article)
    assert len(shown_related(article)[0]) == 2

    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert '<h2 id="related-heading">Related</h2>' in page
    assert f'href="{similar.get_absolute_url()}"' in page and "Ferry talks break down" in page
    keys = response["Surrogate-Key"].split()
    assert {f"article-{similar.pk}", f"article-{other.pk}"} <= set(keys)

    other.status = Article.Status.UNPUBLISHED
    other.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Ferry talks break down" not in page and similar.headline in page
    # Still on the list: its key purges the page when it is published again.
    assert f"article-{other.pk}" in client.get(article.get_absolute_url())["Surrogate-Key"]


def test_an_article_without_related_articles_has_no_related_block(db, client):
    article = story(FERRY)
    assert "related-heading" not in client.get(article.get_absolute_url()).content.decode()


def test_the_chinese_edition_shows_related_chinese_articles(db, client):
    article = story(FERRY, language="zh-hans")
    similar = story(FERRY_AGAIN, language="zh-hans")
    store_related(article)
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<html lang="zh-Hans">' in page and "related-heading" in page
    assert f'href="{similar.get_absolute_url()}"' in page


def test_the_related_block_costs_one_query(db, django_assert_num_queries):
    article = story(FERRY)
    for _ in range(4):
        story(FERRY_AGAIN)
    store_related(article)
    with django_assert_num_queries(1):
        shown, keys = shown_related(article)
        [item.get_absolute_url() for item in shown]
    assert len(shown) == len(keys) == 4


# The demo's lists, as scikit-learn's TfidfVectorizer computed them before it was replaced
# (commit 61f6426); the plain Python TF-IDF finds the same, in the same order.
DEMO_LISTS = {
    "amber-delta-councils-sign-river-treaty": [
        "will-the-river-treaty-change-how-the-delta-is-governed",
        "why-the-lumen-strait-fog-season-is-getting-longer",
        "strait-fishing-cooperatives-shared-closed-season",
        "tidewater-trade-forum-closes-port-data-pledge",
    ],
    "can-a-trade-forum-without-a-treaty-set-the-rules": [
        "tidewater-trade-forum-closes-port-data-pledge",
        "explainer-how-the-shared-port-data-platform-will-work",
        "lumen-strait-container-volumes-third-quarter",
        "halden-shipyard-electric-ferries",
    ],
    "heat-advisory-port-halden": [
        "eastbay-rail-opens-cross-harbour-line",
        "why-the-lumen-strait-fog-season-is-getting-longer",
        "should-port-halden-pay-students-to-study-at-home",
        "northgate-polytechnic-coding-school-dock-workers",
    ],
    "kestrel-observatory-star-dims-every-41-days": [
        "why-the-lumen-strait-fog-season-is-getting-longer",
        "strait-fishing-cooperatives-shared-closed-season",
    ],
    "northgate-library-reopens-zine-floor": [
        "tidewater-lantern-festival-returns-to-port-halden",
        "northgate-polytechnic-coding-school-dock-workers",
        "should-port-halden-pay-students-to-study-at-home",
        "eastbay-rail-opens-cross-harbour-line",
    ],
    # The demo's three Chinese stories are on three different subjects.
    "jiedu-gangkou-shuju-gongxiang-pingtai": [],
}


def test_the_demo_articles_have_the_related_lists_scikit_learn_found(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo", verbosity=0)
    found = {
        slug: [other.slug for other, _ in compute_related(Article.objects.get(slug=slug))]
        for slug in DEMO_LISTS
    }
    assert found == DEMO_LISTS
    scores = [
        score for _, score in compute_related(Article.objects.get(slug="heat-advisory-port-halden"))
    ]
    assert scores == [0.2701, 0.2337, 0.2049, 0.1949]


# Through the whole WSGI application and its page store, committing as a site does.


@pytest.mark.django_db(transaction=True)
def test_cached_pages_follow_the_related_list_and_its_articles():
    article, similar = story(FERRY), story(FERRY_AGAIN)
    url = article.get_absolute_url()
    fetch(url)
    assert fetch(url).cache == "hit" and "related-heading" not in fetch(url).text

    assert refresh_stale(limit=5)  # the worker's round
    assert similar.headline in fetch(url).text
    assert fetch(url).cache == "hit"

    similar.headline = "Ferry strike ends after two days"
    similar.save()
    assert "Ferry strike ends after two days" in fetch(url).text

    similar.status = Article.Status.UNPUBLISHED
    similar.save()
    assert "Ferry strike ends" not in fetch(url).text


@pytest.mark.django_db(transaction=True)
def test_a_worker_round_publishes_then_computes_the_stale_lists(caplog):
    caplog.set_level(logging.INFO, logger="newsdesk.worker")
    fresh, neighbour = story(FERRY), story(FERRY_AGAIN)
    store_related(fresh)
    store_related(neighbour)
    links = list(RelatedArticle.objects.values_list("pk", flat=True))
    due = story(FERRY_AGAIN, status="scheduled", published_at=timezone.now() - timedelta(minutes=1))

    assert scheduler.run(5, once=True) is True

    due.refresh_from_db()
    assert due.status == "published"
    assert set(RelatedArticle.objects.filter(article=due).values_list("related", flat=True)) == {
        fresh.pk,
        neighbour.pk,
    }
    assert set(links) < set(RelatedArticle.objects.values_list("pk", flat=True)), (
        "fresh lists are not computed again"
    )
    assert "related lists: 1 computed in" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_failure_to_compute_related_articles_never_stops_publishing(monkeypatch, caplog):
    def broken(limit):
        raise MemoryError("no memory left")

    monkeypatch.setattr(scheduler, "refresh_stale", broken)
    due = story(FERRY, status="scheduled", published_at=timezone.now() - timedelta(minutes=1))
    assert scheduler.run(5, once=True) is True
    due.refresh_from_db()
    assert due.status == "published"
    assert "could not compute related articles" in caplog.text


WEB_PROCESS = """
import io, sys
from newsdesk.content.models import Article
from newsdesk.wsgi import application

article = Article.objects.get(slug="ferry")
answers = {}
environ = {"PATH_INFO": article.get_absolute_url(), "REQUEST_METHOD": "GET",
           "HTTP_HOST": "localhost", "SERVER_NAME": "localhost", "SERVER_PORT": "80",
           "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http"}
body = b"".join(application(environ, lambda status, headers: answers.update(status=status)))
article.headline = "Ferry crews strike over shifts"
article.save()  # an edit in the web process drops the list, without computing it
print(answers["status"], "Ferry strike enters its second day" in body.decode(),
      any(name in sys.modules for name in ["sklearn", "numpy", "scipy"]),
      Article.objects.get(slug="ferry").related_links.count())
"""


@pytest.mark.embedded
def test_a_web_server_process_never_imports_scikit_learn(tmp_path):
    from tests.serving import run_python

    env = {**os.environ, "NEWSDESK_VAR_DIR": str(tmp_path)}
    for name in ["DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"]:
        env.pop(name, None)
    # What `newsdesk serve` does first; the server's worker would compute the lists.
    run_python(
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "call_command('collectstatic', interactive=False, verbosity=0)",
        env,
    )
    run_python(
        "from tests.factories import make_article\n"
        "from newsdesk.related.lists import refresh_stale\n"
        f"make_article(headline={FERRY[0]!r}, body={FERRY[2]!r}, slug='ferry')\n"
        f"make_article(headline={FERRY_AGAIN[0]!r}, body={FERRY_AGAIN[2]!r})\n"
        "refresh_stale(limit=5)",
        env,
    )
    assert run_python(WEB_PROCESS, env) == "200 OK True False 0"
