"""End to end in a real Chromium: an article's way through the newsroom to the reader.

Each person works in a browser context of their own, so their sessions stay apart: the
writer drafts and submits, the editor publishes or asks for a translation, the translator
works side by side, and a reader who never signs in checks the public site before and
after each publication.
"""

import re

import pytest
from playwright.sync_api import expect

from newsdesk.content.models import Article
from tests.browser import rich_text
from tests.factories import make_article, make_person, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Night pilots call a one day strike over shift rotas"
SLUG = "night-pilots-call-a-one-day-strike-over-shift-rotas"
STANDFIRST = "Ships wait outside the harbour mouth until the morning tide."
PARAGRAPHS = [
    "Harbour pilots stopped work at midnight after talks on the new rotas broke down.",
    "The port authority says ships will queue at anchor until the day shift arrives.",
    "Both sides meet again on Thursday with a mediator from the labour office.",
]

ORIGINAL = {
    "headline": "Harbour ferries move to a winter timetable",
    "standfirst": "Fewer crossings after nine in the evening from November.",
    "paragraphs": [
        "The harbour authority will run the last evening ferry at nine from November.",
        "Morning crossings keep their summer times, so commuters see no change before noon.",
        "The old timetable returns in March, when the days grow longer again.",
    ],
}
CHINESE = {
    "headline": "港口渡轮改用冬季时刻表",
    "standfirst": "自十一月起，晚上九点以后的班次减少。",
    "paragraphs": [
        "港务局自十一月起，晚间最后一班渡轮改为九点开出。",
        "早班渡轮沿用夏季时间，中午以前通勤乘客不受影响。",
        "三月白昼变长后，恢复原有时刻表。",
    ],
}


def expect_not_found(page, url):
    response = page.goto(url)
    assert response.status == 404, f"{url} answers {response.status} before publication"


def expect_message(page, text):
    expect(page.locator("ul.messagelist")).to_contain_text(text)


def expect_alternates(page, server, articles):
    """The page links every language version with <link rel="alternate" hreflang>
    (at the site's public address, PUBLIC_URL)."""
    from django.conf import settings

    for article in articles:
        alternate = page.locator(f'link[rel="alternate"][hreflang="{article.language}"]')
        expect(alternate).to_have_attribute(
            "href", settings.PUBLIC_URL + article.get_absolute_url()
        )


