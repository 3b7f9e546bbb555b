"""The newsroom home (/admin/): each person sees their own work, list by list, and what
waits for them is counted in the navigation."""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from newsdesk.content.models import Article
from newsdesk.newsroom import home, translations, workflow
from newsdesk.newsroom.models import AuditEntry, TranslationTask
from newsdesk.newsroom.templatetags.newsroom_nav import nav_links
from newsdesk.trending.models import HourlyReads
from tests.factories import make_article
from tests.pagetext import visible_text

pytestmark = pytest.mark.django_db

Status = Article.Status
Action = AuditEntry.Action


def draft(by, headline, **fields):
    return make_article(headline=headline, status=Status.DRAFT, created_by=by, **fields)


def sections(page: str) -> dict[str, dict]:
    """Each list on the home, by heading, in page order: its headlines (with their links)
    and its visible text."""
    found = {}
    for body in re.findall(r'<section class="home-list".*?</section>', page, flags=re.S):
        title = html.unescape(re.search(r"<h2[^>]*>(.*?)</h2>", body, flags=re.S).group(1))
        links = re.findall(r'<a class="home-headline" href="([^"]+)">([^<]*)</a>', body)
        found[title.strip()] = {
            "headlines": [html.unescape(text) for _, text in links],
            "links": [href for href, _ in links],
            "text": visible_text(body),
        }
    return found


def home_of(client, user) -> dict[str, dict]:
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return sections(response.content.decode())


@pytest.fixture
def newsroom(writer, other_writer, translator, editor):
    """A day's work: Wendy's and Walter's drafts, one of Wendy's returned with a note,
    Walter's in review, both scheduled and published, a translation for Tao."""
    now = timezone.now()
    work = {
        "wendy draft": draft(writer, "Wendy drafts the ferry timetable"),
        "walter draft": draft(other_writer, "Walter drafts the harbour budget"),
        "wendy returned": draft(writer, "Wendy's lighthouse story"),
        "walter review": draft(other_writer, "Walter's pier repairs"),
        "wendy later": draft(writer, "Wendy's regatta preview"),
        "walter sooner": draft(other_writer, "Walter's storm warning"),
        "wendy published": make_article(
            headline="Wendy's market reopens", created_by=writer, published_at=now
        ),
        "walter published": make_article(
            headline="Walter's bridge closes",
            created_by=other_writer,
            published_at=now - timedelta(hours=1),
        ),
    }
    workflow.take_step(work["wendy returned"], Action.SUBMITTED, writer)
    workflow.take_step(
        work["wendy returned"], Action.RETURNED, editor, note="Check the tide times, please."
    )
    workflow.take_step(work["walter review"], Action.SUBMITTED, other_writer)
    workflow.take_step(work["wendy later"], Action.SCHEDULED, editor, when=now + timedelta(hours=5))
    workflow.take_step(
        work["walter sooner"], Action.SCHEDULED, editor, when=now + timedelta(hours=2)
    )
    work["translation"] = translations.request_translation(
        work["wendy published"], "zh-hans", translator, editor
    )
    return work


# Per role: exactly that person's work ---------------------------------------------


def test_writer_sees_her_own_work_in_the_order_it_needs_doing(client, writer, newsroom):
    lists = home_of(client, writer)
    assert list(lists) == [
        "Returned to me",
        "My drafts",
        "Sent for review",
        "Scheduled",
        "Recently published",
    ]
    assert lists["Returned to me"]["headlines"] == ["Wendy's lighthouse story"]
    assert lists["My drafts"]["headlines"] == ["Wendy drafts the ferry timetable"]
    assert lists["Scheduled"]["headlines"] == ["Wendy's regatta preview"]
    assert lists["Recently published"]["headlines"] == ["Wendy's market reopens"]
    assert "Nothing of yours is in review." in lists["Sent for review"]["text"]


def test_writer_never_sees_another_writers_work(client, writer, other_writer, newsroom):
    client.force_login(writer)
    page = html.unescape(client.get("/admin/").content.decode())
    for key in ["walter draft", "walter review", "walter sooner", "walter published"]:
        assert newsroom[key].headline not in page, key
    lists = home_of(client, other_writer)
    assert lists["My drafts"]["headlines"] == ["Walter drafts the harbour budget"]
    assert lists["Sent for review"]["headlines"] == ["Walter's pier repairs"]
    assert lists["Scheduled"]["headlines"] == ["Walter's storm warning"]
    assert lists["Returned to me"]["headlines"] == []
    assert "Nothing has come back to you." in lists["Returned to me"]["text"]


