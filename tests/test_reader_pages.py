"""Every reader page and what it shows."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from tests.factories import (
    make_article,
    make_column,
    make_image,
    make_person,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db


def test_root_redirects_to_an_edition(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/"


def test_home_shows_the_lead_story_and_top_news_per_section(client):
    world, business = make_section(name="World"), make_section(name="Business")
    older = make_article(
        section=world, headline="Older world story", published_at=timezone.now() - timedelta(days=2)
    )
    lead = make_article(
        section=business,
        headline="The newest story",
        published_at=timezone.now() - timedelta(minutes=5),
    )
    response = client.get("/en/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index(lead.headline) < page.index(f'id="section-{world.slug}"')
    assert older.headline in page
    assert page.count(lead.headline) == 1, "the lead story is not repeated in its section"


def test_home_shows_only_its_editions_language(client):
    make_article(headline="English story", language="en")
    make_article(headline="中文新闻", language="zh-hans")
    english = client.get("/en/").content.decode()
    chinese = client.get("/zh-hans/").content.decode()
    assert "English story" in english and "中文新闻" not in english
    assert "中文新闻" in chinese and "English story" not in chinese


def test_empty_edition_says_so(client):
    response = client.get("/en/")
    assert "Nothing has been published" in response.content.decode()


def test_chinese_edition_speaks_chinese(client):
    section = make_section(name="Business", translations={"zh-hans": {"name": "财经"}})
    make_article(language="zh-hans", section=section)
    page = client.get("/zh-hans/").content.decode()
    assert '<html lang="zh-Hans">' in page
    assert "财经" in page
    assert "跳到正文" in page  # "Skip to content"


def test_section_page_lists_its_articles(client):
    section = make_section(name="Culture")
    mine = make_article(section=section)
    other = make_article()
    page = client.get(section.get_absolute_url()).content.decode()
    assert "<h1>Culture</h1>" in page
    assert mine.headline in page and other.headline not in page


def test_column_page_lists_its_articles(client):
    column = make_column(name="Review", description="Opinion on the week.")
    mine = make_article(column=column)
    other = make_article()
    page = client.get(column.get_absolute_url()).content.decode()
    assert "Opinion on the week." in page
    assert mine.headline in page and other.headline not in page


def test_tag_page_lists_its_articles(client):
    tag = make_tag(name="ports")
    mine = make_article(tags=[tag])
    other = make_article()
    page = client.get(tag.get_absolute_url()).content.decode()
    assert mine.headline in page and other.headline not in page


def test_chinese_tag_has_a_working_page(client):
    tag = make_tag(name="港口", slug="港口")
    article = make_article(language="zh-hans", tags=[tag])
    from django.utils import translation

    with translation.override("zh-hans"):
        url = tag.get_absolute_url()
    assert client.get(url).status_code == 200
    assert article.headline in client.get(url).content.decode()


def test_person_page_shows_bio_photo_and_both_written_and_translated_articles(client):
    person = make_person(name="Mei Tan", bio="Mei covers the strait.")
    written = make_article(authors=[person])
    translated = make_article(translators=[person])
    other = make_article()
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Mei covers the strait." in page
    assert written.headline in page and translated.headline in page
    assert other.headline not in page


def test_lists_are_paginated(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    section = make_section()
    articles = [make_article(section=section) for _ in range(5)]  # newest last... by date
    first = client.get(section.get_absolute_url()).content.decode()
    assert 'rel="next"' in first and 'rel="prev"' not in first
    older = re.search(r'rel="next" href="([^"]+)"', first)[1]
    second = client.get(section.get_absolute_url() + unescape(older)).content.decode()
    assert 'rel="next"' in second and 'rel="prev"' in second
    newest_first = sorted(articles, key=lambda a: a.published_at, reverse=True)
    assert newest_first[0].headline in first and newest_first[0].headline not in second
    assert newest_first[2].headline in second


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1.5", ""])
def test_a_bad_page_number_leads_to_the_first_page(client, page):
    section = make_section()
    make_article(section=section)
    response = client.get(section.get_absolute_url(), {"page": page}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(section.get_absolute_url(), 301)]


def test_unknown_section_column_tag_person_are_404_in_the_sites_look(client):
    for url in [
        "/en/section/nope/",
        "/en/column/nope/",
        "/en/tag/nope/",
        "/en/people/nope/",
        "/en/2026/01/01/nope/",
        "/en/not-a-page/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.content.decode()
        assert 'class="masthead"' in response.content.decode()


def test_server_error_page_is_in_the_sites_look(rf, settings):
    from newsdesk.reader.views import server_error

    response = server_error(rf.get("/en/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page
    assert settings.SITE_NAME in page


def test_article_in_the_wrong_edition_is_404(client):
    article = make_article(language="zh-hans", slug="gang-kou")
    wrong = article.get_absolute_url().replace("/zh-hans/", "/en/")
    assert client.get(wrong).status_code == 404


def test_article_with_wrong_date_redirects_to_its_canonical_url(client):
    article = make_article()
    response = client.get(f"/en/1999/01/01/{article.slug}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_article_page_shows_every_part(client, settings):
    column = make_column(name="Meridian Review")
    section = make_section(name="Top News")
    author = make_person(
        name="Lin Qiao", role_title="Meridian writer", bio="Lin Qiao studies ports."
    )
    translator = make_person(name="Ada Wen", role_title="Translator")
    lead = make_image(caption="The harbour at dawn.", credit="Photo: Desk")
    inline = make_image(caption="Cranes at the new quay.", credit="Photo: Quay", alt_text="Cranes")
    original = make_article(
        language="zh-hans", section=section, headline="港口的新时代", authors=[author]
    )
    article = make_article(
        column=column,
        section=section,
        headline="A new era for the harbour",
        standfirst="Why the quay matters.",
        authors=[author],
        translators=[translator],
        translation_of=original,
        lead_image=lead,
        tags=[make_tag(name="ports")],
        body=f"<p>Opening paragraph.</p><h2>The quay</h2>{inline.embed_code}"
        "<blockquote><p>It changes everything.</p><cite>A docker</cite></blockquote>",
        source_line="(PACIFIC MERIDIAN)",
        published_at=timezone.make_aware(timezone.datetime(2026, 6, 6, 9, 30)),
    )
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert '<p class="kicker"><a href="/en/column/' in page and "Meridian Review" in page
    assert '<h1 class="headline">A new era for the harbour</h1>' in page
    assert "Top News" in page
    assert (
        '<span class="published"><time datetime="2026-06-06T09:30:00+00:00">2026-06-06 09:30</time>'
        ' <span class="time-zone">UTC</span></span>'
    ) in page
    assert '<span class="reading-time">1 min read</span>' in page
    assert (
        'By <span class="role-title">Meridian writer</span> '
        f'<a rel="author" href="{author.get_absolute_url()}">Lin Qiao</a>'
    ) in page
    assert f'Translated by <a href="{translator.get_absolute_url()}">Ada Wen</a>' in page
    assert f'href="{original.get_absolute_url()}" hreflang="zh-hans"' in page
    # "Read the original" in the page's language, the original's language named in it
    # and in its own.
    assert (
        'Read the original (Simplified Chinese) · <span lang="zh-hans">简体中文</span></a>' in page
    )
    assert "<figcaption>" in page and "The harbour at dawn." in page and "Photo: Desk" in page
    assert "Cranes at the new quay." in page and 'alt="Cranes"' in page
    assert "<h2>The quay</h2>" in page and "<cite>A docker</cite>" in page
    assert "Lin Qiao studies ports." in page
    assert '<p class="source-line">(PACIFIC MERIDIAN)</p>' in page
    assert f'hreflang="zh-hans" href="{settings.PUBLIC_URL}{original.get_absolute_url()}"' in page
    assert "ports" in page


def test_original_links_to_its_published_translations(client):
    original = make_article(language="zh-hans", headline="港口的新时代")
    english = make_article(language="en", translation_of=original, headline="Harbour era")
    page = client.get(original.get_absolute_url()).content.decode()
    assert f'href="{english.get_absolute_url()}" hreflang="en"' in page


def test_an_updated_article_shows_its_last_updated_date(client, django_capture_on_commit_callbacks):
    article = make_article(published_at=timezone.now() - timedelta(days=1))
    assert "Updated" not in client.get(article.get_absolute_url()).content.decode()
    article.body = "<p>Corrected: the quay opens on Monday.</p>"
    with django_capture_on_commit_callbacks(execute=True):  # its purge: the page is made again
        article.save()
    assert "Updated" in client.get(article.get_absolute_url()).content.decode()


def test_list_pages_make_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    section, column, tag = make_section(), make_column(), make_tag()
    person = make_person()
    for _ in range(12):
        make_article(section=section, column=column, tags=[tag], authors=[person, make_person()],
                     lead_image=None)  # fmt: skip
    # Seven: one reads the stored cards (content/cards.py), two the articles' addresses
    # and credits (for_cards). On the first visit, two more read whole the articles whose
    # cards it renders, and one keeps those cards.
    for url in [section.get_absolute_url(), column.get_absolute_url(), tag.get_absolute_url(),
                person.get_absolute_url()]:  # fmt: skip
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(7):
            assert client.get(url + "?again=1").status_code == 200


def test_home_and_article_pages_make_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    sections = [make_section() for _ in range(3)]
    articles = [make_article(section=s, tags=[make_tag()]) for s in sections for _ in range(5)]
    # With a full Hot Recommended list: three queries more on each page.
    from newsdesk.trending.models import HotList

    hot = [a.pk for a in articles[:7]]
    HotList.objects.create(scope="en", article_ids=hot, computed_at=timezone.now())
    # Eight: one of them reads the editors' placements (reader/front.py); then one per
    # section for its newest and two for all their cards' articles. Each list of cards
    # (lead, second tier, each section's, Hot Recommended) reads its stored cards in one
    # query, and on the first visit keeps those it had to render in one more.
    lists = 3 + len(sections)
    with django_assert_max_num_queries(8 + len(sections) + 2 + 2 * lists):
        assert "Hot Recommended" in client.get("/en/").content.decode()
    with django_assert_max_num_queries(8 + len(sections) + 2 + lists):
        assert "Hot Recommended" in client.get("/en/?again=1").content.decode()
    # An article's first render reads it whole and keeps its page (content/cards.py);
    # then the article, its kept page, its related list and the aside's cards: Hot
    # Recommended is read once until the next purge (caching/memo.py).
    with django_assert_max_num_queries(16):
        client.get(articles[0].get_absolute_url())
    with django_assert_max_num_queries(4):
        assert (
            "Hot Recommended"
            in client.get(articles[0].get_absolute_url() + "?v=2").content.decode()
        )


def test_server_error_page_survives_a_broken_template(rf, monkeypatch):
    from newsdesk.reader import views

    def broken(name):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(views.loader, "get_template", broken)
    response = views.server_error(rf.get("/en/"))
    assert response.status_code == 500
    assert views.SERVER_ERROR_TEXT in response.content.decode()


def test_an_imported_image_still_without_its_file_shows_its_caption_and_no_broken_picture(
    client,
):
    from newsdesk.content.models import Image

    waiting = Image.objects.create(
        source="AJLJ.jpg", caption="Boats at the quay.", alt_text="Boats at the quay."
    )
    article = make_article(
        body=f"<p>Text.</p>{waiting.embed_code}", lead_image=waiting, headline="Quay story"
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Boats at the quay." in page
    assert 'src=""' not in page and "<img src" not in page.split('class="article-body"')[1]
    home = client.get("/en/").content.decode()
    assert "Quay story" in home and 'src=""' not in home
