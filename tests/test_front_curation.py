"""Front-page curation: editors pin the lead and order the top stories of each front,
preview the draft, make it live (purged, in the audit log), until a time; the API agrees."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from newsdesk.content.curation import Arrangement, FrontSlot
from newsdesk.content.models import Article
from newsdesk.newsroom import front as arranging
from newsdesk.newsroom import scheduler
from newsdesk.newsroom.models import AuditEntry
from newsdesk.newsroom.templatetags.newsroom_nav import nav_links
from tests.factories import make_article, make_image, make_section
from tests.wsgi_client import fetch

pytestmark = pytest.mark.django_db(transaction=True)


def hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


@pytest.fixture
def news():
    return make_section(name="News", slug="news")


@pytest.fixture
def stories(news):
    """Six English stories with pictures in News, newest first."""
    return [
        make_article(
            headline=f"Story {n}",
            section=news,
            lead_image=make_image(),
            published_at=hours_ago(n + 1),
        )
        for n in range(6)
    ]


def place(language, section, *articles, pinned=True, until=None, live=True):
    for n, article in enumerate(articles):
        FrontSlot.objects.create(
            language=language,
            section=section,
            article=article,
            position=n if pinned else n + 1,
            until=until if n == 0 else None,
            live=live,
        )


def lead_of(html: str) -> str:
    block = html[html.index('class="lead-story"') :]
    return re.search(r'class="card-headline"><a [^>]*>([^<]+)</a>', block).group(1)


def second_tier_of(html: str) -> list[str]:
    start = html.index('class="second-tier"')
    block = html[start : html.index("</section>", start)]
    return re.findall(r'class="card-headline"><a [^>]*>([^<]+)</a>', block)


def section_order(html: str) -> list[str]:
    return re.findall(r'class="card-headline"><a [^>]*>([^<]+)</a>', html)


def change(client, action, section="", language="en", **data):
    return client.post(
        "/admin/front/change/",
        {"language": language, "section": section, "action": action, **data},
    )


@pytest.fixture
def editing(client, editor):
    client.force_login(editor)
    return client


# --- Reading ------------------------------------------------------------------------------


def test_a_pinned_lead_shows_on_the_home_until_its_time_then_the_newest_story(
    client, stories, monkeypatch
):
    now = timezone.now()
    place("en", None, stories[4], until=now + timedelta(hours=2))
    assert lead_of(client.get("/en/").content.decode()) == "Story 4"
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=2, seconds=1))
    assert lead_of(client.get("/en/").content.decode()) == "Story 0"


def test_ordered_top_stories_come_in_their_order_then_the_newest(client, stories):
    place("en", None, stories[5], stories[3], stories[4])
    html = client.get("/en/").content.decode()
    assert lead_of(html) == "Story 5"
    assert second_tier_of(html) == ["Story 3", "Story 4", "Story 0"]
    shown = re.findall(r'class="card-headline"><a [^>]*>(Story \d)</a>', html)
    assert len(shown) == len(set(shown)), "no story twice"


def test_top_stories_without_a_pinned_lead_leave_the_newest_leading(client, stories):
    place("en", None, stories[3], pinned=False)
    html = client.get("/en/").content.decode()
    assert lead_of(html) == "Story 0"
    assert second_tier_of(html) == ["Story 3", "Story 1", "Story 2"]


def test_a_placed_article_that_is_not_published_is_never_shown(client, stories, news):
    hidden = [
        make_article(headline="Draft story", section=news, status=Article.Status.DRAFT),
        make_article(
            headline="Later story",
            section=news,
            status=Article.Status.SCHEDULED,
            published_at=timezone.now() + timedelta(hours=1),
        ),
        make_article(
            headline="Future dated", section=news, published_at=timezone.now() + timedelta(days=1)
        ),
        make_article(headline="Chinese story", section=news, language="zh-hans"),
    ]
    place("en", None, *hidden)
    place("en", news, *hidden)
    home = client.get("/en/").content.decode()
    section = client.get(news.get_absolute_url()).content.decode()
    api = client.get("/api/v1/front?language=en").json()
    for story in hidden:
        assert story.headline not in home and story.headline not in section
        assert story.pk not in [item["id"] for item in api["items"]]
    assert lead_of(home) == "Story 0"


def test_the_section_page_lists_its_placed_stories_first_then_the_newest(
    client, stories, news, settings
):
    settings.ARTICLES_PER_PAGE = 4
    place("en", news, stories[5], stories[2])
    first = section_order(client.get(news.get_absolute_url()).content.decode())
    older = re.search(
        r'rel="next" href="([^"]+)"', client.get(news.get_absolute_url()).content.decode()
    )[1]
    second = section_order(client.get(news.get_absolute_url() + unescape(older)).content.decode())
    assert first == ["Story 5", "Story 2", "Story 0", "Story 1"]
    assert second == ["Story 3", "Story 4"], "each story once, across the pages"


def test_a_section_placement_of_a_story_in_another_section_is_skipped(client, stories, news):
    elsewhere = make_article(headline="Sport story", section=make_section())
    place("en", news, elsewhere, stories[3])
    order = section_order(client.get(news.get_absolute_url()).content.decode())
    assert "Sport story" not in order and order[0] == "Story 3"


def test_a_page_with_a_placement_ending_is_not_kept_past_it(stories):
    place("en", None, stories[4], until=timezone.now() + timedelta(minutes=10))
    answer = fetch("/en/")
    lifetime = int(re.search(r"s-maxage=(\d+)", answer.headers["cache-control"]).group(1))
    assert 590 <= lifetime <= 600
    assert answer.headers.get("x-accel-expires") == str(lifetime)


# --- Arranging ----------------------------------------------------------------------------


def test_only_editors_arrange_the_front_page(client, writer, editor, stories):
    client.force_login(writer)
    assert client.get("/admin/front/").status_code == 403
    assert change(client, "add", article=stories[3].pk).status_code == 403
    assert client.get("/admin/front/preview/").status_code == 403
    assert not FrontSlot.objects.exists()
    labels = [link.label for link in nav_links(type("R", (), {"user": writer})())]
    assert "Front page" not in labels
    client.force_login(editor)
    assert client.get("/admin/front/").status_code == 200
    links = nav_links(type("R", (), {"user": editor})())
    assert ("Front page", "/admin/front/") in [(link.label, link.url) for link in links]


def test_the_draft_is_not_live_until_made_live_and_the_preview_shows_it(editing, stories):
    change(editing, "add", article=stories[4].pk, lead="1")
    change(editing, "add", article=stories[5].pk)
    assert lead_of(fetch("/en/").text) == "Story 0", "a draft is not live"
    preview = editing.get("/admin/front/preview/?language=en&section=")
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"] and "noindex" in preview["X-Robots-Tag"]
    assert "Surrogate-Key" not in preview
    html = preview.content.decode()
    assert lead_of(html) == "Story 4" and second_tier_of(html)[0] == "Story 5"
    assert "Preview — draft arrangement" in html
    change(editing, "live")
    html = fetch("/en/").text
    assert lead_of(html) == "Story 4" and second_tier_of(html)[0] == "Story 5"


def test_the_preview_of_a_section_shows_its_draft_order(editing, stories, news):
    change(editing, "add", section="news", article=stories[3].pk, lead="1")
    html = editing.get("/admin/front/preview/?language=en&section=news").content.decode()
    assert section_order(html)[0] == "Story 3"
    assert section_order(fetch(news.get_absolute_url()).text)[0] == "Story 0"


def test_the_preview_of_a_section_is_its_first_page_whatever_its_address_says(
    editing, stories, news
):
    change(editing, "add", section="news", article=stories[3].pk, lead="1")
    for query in ("&page=2", "&before=yesterday"):
        preview = editing.get(f"/admin/front/preview/?language=en&section=news{query}")
        assert preview.status_code == 200
        assert section_order(preview.content.decode())[0] == "Story 3"


def test_making_it_live_purges_the_cached_page_and_the_api(editing, stories):
    fetch("/en/"), fetch("/api/v1/front?language=en")
    assert fetch("/en/").cache == "hit"
    assert fetch("/api/v1/front?language=en").cache == "hit"
    change(editing, "add", article=stories[2].pk, lead="1")
    assert fetch("/en/").cache == "hit", "a draft change purges nothing"
    change(editing, "live")
    answer = fetch("/en/")
    assert answer.cache == "miss" and lead_of(answer.text) == "Story 2"
    api = fetch("/api/v1/front?language=en")
    assert api.cache == "miss"


def test_making_a_section_live_purges_that_section_page_only(editing, stories, news):
    other = make_section(slug="other")
    make_article(section=other)
    for path in ("/en/", news.get_absolute_url(), other.get_absolute_url()):
        fetch(path)
    change(editing, "add", section="news", article=stories[3].pk, lead="1")
    change(editing, "live", section="news")
    assert fetch(news.get_absolute_url()).cache == "miss"
    assert fetch("/en/").cache == "hit" and fetch(other.get_absolute_url()).cache == "hit"


def test_making_it_live_is_written_in_the_audit_log(editing, editor, stories):
    change(editing, "add", article=stories[3].pk, lead="1")
    change(editing, "add", article=stories[1].pk)
    change(editing, "live")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.FRONT_ARRANGED)
    assert entry.article == stories[3] and entry.actor == editor
    assert entry.detail == f"en/home: lead {stories[3].pk}, {stories[1].pk}"
    assert str(entry) == "Edith Okafor arranged the front page “Story 3”"


def test_a_front_without_a_lead_is_logged_without_an_article(editing, stories):
    change(editing, "add", article=stories[3].pk)
    change(editing, "live")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.FRONT_ARRANGED)
    assert entry.article is None and entry.detail == f"en/home: {stories[3].pk}"


def test_up_and_down_buttons_reorder_without_javascript(editing, stories):
    for story in stories[1:4]:
        change(editing, "add", article=story.pk)
    change(editing, "up", article=stories[3].pk)
    assert Arrangement.load("en").ids == [stories[1].pk, stories[3].pk, stories[2].pk]
    change(editing, "down", article=stories[1].pk)
    assert Arrangement.load("en").ids == [stories[3].pk, stories[1].pk, stories[2].pk]
    page = editing.get("/admin/front/?language=en&section=").content.decode()
    assert page.index("Story 3") < page.index("Story 1") < page.index("Story 2")
    assert 'name="action" value="up"' in page and 'name="action" value="down"' in page


def test_pinning_removing_and_reordering_the_draft(editing, stories):
    for story in stories[1:4]:
        change(editing, "add", article=story.pk)
    change(editing, "pin", article=stories[2].pk)
    draft = Arrangement.load("en")
    assert draft.lead_id() == stories[2].pk
    order = f"{stories[3].pk},{stories[2].pk},{stories[1].pk}"
    change(editing, "reorder", order=order)
    assert Arrangement.load("en").ids == [stories[3].pk, stories[2].pk, stories[1].pk]
    change(editing, "remove", article=stories[3].pk)
    draft = Arrangement.load("en")
    assert draft.ids == [stories[2].pk, stories[1].pk] and not draft.pinned


def test_discarding_the_draft_brings_back_the_live_arrangement(editing, stories):
    change(editing, "add", article=stories[3].pk, lead="1")
    change(editing, "live")
    change(editing, "add", article=stories[1].pk)
    page = editing.get("/admin/front/").content.decode()
    assert "The draft differs from what readers see." in page
    change(editing, "discard")
    assert Arrangement.load("en").same_as(Arrangement.load("en", live=True))
    assert Arrangement.load("en").ids == [stories[3].pk]


def test_until_is_set_and_cleared_per_placement(editing, stories, settings):
    settings.TIME_ZONE = "UTC"
    change(editing, "add", article=stories[3].pk, lead="1")
    later = (timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    change(editing, "until", article=stories[3].pk, until=later.strftime("%Y-%m-%dT%H:%M"))
    assert Arrangement.load("en").placements[0].until == later
    change(editing, "clear", article=stories[3].pk)
    assert Arrangement.load("en").placements[0].until is None


def test_a_past_time_an_unpublished_story_and_a_bad_id_are_refused(editing, stories, news):
    draft = make_article(section=news, status=Article.Status.DRAFT)
    change(editing, "add", article=stories[3].pk)
    past = (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = change(editing, "until", article=stories[3].pk, until=past)
    assert response.status_code == 302
    for bad in (draft.pk, "abc", 2**70):
        assert change(editing, "add", article=bad).status_code == 302
    assert change(editing, "until", article=stories[3].pk, until="soon").status_code == 302
    assert Arrangement.load("en").ids == [stories[3].pk]
    assert Arrangement.load("en").placements[0].until is None


def test_a_refused_change_says_why(editing, stories):
    change(editing, "add", article=stories[3].pk)
    past = (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    page = change(editing, "until", article=stories[3].pk, until=past)
    assert "Choose a time in the future." in editing.get(page.url).content.decode()
    page = change(editing, "add", article=stories[3].pk)
    assert "on this front page already" in editing.get(page.url).content.decode()


def test_a_front_holds_a_lead_and_its_top_stories_at_most(editing, stories):
    for story in stories[:5]:
        change(editing, "add", article=story.pk)
    assert len(Arrangement.load("en").ids) == 3
    change(editing, "pin", article=stories[0].pk)
    change(editing, "add", article=stories[4].pk)
    assert len(Arrangement.load("en").ids) == 4


def test_a_story_older_than_those_offered_is_found_by_its_headline_and_added(editing, news):
    old = make_article(headline="Harbour bridge reopens", section=news, published_at=hours_ago(900))
    for n in range(arranging.CHOICES):
        make_article(headline=f"Newer story {n}", section=news, published_at=hours_ago(n + 1))
    page = editing.get("/admin/front/?language=en").content.decode()
    assert "Harbour bridge reopens" not in page  # the newest fill the list

    found = editing.get("/admin/front/?language=en&section=&q=harbour+BRIDGE").content.decode()
    offered = re.findall(r'<option value="(\d+)">([^<]+)</option>', found)
    assert offered == [(str(old.pk), "Harbour bridge reopens")]
    change(editing, "add", article=old.pk)
    assert Arrangement.load("en").ids == [old.pk]


def test_finding_offers_only_what_may_be_placed_on_that_page(editing, stories, news):
    elsewhere = make_article(headline="Story in sport", section=make_section(name="Sport"))
    make_article(headline="Story unpublished", section=news, status=Article.Status.DRAFT)
    page = editing.get("/admin/front/?language=en&section=news&q=story").content.decode()
    offered = re.findall(r'<option value="\d+">([^<]+)</option>', page)
    assert offered == [f"Story {n}" for n in range(6)]
    assert elsewhere.headline not in page

    page = editing.get("/admin/front/?language=en&q=nothing+like+it").content.decode()
    assert "No published story on this page matches “nothing like it”." in unescape(page)


def test_an_unknown_edition_or_section_is_a_404(editing):
    assert editing.get("/admin/front/?language=xx").status_code == 404
    assert editing.get("/admin/front/?section=nope").status_code == 404
    assert change(editing, "live", section="nope").status_code == 404


# --- Expiry -------------------------------------------------------------------------------


def test_the_worker_purges_a_front_whose_placement_ended(stories, monkeypatch):
    now = timezone.now()
    place("en", None, stories[4], until=now + timedelta(minutes=5))
    fetch("/en/")
    assert fetch("/en/").cache == "hit"
    assert arranging.purge_expired(now=now, since=now - timedelta(minutes=1)) is None
    assert fetch("/en/").cache == "hit"
    later = now + timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    chore = dict(scheduler.chores())["purge fronts whose placements ended"]
    monkeypatch.setattr(arranging, "_last_round", now)
    assert chore() == "front page placements ended, pages purged: en/home"
    answer = fetch("/en/")
    assert answer.cache == "miss" and lead_of(answer.text) == "Story 0"


# --- API ----------------------------------------------------------------------------------


def test_the_api_gives_the_home_in_the_same_order_as_the_page(client, stories):
    place("en", None, stories[5], stories[3])
    html = client.get("/en/").content.decode()
    page_order = re.findall(r'class="card-headline"><a [^>]*>(Story \d)</a>', html)
    answer = client.get("/api/v1/front?language=en")
    assert answer.status_code == 200
    items = answer.json()["items"]
    assert [item["headline"] for item in items] == page_order
    assert [(item["place"], item["pinned"]) for item in items[:3]] == [
        ("lead", True),
        ("top", True),
        ("top", False),
    ]
    assert set(items[0]) >= {"id", "headline", "url", "api_url", "section", "authors"}


def test_the_api_gives_a_section_in_the_same_order_as_its_page(client, stories, news):
    place("en", news, stories[5], stories[3], pinned=False)
    page_order = section_order(client.get(news.get_absolute_url()).content.decode())
    answer = client.get("/api/v1/front?language=en&section=news").json()
    assert [item["headline"] for item in answer["items"]] == page_order
    assert answer["section"]["slug"] == "news"
    assert [item["place"] for item in answer["items"][:3]] == ["top", "top", "latest"]


def test_the_api_front_is_documented_and_refuses_unknown_values(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/front" in schema["paths"]
    assert client.get("/api/v1/front?language=xx").status_code == 400
    missing = client.get("/api/v1/front?language=en&section=nope")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "unknown_section"