def test_each_item_links_to_its_articles_form(client, writer, newsroom):
    lists = home_of(client, writer)
    assert lists["My drafts"]["links"] == [
        reverse("admin:content_article_change", args=[newsroom["wendy draft"].pk])
    ]


def test_a_returned_article_shows_the_editors_note_who_and_when(client, writer, newsroom):
    returned = home_of(client, writer)["Returned to me"]["text"]
    entry = AuditEntry.objects.get(article=newsroom["wendy returned"], action=Action.RETURNED)
    assert "Check the tide times, please." in returned
    assert "by Edith Okafor" in returned
    assert f"returned {timezone.localtime(entry.at):%-d %b %Y, %H:%M}" in returned


def test_the_latest_note_of_the_editor_who_returned_it_is_shown(client, writer, editor, newsroom):
    article = newsroom["wendy returned"]
    article.review_notes.create(author=writer, text="Which tide, morning or evening?")
    article.review_notes.create(author=editor, text="Both, and the spring tide.")
    returned = home_of(client, writer)["Returned to me"]["text"]
    assert "Both, and the spring tide." in returned
    assert "Check the tide times" not in returned and "Which tide" not in returned


def test_a_returned_article_submitted_again_is_no_longer_returned(client, writer, newsroom):
    workflow.take_step(newsroom["wendy returned"], Action.SUBMITTED, writer)
    lists = home_of(client, writer)
    assert lists["Returned to me"]["headlines"] == []
    assert lists["Sent for review"]["headlines"] == ["Wendy's lighthouse story"]


def test_translator_sees_her_translations_first_and_nothing_else(client, translator, newsroom):
    lists = home_of(client, translator)
    assert list(lists) == [
        "Translations assigned to me",
        "Returned to me",
        "Outdated translations",
        "Scheduled",
        "Recently published",
    ]
    assigned = lists["Translations assigned to me"]
    assert assigned["headlines"] == [newsroom["translation"].headline]
    assert assigned["links"] == [
        reverse("admin:content_article_change", args=[newsroom["translation"].pk])
    ]
    assert "Translate side by side" in assigned["text"]
    for title in ["Scheduled", "Recently published", "Outdated translations"]:
        assert lists[title]["headlines"] == [], title


def test_a_translation_returned_to_its_translator_is_under_returned(
    client, translator, editor, newsroom
):
    translation = newsroom["translation"]
    TranslationTask.objects.filter(translation=translation).update(outdated=False)
    Article.objects.filter(pk=translation.pk).update(headline="港口市场重新开放")
    translation.refresh_from_db()
    translation.move(Status.REVIEW, translator)  # as if finished and submitted
    workflow.take_step(translation, Action.RETURNED, editor, note="Use the market's name.")
    lists = home_of(client, translator)
    assert lists["Returned to me"]["headlines"] == ["港口市场重新开放"]
    assert "Use the market's name." in lists["Returned to me"]["text"]
    assert lists["Translations assigned to me"]["headlines"] == []


def test_outdated_translations_for_their_translator_and_for_editors(
    client, translator, editor, newsroom
):
    original = newsroom["walter published"]
    other = translations.request_translation(original, "zh-hans", None, editor)
    TranslationTask.objects.update(outdated=True)
    mine = home_of(client, translator)["Outdated translations"]
    assert mine["headlines"] == [newsroom["translation"].headline]
    everyone = home_of(client, editor)["Outdated translations"]
    assert sorted(everyone["headlines"]) == sorted(
        [newsroom["translation"].headline, other.headline]
    )
    assert "no translator yet" in everyone["text"] and "translator: Tao Zhang" in everyone["text"]


def translation_in(status, translator, editor, **fields) -> Article:
    """A translation requested of ``translator``, then moved to ``status``."""
    original = make_article(headline=f"Original, {status}")
    translation = translations.request_translation(original, "zh-hans", translator, editor)
    Article.objects.filter(pk=translation.pk).update(
        status=status, headline=f"Translation, {status}", **fields
    )
    return translation


