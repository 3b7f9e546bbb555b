"""Feeds: RSS 2.0, Atom and JSON Feed 1.1 of each edition, section, column and person."""

import json
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from html import unescape

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from newsdesk.content.models import Article
from newsdesk.reader.feeds import ITEMS
from tests.factories import (
    make_article,
    make_column,
    make_image,
    make_person,
    make_section,
    make_tag,
)
from tests.wsgi_client import fetch

FORMATS = ["rss", "atom", "json"]
XML_FORMATS = ["rss", "atom"]
KINDS = ["edition", "section", "column", "person"]
CONTENT_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
JSON_FEED_KEYS = {"version", "title", "home_page_url", "feed_url", "description",
                  "user_comment", "next_url", "icon", "favicon", "authors", "language",
                  "expired", "hubs", "items"}  # fmt: skip
JSON_ITEM_KEYS = {"id", "url", "external_url", "title", "content_html", "content_text",
                  "summary", "image", "banner_image", "date_published", "date_modified",
                  "authors", "tags", "language", "attachments"}  # fmt: skip


class Newsroom:
    """Two published English stories (one translated), and what readers must not see."""

    def __init__(self):
        now = timezone.now()
        self.section = make_section(
            name="Harbour", translations={"zh-hans": {"name": "港口"}}, slug="harbour"
        )
        self.column = make_column(name="Tide Tables", slug="tide-tables")
        self.ivo = make_person(name="Ivo Lind", slug="ivo-lind")
        self.ana = make_person(name="Ana Roe", slug="ana-roe")
        self.tag = make_tag(name="ferries", slug="ferries")
        self.figure = make_image(caption="The quay at noon.")
        self.lead = make_article(
            headline="Ports & harbours reopen",
            slug="ports-reopen",
            standfirst="The storm is over; the ferries <sail> again.",
            body=(
                '<p>Read <a href="/en/section/harbour/">more from the harbour</a>.</p>'
                "<p>Second paragraph of the lead.</p>"
                f'<figure data-image-id="{self.figure.pk}"></figure>'
            ),
            section=self.section,
            column=self.column,
            authors=[self.ivo, self.ana],
            tags=[self.tag],
            lead_image=make_image(caption="The first ferry out.", credit="Photo: Desk"),
            published_at=now - timedelta(hours=1),
        )
        self.second = make_article(
            headline="Tide tables for the week",
            section=self.section,
            authors=[self.ana],
            published_at=now - timedelta(hours=2),
        )
        self.translation = make_article(
            headline="港口重新开放",
            slug="港口重新开放",
            language="zh-hans",
            translation_of=self.lead,
            section=self.section,
            column=self.column,
            authors=[self.ivo],
            translators=[self.ana],
            published_at=now - timedelta(minutes=30),
        )
        self.hidden = [
            make_article(headline="A draft", status=Article.Status.DRAFT, section=self.section),
            make_article(
                headline="Scheduled for tomorrow",
                status=Article.Status.SCHEDULED,
                published_at=now + timedelta(days=1),
                section=self.section,
            ),
            make_article(
                headline="Published in the future",
                published_at=now + timedelta(hours=3),
                section=self.section,
            ),
            make_article(
                headline="Taken down",
                status=Article.Status.UNPUBLISHED,
                published_at=now - timedelta(hours=4),
                section=self.section,
            ),
        ]
        for article in self.hidden:
            article.bylines.create(person=self.ivo, position=5)
            article.tags.add(self.tag)
        self.hidden[0].column = self.column
        self.hidden[0].save()


@pytest.fixture
def newsroom(db, settings):
    settings.FEED_FULL_TEXT = True
    return Newsroom()


def feed_url(kind: str, fmt: str, slug: str | None = None, language: str = "en") -> str:
    with translation.override(language):
        args = [slug] if slug else []
        return reverse(f"feeds:{kind}-{fmt}", args=args)


def slug_of(newsroom, kind):
    return {
        "edition": None,
        "section": newsroom.section.slug,
        "column": newsroom.column.slug,
        "person": newsroom.ivo.slug,
    }[kind]


def parse(client, url):
    """A feed as feedparser reads it, after checking it is well-formed."""
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return parsed


