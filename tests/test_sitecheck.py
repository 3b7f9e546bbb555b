"""bench/sitecheck's own logic, without a server, a browser or the npm tools: which pages
it picks, how it reads the checkers' reports, and how it groups what they found."""

import json

from bench.sitecheck import discover, documents, report, tools

ORIGIN = "http://127.0.0.1:8000"


def article_page(*, translation: bool, authors: int, tags=("harbour",)) -> bytes:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Harbour lights return",
        "author": [{"@type": "Person", "name": f"Writer {n}"} for n in range(authors)],
    }
    if translation:
        data["translationOfWork"] = {"@id": f"{ORIGIN}/zh-hans/2026/12/01/gang/#article"}
    links = "".join(f'<a href="/en/tag/{tag}/">{tag}</a>' for tag in tags)
    return (
        f'<html><head><title>x</title><script type="application/ld+json">{json.dumps(data)}'
        f"</script></head><body>{links}</body></html>"
    ).encode()


def urlset(*paths: str) -> bytes:
    urls = "".join(f"<url><loc>{ORIGIN}{path}</loc></url>" for path in paths)
    return f'<urlset xmlns="{discover.SITEMAP_NS}">{urls}</urlset>'.encode()


def fake_site() -> dict:
    """A two-edition site as its robots.txt, sitemaps and article pages describe it; the
    sitemaps name another origin than the one served, as a misconfigured PUBLIC_URL would."""
    index = (
        f'<sitemapindex xmlns="{discover.SITEMAP_NS}">'
        f"<sitemap><loc>{ORIGIN}/sitemaps/pages.xml</loc></sitemap>"
        f"<sitemap><loc>{ORIGIN}/sitemaps/articles.xml</loc></sitemap></sitemapindex>"
    ).encode()
    return {
        "/robots.txt": f"User-agent: *\nSitemap: {ORIGIN}/sitemap.xml\n".encode(),
        "/sitemap.xml": index,
        "/sitemaps/pages.xml": urlset(
            "/en/",
            "/zh-hans/",
            "/en/section/top/",
            "/en/section/world/",
            "/zh-hans/section/world/",
            "/en/column/review/",
            "/en/people/ann/",
        ),  # fmt: skip
        "/sitemaps/articles.xml": urlset(
            "/en/2026/12/01/one/",
            "/en/2026/12/02/two/",
            "/en/2026/12/03/three/",
            "/zh-hans/2026/12/01/gang/",
        ),  # fmt: skip
        "/en/2026/12/01/one/": article_page(translation=False, authors=1),
        "/en/2026/12/02/two/": article_page(translation=False, authors=2, tags=("rail",)),
        "/en/2026/12/03/three/": article_page(translation=True, authors=1),
        "/zh-hans/2026/12/01/gang/": article_page(translation=False, authors=1),
    }


def fetch_from(pages: dict):
    def fetch(path):
        return (200, {}, pages[path]) if path in pages else (404, {}, b"")

    return fetch


def test_classify_names_the_type_and_edition_of_reader_pages_only():
    assert discover.classify("/en/") == ("home", "en")
    assert discover.classify("/zh-hans/section/world/") == ("section", "zh-hans")
    assert discover.classify("/en/2026/12/01/one/") == ("article", "en")
    assert discover.classify("/en/tag/港口/") == ("tag", "en")
    assert discover.classify("/en/search/?q=port") == ("search", "en")
    assert discover.classify("/en/feed/rss/") is None
    assert discover.classify("/sitemaps/news.xml") is None


def test_discover_finds_one_page_of_each_type_in_each_edition_on_the_served_origin():
    site = discover.discover(fetch_from(fake_site()))

    assert site.editions == ["en", "zh-hans"]
    assert site.sitemaps == ["/sitemap.xml", "/sitemaps/pages.xml", "/sitemaps/articles.xml"]
    english = {page.type: page.path for page in site.pages if page.edition == "en"}
    assert english == {
        "home": "/en/",
        "section": "/en/section/world/",  # the one both editions have
        "column": "/en/column/review/",
        "tag": "/en/tag/harbour/",
        "author": "/en/people/ann/",
        "article": "/en/2026/12/02/two/",  # the original with the most authors
        "translation": "/en/2026/12/03/three/",
        "search": "/en/search/?q=Harbour",
        "app": "/en/app/",
        "offline": "/en/offline/",
    }
    assert ("translation", "zh-hans") in site.missing
    assert ("column", "zh-hans") in site.missing
    assert "/en/section/world/feed/atom/" in site.feeds
    assert "/zh-hans/feed/json/" in site.feeds


