"""Every reader page type, in every edition, says what it is in its head (title,
description, canonical, Open Graph, Twitter card, hreflang, JSON-LD) and is valid where
the checkers looked: time values to the second, headings in order, landmarks named apart.

The page is read back by a parser (lxml), as a crawler or checker reads it."""

import json
import re
from datetime import timedelta
from html import unescape
from urllib.parse import quote

import lxml.html
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from newsdesk.content.models import Image
from newsdesk.languages import HAN_CHARACTER
from tests.factories import (
    make_article,
    make_column,
    make_person,
    make_section,
    make_tag,
    png_bytes,
)

pytestmark = pytest.mark.django_db

SITE = "https://news.example"
EDITIONS = ["en", "zh-hans"]
OG_LOCALES = {"en": "en_US", "zh-hans": "zh_CN"}
KINDS = [
    "home",
    "section",
    "column",
    "tag",
    "person",
    "article",
    "search",
    "search results",
    "app",
    "offline",
    "not found",
]
# A `datetime` attribute or JSON-LD date: to the second, with the site's offset.
QUERIES = {"en": "harbour", "zh-hans": "港口"}  # a word of the story in each edition
TO_THE_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


@pytest.fixture(autouse=True)
def public_site(settings):
    settings.PUBLIC_URL = SITE
    settings.SITE_NAME = "Pacific Meridian"
    settings.PUBLISHER_NAME = "Pacific Meridian Media"
    return settings


def photo() -> Image:
    image = Image(caption="The quay at dawn.", credit="Photo: Desk", alt_text="Cranes")
    image.file.save("quay.png", ContentFile(png_bytes((1600, 900)), name="quay.png"), save=False)
    image.save()
    return image


@pytest.fixture
def newsroom(django_capture_on_commit_callbacks):
    """A story in both editions by two authors, in a section, a column and under a tag;
    its dates carry microseconds, as saved ones do. (Indexed for search on commit.)"""
    with django_capture_on_commit_callbacks(execute=True):
        return make_newsroom()


def make_newsroom() -> dict:
    section = make_section(name="Top News", slug="top-news")
    column = make_column(name="Meridian Review", slug="review", description="")
    tag = make_tag(name="ports", slug="ports")
    author = make_person(name="Lin Qiao", slug="lin-qiao", bio="Lin Qiao studies ports.")
    co_author = make_person(name="Ben Ortiz", slug="ben-ortiz", bio="Ben Ortiz edits.")
    published = timezone.now().replace(microsecond=123456) - timedelta(days=1)
    common = {"section": section, "column": column, "tags": [tag], "lead_image": photo()}
    original = make_article(
        headline="A new era for the harbour",
        slug="new-era",
        standfirst="Why the quay matters.",
        body="<p>Opening.</p><h2>The quay</h2><p>More.</p>",
        authors=[author, co_author],
        published_at=published,
        **common,
    )
    original.revised_at = published + timedelta(hours=3)
    original.save()
    translation = make_article(
        language="zh-hans",
        headline="港口的新时代",
        slug="gang-kou",
        standfirst="码头为何重要。",
        authors=[author, co_author],
        translators=[make_person(name="Ada Wen", slug="ada-wen")],
        translation_of=original,
        published_at=published + timedelta(hours=1),
        **common,
    )
    return {
        "article": {"en": original, "zh-hans": translation},
        "section": section,
        "column": column,
        "tag": tag,
        "person": author,
    }


def address(kind: str, language: str, newsroom) -> str:
    """The path of a page of ``kind`` in ``language``'s edition."""
    if kind == "article":
        return newsroom["article"][language].get_absolute_url()
    with translation.override(language):
        if kind in {"section", "column", "tag", "person"}:
            return newsroom[kind].get_absolute_url()
        if kind == "search results":
            return reverse("search:search") + "?q=" + quote(QUERIES[language])
        if kind == "not found":
            return reverse("reader:home") + "no-such-page/"
        view = {"home": "reader:home", "search": "search:search"}.get(kind, f"reader:{kind}")
        return reverse(view)