def test_writers_article_reaches_readers_once_an_editor_publishes_it(
    live_server, open_page, sign_in, writer, editor
):
    make_section(name="Harbour", slug="harbour")
    server = live_server.url
    reader = open_page()
    # The reader's browser keeps what it saw and must revalidate it after publication.
    reader.goto(f"{server}/en/")
    expect(reader.get_by_role("link", name=HEADLINE)).to_have_count(0)

    desk = sign_in(writer)
    desk.goto(f"{server}/admin/content/article/add/")
    desk.locator("#id_headline").fill(HEADLINE)
    desk.locator("#id_standfirst").fill(STANDFIRST)
    expect(desk.locator("#id_slug")).to_have_value(SLUG)
    desk.get_by_role("textbox", name="Body").click()  # the body editor
    for n, text in enumerate(PARAGRAPHS):
        if n:
            desk.keyboard.press("Enter")
        desk.keyboard.type(text)
    desk.locator("#id_section").select_option(label="Harbour")
    desk.locator('button[name="_step"][value="submitted"]').click()
    expect_message(desk, "Submit for review: done.")

    article = Article.objects.get(language="en", slug=SLUG)
    assert article.status == Article.Status.REVIEW
    assert article.created_by == writer
    assert [person.name for person in article.ordered_authors()] == ["Wendy Lam"]
    expect_not_found(reader, server + article.get_absolute_url())
    reader.goto(f"{server}/en/")
    expect(reader.get_by_role("link", name=HEADLINE)).to_have_count(0)

    newsroom = sign_in(editor)
    newsroom.goto(f"{server}/admin/content/article/")
    newsroom.locator("#result_list").get_by_role("link", name=HEADLINE).click()
    expect(newsroom).to_have_url(f"{server}/admin/content/article/{article.pk}/change/")
    expect(newsroom.locator(".newsroom-status .badge-review")).to_be_visible()
    newsroom.locator("#id_review_note").fill("Clear and well sourced.")
    newsroom.locator('button[name="_step"][value="published"]').click()
    expect_message(newsroom, "Publish now: done.")

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at is not None
    assert [note.text for note in article.review_notes.all()] == ["Clear and well sourced."]

    reader.goto(f"{server}/en/")
    reader.get_by_role("link", name=HEADLINE).first.click()
    expect(reader).to_have_url(server + article.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(reader.locator(".standfirst")).to_have_text(STANDFIRST)
    expect(reader.locator(".byline")).to_contain_text("Wendy Lam")
    expect(reader.locator(".article-body p")).to_have_text(PARAGRAPHS)


def test_editor_has_an_article_translated_and_readers_see_both_versions_linked(
    live_server, open_page, sign_in, editor, translator
):
    original = make_article(
        headline=ORIGINAL["headline"],
        slug="harbour-ferries-winter-timetable",
        standfirst=ORIGINAL["standfirst"],
        body="".join(f"<p>{text}</p>" for text in ORIGINAL["paragraphs"]),
        section=make_section(name="City", slug="city"),
        authors=[make_person(name="Mara Quinn")],
    )
    server = live_server.url
    original_url = server + original.get_absolute_url()
    reader = open_page()
    reader.goto(original_url)
    expect(reader.get_by_role("heading", level=1)).to_have_text(ORIGINAL["headline"])
    expect(reader.locator("nav.versions")).to_have_count(0)

    newsroom = sign_in(editor)
    newsroom.goto(f"{server}/admin/content/article/{original.pk}/change/")
    newsroom.get_by_role("link", name="Request a translation").click()
    expect(newsroom).to_have_url(
        f"{server}/admin/content/article/{original.pk}/request-translation/"
    )
    newsroom.locator("#id_language").select_option("zh-hans")
    tao = newsroom.locator("#id_translator option", has_text="Tao").get_attribute("value")
    newsroom.locator("#id_translator").select_option(tao)
    newsroom.locator("input[type=submit]").click()
    expect_message(newsroom, "a draft is waiting for Tao Zhang")

    translation = Article.objects.get(translation_of=original)
    expect(newsroom).to_have_url(f"{server}/admin/content/article/{translation.pk}/change/")
    assert translation.language == "zh-hans"
    assert translation.status == Article.Status.DRAFT
    assert translation.translation_task.translator == translator

    desk = sign_in(translator)
    desk.goto(f"{server}/admin/content/article/")
    expect(desk.locator("#result_list tbody tr")).to_have_count(1)
    desk.locator("#result_list").get_by_role("link", name=ORIGINAL["headline"]).click()
    expect(desk).to_have_url(f"{server}/admin/content/article/{translation.pk}/translate/")
    rows = desk.locator("table.side-by-side tbody tr")
    expect(rows).to_have_count(2 + len(ORIGINAL["paragraphs"]))
    expect(rows.filter(has_text=ORIGINAL["headline"]).locator("#id_headline")).to_have_count(1)
    expect(rows.filter(has_text=ORIGINAL["standfirst"]).locator("#id_standfirst")).to_have_count(1)
    for n, text in enumerate(ORIGINAL["paragraphs"]):
        # Each block of the original sits in the same row as the box for its translation.
        expect(rows.filter(has_text=text).locator(f"textarea#row-{n}")).to_have_count(1)

    desk.locator("#id_headline").fill(CHINESE["headline"])
    desk.locator("#id_standfirst").fill(CHINESE["standfirst"])
    for n, text in enumerate(CHINESE["paragraphs"]):
        rich_text(desk, f"Block {n + 1}").fill(text)  # the row's editor, once mounted
    desk.locator('button[name="_step"][value="submitted"]').click()
    expect(desk).to_have_url(f"{server}/admin/")  # the home: what waits for her next
    expect_message(desk, "Saved and submitted for review.")

    translation.refresh_from_db()
    assert translation.status == Article.Status.REVIEW
    assert translation.headline == CHINESE["headline"]
    assert translation.body == "".join(f"<p>{text}</p>" for text in CHINESE["paragraphs"])
    expect_not_found(reader, server + translation.get_absolute_url())
    reader.goto(f"{server}/zh-hans/")
    expect(reader.get_by_role("link", name=CHINESE["headline"])).to_have_count(0)

    newsroom.goto(f"{server}/admin/content/article/{translation.pk}/change/")
    newsroom.locator('button[name="_step"][value="published"]').click()
    expect_message(newsroom, "Publish now: done.")

    translation.refresh_from_db()
    assert translation.status == Article.Status.PUBLISHED
    both = [original, translation]

    reader.goto(f"{server}/zh-hans/")
    reader.get_by_role("link", name=CHINESE["headline"]).first.click()
    expect(reader).to_have_url(server + translation.get_absolute_url())
    expect(reader.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(reader.get_by_role("heading", level=1)).to_have_text(CHINESE["headline"])
    expect(reader.locator(".article-body p")).to_have_text(CHINESE["paragraphs"])
    expect(reader.locator("p.translator-credit")).to_contain_text(re.compile(r"翻译：\s*Tao Zhang"))
    expect(reader.locator("nav.versions").get_by_role("link")).to_have_attribute(
        "href", original.get_absolute_url()
    )
    expect_alternates(reader, server, both)

    reader.locator("a.original-link").click()
    expect(reader).to_have_url(original_url)
    expect(reader.locator("html")).to_have_attribute("lang", "en")
    expect(reader.get_by_role("heading", level=1)).to_have_text(ORIGINAL["headline"])
    version = reader.locator("nav.versions").get_by_role("link")
    expect(version).to_have_text(CHINESE["headline"])
    expect(version).to_have_attribute("hreflang", "zh-hans")
    expect(version).to_have_attribute("href", translation.get_absolute_url())
    expect_alternates(reader, server, both)
