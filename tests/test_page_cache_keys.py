"""What a stored page is keyed on: the path and the query its view reads, not whatever a
link or a crawler adds; who bypasses the store; what is never stored."""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from newsdesk.caching.query import shapes
from newsdesk.caching.store import Entry, LocalStore, get_store
from tests.factories import make_article, make_section
from tests.wsgi_client import fetch

pytestmark = pytest.mark.django_db(transaction=True)


def stored_pages() -> int:
    """How many pages the store holds now (either store)."""
    store = get_store()
    if isinstance(store, LocalStore):
        return len(store.entries)
    current = int(store.redis.get(store.generation) or 0)
    count = 0
    for name in store.redis.scan_iter(store.prefix + "*"):
        if name.startswith((store.prefix + "key:").encode()) or b"://" not in name:
            continue
        loaded = Entry.load(store.redis.get(name) or b"")
        count += loaded is not None and loaded[1] == current
    return count


@pytest.fixture
def story():
    return make_article(
        headline="Ferries run late", published_at=timezone.now() - timedelta(hours=1)
    )


def test_an_unknown_parameter_is_answered_with_the_stored_page(story):
    url = story.get_absolute_url()
    plain = fetch(url)
    assert fetch(url).cache == "hit"
    for number in range(20):
        answer = fetch(f"{url}?v={number}")
        assert (answer.status, answer.cache) == (200, "hit")
        assert answer.body == plain.body
    assert stored_pages() == 1


def test_an_unknown_parameter_on_a_page_not_yet_seen_is_answered_but_not_stored(story):
    url = story.get_absolute_url()
    first = fetch(f"{url}?v=first")
    assert (first.status, first.cache) == (200, "pass")
    assert stored_pages() == 0
    # The process now knows the page reads no parameter: others are dropped before it runs.
    assert fetch(f"{url}?v=second").cache == "miss"
    assert fetch(f"{url}?v=third").cache == "hit"
    assert fetch(url).cache == "hit"
    assert stored_pages() == 1


def test_tracking_parameters_hit_the_entry_of_the_bare_address(story):
    url = story.get_absolute_url()
    fetch(url)
    shapes.clear()  # even in a process that has not learned what the page reads
    tracked = fetch(f"{url}?utm_source=social&utm_medium=x&fbclid=abc&gclid=1&mc_cid=2")
    assert tracked.cache == "hit"
    assert stored_pages() == 1


def test_the_view_never_sees_the_parameters_dropped_from_the_key():
    make_article(headline="One"), make_article(headline="Two")
    answer = fetch("/api/v1/articles?limit=1&utm_source=x&v=1")
    next_link = json.loads(answer.body)["next"]
    assert "limit=1" in next_link and "cursor=" in next_link
    assert "utm_source" not in next_link
    fetch("/api/v1/articles?limit=1")  # now the process knows what the list reads
    next_link = json.loads(fetch("/api/v1/articles?v=2&limit=1").body)["next"]
    assert "v=" not in next_link.replace("/v1/", "")


def test_declared_parameters_key_the_page_in_order_and_stay_apart():
    section = make_section(name="Harbour", slug="harbour")
    for number in range(25):
        make_article(headline=f"Story {number}", section=section)
    first = fetch("/en/section/harbour/")
    older = unescape(re.search(r'rel="next" href="\?([^"]+)"', first.text)[1])
    second = fetch(f"/en/section/harbour/?{older}")
    assert second.cache == "miss" and "Story" in second.text
    assert fetch(f"/en/section/harbour/?{older}&utm_campaign=a").cache == "hit"
    assert fetch(f"/en/section/harbour/?{older}").body != fetch("/en/section/harbour/").body
    assert stored_pages() == 2


def test_a_page_at_a_made_up_position_is_answered_without_being_stored(story):
    section = story.section.get_absolute_url()
    fetch(section)
    before = stored_pages()
    for minute in range(3):
        answer = fetch(f"{section}?before=2026-01-01T10:0{minute}:00.000000Z_{story.pk}")
        assert (answer.status, answer.cache) == (200, "pass")
    assert stored_pages() == before


