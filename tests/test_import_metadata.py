"""What an HTML page says about its article (newsdesk.imports.pagemeta, htmlpage):
entities decoded in every field, the on-page headline preferred to SEO titles, one person
per author, and --json naming where each field came from.

The pages are ours, a few lines each, inventing one way a site describes its articles.
"""

import json
from datetime import UTC, date, datetime

import lxml.html

from newsdesk.imports import htmlpage
from newsdesk.imports.htmlpage import (
    _classed_date,
    _first_time,
    _pick_date,
    _when,
    credit_line,
    parse_html_page,
)
from newsdesk.imports.pagemeta import clean_text, tidy_people
from newsdesk.imports.record import Credit

BODY = (
    "<p>The tide tables for the Velmar Sound were reprinted this week after a misprint put "
    "the spring low water an hour late on every page.</p>"
    "<p>Harbour staff said the corrected tables are in the post office and the library, "
    "and that boat owners should throw the old ones away.</p>"
)


def make_page(head: str = "", top: str = "", ld: dict | None = None) -> str:
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    return (
        f"<!doctype html><html lang='en'><head>{head}{script}</head><body>"
        f"<header><a href='/'>Northwind Daily</a></header>"
        f"<article>{top}{BODY}</article></body></html>"
    )


def parse(html: str):
    return parse_html_page(html, source="page.html")


# Entities.


def test_entities_are_decoded_once_and_again_when_escaped_twice():
    assert clean_text("&#8216;Low water&#8217; &amp;amp; tides") == "\u2018Low water\u2019 & tides"
    assert clean_text("Tom &amp;#038; Jerry\u00a0 \n sail") == "Tom & Jerry sail"
    assert clean_text("Fish &amp; chips") == "Fish & chips"


def test_entities_are_decoded_in_every_field_of_a_page():
    page = make_page(
        head=(
            '<meta property="og:title" content="The &amp;#8216;wrong&amp;#8217; tide tables">'
            '<meta property="article:section" content="Boats &amp;amp; Harbours">'
            '<meta property="og:description" content="A misprint &amp;amp; its fix.">'
        ),
        top="<p>By Ilse Marrow &amp;amp; Bao Renwei</p>",
    )

    article = parse(page)

    assert article.title == "The \u2018wrong\u2019 tide tables"
    assert article.section == "Boats & Harbours"
    assert article.standfirst == "A misprint & its fix."
    assert [credit.name for credit in article.authors] == ["Ilse Marrow", "Bao Renwei"]


def test_entities_are_decoded_in_json_ld_authors_and_captions():
    page = make_page(
        ld={
            "@type": "NewsArticle",
            "headline": "Tide tables reprinted",
            "author": {"@type": "Person", "name": "Ana&amp;#160;Lima"},
        },
        top=(
            '<figure><img src="/t.jpg" alt="Tables &amp;amp; charts">'
            "<figcaption>The old tables &amp;amp; the new</figcaption></figure>"
        ),
    )

    article = parse(page)

    assert [credit.name for credit in article.authors] == ["Ana Lima"]
    assert article.pictures[0].caption == "The old tables & the new"
    assert article.pictures[0].alt_text == "Tables & charts"


# The headline.


def test_the_on_page_headline_wins_over_a_title_with_the_site_name():
    page = make_page(
        head=(
            '<meta property="og:site_name" content="Northwind Daily">'
            '<meta property="og:title" content="Tide tables reprinted after misprint | Northwind">'
            "<title>Tide tables reprinted after misprint | Northwind</title>"
        ),
        top="<h1>Tide tables reprinted after misprint</h1>",
    )

    article = parse(page)

    assert article.title == "Tide tables reprinted after misprint"
    assert article.origins["title"] == "h1"


def test_the_on_page_headline_wins_over_a_longer_seo_variant():
    page = make_page(
        ld={
            "@type": "NewsArticle",
            "headline": "Velmar Sound tide tables reprinted after misprint: what boat owners "
            "need to know",
        },
        top="<h1>Tide tables reprinted after misprint</h1>",
    )

    assert parse(page).title == "Tide tables reprinted after misprint"


def test_a_heading_that_is_not_the_headline_leaves_the_meta_title():
    page = make_page(
        head=(
            '<meta property="og:site_name" content="Northwind Daily">'
            '<meta property="og:title" content="Tide tables reprinted - Northwind Daily">'
        ),
        top="<h1>Weather</h1>",
    )

    article = parse(page)

    assert article.title == "Tide tables reprinted"
    assert article.origins["title"] == "meta:og:title"


