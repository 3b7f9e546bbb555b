"""What an article page tells search engines and social networks, read back by a real
parser (extruct): schema.org JSON-LD, Open Graph, Twitter cards, canonical and hreflang."""

from datetime import timedelta

import extruct
import lxml.html
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from newsdesk.content.models import Image
from tests.factories import (
    make_article,
    make_person,
    make_section,
    make_tag,
    png_bytes,
)

pytestmark = pytest.mark.django_db

SITE = "https://news.example"


@pytest.fixture(autouse=True)
def public_site(settings):
    settings.PUBLIC_URL = SITE
    settings.SITE_NAME = "Pacific Meridian"
    settings.PUBLISHER_NAME = "Pacific Meridian Media"
    # A host the request may carry but that no address on the page may use.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver", "evil.example"]
    return settings


def photo(size=(1600, 1000), alt_text="Cranes over the new quay") -> Image:
    image = Image(caption="The quay at dawn.", credit="Photo: Desk", alt_text=alt_text)
    image.file.save("quay.png", ContentFile(png_bytes(size), name="quay.png"), save=False)
    image.save()
    return image


class Page:
    """An article page as machines read it."""

    def __init__(self, response):
        assert response.status_code == 200
        self.html = response.content.decode()
        found = extruct.extract(
            self.html, syntaxes=["json-ld", "opengraph"], uniform=False, errors="strict"
        )
        by_type = {item["@type"]: item for item in found["json-ld"]}
        assert len(by_type) == len(found["json-ld"]), "one item of each type"
        self.article = by_type.get("NewsArticle")
        self.breadcrumbs = by_type.get("BreadcrumbList")
        self.og = [pair for item in found["opengraph"] for pair in item["properties"]]
        head = lxml.html.fromstring(self.html).find("head")
        self.twitter = {
            meta.get("name"): meta.get("content")
            for meta in head.iterfind("meta")
            if (meta.get("name") or "").startswith("twitter:")
        }
        self.canonical = head.xpath("link[@rel='canonical']/@href")
        self.hreflang = {
            link.get("hreflang"): link.get("href")
            for link in head.xpath("link[@rel='alternate'][@hreflang]")
        }

    def og_values(self, prop: str) -> list[str]:
        return [value for name, value in self.og if name == prop]

    def og_value(self, prop: str) -> str:
        (value,) = self.og_values(prop)
        return value


def read(client, article, **headers) -> Page:
    return Page(client.get(article.get_absolute_url(), **headers))


def url(article) -> str:
    return f"{SITE}{article.get_absolute_url()}"


@pytest.fixture
def story():
    """An English original with a Chinese translation, both published."""
    section = make_section(
        name="Top News", translations={"zh-hans": {"name": "要闻"}}, slug="top-news"
    )
    author = make_person(name="Lin Qiao", slug="lin-qiao", role_title="Meridian writer")
    co_author = make_person(name="Ben Ortiz", slug="ben-ortiz", role_title="")
    translator = make_person(name="Ada Wen", slug="ada-wen", role_title="Translator")
    published = timezone.now() - timedelta(days=1)
    original = make_article(
        headline="A new era for the harbour",
        slug="new-era",
        standfirst="Why the quay matters.",
        section=section,
        authors=[author, co_author],
        lead_image=photo(),
        tags=[make_tag(name="ports"), make_tag(name="trade")],
        published_at=published,
    )
    original.revised_at = published + timedelta(hours=3)
    original.save()
    translation = make_article(
        language="zh-hans",
        headline="港口的新时代",
        slug="gang-kou",
        standfirst="码头为何重要。",
        section=section,
        authors=[author],
        translators=[translator],
        translation_of=original,
        lead_image=original.lead_image,
        tags=[make_tag(name="港口")],
        published_at=published + timedelta(hours=1),
    )
    return {
        "original": original,
        "translation": translation,
        "author": author,
        "co_author": co_author,
        "translator": translator,
        "section": section,
    }


def test_original_is_a_news_article_with_every_field(client, story):
    original = story["original"]
    page = read(client, original)
    data = page.article
    assert data["@context"] == "https://schema.org"
    assert data["@id"] == f"{url(original)}#article"
    assert data["url"] == url(original)
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url(original)}
    assert data["headline"] == "A new era for the harbour"
    assert data["description"] == "Why the quay matters."
    assert data["datePublished"] == original.published_at.isoformat(timespec="seconds")
    assert data["dateModified"] == original.revised_at.isoformat(timespec="seconds")
    assert data["datePublished"].endswith("+00:00")
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Lin Qiao",
            "url": f"{SITE}/en/people/lin-qiao/",
            "jobTitle": "Meridian writer",
        },
        {"@type": "Person", "name": "Ben Ortiz", "url": f"{SITE}/en/people/ben-ortiz/"},
    ]
    assert data["inLanguage"] == "en"
    assert data["articleSection"] == "Top News"
    assert data["keywords"] == ["ports", "trade"]
    assert data["isAccessibleForFree"] is True
    assert "translator" not in data and "translationOfWork" not in data