def test_a_chinese_headline_is_searched_by_two_han_characters():
    assert discover.search_word("解读：港口数据共享平台如何运作") == "解读"
    assert discover.search_word("Heat advisory issued for Port Halden") == "advisory"


def lighthouse_report() -> dict:
    return {
        "categories": {
            "performance": {
                "score": 0.93,
                "auditRefs": [
                    {"id": "largest-contentful-paint"},
                    {"id": "uses-responsive-images"},
                    {"id": "server-response-time"},
                ],
            },
            "accessibility": {
                "score": 0.96,
                "auditRefs": [
                    {"id": "heading-order"},
                    {"id": "color-contrast"},
                ],
            },
            "best-practices": {"score": 1, "auditRefs": []},
            "seo": {"score": 0.92, "auditRefs": [{"id": "meta-description"}, {"id": "hreflang"}]},
        },  # fmt: skip
        "audits": {
            "largest-contentful-paint": {
                "score": 0.6,
                "displayValue": "2.7 s",
                "scoreDisplayMode": "numeric",
                "title": "LCP",
            },
            "uses-responsive-images": {
                "score": 0.5,
                "scoreDisplayMode": "metricSavings",
                "title": "Properly size images",
                "displayValue": "268 KiB",
                "details": {"items": [{"url": "/media/a.jpg"}]},
            },
            "server-response-time": {"score": 1, "scoreDisplayMode": "binary"},
            "heading-order": {
                "score": 0,
                "scoreDisplayMode": "binary",
                "title": "Headings",
                "details": {"items": [{"node": {"snippet": "<h3>"}}]},
            },
            "color-contrast": {"score": None, "scoreDisplayMode": "notApplicable"},
            "meta-description": {"score": 0, "scoreDisplayMode": "binary", "title": "No desc"},
            "hreflang": {"score": 1, "scoreDisplayMode": "binary"},
        },  # fmt: skip
    }


def test_lighthouse_scores_and_only_the_audits_that_count_as_failing():
    result = tools.parse_lighthouse(lighthouse_report())

    assert result.scores == {
        "performance": 93, "accessibility": 96, "best-practices": 100, "seo": 92,
    }  # fmt: skip
    failing = {(a["category"], a["id"]) for a in result.failing}
    assert failing == {
        ("performance", "largest-contentful-paint"),
        ("performance", "uses-responsive-images"),
        ("accessibility", "heading-order"),
        ("seo", "meta-description"),
    }
    assert result.metrics["LCP"] == "2.7 s"
    images = next(a for a in result.failing if a["id"] == "uses-responsive-images")
    assert images["items"] == ["/media/a.jpg"]


def test_vnu_messages_are_read_per_file_with_warnings_apart():
    output = json.dumps(
        {
            "messages": [
                {"type": "error", "url": "file:/tmp/out/home-en.html", "lastLine": 7,
                 "message": "Bad value “2026-12-04T06:26:45.174091+00:00” for attribute "
                            "“datetime” on element “time”: A fraction of a second must be "
                            "one, two, or three digits.", "extract": '<time datetime="…">'},
                {"type": "info", "subType": "warning", "url": "file:/tmp/out/home-en.html",
                 "message": "Consider adding a “lang” attribute."},
            ]
        }
    )  # fmt: skip
    found = tools.parse_vnu(output)
    assert [m["type"] for m in found["home-en.html"]] == ["error", "warning"]


def page_result(kind, edition, *, datetime_value, indexable=True) -> report.PageResult:
    message = (
        f"Bad value “{datetime_value}” for attribute “datetime” on element “time”: "
        "A fraction of a second must be one, two, or three digits."
    )
    result = report.PageResult(kind, edition, f"/{edition}/", indexable=indexable)
    result.nu = [{"type": "error", "message": message, "extract": "", "line": 1}]
    result.axe = {"mobile": tools.parse_axe({"violations": [
        {"id": "heading-order", "impact": "moderate", "help": "Heading levels",
         "nodes": [{"html": "<h3>"}]},
    ]})}  # fmt: skip
    result.lighthouse = {"mobile": tools.parse_lighthouse(lighthouse_report())}
    return result


def test_failures_are_grouped_by_message_across_pages_with_their_owner():
    pages = [
        page_result("home", "en", datetime_value="2026-12-04T06:26:45.174091+00:00"),
        page_result("tag", "zh-hans", datetime_value="2026-11-30T01:00:00.5+00:00"),
    ]
    groups = report.group_failures(pages)

    nu = [g for g in groups if g.check == "nu"]
    assert len(nu) == 1
    assert nu[0].pages == ["home/en", "tag/zh-hans"]
    assert "“datetime” on element “time”" in nu[0].key
    assert nu[0].owner == "meta"
    by_key = {(g.check, g.key): g for g in groups}
    assert by_key[("axe", "heading-order")].owner == "meta"
    assert by_key[("lighthouse", "uses-responsive-images")].owner == "images"
    assert by_key[("lighthouse", "meta-description")].pages == [
        "home/en mobile",
        "tag/zh-hans mobile",
    ]
    assert "| home | en | 93/96/100/92 | -/-/-/- | 1 | 1 | 0 |" in report.table(pages)


def test_a_noindex_page_is_held_to_axe_and_nu_but_not_to_lighthouse():
    noindex = page_result("search", "en", datetime_value="x", indexable=False)
    shortfalls = report.meets_bar(noindex)
    assert not any(s.startswith("Lighthouse") for s in shortfalls)
    assert "axe: 1 violations" in shortfalls and "Nu: 1 errors" in shortfalls
    indexed = page_result("home", "en", datetime_value="x")
    assert "Lighthouse mobile seo 92 < 100" in report.meets_bar(indexed)


def ld_page(*blocks) -> bytes:
    scripts = "".join(
        f'<script type="application/ld+json">{json.dumps(b)}</script>' for b in blocks
    )
    return f"<html><head>{scripts}</head><body></body></html>".encode()


def test_json_ld_problems_name_the_missing_property_and_type():
    article = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": "H",
        "url": f"{ORIGIN}/en/a/", "image": [f"{ORIGIN}/i.jpg"], "inLanguage": "en",
        "datePublished": "2026-12-04T06:26:45+00:00", "dateModified": "2026-12-04 06:26",
        "publisher": {"@type": "Organization", "name": "P"},
        # a reference by @id alone is not an incomplete article
        "translationOfWork": {"@id": f"{ORIGIN}/zh-hans/a/#article"},
    }  # fmt: skip
    found = documents.check_json_ld(ld_page(article), "article", "article/en")
    messages = {p.message for p in found}
    assert messages == {
        "NewsArticle without author",
        "dateModified is not ISO 8601 with a time zone",
        "article page without BreadcrumbList",
    }


def test_a_search_action_must_fill_its_placeholder_from_query_input():
    website = {
        "@context": "https://schema.org", "@type": "WebSite", "name": "P", "url": ORIGIN,
        "potentialAction": {"@type": "SearchAction", "target": f"{ORIGIN}/en/search/?q={{q}}",
                            "query-input": "required name=search_term_string"},
    }  # fmt: skip
    found = documents.check_json_ld(ld_page(website), "home", "home/en")
    assert "SearchAction target has no {placeholder} of query-input" in {p.message for p in found}


RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>P</title>
<link>http://127.0.0.1:8000/en/</link><description>Latest</description>
<atom:link href="http://127.0.0.1:8000/en/feed/rss/" rel="self"/>
<item><title>A</title><link>http://127.0.0.1:8000/en/a/</link>
<pubDate>Fri, 04 Dec 2026 06:26:45 +0000</pubDate><guid>a</guid></item>
<item><title>B</title><link>/en/b/</link><pubDate>2026-12-04</pubDate></item>
</channel></rss>"""


def test_rss_items_need_a_guid_an_rfc_822_date_and_an_absolute_link():
    found = documents.check_feed(RSS, "application/rss+xml; charset=utf-8", "rss", "/en/feed/rss/")
    assert {p.message for p in found} == {
        "rss: item without guid",
        "rss: item pubDate is not RFC 822",
        "rss: item link is not absolute",
    }
    wrong_type = documents.check_feed(RSS, "text/xml", "rss", "/en/feed/rss/")
    assert "rss: Content-Type is not application/rss+xml" in {p.message for p in wrong_type}


def test_atom_entries_need_id_title_updated_and_an_author():
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id><title>P</title>
    <updated>2026-12-04T06:26:45+00:00</updated><link rel="self" href="http://h/f/"/>
    <entry><id>a</id><title>A</title><updated>2026-12-04 06:26</updated>
    <link href="http://h/a/"/></entry></feed>"""
    found = documents.check_feed(atom, "application/atom+xml", "atom", "/en/feed/atom/")
    assert {p.message for p in found} == {
        "atom: date is not RFC 3339",
        "atom: entry without author (and none on the feed)",
    }


def test_sitemap_index_and_extensions_are_checked_by_their_rules():
    index = (
        f'<sitemapindex xmlns="{discover.SITEMAP_NS}"><sitemap><loc>/sitemaps/a.xml</loc>'
        "<lastmod>2026-12-04 07:26</lastmod></sitemap></sitemapindex>"
    ).encode()
    assert {p.message for p in documents.check_sitemap(index, "/sitemap.xml")} == {
        "index <loc> missing or not absolute",
        "lastmod is not W3C Datetime",
    }
    news = (
        f'<urlset xmlns="{discover.SITEMAP_NS}" xmlns:news="{documents.NEWS_NS}" '
        f'xmlns:xhtml="{documents.XHTML_NS}"><url><loc>{ORIGIN}/en/a/</loc>'
        f'<xhtml:link rel="alternate" hreflang="zh-hans" href="{ORIGIN}/zh-hans/a/"/>'
        "<news:news><news:publication><news:name>P</news:name></news:publication>"
        "<news:publication_date>2026-12-04T06:26:45.174091+00:00</news:publication_date>"
        "<news:title>A</news:title></news:news></url></urlset>"
    ).encode()
    messages = {p.message for p in documents.check_sitemap(news, "/sitemaps/news.xml")}
    assert "news:news without news:publication/language" in messages
    assert "alternates do not include the <loc> itself" in messages
    assert "news:publication_date is not W3C Datetime" not in messages


def test_head_metadata_must_be_complete_and_on_the_origin_the_page_was_served_from():
    page = b"""<html lang="en"><head><title>Home</title>
    <meta name="description" content="News">
    <link rel="canonical" href="http://127.0.0.1:8000/en/">
    <link rel="alternate" hreflang="en" href="http://127.0.0.1:8000/en/">
    <link rel="alternate" hreflang="zh-hans" href="/zh-hans/">
    <meta property="og:title" content="Home"><meta property="og:type" content="website">
    </head><body></body></html>"""
    found = documents.check_head(page, "http://127.0.0.1:8170", True, "home/en")
    assert {p.message for p in found} == {
        "no og:description", "no og:url", "no og:image", "no twitter:card",
        "canonical points at another origin than the page's",
        "hreflang points at another origin than the page's",
        "hreflang is not an absolute URL",
    }  # fmt: skip
    noindex = documents.check_head(page, "http://127.0.0.1:8000", False, "search/en")
    assert {p.message for p in noindex} == {"hreflang is not an absolute URL"}


def test_text_in_another_script_without_lang_is_reported_as_text_or_name():
    page = """<html lang="zh-hans"><head><title>Pacific Meridian</title></head><body>
    <p class="bio">Amara Castell leads the business desk.</p>
    <p lang="en">Amara Castell leads the business desk.</p>
    <p class="card-meta">作者 · Chen Shuyi</p>
    <img alt="Cranes against a grey sky" src="x.jpg">
    <a href="http://127.0.0.1:8000/zh-hans/">http://127.0.0.1:8000/zh-hans/</a>
    <nav lang="en"><a href="/zh-hans/">简体中文</a></nav>
    </body></html>""".encode()
    found = [(p.message, p.sample) for p in documents.check_languages(page, "x")]
    text, name = (
        f"Latin-script {kind} in a zh-hans element without lang" for kind in ("text", "name")
    )
    assert found == [
        (text, "x <p.bio>: Amara Castell leads the business desk."),
        (name, "x <p.card-meta>: 作者 · Chen Shuyi"),
        (text, "x <img>: Cranes against a grey sky"),
        ("Han-script text in a en element without lang", "x <a>: 简体中文"),
    ]