def test_a_logo_heading_naming_the_site_is_not_the_headline():
    page = make_page(
        head='<meta property="og:title" content="Tide tables reprinted | Northwind Gazette">',
        top="<h1>Northwind Gazette</h1>",
    )

    assert parse(page).title.startswith("Tide tables reprinted")


def test_a_column_prefix_stays_the_kicker_when_the_h1_is_the_headline():
    page = make_page(
        ld={"@type": "NewsArticle", "headline": "Harbour Notes | Tide tables reprinted"},
        top="<h1>Tide tables reprinted</h1>",
    )

    article = parse(page)

    assert (article.kicker, article.title) == ("Harbour Notes", "Tide tables reprinted")


# Bylines.


def names(*raw: str, organisations: set[str] = frozenset()) -> list[str]:
    people, _ = tidy_people([Credit(name) for name in raw], set(organisations))
    return [person.name for person in people]


def test_a_byline_naming_two_people_gives_two_credits():
    assert names("By Ana Lima and Joe Bloggs") == ["Ana Lima", "Joe Bloggs"]
    assert names("Ana Lima, Joe Bloggs") == ["Ana Lima", "Joe Bloggs"]
    assert names("Por Ana Lima y Joe Bloggs") == ["Ana Lima", "Joe Bloggs"]


def test_last_first_is_turned_round():
    assert names("Lima, Ana") == ["Ana Lima"]
    assert names("Lima, Ana and Bloggs, Joe") == ["Ana Lima", "Joe Bloggs"]


def test_prefixes_roles_dates_and_emails_are_not_part_of_the_name():
    assert names("Von Ana Lima") == ["Ana Lima"]
    assert names("Par Ana Lima, Staff Writer") == ["Ana Lima"]
    assert names("Ana Lima ana.lima@example.org") == ["Ana Lima"]
    assert names("By Ana Lima | Updated 3 May 2024") == ["Ana Lima"]
    assert names("作者：张小明") == ["张小明"]
    assert names("Byron Smith") == ["Byron Smith"]
    assert names("Ana Lima @analima") == ["Ana Lima"]
    assert names("ana.lima") == ["Ana Lima"]
    assert names("lim/dpa") == ["lim/dpa"]


def test_a_desk_named_as_author_is_the_source_line_not_a_person():
    assert tidy_people([Credit("Redaktion")], set()) == ([], "Redaktion")
    assert tidy_people([Credit("Staff"), Credit("Ana Lima")], set()) == (
        [Credit("Ana Lima")],
        "Staff",
    )


def test_the_same_person_from_json_ld_meta_and_an_address_is_one_person():
    assert names(
        "https://northwind.example/author/ana-lima/", "Ana Lima", "ana-lima", "ANA LIMA"
    ) == ["Ana Lima"]
    assert names("https://northwind.example/author/joao-silva") == ["Joao Silva"]
    assert names("João Silva", "https://northwind.example/author/joao-silva") == ["João Silva"]
    assert names("https://northwind.example/2024/05/story") == []


def test_the_publication_named_as_author_is_the_source_line():
    page = make_page(
        head='<meta property="og:site_name" content="Northwind Daily">',
        ld={
            "@type": "NewsArticle",
            "headline": "Tide tables reprinted",
            "author": [
                {"@type": "Organization", "name": "Northwind Press Agency"},
                {"@type": "Person", "name": "Lima, Ana"},
                {"@type": "Person", "name": "Northwind Daily"},
            ],
        },
    )

    article = parse(page)

    assert article.authors == [Credit("Ana Lima")]
    assert article.source_line in ("Northwind Press Agency", "Northwind Daily")
    assert article.origins["source_line"] == "json-ld:author"


def test_an_author_given_by_a_twitter_label_and_data_pair_is_read():
    page = make_page(
        head=(
            '<meta name="twitter:label1" content="Verfasst von">'
            '<meta name="twitter:data1" content="Ana Lima">'
            '<meta name="twitter:label2" content="Lesezeit">'
            '<meta name="twitter:data2" content="3 Minuten">'
            '<meta property="og:title" content="Tide tables reprinted">'
        )
    )

    article = parse(page)

    assert article.authors == [Credit("Ana Lima")]
    assert article.origins["authors"] == "meta:twitter:data"


# Origins.


def test_json_names_the_origin_of_every_field():
    page = make_page(
        head=(
            '<meta property="og:title" content="Tide tables reprinted | Northwind">'
            '<meta property="og:description" content="A misprint and its fix.">'
            '<meta property="article:published_time" content="2024-05-03T08:00:00Z">'
        ),
        ld={
            "@type": "NewsArticle",
            "headline": "Tide tables reprinted",
            "articleSection": "Harbours",
            "author": {"@type": "Person", "name": "Ana Lima"},
        },
        top="<h1>Tide tables reprinted</h1>",
    )

    origins = parse(page).as_json()["origins"]

    assert origins["title"] == "h1"
    assert origins["section"] == "json-ld"
    assert origins["date"] == "meta:article:published_time"
    assert origins["authors"] == "json-ld"
    assert origins["standfirst"] == "meta:og:description"