@pytest.mark.parametrize("page", ["999999", "abc", "02", "", "-1"])
def test_an_old_page_number_is_redirected_without_being_stored(story, page):
    section = story.section.get_absolute_url()
    fetch(section)
    before = stored_pages()
    answer = fetch(f"{section}?page={page}")
    assert answer.status in (301, 404) and answer.cache == ""
    assert stored_pages() == before


def test_search_results_are_never_stored(story):
    for number in range(5):
        answer = fetch(f"/en/search/?q=ferries{number}")
        assert answer.status == 200 and answer.cache != "hit"
    assert stored_pages() == 0


def test_an_api_page_after_a_cursor_is_answered_but_not_stored():
    make_article(headline="One"), make_article(headline="Two")
    next_link = json.loads(fetch("/api/v1/articles?limit=1").body)["next"]
    path = next_link.removeprefix("http://testserver")
    before = stored_pages()
    assert fetch(path).cache == "pass" and fetch(path).cache == "pass"
    assert stored_pages() == before


def test_a_made_up_session_cookie_gets_the_stored_page(story):
    url = story.get_absolute_url()
    fetch(url)
    for cookie in ("sessionid=abcdefghijklmnopqrstuvwxyz012345", "sessionid=x", "sessionid="):
        answer = fetch(url, cookie=cookie)
        assert (answer.status, answer.cache) == (200, "hit"), cookie


def test_a_readers_real_session_gets_the_stored_page_and_staff_bypass(story, client, editor):
    from django.contrib.auth import get_user_model

    url = story.get_absolute_url()
    fetch(url)
    reader = get_user_model().objects.create_user("rita", password="x")
    client.force_login(reader)
    assert fetch(url, cookie=f"sessionid={client.cookies['sessionid'].value}").cache == "hit"
    client.force_login(editor)
    staff = client.cookies["sessionid"].value
    assert fetch(url, cookie=f"sessionid={staff}").cache == "bypass"
    editor.is_active = False
    editor.save()
    assert fetch(url, cookie=f"sessionid={staff}").cache == "hit"


def test_outside_an_edition_the_key_has_the_negotiated_language():
    path = "/api/v1/sections"
    assert fetch(path, accept_language="zh-Hans").cache == "miss"
    assert fetch(path, accept_language="en").cache == "miss"
    assert fetch(path, accept_language="en-GB,en;q=0.9").cache == "hit"
    assert fetch(path, accept_language="zh-hans;q=1, fr;q=0.5").cache == "hit"
    assert stored_pages() == 2


def test_a_response_varying_on_what_the_key_does_not_account_for_is_not_stored(rf):
    from django.http import HttpResponse

    from newsdesk.caching.headers import cache_publicly
    from newsdesk.caching.middleware import renders_the_key

    request = rf.get("/en/")
    request.path_info = "/en/"
    page = cache_publicly(HttpResponse("page"), {"x"})
    assert renders_the_key(request, page)
    for vary in ("Cookie", "Accept-Language", "User-Agent", "*"):
        page["Vary"] = vary
        assert not renders_the_key(request, page), vary
    outside = rf.get("/api/v1/sections")
    outside.path_info = "/api/v1/sections"
    page["Vary"] = "Accept-Language, Accept-Encoding"
    assert renders_the_key(outside, page)


def test_a_hot_list_limit_past_its_length_is_answered_but_not_stored():
    make_article(headline="One")
    before = stored_pages()
    for limit in (50, 51, 1_000_000):
        answer = fetch(f"/api/v1/hot?language=en&limit={limit}")
        assert (answer.status, answer.cache) == (200, "pass"), limit
    assert stored_pages() == before
    assert fetch("/api/v1/hot?language=en").cache == "miss"