class Head:
    """What a crawler reads of a page."""

    def __init__(self, response):
        self.html = response.content.decode()
        self.tree = lxml.html.fromstring(self.html)
        head = self.tree.find("head")
        self.title = head.findtext("title").strip()
        self.meta = {}  # name or property: its contents, in order
        for meta in head.iterfind("meta"):
            key = meta.get("name") or meta.get("property")
            if key:
                self.meta.setdefault(key, []).append(meta.get("content"))
        self.canonical = head.xpath("link[@rel='canonical']/@href")
        self.hreflang = {
            link.get("hreflang"): link.get("href")
            for link in head.xpath("link[@rel='alternate'][@hreflang]")
        }
        self.json_ld = [
            json.loads(script.text)
            for script in self.tree.xpath("//script[@type='application/ld+json']")
        ]

    def one(self, key: str) -> str:
        (value,) = self.meta[key]
        return value

    def typed(self, kind: str) -> dict:
        (found,) = [item for item in self.json_ld if item["@type"] == kind]
        return found


def get(client, kind, language, newsroom) -> Head:
    response = client.get(address(kind, language, newsroom))
    assert response.status_code == (404 if kind == "not found" else 200)
    return Head(response)


@pytest.mark.parametrize("language", EDITIONS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_page_type_has_a_title_description_and_social_card(client, newsroom, kind, language):
    page = get(client, kind, language, newsroom)
    assert page.title.endswith("Pacific Meridian") and page.title.count("Pacific Meridian") == 1
    description = page.one("description")
    assert description
    if kind not in {"person", "article"}:  # written by the site, in the edition's language
        assert bool(HAN_CHARACTER.search(description)) == (language == "zh-hans"), description
    assert page.one("og:title") and page.one("og:site_name") == "Pacific Meridian"
    assert page.one("og:description") == page.one("twitter:description") == description
    assert page.one("og:locale") == OG_LOCALES[language]
    assert page.one("og:type") == {"article": "article", "person": "profile"}.get(kind, "website")
    if kind == "not found":
        assert page.canonical == [] and "og:url" not in page.meta
    else:
        (canonical,) = page.canonical
        assert canonical.startswith(f"{SITE}/{language}/")
        assert page.one("og:url") == canonical
    assert page.meta.get("robots", []) == (
        ["noindex"] if kind in {"search results", "offline", "not found"} else []
    )


@pytest.mark.parametrize("language", EDITIONS)
@pytest.mark.parametrize("kind", ["home", "section", "column", "tag", "person", "article"])
def test_pages_with_pictures_show_the_wide_crop(client, newsroom, kind, language):
    page = get(client, kind, language, newsroom)
    # (A list's picture is its first article's; so is a person's without a photo.)
    image = page.one("og:image")
    assert image.startswith(f"{SITE}/") and "/16x9-" in image
    assert (page.one("og:image:width"), page.one("og:image:height")) == ("1200", "675")
    assert page.one("twitter:card") == "summary_large_image"
    assert page.one("twitter:image") == image


@pytest.mark.parametrize("language", EDITIONS)
@pytest.mark.parametrize("kind", [k for k in KINDS if k != "not found"])
def test_hreflang_names_the_page_in_every_edition_and_a_default(client, newsroom, kind, language):
    page = get(client, kind, language, newsroom)
    other = next(code for code in EDITIONS if code != language)
    there = address("search" if kind == "search results" else kind, other, newsroom)
    here = address("search" if kind == "search results" else kind, language, newsroom)
    assert page.hreflang[language] == f"{SITE}{here}"
    assert page.hreflang[other] == f"{SITE}{there}"
    assert page.hreflang["x-default"] == f"{SITE}{address(kind, 'en', newsroom)}".split("?")[0]
    assert page.meta["og:locale:alternate"] == [OG_LOCALES[other]]


def test_the_two_front_pages_name_each_other(client, newsroom):
    english, chinese = (get(client, "home", code, newsroom) for code in EDITIONS)
    assert (
        english.hreflang
        == chinese.hreflang
        == {
            "en": f"{SITE}/en/",
            "zh-hans": f"{SITE}/zh-hans/",
            "x-default": f"{SITE}/en/",
        }
    )


def test_a_later_page_of_a_list_is_its_own_canonical(client, newsroom, settings):
    settings.ARTICLES_PER_PAGE = 1
    section = newsroom["section"]
    for _number in range(2):
        make_article(section=section)
    first = client.get(section.get_absolute_url()).content.decode()
    older = unescape(re.search(r'rel="next" href="([^"]+)"', first)[1])
    assert older.startswith("?before=")
    page = Head(client.get(section.get_absolute_url() + older))
    assert page.canonical == [f"{SITE}/en/section/top-news/{older}"]
    assert page.one("og:url") == page.canonical[0]
    assert "Older articles, from" in page.title
    # No page of another edition shows these articles: it names itself alone.
    assert page.hreflang == {"en": page.canonical[0], "x-default": page.canonical[0]}
    collection = page.typed("CollectionPage")
    assert collection["url"] == page.canonical[0]
    assert collection["mainEntity"]["itemListElement"][0]["position"] == 1


def test_search_results_are_not_indexed_and_name_the_bare_search_page(client, newsroom):
    page = get(client, "search results", "en", newsroom)
    assert page.canonical == [f"{SITE}/en/search/"]
    assert page.title.startswith("harbour · Search")


def test_a_tag_used_in_one_edition_has_no_hreflang_to_the_other(client, newsroom):
    tag = make_tag(name="quays", slug="quays")
    make_article(tags=[tag])
    page = Head(client.get(tag.get_absolute_url()))
    assert page.hreflang == {"en": f"{SITE}/en/tag/quays/", "x-default": f"{SITE}/en/tag/quays/"}
    assert "og:locale:alternate" not in page.meta
    with translation.override("zh-hans"):
        chinese = Head(client.get(tag.get_absolute_url()))
    # Empty there: it names itself alone, and its switcher leads to the English list.
    assert chinese.hreflang == {
        "zh-hans": f"{SITE}/zh-hans/tag/quays/",
        "x-default": f"{SITE}/zh-hans/tag/quays/",
    }
    switcher = chinese.tree.xpath("//nav[@class='editions']//a[@hreflang='en']/@href")
    assert switcher == ["/en/tag/quays/"]


def test_an_article_in_one_edition_names_itself_alone(client):
    article = make_article(slug="only-here")
    page = Head(client.get(article.get_absolute_url()))
    address = f"{SITE}{article.get_absolute_url()}"
    assert page.hreflang == {"en": address, "x-default": address}


@pytest.mark.parametrize("language", EDITIONS)
def test_front_page_json_ld_is_a_searchable_website_and_a_list(client, newsroom, language):
    page = get(client, "home", language, newsroom)
    site = page.typed("WebSite")
    assert site["@context"] == "https://schema.org"
    assert site["url"] == f"{SITE}/{language}/" and site["name"] == "Pacific Meridian"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{SITE}/{language}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert_item_list(page.typed("CollectionPage"), newsroom["article"][language])


def assert_item_list(collection: dict, article) -> None:
    """Google's summary-page list: ListItems with a position and an article's url."""
    assert collection["@context"] == "https://schema.org"
    assert collection["name"] and collection["url"]
    items = collection["mainEntity"]
    assert items["@type"] == "ItemList"
    assert items["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "url": f"{SITE}{article.get_absolute_url()}"}
    ]


@pytest.mark.parametrize("language", EDITIONS)
@pytest.mark.parametrize("kind", ["section", "column", "tag"])
def test_list_json_ld_is_a_collection_page_with_its_item_list(client, newsroom, kind, language):
    page = get(client, kind, language, newsroom)
    collection = page.typed("CollectionPage")
    assert collection["url"] == page.canonical[0]
    assert collection["inLanguage"] == {"en": "en", "zh-hans": "zh-Hans"}[language]
    assert collection["description"] == page.one("description")
    assert_item_list(collection, newsroom["article"][language])
    assert_breadcrumbs(page, language, collection["name"])


@pytest.mark.parametrize("language", EDITIONS)
def test_author_json_ld_is_a_profile_page_of_the_person(client, newsroom, language):
    page = get(client, "person", language, newsroom)
    profile = page.typed("ProfilePage")
    assert not [item for item in page.json_ld if item["@type"] == "CollectionPage"]
    assert profile["@type"] == "ProfilePage" and profile["url"] == page.canonical[0]
    person = profile["mainEntity"]
    assert person["@type"] == "Person" and person["name"] == "Lin Qiao"
    assert person["url"] == page.canonical[0]
    assert person["description"] == "Lin Qiao studies ports."
    assert person["jobTitle"] == "Staff writer"
    assert_breadcrumbs(page, language, "Lin Qiao")


def assert_breadcrumbs(page, language: str, name: str) -> None:
    """A list's trail: the edition's front page, then the page itself."""
    trail = page.typed("BreadcrumbList")["itemListElement"]
    assert trail == [
        {
            "@type": "ListItem",
            "position": 1,
            "name": "Pacific Meridian",
            "item": f"{SITE}/{language}/",
        },
        {"@type": "ListItem", "position": 2, "name": name, "item": page.canonical[0]},
    ]


REQUIRED_NEWS_ARTICLE = [
    "headline",
    "image",
    "datePublished",
    "dateModified",
    "author",
    "publisher",
    "inLanguage",
    "url",
]


@pytest.mark.parametrize("language", EDITIONS)
def test_article_json_ld_and_each_version_it_names_are_complete(client, newsroom, language):
    page = get(client, "article", language, newsroom)
    article = page.typed("NewsArticle")
    link = "translationOfWork" if language == "zh-hans" else "workTranslation"
    versions = article[link] if isinstance(article[link], list) else [article[link]]
    for node in [article, *versions]:
        assert node["@type"] == "NewsArticle"
        missing = [name for name in REQUIRED_NEWS_ARTICLE if not node.get(name)]
        assert not missing, f"{node['url']} lacks {missing}"
        assert node["publisher"]["name"] == "Pacific Meridian Media"
    (other,) = versions
    there = newsroom["article"][next(code for code in EDITIONS if code != language)]
    assert other["url"] == f"{SITE}{there.get_absolute_url()}"
    assert [item["position"] for item in page.typed("BreadcrumbList")["itemListElement"]] == [
        1,
        2,
        3,
    ]


@pytest.mark.parametrize("language", EDITIONS)
@pytest.mark.parametrize("kind", KINDS)
def test_time_values_are_given_to_the_second(client, newsroom, kind, language):
    page = get(client, kind, language, newsroom)
    values = page.tree.xpath("//time/@datetime")
    values += [v for key in ("article:published_time", "article:modified_time")
               for v in page.meta.get(key, [])]  # fmt: skip
    for item in page.json_ld:
        values += [item[key] for key in ("datePublished", "dateModified") if key in item]
    if kind in {"home", "section", "column", "tag", "person", "article", "search results"}:
        assert values, "the page shows a date"
    for value in values:
        assert TO_THE_SECOND.match(value), value


def accessible_name(element, tree) -> str:
    if element.get("aria-label"):
        return element.get("aria-label").strip()
    if element.get("aria-labelledby"):
        ids = element.get("aria-labelledby").split()
        return " ".join(tree.get_element_by_id(i).text_content().strip() for i in ids)
    return ""


SECTIONING = {"article", "aside", "main", "nav", "section"}
LANDMARK_ROLES = {
    "banner",
    "complementary",
    "contentinfo",
    "form",
    "main",
    "navigation",
    "region",
    "search",
}


def landmark_role(element) -> str | None:
    """The landmark role of ``element`` as axe computes it, or None."""
    if element.get("role"):
        return element.get("role") if element.get("role") in LANDMARK_ROLES else None
    named = bool(element.get("aria-label") or element.get("aria-labelledby"))
    inside_sectioning = any(a.tag in SECTIONING for a in element.iterancestors())
    return {
        "main": "main",
        "nav": "navigation",
        "aside": "complementary" if named or not inside_sectioning else None,
        "header": None if inside_sectioning else "banner",
        "footer": None if inside_sectioning else "contentinfo",
        "section": "region" if named else None,
        "form": "form" if named else None,
    }.get(element.tag)


@pytest.mark.parametrize("language", EDITIONS)
@pytest.mark.parametrize("kind", KINDS)
def test_headings_go_down_one_level_at_a_time_and_landmarks_have_distinct_names(
    client, newsroom, kind, language
):
    page = get(client, kind, language, newsroom)
    body = page.tree.find("body")
    levels = [int(h.tag[1]) for h in body.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and levels.count(1) == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"h{before} then h{after}: {levels}"
    landmarks = [
        (role, accessible_name(element, page.tree))
        for element in body.iter()
        if isinstance(element.tag, str) and (role := landmark_role(element))
    ]
    repeated = {landmark for landmark in landmarks if landmarks.count(landmark) > 1}
    assert not repeated, f"landmarks named alike: {repeated}"


def test_each_authors_note_is_named_by_its_author(client, newsroom):
    page = get(client, "article", "en", newsroom)
    names = [aside.get("aria-label") for aside in page.tree.xpath("//aside[@class='author-bio']")]
    assert names == ["About Lin Qiao", "About Ben Ortiz"]


def test_the_original_is_offered_in_the_pages_language(client, newsroom):
    page = get(client, "article", "zh-hans", newsroom)
    (link,) = page.tree.xpath("//a[@class='original-link']")
    assert link.get("href") == newsroom["article"]["en"].get_absolute_url()
    assert link.get("lang") is None  # the label is in the page's language, Chinese
    assert link.text_content() == "阅读原文（英语） · English"
    (own,) = link.xpath("span[@lang='en']")
    assert own.text == "English"


@pytest.mark.parametrize("kind", KINDS)
def test_the_edition_switcher_keeps_the_page_where_it_exists(client, newsroom, kind):
    page = get(client, kind, "en", newsroom)
    (link,) = page.tree.xpath("//nav[@class='editions']//a[@hreflang='zh-hans']")
    if kind in {"not found"}:
        assert link.get("href") == "/zh-hans/"
    else:
        there = address("search" if kind == "search results" else kind, "zh-hans", newsroom)
        assert link.get("href") == there


def test_the_switcher_leads_to_the_front_page_where_the_page_has_no_counterpart(client):
    article = make_article(slug="english-only")
    page = Head(client.get(article.get_absolute_url()))
    (link,) = page.tree.xpath("//nav[@class='editions']//a[@hreflang='zh-hans']")
    assert link.get("href") == "/zh-hans/"
    assert page.tree.xpath("//nav[@class='editions']//span[@aria-current]/@lang") == ["en"]


def test_other_versions_are_named_in_the_pages_language(client, newsroom):
    page = get(client, "article", "zh-hans", newsroom)
    (item,) = page.tree.xpath("//nav[@class='versions']//li")
    assert item.text_content().endswith("(英语, 原文)")
    page = get(client, "article", "en", newsroom)
    (item,) = page.tree.xpath("//nav[@class='versions']//li")
    assert item.text_content().endswith("(Simplified Chinese)")


def test_an_article_page_is_purged_with_what_it_tells_of_its_other_versions(client, newsroom):
    """Its JSON-LD names the translation's authors and picture: their keys are the page's."""
    original, translation = newsroom["article"]["en"], newsroom["article"]["zh-hans"]
    translator_author = make_person(name="Mei Lan", slug="mei-lan")
    translation.bylines.create(person=translator_author, position=2)
    keys = set(client.get(original.get_absolute_url())["Surrogate-Key"].split())
    assert {f"person-{translator_author.pk}", f"image-{translation.lead_image_id}"} <= keys


def test_the_offline_page_is_wholly_in_the_editions_language(client, newsroom):
    page = get(client, "offline", "zh-hans", newsroom)
    (home,) = page.tree.xpath("//p[@class='offline-actions']/a")
    assert home.text == "返回首页"


@pytest.mark.django_db
def test_the_app_page_shows_the_apps_icon_to_social_networks(client):
    page = client.get("/en/app/").content.decode()
    assert re.search(
        r'<meta property="og:image" content="https?://[^"]+/icons/icon-512\.png">', page
    )
    assert '<meta property="og:image:width" content="512">' in page


@pytest.mark.django_db
def test_the_site_and_publisher_names_are_marked_english_in_the_chinese_edition(client):
    chinese = client.get("/zh-hans/").content.decode()
    assert re.search(r'<a class="site-name" href="/zh-hans/" lang="en">', chinese)
    assert '<span lang="en">' + settings.PUBLISHER_NAME + "</span>" in chinese
    english = client.get("/en/").content.decode()
    assert '<a class="site-name" href="/en/">' in english


@pytest.mark.django_db
def test_the_site_name_inside_a_chinese_sentence_is_marked_english(client):
    chinese = client.get("/zh-hans/app/").content.decode()
    assert (
        f'<span lang="en">{settings.SITE_NAME}</span>' in chinese.split("<h1>")[1].split("</h1>")[0]
    )
    english = client.get("/en/app/").content.decode()
    assert f"<h1>Read {settings.SITE_NAME} in the app</h1>" in english