def test_translations_requested_are_those_not_out_yet(client, editor, translator):
    now = timezone.now()
    for status, published_at in [
        (Status.DRAFT, None),
        (Status.PUBLISHED, now - timedelta(hours=2)),
        (Status.REVIEW, None),
        (Status.UNPUBLISHED, now - timedelta(hours=1)),
        (Status.SCHEDULED, now + timedelta(hours=1)),
    ]:
        translation_in(status, translator, editor, published_at=published_at)
    requested = home_of(client, editor)["Translations requested"]
    # Latest request first.
    assert requested["headlines"] == [
        "Translation, scheduled",
        "Translation, review",
        "Translation, draft",
    ]
    assert "See all" not in requested["text"]


def test_translations_requested_are_counted_without_those_out(client, editor, translator):
    for _ in range(home.LIMIT + 2):
        translation_in(Status.DRAFT, translator, editor)
    for _ in range(3):
        translation_in(Status.PUBLISHED, translator, editor, published_at=timezone.now())
    requested = home_of(client, editor)["Translations requested"]
    assert len(requested["headlines"]) == home.LIMIT
    assert f"See all {home.LIMIT + 2}" in requested["text"]


# The planner's statistics of the articles and tasks of a 100,000-article archive
# (`newsdesk generate`, then bench.newsroom's tasks): 9,261 translations, all published.
ARCHIVE_STATISTICS = [
    ("content_article", "article_column_list", "100024 33342 6669 5557 1 1"),
    ("content_article", "article_edition_list", "100024 20005 16671 1 1"),
    ("content_article", "article_newsroom_activity", "100024 20005 3450 1"),
    ("content_article", "article_newsroom_column", "100024 33342 1 1"),
    ("content_article", "article_newsroom_headline", "100024 4"),
    ("content_article", "article_newsroom_language", "100024 50012 1 1"),
    ("content_article", "article_newsroom_section", "100024 25006 1 1"),
    ("content_article", "article_newsroom_translations", "9261 1 1"),
    ("content_article", "article_published_list", "100024 20005 1 1"),
    ("content_article", "article_section_list", "100024 25006 5002 4168 1 1"),
    ("content_article", "article_translation_status", "9261 9261 1"),
    ("content_article", "content_article_column_id_1194a651", "100024 33342"),
    ("content_article", "content_article_created_by_id_2feb68fd", "100024 100024"),
    ("content_article", "content_article_lead_image_id_f1ed4fb4", "100024 1888"),
    ("content_article", "content_article_published_at_ab2ac7cb", "100024 1"),
    ("content_article", "content_article_section_id_d4b9d947", "100024 25006"),
    ("content_article", "content_article_slug_d023fc80", "100024 1"),
    ("content_article", "content_article_translation_of_id_f90917b3", "100024 11"),
    ("content_article", "sqlite_autoindex_content_article_1", "100024 50012 1"),
    ("newsroom_translationtask", "newsroom_translationtask_requested_by_id_3a2e7d30", "9261 9261"),
    ("newsroom_translationtask", "sqlite_autoindex_newsroom_translationtask_1", "9261 1"),
    ("newsroom_translationtask", "task_outdated", "88 1"),
]


@pytest.fixture
def archive_statistics(db):
    """SQLite plans the home's queries as for an archive (ARCHIVE_STATISTICS)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(
            "DELETE FROM sqlite_stat1 WHERE tbl IN ('content_article', 'newsroom_translationtask')"
        )
        cursor.executemany("INSERT INTO sqlite_stat1 VALUES (%s, %s, %s)", ARCHIVE_STATISTICS)
        cursor.execute("ANALYZE sqlite_schema")  # read again


def home_plans(client, user, marker: str) -> list[str]:
    """SQLite's plan of each query of ``user``'s home whose SQL holds ``marker``."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as run:
        client.get(reverse("admin:index"))
    plans = []
    with connection.cursor() as cursor:
        for query in run.captured_queries:
            if marker in query["sql"]:
                cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
                plans.append(" / ".join(str(row[-1]) for row in cursor.fetchall()))
    assert plans, f"no query holds {marker}"
    return plans


sqlite_plans = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans")


@sqlite_plans
def test_translations_requested_are_found_from_the_unfinished_not_from_every_task(
    client, editor, translator, archive_statistics
):
    """An archive's tasks are nearly all finished (90,000 at a million articles): the
    home reads the translations still to do by their index, never every task."""
    for status in [Status.DRAFT, Status.REVIEW, Status.PUBLISHED, Status.PUBLISHED]:
        translation_in(status, translator, editor)
    # The requested list (and its count when it is long).
    marker = '"newsroom_translationtask"."requested_by_id" IS NOT'
    for plan in home_plans(client, editor, marker):
        assert "article_translation_status" in plan, plan
        assert "SCAN newsroom_translationtask" not in plan, plan


