"""The front page reads like a newspaper's: a lead, a second tier, compact section lists."""

import gzip
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from newsdesk.content.models import Article
from newsdesk.content.reading import reading_minutes
from newsdesk.reader.front import PER_SECTION, SECOND_TIER, front_page
from tests.factories import make_article, make_image, make_section

pytestmark = pytest.mark.django_db

HOME_BUDGET_BYTES = 30 * 1024


def block(page: str, css_class: str) -> str:
    """The element whose class attribute starts with ``css_class``, to its closing tag."""
    start = page.index(f'class="{css_class}')
    tag = page.rfind("<", 0, start)
    name = re.match(r"<(\w+)", page[tag:]).group(1)
    return page[tag : page.index(f"</{name}>", start)]


def cards(html: str, variant: str) -> list[str]:
    return re.findall(rf'<article class="card card-{variant}">.*?</article>', html, re.S)


def hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


@pytest.fixture
def front(db):
    """Ten stories in two sections, newest first; the fourth newest has no picture."""
    news, culture = make_section(name="News"), make_section(name="Culture")
    stories = []
    for n in range(10):
        stories.append(
            make_article(
                headline=f"Story {n}",
                section=news if n % 2 else culture,
                lead_image=None if n == 3 else make_image(),
                published_at=hours_ago(n + 1),
            )
        )
    return stories


def test_the_newest_story_leads_with_a_big_picture_its_standfirst_and_reading_time(client, front):
    page = client.get("/en/").content.decode()
    lead = block(page, "lead-story")
    [card] = cards(lead, "lead")
    assert "Story 0" in card and front[0].standfirst in card
    assert f'<h2 class="card-headline"><a href="{front[0].get_absolute_url()}">' in card
    assert "<picture>" in card and 'sizes="(min-width: 72rem) 41rem' in card, "the big picture"
    assert 'fetchpriority="high"' in card and 'loading="lazy"' not in card
    assert '<span class="reading-time">1 min read</span>' in card


def test_the_second_tier_holds_the_next_stories_that_have_a_picture(client, front):
    tier = block(client.get("/en/").content.decode(), "second-tier")
    shown = cards(tier, "tier")
    assert len(shown) == SECOND_TIER == 3
    assert ["Story 1" in shown[0], "Story 2" in shown[1], "Story 4" in shown[2]] == [True] * 3
    assert all("<picture>" in card and 'loading="lazy"' in card for card in shown)
    assert all('sizes="(min-width: 48rem) 22rem, 7.5rem"' in card for card in shown)
    assert "Story 3" not in tier, "no picture: it goes to its section's list"


def test_each_section_lists_its_other_stories_compactly_with_thumbnails(client, front):
    page = client.get("/en/").content.decode()
    news = block(page, "section-block")
    assert ">News</a></h2>" in news or ">Culture</a></h2>" in news
    compact = cards(page[page.index('class="front-rest"') :], "compact")
    headlines = re.findall(r'class="card-headline"><a [^>]+>([^<]+)<', "".join(compact))
    assert sorted(headlines) == ["Story 3", "Story 5", "Story 6", "Story 7", "Story 8", "Story 9"]
    for card in compact:
        assert "standfirst" not in card
        assert "<time " in card
    pictured = [card for card in compact if "Story 3" not in card]
    thumbnail = r'src="/media/renditions/\d+/w320-[0-9a-f]{12}\.jpg"'
    assert all(re.search(thumbnail, card) for card in pictured)
    assert all('width="' in c and 'height="' in c for c in pictured)
    assert "card-thumb" not in next(card for card in compact if "Story 3" in card)


def test_no_story_appears_twice_and_a_section_lists_a_few(client):
    section = make_section()
    for n in range(12):
        make_article(section=section, lead_image=make_image(), published_at=hours_ago(n + 1))
    page = client.get("/en/").content.decode()
    links = re.findall(r'class="card-headline"><a href="([^"]+)"', page)
    assert len(links) == len(set(links)) == 1 + SECOND_TIER + PER_SECTION


def test_the_page_keys_cover_every_story_and_picture_shown(client, front):
    response = client.get("/en/")
    page, keys = response.content.decode(), set(response["Surrogate-Key"].split())
    shown = [a for a in front if a.get_absolute_url() in page]
    assert len(shown) == 10
    for article in shown:
        assert f"article-{article.pk}" in keys
        if article.lead_image_id:
            assert f"image-{article.lead_image_id}" in keys
    assert "home-en" in keys


def test_a_chosen_lead_replaces_the_newest_story(front):
    edition = Article.objects.published().in_language("en")
    chosen = Article.objects.get(pk=front[5].pk)
    page = front_page(edition, lead=chosen)
    assert page.lead == chosen
    assert [a.headline for a in page.second_tier] == ["Story 0", "Story 1", "Story 2"]
    assert len(page.shown) == len({a.pk for a in page.shown}) == 10


def test_an_empty_edition_says_so(client):
    page = client.get("/en/").content.decode()
    assert "Nothing has been published in this edition yet." in page
    assert "lead-story" not in page


def test_cards_show_the_time_and_when_a_story_was_updated(client, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    published = datetime(2026, 6, 6, 1, 30, tzinfo=UTC)
    article = make_article(published_at=published)
    Article.objects.filter(pk=article.pk).update(revised_at=published + timedelta(hours=3))
    page = client.get("/en/").content.decode()
    assert '<time datetime="2026-06-06T09:30:00+08:00">2026-06-06 09:30</time>' in page
    assert 'Updated <time datetime="2026-06-06T12:30:00+08:00">12:30</time>' in page


def test_reading_time_counts_words_and_cjk_characters():
    assert reading_minutes("") == 1
    assert reading_minutes("word " * 230) == 1
    assert reading_minutes("word " * 231) == 2
    assert reading_minutes("港" * 400) == 1
    assert reading_minutes("港" * 1200) == 3
    assert reading_minutes("港" * 400 + " word" * 230) == 2, "a mixed text counts both"


def test_an_articles_reading_time_comes_from_its_body():
    article = make_article(body="<p>" + "harbour " * 700 + "</p>")
    assert article.reading_minutes == 4


def test_the_home_page_html_stays_under_30_kb_gzipped(client, demo):
    for language in ("en", "zh-hans"):
        page = client.get(f"/{language}/").content
        assert b'class="card card-lead"' in page
        assert len(gzip.compress(page)) < HOME_BUDGET_BYTES, language


def test_the_home_page_loads_nothing_from_another_site(client, demo):
    page = client.get("/en/").content.decode()
    # What the browser fetches to show the page (not the canonical and alternate addresses).
    fetched = re.findall(r'<(?:script|img|source)\b[^>]*\b(?:src|srcset)="([^"]+)"', page)
    fetched += re.findall(r'<link rel="(?:stylesheet|icon|manifest)"[^>]*href="([^"]+)"', page)
    assert fetched
    for address in fetched:
        assert address.startswith("/") and not address.startswith("//"), address


def test_an_articles_reading_time_keeps_its_paragraphs_apart():
    # 232 words in 116 paragraphs: glued at the paragraph ends they would read as 117.
    article = make_article(body="<p>harbour ferries</p>" * 116)
    assert article.reading_minutes == 2