def json_feed(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == CONTENT_TYPES["json"]
    return json.loads(response.content)


def guids(client, url) -> list[str]:
    if url.rstrip("/").endswith("json"):
        return [item["id"] for item in json_feed(client, url)["items"]]
    return [entry.id for entry in parse(client, url).entries]


def rfc3339(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, value
    return parsed


def check_json_feed(document: dict) -> None:
    """The required fields and types of JSON Feed 1.1, and no field outside it."""
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(document["title"], str) and document["title"]
    assert set(document) <= JSON_FEED_KEYS, set(document) - JSON_FEED_KEYS
    for name in ("home_page_url", "feed_url", "icon", "favicon"):
        assert document[name].startswith("http://testserver/"), name
    for author in document["authors"]:
        assert isinstance(author["name"], str)
    assert isinstance(document["items"], list)
    for item in document["items"]:
        assert set(item) <= JSON_ITEM_KEYS, set(item) - JSON_ITEM_KEYS
        assert isinstance(item["id"], str) and item["id"]
        assert "content_html" in item or "content_text" in item
        assert item["url"].startswith("http://testserver/")
        rfc3339(item["date_published"])
        rfc3339(item["date_modified"])
        for author in item.get("authors", []):
            assert isinstance(author["name"], str) and author["url"].startswith("http://")
        assert all(isinstance(tag, str) for tag in item.get("tags", []))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_feed_is_valid_in_both_editions(client, newsroom, fmt, kind, language):
    url = feed_url(kind, fmt, slug_of(newsroom, kind), language)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    if fmt == "json":
        document = json.loads(response.content)
        check_json_feed(document)
        assert document["language"] == language
    else:
        parsed = parse(client, url)
        assert parsed.feed.language == language
        assert parsed.feed.link.startswith(f"http://testserver/{language}/")
        assert parsed.entries, url


@pytest.mark.parametrize("fmt", FORMATS)
def test_feeds_list_published_articles_only_newest_first(client, newsroom, fmt):
    expected = [f"article/{newsroom.lead.pk}", f"article/{newsroom.second.pk}"]
    for kind in ("edition", "section"):
        ids = guids(client, feed_url(kind, fmt, slug_of(newsroom, kind)))
        assert [i.rpartition(":")[2] for i in ids] == expected, kind
    column = guids(client, feed_url("column", fmt, newsroom.column.slug))
    assert [i.rpartition(":")[2] for i in column] == [f"article/{newsroom.lead.pk}"]
    # A person's feed: what Ivo wrote, not the drafts and takedowns he is credited on.
    person = guids(client, feed_url("person", fmt, newsroom.ivo.slug))
    assert [i.rpartition(":")[2] for i in person] == [f"article/{newsroom.lead.pk}"]


def test_a_persons_feed_lists_what_they_translated(client, newsroom):
    parsed = parse(client, feed_url("person", "rss", newsroom.ana.slug, language="zh-hans"))
    assert [entry.title for entry in parsed.entries] == ["港口重新开放"]
    assert [author.name for author in parsed.entries[0].authors] == ["Ivo Lind"]


def test_hidden_articles_appear_in_no_feed(client, newsroom):
    hidden = [article.headline for article in newsroom.hidden]
    for kind in KINDS:
        for fmt in FORMATS:
            text = client.get(feed_url(kind, fmt, slug_of(newsroom, kind))).content.decode()
            assert not any(headline in text for headline in hidden), (kind, fmt)


def test_the_chinese_edition_feeds_its_own_articles_with_chinese_names(client, newsroom):
    parsed = parse(client, feed_url("edition", "rss", language="zh-hans"))
    assert [entry.title for entry in parsed.entries] == ["港口重新开放"]
    entry = parsed.entries[0]
    assert entry.link == "http://testserver" + newsroom.translation.get_absolute_url()
    assert "港口" in [tag.term for tag in entry.tags]
    section = parse(client, feed_url("section", "atom", "harbour", language="zh-hans"))
    assert section.feed.title.startswith("港口 · ")


def test_a_feed_of_an_unknown_section_column_or_person_is_404(client, newsroom):
    for kind in ("section", "column", "person"):
        for fmt in FORMATS:
            assert client.get(feed_url(kind, fmt, "no-such-thing")).status_code == 404


def test_items_carry_title_authors_categories_and_summary(client, newsroom):
    for fmt in XML_FORMATS:
        entry = parse(client, feed_url("edition", fmt)).entries[0]
        assert entry.title == "Ports & harbours reopen"
        assert [author.name for author in entry.authors] == ["Ivo Lind", "Ana Roe"]
        assert {tag.term for tag in entry.tags} == {"Harbour", "ferries"}
        assert unescape(entry.summary) == "The storm is over; the ferries <sail> again."
    item = json_feed(client, feed_url("edition", "json"))["items"][0]
    assert item["title"] == "Ports & harbours reopen"
    assert item["summary"] == "The storm is over; the ferries <sail> again."
    assert [author["name"] for author in item["authors"]] == ["Ivo Lind", "Ana Roe"]
    assert item["authors"][0]["url"] == "http://testserver/en/people/ivo-lind/"
    assert item["tags"] == ["Harbour", "ferries"]


def test_full_text_by_default_with_absolute_links(client, newsroom):
    rss = parse(client, feed_url("edition", "rss")).entries[0]
    atom = parse(client, feed_url("edition", "atom")).entries[0]
    item = json_feed(client, feed_url("edition", "json"))["items"][0]
    # (feedparser lists media:description among the contents too.)
    rss_html, atom_html = (" ".join(part.value for part in e.content) for e in (rss, atom))
    figure = newsroom.figure.pk
    for html in (rss_html, atom_html, item["content_html"]):
        assert "Second paragraph of the lead." in html
        assert 'href="http://testserver/en/section/harbour/"' in html
        # The figure's <picture> as one <img>: its JPEG rendition, at an absolute address.
        assert f'src="http://testserver/media/renditions/{figure}/' in html
        assert "<picture" not in html and "<source" not in html and "srcset" not in html
        assert "The quay at noon." in html
    assert "content_text" not in item


def test_a_table_in_the_body_is_a_table_in_the_full_text(client, newsroom):
    newsroom.lead.body += "<table><tr><th>Port</th><th>Open</th></tr><tr><td>Halden</td>"
    newsroom.lead.body += "<td>yes</td></tr></table>"
    newsroom.lead.save()
    item = json_feed(client, feed_url("edition", "json"))["items"][0]
    assert (
        "<table><thead><tr><th>Port</th><th>Open</th></tr></thead>"
        "<tbody><tr><td>Halden</td><td>yes</td></tr></tbody></table>"
    ) in item["content_html"]
    atom = parse(client, feed_url("edition", "atom")).entries[0]
    assert "<td>Halden</td>" in " ".join(part.value for part in atom.content)


def test_summary_only_when_full_text_is_switched_off(client, newsroom, settings):
    settings.FEED_FULL_TEXT = False
    for fmt in XML_FORMATS:
        entry = parse(client, feed_url("edition", fmt)).entries[0]
        # (feedparser gives media:description as content too: look for the body's text.)
        assert not any("Second paragraph" in part.value for part in entry.get("content", []))
        assert "Second paragraph" not in client.get(feed_url("edition", fmt)).content.decode()
    item = json_feed(client, feed_url("edition", "json"))["items"][0]
    assert "content_html" not in item
    assert item["content_text"] == "The storm is over; the ferries <sail> again."


def test_the_lead_image_is_an_enclosure(client, newsroom):
    rss = parse(client, feed_url("edition", "rss"))
    lead, second = rss.entries
    (enclosure,) = lead.enclosures
    assert enclosure.href.startswith("http://testserver/")
    assert enclosure.type == "image/jpeg" and enclosure.length == "0"
    assert client.get(enclosure.href).status_code == 200  # the rendition is drawn
    (media,) = lead.media_content
    assert media["medium"] == "image" and media["url"] == enclosure.href
    assert (media["width"], media["height"]) == ("64", "48")
    assert lead.media_credit[0]["content"] == "Photo: Desk"
    assert not second.enclosures
    atom = parse(client, feed_url("edition", "atom")).entries[0]
    assert [link.href for link in atom.links if link.rel == "enclosure"] == [enclosure.href]
    item = json_feed(client, feed_url("edition", "json"))["items"][0]
    assert item["image"] == enclosure.href


def test_an_image_without_a_file_is_no_enclosure(client, newsroom):
    image = newsroom.lead.lead_image
    image.file = ""
    image.save()
    assert not parse(client, feed_url("edition", "rss")).entries[0].enclosures
    assert "image" not in json_feed(client, feed_url("edition", "json"))["items"][0]


def test_dates_carry_their_time_zone(client, newsroom, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    published = newsroom.lead.published_at
    rss = ET.fromstring(client.get(feed_url("edition", "rss")).content)
    pub_date = rss.find("channel/item/pubDate").text
    assert pub_date.endswith("+0800"), pub_date
    atom = ET.fromstring(client.get(feed_url("edition", "atom")).content)
    entry = atom.find("{http://www.w3.org/2005/Atom}entry")
    assert rfc3339(entry.find("{http://www.w3.org/2005/Atom}published").text) == published
    assert rfc3339(entry.find("{http://www.w3.org/2005/Atom}updated").text) == published
    item = json_feed(client, feed_url("edition", "json"))["items"][0]
    assert rfc3339(item["date_published"]) == published
    assert rfc3339(item["date_published"]).utcoffset() == timedelta(hours=8)


def test_a_revision_updates_the_modified_date(client, newsroom):
    revised = newsroom.lead.published_at + timedelta(minutes=40)
    Article.objects.filter(pk=newsroom.lead.pk).update(revised_at=revised)
    entry = parse(client, feed_url("edition", "atom")).entries[0]
    assert entry.updated_parsed[:6] == revised.utctimetuple()[:6]
    item = json_feed(client, feed_url("edition", "json"))["items"][0]
    assert rfc3339(item["date_modified"]) == revised


@pytest.mark.parametrize("fmt", FORMATS)
def test_ids_stay_the_same_when_the_headline_and_slug_change(
    client, newsroom, fmt, django_capture_on_commit_callbacks
):
    url = feed_url("edition", fmt)
    before = guids(client, url)
    assert before[0].startswith("tag:127.0.0.1,")
    lead = newsroom.lead
    lead.headline, lead.slug = "Ports reopen after the storm", "ports-reopen-after-the-storm"
    with django_capture_on_commit_callbacks(execute=True):  # the purge, as on commit
        lead.save()
    assert guids(client, url) == before
    text = client.get(url).content.decode()
    assert "ports-reopen-after-the-storm" in text and "Ports reopen after the storm" in text


def test_guids_are_not_permalinks(client, newsroom):
    rss = ET.fromstring(client.get(feed_url("edition", "rss")).content)
    for guid in rss.iter("guid"):
        assert guid.get("isPermaLink") == "false"


def test_feeds_hold_at_most_the_latest_items(client, newsroom):
    section = make_section()
    person = make_person()
    for hours in range(ITEMS + 3):
        make_article(
            section=section,
            authors=[person],
            published_at=timezone.now() - timedelta(days=1, hours=hours),
        )
    assert len(parse(client, feed_url("section", "rss", section.slug)).entries) == ITEMS
    assert len(json_feed(client, feed_url("person", "json", person.slug))["items"]) == ITEMS


@pytest.mark.parametrize("fmt", FORMATS)
def test_feeds_carry_the_keys_of_their_lists_and_items(client, newsroom, fmt):
    lead = newsroom.lead
    expected = {
        "edition": {"home-en"},
        "section": {f"section-{newsroom.section.pk}-list", "nav"},
        "column": {f"column-{newsroom.column.pk}-list", f"column-{newsroom.column.pk}"},
        "person": {f"person-{newsroom.ivo.pk}-list", f"person-{newsroom.ivo.pk}"},
    }
    for kind, list_keys in expected.items():
        response = client.get(feed_url(kind, fmt, slug_of(newsroom, kind)))
        assert "public" in response["Cache-Control"]
        shown = set(response["Surrogate-Key"].split())
        item_keys = {f"article-{lead.pk}", f"image-{lead.lead_image_id}", f"tag-{newsroom.tag.pk}"}
        assert list_keys | item_keys <= shown, kind


def test_pages_link_to_the_feeds_of_the_edition(client, newsroom):
    for language in ("en", "zh-hans"):
        with translation.override(language):
            html = client.get(reverse("reader:home")).content.decode()
        for fmt in FORMATS:
            href = feed_url("edition", fmt, language=language)
            assert f'type="{CONTENT_TYPES[fmt].split(";")[0]}"' in html
            assert f'href="{href}"' in html


@pytest.mark.parametrize("kind", ["section", "column", "person"])
def test_list_pages_link_to_their_own_feeds(client, newsroom, kind):
    obj = {"section": newsroom.section, "column": newsroom.column, "person": newsroom.ivo}[kind]
    html = client.get(obj.get_absolute_url()).content.decode()
    for fmt in FORMATS:
        assert f'href="{feed_url(kind, fmt, obj.slug)}"' in html
        assert f'href="{feed_url("edition", fmt)}"' in html


def test_article_pages_link_to_the_edition_feeds_only(client, newsroom):
    html = client.get(newsroom.lead.get_absolute_url()).content.decode()
    assert f'href="{feed_url("edition", "rss")}"' in html
    assert "/section/harbour/feed/" not in html


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fmt", FORMATS)
def test_publishing_and_unpublishing_purge_the_feeds(settings, fmt):
    settings.FEED_FULL_TEXT = True
    section, column, person = make_section(), make_column(), make_person()
    make_article(headline="Ferries run late", section=section, column=column, authors=[person])
    draft = make_article(
        headline="Harbour bridge reopens",
        status=Article.Status.DRAFT,
        section=section,
        column=column,
        authors=[person],
    )
    urls = [
        feed_url("edition", fmt),
        feed_url("section", fmt, section.slug),
        feed_url("column", fmt, column.slug),
        feed_url("person", fmt, person.slug),
    ]
    for url in urls:
        assert fetch(url).cache == "miss"
        assert fetch(url).cache == "hit", url
    draft.status = Article.Status.PUBLISHED
    draft.save()
    for url in urls:
        answer = fetch(url)
        assert answer.cache == "miss" and "Harbour bridge reopens" in answer.text, url
        assert fetch(url).cache == "hit"
    draft.headline = "Harbour bridge reopens at last"
    draft.save()
    for url in urls:
        assert "Harbour bridge reopens at last" in fetch(url).text, url
    draft.status = Article.Status.UNPUBLISHED
    draft.save()
    for url in urls:
        assert "Harbour bridge reopens" not in fetch(url).text, url