@sqlite_plans
def test_outdated_translations_are_read_from_an_index_of_them_alone(
    client, editor, translator, archive_statistics
):
    """One task in a hundred is outdated: not every task read to find them."""
    for status in [Status.DRAFT, Status.PUBLISHED, Status.PUBLISHED]:
        translation_in(status, translator, editor)
    TranslationTask.objects.filter(translation__status=Status.DRAFT).update(outdated=True)
    marker = 'WHERE "newsroom_translationtask"."outdated"'
    for plan in home_plans(client, editor, marker):
        assert "task_outdated" in plan, plan


@sqlite_plans
def test_what_awaits_review_is_read_latest_first_from_an_index(
    client, editor, writer, archive_statistics
):
    """Not every article in review sorted by its last save (9,000 at a million)."""
    for n in range(3):
        make_article(headline=f"In review {n}", status=Status.REVIEW, created_by=writer)
    marker = '"content_article"."status" = \'review\' ORDER BY "content_article"."updated_at"'
    for plan in home_plans(client, editor, marker):
        assert "article_newsroom_activity" in plan, plan
        assert "TEMP B-TREE" not in plan, plan


@sqlite_plans
def test_an_editors_own_lists_start_from_her_own_articles(
    client, editor, writer, archive_statistics
):
    """Her drafts and what came back to her: looked up by their ids (hers and those
    assigned to her), not found among every draft of the archive (11,000 at a million)."""
    draft(editor, "Edith's own column")
    for n in range(3):
        draft(writer, f"Wendy's draft {n}")
    plans = home_plans(client, editor, "UNION SELECT")
    assert len(plans) >= 2  # the returned list and the drafts
    for plan in plans:
        assert plan.startswith("SEARCH content_article USING INTEGER PRIMARY KEY"), plan
        assert "content_article_created_by_id" in plan, plan
        # Her assignments by the index of assigned tasks, not among every task.
        assert "task_assigned" in plan and "SCAN" not in plan, plan


def test_outdated_translations_latest_change_first_with_its_time(client, editor, translator):
    first, second = (make_article(headline=f"Original {n}") for n in range(2))
    for original in [first, second]:
        translations.request_translation(original, "zh-hans", translator, editor)
    translations.flag_outdated(second)
    translations.flag_outdated(first)  # changed later
    tasks = TranslationTask.objects.filter(outdated=True)
    assert all(task.outdated_at for task in tasks)
    outdated = home_of(client, editor)["Outdated translations"]
    assert outdated["headlines"] == ["Original 0", "Original 1"]
    latest = tasks.get(translation__translation_of=first).outdated_at
    assert f"original changed {timezone.localtime(latest):%-d %b %Y, %H:%M}" in outdated["text"]
    # Brought in line again: no longer outdated, nor dated.
    translation = first.translations.get()
    translations.mark_current(translation, editor)
    task = TranslationTask.objects.get(translation=translation)
    assert (task.outdated, task.outdated_at) == (False, None)
    assert home_of(client, editor)["Outdated translations"]["headlines"] == ["Original 1"]


def test_editor_sees_what_awaits_review_and_everything_scheduled(client, editor, newsroom):
    lists = home_of(client, editor)
    assert list(lists) == [
        "Awaiting review",
        "My drafts",
        "Translations requested",
        "Outdated translations",
        "Scheduled",
        "Recently published",
    ]
    assert lists["Awaiting review"]["headlines"] == ["Walter's pier repairs"]
    assert "by Walter Nakamura" in lists["Awaiting review"]["text"]
    # Soonest first, with the time it goes out.
    assert lists["Scheduled"]["headlines"] == ["Walter's storm warning", "Wendy's regatta preview"]
    sooner = timezone.localtime(Article.objects.get(headline="Walter's storm warning").published_at)
    assert f"publishes {sooner:%-d %b %Y, %H:%M}" in lists["Scheduled"]["text"]
    assert lists["Translations requested"]["headlines"] == [newsroom["translation"].headline]
    assert "translator: Tao Zhang" in lists["Translations requested"]["text"]
    assert lists["Recently published"]["headlines"] == [
        "Wendy's market reopens",
        "Walter's bridge closes",
    ]
    # Writers' drafts are theirs: only the editor's own are hers.
    assert lists["My drafts"]["headlines"] == []