def test_lead_image_is_given_in_the_three_crops_google_asks_for(client, story):
    images = read(client, story["original"]).article["image"]
    sizes = [(image["width"], image["height"]) for image in images]
    assert sizes == [(1200, 675), (1200, 900), (1000, 1000)]
    for image, crop in zip(images, ["16x9", "4x3", "1x1"], strict=True):
        assert image["@type"] == "ImageObject"
        assert image["url"].startswith(f"{SITE}/") and f"/{crop}-" in image["url"]
        # The address works: the rendition is drawn at the size the data promises.
        path = image["url"].removeprefix(SITE)
        response = client.get(path)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_publisher_is_the_organisation_with_a_working_logo(client, story):
    publisher = read(client, story["original"]).article["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "Pacific Meridian Media"
    logo = publisher["logo"]
    assert logo["@type"] == "ImageObject"
    assert (logo["width"], logo["height"]) == (512, 512)
    assert logo["url"].startswith(f"{SITE}/")
    response = client.get(logo["url"].removeprefix(SITE))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def assert_complete_version(reference: dict, version, page_article: dict) -> None:
    """A language version named in the JSON-LD is a whole NewsArticle: checkers judge
    each NewsArticle they meet, wherever it is nested."""
    assert reference["@type"] == "NewsArticle"
    assert reference["url"] == reference["mainEntityOfPage"] == url(version)
    assert reference["image"] == page_article["image"]  # the story shares its picture
    assert reference["datePublished"] == version.published_at.isoformat(timespec="seconds")
    assert reference["dateModified"] >= reference["datePublished"]
    assert reference["author"] and all(a["@type"] == "Person" for a in reference["author"])
    assert reference["publisher"] == page_article["publisher"]


def test_original_links_its_published_translations(client, story):
    original, translation = story["original"], story["translation"]
    draft = make_article(
        language="zh-hans", translation_of=original, status="draft", slug="draft-version"
    )
    page = read(client, original)
    (reference,) = page.article["workTranslation"]
    assert reference["@id"] == f"{url(translation)}#article"
    assert reference["headline"] == reference["name"] == "港口的新时代"
    assert reference["inLanguage"] == "zh-Hans"
    assert_complete_version(reference, translation, page.article)
    assert page.hreflang == {
        "en": url(original),
        "zh-hans": url(translation),
        "x-default": url(original),
    }
    assert draft.slug not in page.html


def test_translation_credits_its_translator_and_names_its_original(client, story):
    original, translation = story["original"], story["translation"]
    page = read(client, translation)
    data = page.article
    assert data["inLanguage"] == "zh-Hans"
    assert data["articleSection"] == "要闻"
    assert data["keywords"] == ["港口"]
    assert data["translator"] == [
        {"@type": "Person", "name": "Ada Wen", "url": f"{SITE}/zh-hans/people/ada-wen/"}
    ]
    assert data["author"][0]["url"] == f"{SITE}/zh-hans/people/lin-qiao/"
    reference = data["translationOfWork"]
    assert reference["@id"] == f"{url(original)}#article"
    assert reference["headline"] == reference["name"] == "A new era for the harbour"
    assert reference["inLanguage"] == "en"
    assert_complete_version(reference, original, data)
    assert reference["dateModified"] == original.revised_at.isoformat(timespec="seconds")
    assert [author["name"] for author in reference["author"]] == ["Lin Qiao", "Ben Ortiz"]
    assert "workTranslation" not in data
    # Never revised: modified when it was published.
    assert data["dateModified"] == data["datePublished"]
    assert page.hreflang == {
        "en": url(original),
        "zh-hans": url(translation),
        "x-default": url(original),
    }
    assert page.canonical == [url(translation)]


def test_translation_of_an_unpublished_original_does_not_name_it(client):
    original = make_article(status="unpublished", slug="withdrawn", headline="Withdrawn story")
    translator = make_person(name="Ada Wen")
    translation = make_article(
        language="zh-hans", translation_of=original, translators=[translator]
    )
    page = read(client, translation)
    assert page.article["translator"][0]["name"] == "Ada Wen"
    assert "translationOfWork" not in page.article
    assert page.hreflang == {"zh-hans": url(translation), "x-default": url(translation)}
    assert page.og_values("og:locale:alternate") == []
    assert original.slug not in page.html and "Withdrawn story" not in page.html


def test_draft_translation_is_not_leaked(client):
    original = make_article(slug="only-english")
    draft = make_article(
        language="zh-hans",
        translation_of=original,
        status="draft",
        slug="cao-gao",
        headline="未发布的译文",
    )
    scheduled = make_article(
        language="zh-hans",
        translation_of=original,
        slug="ding-shi",
        published_at=timezone.now() + timedelta(hours=2),
    )
    page = read(client, original)
    assert "workTranslation" not in page.article
    assert page.hreflang == {"en": url(original), "x-default": url(original)}
    assert page.og_values("og:locale:alternate") == []
    for hidden in (draft, scheduled):
        assert hidden.slug not in page.html
    assert "未发布的译文" not in page.html


def test_breadcrumbs_lead_from_the_edition_home_through_the_section(client, story):
    original, translation = story["original"], story["translation"]
    trail = read(client, original).breadcrumbs["itemListElement"]
    assert trail == [
        {"@type": "ListItem", "position": 1, "name": "Pacific Meridian", "item": f"{SITE}/en/"},
        {
            "@type": "ListItem",
            "position": 2,
            "name": "Top News",
            "item": f"{SITE}/en/section/top-news/",
        },
        {
            "@type": "ListItem",
            "position": 3,
            "name": "A new era for the harbour",
            "item": url(original),
        },
    ]
    chinese = read(client, translation).breadcrumbs["itemListElement"]
    assert [(item["name"], item["item"]) for item in chinese] == [
        ("Pacific Meridian", f"{SITE}/zh-hans/"),
        ("要闻", f"{SITE}/zh-hans/section/top-news/"),
        ("港口的新时代", url(translation)),
    ]


def test_open_graph_describes_the_article(client, story):
    original, translation = story["original"], story["translation"]
    page = read(client, original)
    og = page.og_value
    assert og("og:type") == "article"
    assert og("og:title") == "A new era for the harbour"
    assert og("og:description") == "Why the quay matters."
    assert og("og:url") == url(original)
    assert og("og:site_name") == "Pacific Meridian"
    assert og("og:image") == page.article["image"][0]["url"]
    assert (og("og:image:width"), og("og:image:height")) == ("1200", "675")
    assert og("og:image:alt") == "Cranes over the new quay"
    assert og("og:locale") == "en_US"
    assert page.og_values("og:locale:alternate") == ["zh_CN"]
    assert og("article:published_time") == original.published_at.isoformat(timespec="seconds")
    assert og("article:modified_time") == original.revised_at.isoformat(timespec="seconds")
    assert og("article:section") == "Top News"
    assert page.og_values("article:tag") == ["ports", "trade"]
    assert page.og_values("article:author") == [
        f"{SITE}/en/people/lin-qiao/",
        f"{SITE}/en/people/ben-ortiz/",
    ]
    chinese = read(client, translation)
    assert chinese.og_value("og:locale") == "zh_CN"
    assert chinese.og_values("og:locale:alternate") == ["en_US"]
    assert chinese.og_value("article:section") == "要闻"


def test_twitter_card_shows_the_large_picture(client, story):
    page = read(client, story["original"])
    assert page.twitter == {
        "twitter:card": "summary_large_image",
        "twitter:title": "A new era for the harbour",
        "twitter:description": "Why the quay matters.",
        "twitter:image": page.article["image"][0]["url"],
        "twitter:image:alt": "Cranes over the new quay",
    }


@pytest.mark.parametrize("lead", ["none", "without file"])
def test_article_without_a_picture_has_a_summary_card_and_no_image(client, lead):
    image = None
    if lead == "without file":  # imported, its file still to be uploaded
        image = Image.objects.create(source="AJLJ.jpg", alt_text="Boats at the quay.")
    article = make_article(lead_image=image, standfirst="")
    page = read(client, article)
    assert "image" not in page.article and "description" not in page.article
    assert not [name for name, _ in page.og if name.startswith("og:image")]
    assert page.og_values("og:description") == []
    assert page.twitter == {"twitter:card": "summary", "twitter:title": article.headline}


def test_a_headline_with_markup_and_quotes_survives_intact_and_harmless(client):
    headline = 'Why "</script><script>alert(1)</script>" & <!-- matter'
    article = make_article(headline=headline, standfirst='It\'s <b>"quoted"</b>.')
    page = read(client, article)
    assert page.article["headline"] == headline
    assert page.article["description"] == 'It\'s <b>"quoted"</b>.'
    assert page.breadcrumbs["itemListElement"][2]["name"] == headline
    assert page.og_value("og:title") == headline
    assert page.twitter["twitter:title"] == headline
    head = page.html.split("</head>")[0]
    assert "<script>alert(1)" not in head and "<!--" not in head
    # Two JSON-LD scripts, plus install.js: nothing else closes a script element.
    assert head.count("</script>") == 3


def test_a_long_headline_is_cut_for_google_only(client):
    headline = "The harbour " + "and the quay " * 12 + "reopen"
    article = make_article(headline=headline)
    page = read(client, article)
    assert len(page.article["headline"]) == 110 and page.article["headline"].endswith("…")
    assert headline.startswith(page.article["headline"][:-1])
    assert page.og_value("og:title") == headline


def test_addresses_use_the_public_url_whatever_host_the_request_names(client, story):
    page = read(client, story["original"], HTTP_HOST="evil.example")
    assert "evil.example" not in page.html
    assert page.canonical == [url(story["original"])]


def test_dates_carry_the_sites_time_zone(client, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    article = make_article(published_at=timezone.now() - timedelta(hours=1))
    page = read(client, article)
    assert page.article["datePublished"].endswith("+08:00")
    assert page.og_value("article:published_time") == page.article["datePublished"]
