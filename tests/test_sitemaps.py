"""Sitemaps (index, pages, monthly articles, Google News) and robots.txt."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from newsdesk.content.models import Article
from tests.factories import make_article, make_column, make_person, make_section
from tests.wsgi_client import fetch

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
HOST = "http://testserver"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


class Archive:
    """Published stories in January and March 2025 and in the last hours, and hidden ones."""

    def __init__(self):
        now = timezone.now()
        self.section = make_section(name="Harbour", slug="harbour")
        self.empty_section = make_section(name="Sport", slug="sport")
        self.column = make_column(name="Tide Tables", slug="tide-tables")
        self.ivo = make_person(name="Ivo Lind", slug="ivo-lind")
        self.idle = make_person(name="Nobody Yet", slug="nobody-yet")
        self.january = make_article(
            headline="Ferries in January",
            slug="ferries-january",
            section=self.section,
            column=self.column,
            authors=[self.ivo],
            published_at=at(2025, 1, 15, 9),
        )
        self.january_zh = make_article(
            headline="一月的渡轮",
            slug="一月的渡轮",
            language="zh-hans",
            translation_of=self.january,
            section=self.section,
            authors=[self.ivo],
            published_at=at(2025, 1, 16, 9),
        )
        self.march = make_article(
            headline="Ferries in March",
            section=self.section,
            authors=[self.ivo],
            published_at=at(2025, 3, 2, 9),
        )
        self.fresh = make_article(
            headline="Storm & tide today",
            section=self.section,
            authors=[self.ivo],
            published_at=now - timedelta(hours=3),
        )
        self.fresh_zh = make_article(
            headline="今天的风暴",
            language="zh-hans",
            section=self.section,
            authors=[self.ivo],
            published_at=now - timedelta(hours=5),
        )
        self.three_days_old = make_article(
            headline="Three days ago",
            section=self.section,
            authors=[self.ivo],
            published_at=now - timedelta(days=3),
        )
        self.hidden = [
            make_article(headline="A February draft", status=Article.Status.DRAFT,
                         published_at=at(2025, 2, 10), authors=[self.idle]),
            make_article(headline="Taken down in February", status=Article.Status.UNPUBLISHED,
                         published_at=at(2025, 2, 11), authors=[self.idle]),
            make_article(headline="Scheduled", status=Article.Status.SCHEDULED,
                         published_at=now + timedelta(hours=2), authors=[self.idle]),
            make_article(headline="Published in the future", published_at=now + timedelta(hours=2),
                         authors=[self.idle]),
        ]  # fmt: skip

    def urls(self, *articles) -> set[str]:
        return {HOST + article.get_absolute_url() for article in articles}


@pytest.fixture
def archive(db):
    return Archive()


def get_xml(client, path) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def locations(root) -> list[str]:
    return [loc.text for loc in root.iterfind("*/sm:loc", NS)]


def month_of(article) -> str:
    """The name of the monthly sitemap listing ``article``."""
    return f"articles-{timezone.localtime(article.published_at):%Y-%m}"


def test_the_index_lists_pages_news_and_each_month_with_published_articles(client, archive):
    root = get_xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    found = locations(root)
    recent = (archive.fresh, archive.fresh_zh, archive.three_days_old)
    months = {f"{HOST}/sitemaps/{month_of(article)}.xml" for article in recent}
    months |= {f"{HOST}/sitemaps/articles-2025-03.xml", f"{HOST}/sitemaps/articles-2025-01.xml"}
    assert set(found) == {f"{HOST}/sitemaps/pages.xml", f"{HOST}/sitemaps/news.xml", *months}
    assert found.index(f"{HOST}/sitemaps/articles-2025-03.xml") < found.index(
        f"{HOST}/sitemaps/articles-2025-01.xml"
    )
    # February holds only a draft and a takedown: no sitemap for it.
    january = root.find("sm:sitemap[sm:loc='http://testserver/sitemaps/articles-2025-01.xml']", NS)
    assert datetime.fromisoformat(january.find("sm:lastmod", NS).text) == at(2025, 1, 16, 9)


def test_a_monthly_sitemap_lists_that_months_published_articles_in_both_editions(client, archive):
    root = get_xml(client, "/sitemaps/articles-2025-01.xml")
    assert set(locations(root)) == archive.urls(archive.january, archive.january_zh)
    for url in root.iterfind("sm:url", NS):
        assert url.find("sm:lastmod", NS).text.startswith("2025-01-1")
    march = get_xml(client, "/sitemaps/articles-2025-03.xml")
    assert set(locations(march)) == archive.urls(archive.march)
    for article in (archive.fresh, archive.fresh_zh, archive.three_days_old):
        current = locations(get_xml(client, f"/sitemaps/{month_of(article)}.xml"))
        assert HOST + article.get_absolute_url() in current
        assert not any(hidden.slug in loc for hidden in archive.hidden for loc in current)


def test_translations_name_each_other_with_hreflang(client, archive):
    root = get_xml(client, "/sitemaps/articles-2025-01.xml")
    expected = {("en", HOST + archive.january.get_absolute_url()),
                ("zh-hans", HOST + archive.january_zh.get_absolute_url())}  # fmt: skip
    for url in root.iterfind("sm:url", NS):
        alternates = {(link.get("hreflang"), link.get("href"))
                      for link in url.iterfind("xhtml:link", NS)}  # fmt: skip
        assert alternates == expected
    march = get_xml(client, "/sitemaps/articles-2025-03.xml")
    assert march.find("sm:url/xhtml:link", NS) is None  # no translation, no alternates


def test_an_unpublished_translation_is_no_alternate(client, archive):
    archive.january_zh.status = Article.Status.UNPUBLISHED
    archive.january_zh.save()
    root = get_xml(client, "/sitemaps/articles-2025-01.xml")
    assert locations(root) == [HOST + archive.january.get_absolute_url()]
    assert root.find("sm:url/xhtml:link", NS) is None


def test_months_follow_the_sites_time_zone_as_article_addresses_do(client, archive, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    late = make_article(headline="Late on the last day", published_at=at(2025, 1, 31, 20))
    assert "/2025/02/01/" in late.get_absolute_url()
    assert HOST + late.get_absolute_url() in locations(
        get_xml(client, "/sitemaps/articles-2025-02.xml")
    )
    assert HOST + late.get_absolute_url() not in locations(
        get_xml(client, "/sitemaps/articles-2025-01.xml")
    )


@pytest.mark.parametrize(
    "path",
    [
        "/sitemaps/articles-2025-02.xml",  # only hidden articles that month
        "/sitemaps/articles-2024-13.xml",
        "/sitemaps/articles-0000-01.xml",
        "/sitemaps/articles-9999-12.xml",  # its end is past the last date Python has
        "/sitemaps/articles-0001-01.xml",
        "/sitemaps/articles-2025-00.xml",
        "/sitemaps/articles-2025-99.xml",
        "/sitemaps/articles-2025-01.xml?p=99999999999999999999",
        "/sitemaps/articles-2025-01.xml?p=-1",
        "/sitemaps/articles-2025-1.xml",
        "/sitemaps/everything.xml",
        "/sitemaps/articles-2025-01.xml?p=2",
        "/sitemaps/articles-2025-01.xml?p=abc",
    ],
)
def test_unknown_sitemaps_and_pages_are_404(client, archive, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("zone", "month"), [("Asia/Shanghai", "0001-01"), ("America/New_York", "9999-12")]
)
def test_months_at_the_ends_of_the_calendar_are_404_in_any_time_zone(
    client, archive, settings, zone, month
):
    settings.TIME_ZONE = zone  # the month starts before year 1 or ends after 9999 in UTC
    assert client.get(f"/sitemaps/articles-{month}.xml").status_code == 404


def test_the_news_sitemap_lists_the_last_48_hours_with_googles_tags(client, archive):
    root = get_xml(client, "/sitemaps/news.xml")
    assert set(locations(root)) == archive.urls(archive.fresh, archive.fresh_zh)
    by_location = {url.find("sm:loc", NS).text: url for url in root.iterfind("sm:url", NS)}
    english = by_location[HOST + archive.fresh.get_absolute_url()].find("news:news", NS)
    assert english.find("news:publication/news:name", NS).text == "Pacific Meridian"
    assert english.find("news:publication/news:language", NS).text == "en"
    assert english.find("news:title", NS).text == "Storm & tide today"
    published = datetime.fromisoformat(english.find("news:publication_date", NS).text)
    assert published.tzinfo is not None and published == archive.fresh.published_at
    chinese = by_location[HOST + archive.fresh_zh.get_absolute_url()].find("news:news", NS)
    assert chinese.find("news:publication/news:language", NS).text == "zh-cn"
    assert chinese.find("news:title", NS).text == "今天的风暴"


def test_the_pages_sitemap_lists_pages_that_show_articles_in_each_edition(client, archive):
    root = get_xml(client, "/sitemaps/pages.xml")
    found = set(locations(root))
    assert {f"{HOST}/en/", f"{HOST}/zh-hans/"} <= found
    for language in ("en", "zh-hans"):
        assert f"{HOST}/{language}/section/harbour/" in found
        assert f"{HOST}/{language}/people/ivo-lind/" in found
    assert f"{HOST}/en/column/tide-tables/" in found
    # The column's only Chinese article is not in it; Sport and Nobody have nothing.
    assert f"{HOST}/zh-hans/column/tide-tables/" not in found
    assert not any("/sport/" in loc or "nobody-yet" in loc for loc in found)
    home = root.find("sm:url[sm:loc='http://testserver/en/']", NS)
    alternates = {
        link.get("hreflang"): link.get("href") for link in home.iterfind("xhtml:link", NS)
    }
    assert alternates == {"en": f"{HOST}/en/", "zh-hans": f"{HOST}/zh-hans/"}


def test_every_listed_address_answers(client, archive):
    index = get_xml(client, "/sitemap.xml")
    for sitemap in locations(index):
        for location in locations(get_xml(client, sitemap.removeprefix(HOST))):
            assert client.get(location.removeprefix(HOST)).status_code == 200, location


def test_sitemaps_carry_the_keys_of_the_edition_lists(client, archive):
    for path in ["/sitemap.xml", "/sitemaps/news.xml", "/sitemaps/articles-2025-01.xml"]:
        response = client.get(path)
        assert {"home-en", "home-zh-hans"} <= set(response["Surrogate-Key"].split()), path
        assert "public" in response["Cache-Control"]
    pages = set(client.get("/sitemaps/pages.xml")["Surrogate-Key"].split())
    assert {"nav", f"column-{archive.column.pk}", f"person-{archive.ivo.pk}"} <= pages


def test_robots_txt_points_to_the_sitemap_index_and_keeps_out_of_admin_and_api(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert {"Disallow: /admin/", "Disallow: /api/"} <= set(lines)
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "public" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_publishing_and_unpublishing_purge_the_sitemaps_listing_the_article():
    make_article(headline="Ferries run late", published_at=at(2025, 1, 15))
    draft = make_article(headline="Harbour bridge reopens", status=Article.Status.DRAFT)
    paths = ["/sitemap.xml", "/sitemaps/news.xml", "/sitemaps/articles-2025-01.xml"]
    for path in paths:
        assert fetch(path).cache == "miss"
        assert fetch(path).cache == "hit", path
    draft.status = Article.Status.PUBLISHED
    draft.save()
    url = HOST + draft.get_absolute_url()
    month = f"/sitemaps/{month_of(draft)}.xml"
    for path in paths:
        assert fetch(path).cache == "miss", path
    assert month in fetch("/sitemap.xml").text
    assert url in fetch("/sitemaps/news.xml").text and url in fetch(month).text
    draft.status = Article.Status.UNPUBLISHED
    draft.save()
    assert month not in fetch("/sitemap.xml").text
    assert url not in fetch("/sitemaps/news.xml").text
    assert fetch(month).status == 404