def test_an_editors_drafts_are_her_own_not_what_she_requested(client, editor, translator, newsroom):
    draft(editor, "Edith's own column")
    original = newsroom["walter published"]
    translations.request_translation(original, "zh-hans", translator, editor)
    lists = home_of(client, editor)
    assert lists["My drafts"]["headlines"] == ["Edith's own column"]
    assert original.headline in lists["Translations requested"]["headlines"]


def test_site_admin_sees_the_editors_lists_and_the_accounts(client, site_admin, newsroom):
    client.force_login(site_admin)
    page = client.get("/admin/").content.decode()
    lists = sections(page)
    assert lists["Awaiting review"]["headlines"] == ["Walter's pier repairs"]
    assert "Scheduled" in lists and "Translations requested" in lists
    assert 'href="/admin/auth/user/"' in page and 'href="/admin/auth/group/"' in page
    assert "Everything" in page


def test_an_editor_whose_own_article_came_back_sees_it(client, editor, site_admin, newsroom):
    own = draft(editor, "Edith's own column")
    workflow.take_step(own, Action.SUBMITTED, editor)
    workflow.take_step(own, Action.RETURNED, site_admin, note="Shorter, please.")
    lists = home_of(client, editor)
    assert list(lists)[0] == "Returned to me"
    assert lists["Returned to me"]["headlines"] == ["Edith's own column"]


# Reads, ordering, bounds ---------------------------------------------------------


def test_recently_published_shows_the_reads_of_the_last_24_hours(client, writer, newsroom):
    article = newsroom["wendy published"]
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    for hours_ago, reads in [(0, 5), (3, 7), (23, 30), (24, 1000), (30, 2000)]:
        HourlyReads.objects.create(
            article=article, hour=hour - timedelta(hours=hours_ago), reads=reads
        )
    published = home_of(client, writer)["Recently published"]["text"]
    assert "42 reads in the last 24 hours" in published


def test_an_unread_article_has_no_reads_yet(client, writer, newsroom):
    assert "0 reads in the last 24 hours" in home_of(client, writer)["Recently published"]["text"]


def test_lists_show_the_newest_activity_first_and_ties_by_number(client, writer):
    drafts = [draft(writer, f"Draft {n}") for n in range(4)]
    now = timezone.now()
    when = {0: now - timedelta(hours=3), 1: now - timedelta(hours=1), 2: now, 3: now}
    for n, article in enumerate(drafts):
        Article.objects.filter(pk=article.pk).update(updated_at=when[n])
    # Draft 2 and Draft 3 were saved at the same moment: the later one (higher number) first.
    assert home_of(client, writer)["My drafts"]["headlines"] == [
        "Draft 3",
        "Draft 2",
        "Draft 1",
        "Draft 0",
    ]


def test_returned_articles_newest_return_first(client, writer, editor):
    first, second = draft(writer, "Returned first"), draft(writer, "Returned second")
    for article in [first, second]:
        workflow.take_step(article, Action.SUBMITTED, writer)
        workflow.take_step(article, Action.RETURNED, editor, note="Again.")
    assert home_of(client, writer)["Returned to me"]["headlines"] == [
        "Returned second",
        "Returned first",
    ]
    # Returned at the same moment: the higher number first.
    AuditEntry.objects.filter(action=Action.RETURNED).update(at=timezone.now())
    assert home_of(client, writer)["Returned to me"]["headlines"] == [
        "Returned second",
        "Returned first",
    ]


def test_a_long_list_is_cut_with_a_link_to_all_of_it(client, editor, writer):
    for n in range(home.LIMIT + 3):
        make_article(headline=f"In review {n}", status=Status.REVIEW, created_by=writer)
    client.force_login(editor)
    page = client.get("/admin/").content.decode()
    review = sections(page)["Awaiting review"]
    assert len(review["headlines"]) == home.LIMIT
    assert f"See all {home.LIMIT + 3}" in review["text"]
    assert 'href="/admin/content/article/?status__exact=review"' in page


def test_empty_lists_say_so(client, editor):
    lists = home_of(client, editor)
    assert "Nothing awaits review." in lists["Awaiting review"]["text"]
    assert "Nothing is scheduled." in lists["Scheduled"]["text"]