# Authors named by the markup, in other languages, and the order of the sources.

H1 = "<h1>Tide tables reprinted</h1>"


def test_an_hcard_author_is_read_without_its_label_even_as_a_one_word_handle():
    page = make_page(
        top=H1
        + (
            '<div class="entry-meta"><span class="meta-prep meta-prep-author">By </span>'
            '<span class="author vcard"><a class="url fn n" href="/author/tidewatch">'
            "tidewatch</a></span></div>"
        )
    )

    article = parse(page)

    assert article.authors == [Credit("tidewatch")]
    assert article.origins["authors"] == "markup:hcard"


def test_a_microdata_author_is_read_from_its_name_and_comments_are_passed_over():
    page = make_page(
        top=H1
        + (
            '<div itemprop="author" itemscope><span itemprop="name">Ilse Marrow</span>'
            '<span itemprop="jobTitle">Harbour reporter</span></div>'
        )
    ).replace(
        "</article>",
        '</article><div id="comments"><div itemprop="author">Bao Renwei</div></div>',
    )

    article = parse(page)

    assert article.authors == [Credit("Ilse Marrow")]
    assert article.origins["authors"] == "markup:itemprop"


def test_bylines_in_german_french_spanish_are_read_and_a_word_starting_alike_is_not():
    cases = {
        "Von Ilse Marrow und Bao Renwei": ["Ilse Marrow", "Bao Renwei"],
        "von Ilse Marrow": ["Ilse Marrow"],
        "Par Ilse Marrow et Bao Renwei": ["Ilse Marrow", "Bao Renwei"],
        "Auteur : Ilse Marrow": ["Ilse Marrow"],
        "Por Ilse Marrow y Bao Renwei": ["Ilse Marrow", "Bao Renwei"],
        "Autoren: Ilse Marrow, Bao Renwei": ["Ilse Marrow", "Bao Renwei"],
    }
    for line, expected in cases.items():
        article = parse(make_page(top=f"{H1}<p>{line}</p>"))
        assert [credit.name for credit in article.authors] == expected, line
        assert article.origins["authors"] == "byline", line
    for line in ("Partager sur Twitter", "Português para Angola", "Portrait of Ana Lima"):
        assert credit_line(line) is None, line


def test_a_source_naming_only_the_publication_does_not_hide_the_person_named_later():
    page = make_page(
        head='<meta property="og:site_name" content="Northwind Daily">',
        top=H1
        + (
            "<p>By Northwind Daily</p>"
            '<span class="author vcard"><span class="fn">Ilse Marrow</span></span>'
        ),
    )

    article = parse(page)

    assert article.authors == [Credit("Ilse Marrow")]
    assert article.origins["authors"] == "markup:hcard"
    assert article.source_line == "Northwind Daily"
    assert article.origins["source_line"] == "byline:author"


def test_a_cms_account_or_a_copyright_line_is_no_author():
    page = make_page(
        ld={"@type": "NewsArticle", "headline": "Tide tables", "author": {"name": "admin"}},
        top="<p>Von Ilse Marrow</p>",
    )

    assert parse(page).authors == [Credit("Ilse Marrow")]
    assert tidy_people([Credit("© Harbour Photo Agency"), Credit("Webmaster")], set()) == (
        [],
        "",
    )


# Dates.


def test_a_date_keeps_the_publishers_offset_so_its_day_is_theirs():
    page = make_page(
        head='<meta property="article:published_time" content="2024-05-03T00:30:00+02:00">',
        top=H1,
    )

    article = parse(page)

    assert article.as_json()["date"] == "2024-05-03T00:30:00+02:00"
    assert article.published == datetime(2024, 5, 2, 22, 30, tzinfo=UTC)  # the same moment


def test_local_date_formats_are_read_from_a_time_or_a_date_element():
    cases = {
        "<time>12. März 2021, 14:05 Uhr</time>": date(2021, 3, 12),
        '<div class="news-timedata">18.10.2021</div>': date(2021, 10, 18),
        "<time>12 de marzo de 2021</time>": date(2021, 3, 12),
    }
    for markup, expected in cases.items():
        article = parse(make_page(top=H1 + markup))
        assert article.published == expected, markup
    dateline = '<p class="post-date">05.02.2020 - Redaktion: Ilse Marrow</p>'
    assert _classed_date(lxml.html.document_fromstring(make_page(top=dateline))) == "2020-02-05"
    no_article = "<html><body><p>Filed <time>12. März 2021</time></p></body></html>"
    assert _first_time(lxml.html.document_fromstring(no_article)) == "12. März 2021"
    assert _when("2021年3月12日") == date(2021, 3, 12)
    assert _when("Donnerstag, 4. November 2021") == date(2021, 11, 4)


def test_the_day_most_sources_state_beats_one_source_alone():
    page = make_page(
        head=(
            '<meta name="DC.date.issued" content="2024-03-05">'
            '<meta name="pubdate" content="2024-03-05T09:00:00+01:00">'
        ),
        ld={"@type": "NewsArticle", "headline": "Tide tables", "datePublished": "2019-01-02"},
        top='<meta itemprop="datePublished" content="2024-03-05T09:00:00+01:00">',
    )

    article = parse(page)

    assert article.published == datetime(2024, 3, 5, 8, 0, tzinfo=UTC)
    assert article.origins["date"] in ("markup:itemprop", "meta:date")


def test_a_utc_time_a_day_off_the_day_in_the_address_takes_the_addresss_day():
    page = make_page(
        head='<meta property="article:published_time" content="2020-02-25T02:25:54Z">',
        ld={
            "@type": "NewsArticle",
            "headline": "Tide tables",
            "datePublished": "2020-02-25T02:25:54Z",
        },
        top=H1,
    )

    article = parse_html_page(
        page, source="page.html", url="https://northwind.example/2020/02/24/tide-tables/"
    )

    assert article.published == date(2020, 2, 24)
    assert article.origins["date"] == "url"
    elsewhere = parse_html_page(page, source="page.html", url="https://northwind.example/tide")
    assert elsewhere.published == datetime(2020, 2, 25, 2, 25, 54, tzinfo=UTC)


# trafilatura's guesses are made only where they can count (they cost).


def never(*args, **kwargs):
    raise AssertionError("this guess should not have been made")


def test_trafilaturas_date_is_not_searched_when_the_page_states_the_day_twice(monkeypatch):
    monkeypatch.setattr(htmlpage, "find_date", never)
    page = make_page(
        head='<meta property="article:published_time" content="2024-03-05T09:00:00+01:00">',
        ld={"@type": "NewsArticle", "headline": "Tide tables", "datePublished": "2024-03-05"},
    )

    assert parse(page).published == date(2024, 3, 5)


def test_trafilaturas_date_votes_when_the_page_disagrees_with_itself(monkeypatch):
    monkeypatch.setattr(htmlpage, "find_date", lambda tree, **options: "2024-03-06")
    page = make_page(
        head='<meta property="article:published_time" content="2024-03-06">',
        ld={"@type": "NewsArticle", "headline": "Tide tables", "datePublished": "2024-03-05"},
    )

    article = parse(page)

    assert article.published == date(2024, 3, 6)
    assert article.origins["date"] == "meta:article:published_time"


def test_a_costly_date_guess_is_asked_only_when_its_vote_could_change_the_day():
    tuesday, wednesday = date(2024, 3, 5), date(2024, 3, 6)
    assert _pick_date(("json-ld", tuesday), ("trafilatura", never)) == (tuesday, "json-ld")
    assert _pick_date(("trafilatura", lambda: wednesday), ("url", tuesday)) == (
        wednesday,
        "trafilatura",
    )  # a tie goes to the first: the guess, before the address
    assert _pick_date(
        ("json-ld", tuesday), ("meta", wednesday), ("trafilatura", lambda: wednesday)
    ) == (wednesday, "meta")
    assert _pick_date(("trafilatura", lambda: None), ("url", tuesday)) == (tuesday, "url")


def test_trafilaturas_author_and_title_are_not_guessed_when_the_page_states_them(monkeypatch):
    for name in ("extract_author", "extract_title", "extract_catstags"):
        monkeypatch.setattr(htmlpage.trafilatura_metadata, name, never)
    page = make_page(
        head=(
            '<meta property="og:site_name" content="Northwind Daily">'
            '<meta property="article:section" content="Harbour">'
            '<meta property="article:tag" content="tides">'
        ),
        ld={
            "@type": "NewsArticle",
            "headline": "Tide tables",
            "author": {"@type": "Person", "name": "Ana Lee"},
            "datePublished": "2024-03-05",
        },
    )

    article = parse(page)

    assert [credit.name for credit in article.authors] == ["Ana Lee"]
    assert (article.title, article.section, article.tags) == ("Tide tables", "Harbour", ["tides"])