def test_the_home_takes_the_same_few_queries_however_much_work_there_is(
    client, editor, writer, translator, django_assert_max_num_queries
):
    client.force_login(editor)
    for n in range(home.LIMIT + 2):
        original = make_article(
            headline=f"Published {n}", created_by=writer, published_at=timezone.now()
        )
        translations.request_translation(original, "zh-hans", translator, editor)
        make_article(headline=f"Review {n}", status=Status.REVIEW, created_by=writer)
        make_article(
            headline=f"Scheduled {n}",
            status=Status.SCHEDULED,
            published_at=timezone.now() + timedelta(hours=n + 1),
        )
        draft(editor, f"Editor's draft {n}")
    TranslationTask.objects.update(outdated=True)
    # Session, user, authenticator and permissions (5), one query a list (7) and one count
    # for each list longer than shown (6), the navigation's counts of work waiting and of
    # unread notifications (2); one to spare.
    with django_assert_max_num_queries(21):
        response = client.get("/admin/")
    lists = sections(response.content.decode())
    assert {title: len(found["headlines"]) for title, found in lists.items()} == {
        title: home.LIMIT
        for title in [
            "Awaiting review",
            "My drafts",
            "Translations requested",
            "Outdated translations",
            "Scheduled",
            "Recently published",
        ]
    }


# The navigation ------------------------------------------------------------------


def labels(user, rf):
    request = rf.get("/admin/")
    request.user = user
    return {link.label: (link.url, link.count) for link in nav_links(request)}


def test_navigation_counts_what_awaits_each_person(
    rf, writer, other_writer, translator, editor, newsroom
):
    assert labels(editor, rf)["Awaiting review"] == (
        "/admin/content/article/?status__exact=review",
        1,
    )
    assert labels(writer, rf)["Returned to me"] == ("/admin/#returned", 1)
    assert labels(other_writer, rf)["Returned to me"] == ("/admin/#returned", 0)
    assert labels(translator, rf)["My translations"] == (
        "/admin/content/article/?translation=mine",
        1,
    )
    for user in [writer, translator, editor]:
        assert labels(user, rf)["Home"] == ("/admin/", None)


def test_the_navigation_shows_the_count_as_a_badge(client, editor, newsroom):
    client.force_login(editor)
    page = client.get("/admin/").content.decode()
    assert re.search(
        r'href="/admin/content/article/\?status__exact=review">Awaiting review '
        r'<span class="newsroom-count">1</span>',
        page,
    )
    assert 'href="/admin/" aria-current="page">Home' in page


# In a browser ---------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_writer_finds_her_returned_story_on_the_first_screen(
    live_server, sign_in, writer, editor
):
    from playwright.sync_api import expect

    story = draft(writer, "Lighthouse keeper retires after forty years")
    workflow.take_step(story, Action.SUBMITTED, writer)
    workflow.take_step(story, Action.RETURNED, editor, note="Add a quote from the keeper.")
    desk = sign_in(writer)  # lands on the home
    nav = desk.get_by_role("navigation", name="Newsroom")
    expect(nav.get_by_role("link", name="Returned to me")).to_contain_text("1")
    returned = desk.locator("section#returned")
    expect(returned.get_by_role("heading", level=2)).to_have_text("Returned to me")
    expect(returned).to_contain_text("Add a quote from the keeper.")
    returned.get_by_role("link", name=story.headline).click()
    expect(desk).to_have_url(
        live_server.url + reverse("admin:content_article_change", args=[story.pk])
    )
    expect(desk.locator("#id_headline")).to_have_value(story.headline)


# Coming back home --------------------------------------------------------------------


def test_the_home_offers_to_write_a_story_to_those_who_may(client, writer, translator):
    client.force_login(writer)
    page = client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("admin:content_article_add")}"' in page
    assert "Write a story" in page
    client.force_login(translator)
    assert "Write a story" not in client.get(reverse("admin:index")).content.decode()


def test_after_a_workflow_step_the_form_leads_home_and_a_plain_save_stays(client, writer):
    from tests.newsroom_forms import article_form, change_url

    article = draft(writer, "Ferry timetable changes")
    client.force_login(writer)
    saved = client.post(change_url(article), article_form(article, _continue="1"))
    assert saved.status_code == 302 and saved["Location"] == change_url(article)
    article.refresh_from_db()
    submitted = client.post(change_url(article), article_form(article, _step="submitted"))
    assert submitted.status_code == 302 and submitted["Location"] == reverse("admin:index")
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW
