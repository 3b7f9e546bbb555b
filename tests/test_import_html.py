"""Reading saved HTML article pages (newsdesk.imports.htmlpage).

The pages under fixtures/html/ are ours: invented stories about invented places, each
exercising one way a news site describes its articles (rich JSON-LD, Open Graph only,
neither, figures, a Chinese page, a page that is no article).
"""

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from newsdesk.imports.htmlpage import credit_line, parse_html_page
from newsdesk.imports.record import Credit, Picture, Unreadable

FIXTURES = Path(__file__).parent / "fixtures" / "html"
REFERENCE = (
    Path(__file__).resolve().parents[2] / "shared" / "reference" / "apd-review-2018-06-06.txt"
)


def page(name: str) -> bytes:
    return (FIXTURES / f"{name}.html").read_bytes()


def parse(name: str, **options):
    return parse_html_page(page(name), source=f"{name}.html", **options)


# A page with rich JSON-LD.

FERRY_BIO = (
    "Ilse Marrow is a Northwind writer who has covered the islands of the Velmar Sound "
    "for eleven years."
)


def test_json_ld_page_gives_every_field():
    article = parse("jsonld")

    assert article.kind == "html"
    assert article.source == "jsonld.html"
    assert article.title == "Why the last ferry to Caddenmoor keeps running"
    assert article.kicker == "Harbour Notes"
    assert article.section == "Regions"
    assert article.published == datetime(2024, 3, 14, 0, 30, tzinfo=UTC)
    assert article.language == "en"
    assert article.authors == [Credit("Ilse Marrow", "Northwind writer", bio=FERRY_BIO)]
    assert article.translators == [Credit("Bao Renwei")]
    assert article.standfirst == (
        "Caddenmoor's council has kept its night ferry for another winter. Here is who rides it."
    )
    assert article.paragraphs == [
        "Every night at a quarter past eleven, the Grey Heron leaves the pier at Port Velmar "
        "with whoever is still awake enough to catch it. Most winters it carries fewer than a "
        "dozen passengers, and most winters someone on the council asks whether it should keep "
        "sailing.",
        "This year the answer was yes again, by seven votes to four. The councillors who voted "
        "for it said the boat is less a timetable entry than a promise: that nobody on "
        "Caddenmoor is ever more than one night away from the mainland.",
        "A boat for nurses and bakers",
        "The regulars are easy to list. Two nurses finishing late shifts at the Velmar clinic, "
        "a baker who crosses to start the island's first loaves at four, and a rotating cast "
        "of students who missed the evening boat.",
        "We could save the money, but we would spend it again the first time somebody is "
        "stranded on the wrong side of the water.",
        "The council's transport officer laid out the costs plainly. The night run uses about "
        "a fifth of the ferry budget, and the fuel bill rose again last autumn.",
        "Night sailings: one each way, every day of the year "
        "Average passengers per winter crossing: nine "
        "Share of the ferry budget: about twenty percent",
        "What changes next winter",
        "From November the boat will wait up to ten minutes for the last train, something "
        "passengers have asked for since the timetable changed. The crew say they already "
        "wait when they can see headlights on the hill.",
    ]
    assert [block.tag for block in article.blocks] == [
        "p", "p", "h2", "p", "blockquote", "p", "ul", "h3", "p",
    ]  # fmt: skip
    assert article.pictures == [
        Picture("ferry-lead.jpg", "https://northwind.example/media/ferry-lead.jpg")
    ]
    assert article.lead_picture == 0
    assert article.bio == FERRY_BIO
    assert article.source_line == "(NORTHWIND DAILY)"
    assert article.original_url == (
        "https://northwind.example/regions/2024/03/14/last-ferry-caddenmoor"
    )
    assert article.source_key == (
        "url:https://northwind.example/regions/2024/03/14/last-ferry-caddenmoor"
    )
    assert article.tags == ["ferries", "Caddenmoor", "island life"]
    assert article.status == "published"


def test_body_keeps_links_and_emphasis_sanitized():
    article = parse("jsonld")
    assert article.blocks[0].html.startswith("Every night at a quarter past eleven, the <em>Grey")
    assert (
        '<a href="https://northwind.example/tags/caddenmoor" rel="noopener">Caddenmoor</a>'
        in article.blocks[1].html
    )
    assert article.blocks[6].html.startswith("<li>Night sailings: one each way")


def test_json_ld_wins_over_open_graph_and_guesses():
    article = parse("jsonld")
    assert article.title != "The last ferry to Caddenmoor (social title)"
    assert article.section != "Not This Section"
    assert "og-url-not-used" not in article.original_url


def test_site_furniture_never_reaches_the_body():
    text = " ".join(parse("jsonld").paragraphs)
    for furniture in ("download", "QR code", "Share this story", "Related", "Hot Recommended",
                      "Ferry fares rise", "Lantern festival returns", "Copyright", "By Northwind",
                      "Translated by", "(NORTHWIND DAILY)", "is a Northwind writer"):  # fmt: skip
        assert furniture not in text


LINKED_GRAPH = """<!DOCTYPE html><html lang="en"><head><title>Tides</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "NewsMediaOrganization", "@id": "#org", "name": "Northwind Daily"},
  {"@type": "Person", "@id": "#jun", "name": "Jun Sato", "jobTitle": "Northwind columnist"},
  {"@type": "CreativeWorkSeries", "@id": "#series", "name": "Tide Tables"},
  {"@type": "ImageObject", "@id": "#img", "url": "/media/tides.jpg",
   "caption": "High water at the old quay.", "creditText": "Photo: Jun Sato"},
  {"@type": ["NewsArticle"], "headline": "The spring tides reach the old quay",
   "author": [{"@id": "#org"}, {"@id": "#jun"}], "isPartOf": {"@id": "#series"},
   "image": {"@id": "#img"}, "publisher": {"@id": "#org"}}
]}</script></head>
<body><article><h1>The spring tides reach the old quay</h1>
<time datetime="2024-04-02T06:00:00+02:00">2 April 2024</time>
<p>Twice a year the water climbs over the old quay at Hessel, and twice a year the cafe
moves its chairs up to the second step and carries on serving.</p>
<p>This spring the tide came within a hand's width of the door, the highest mark since the
harbour wall was raised.</p></article></body></html>"""


def test_json_ld_references_are_followed_and_organisations_are_no_bylines():
    article = parse_html_page(LINKED_GRAPH, source="tides.html", url="https://a.example/t/")
    assert article.title == "The spring tides reach the old quay"
    assert article.kicker == "Tide Tables"  # the series the article is part of
    assert article.authors == [Credit("Jun Sato", "Northwind columnist")]
    assert article.published == datetime(2024, 4, 2, 4, 0, tzinfo=UTC)  # from its <time>
    assert article.pictures == [
        Picture(
            file_name="tides.jpg",
            url="https://a.example/media/tides.jpg",
            caption="High water at the old quay.",
            credit="Photo: Jun Sato",
        )
    ]
    assert article.lead_picture == 0
    assert len(article.paragraphs) == 2


# A page with only Open Graph.


def test_open_graph_page_gives_every_field():
    article = parse("opengraph")

    assert article.title == "Lanterns return to Lake Orvany after four dark winters"
    assert article.kicker == "Festival Diary"  # from its class="kicker" element
    assert article.section == "Culture"
    assert article.published == datetime(2022, 2, 15, 19, 0, tzinfo=UTC)
    assert article.language == "en"  # og:locale en_GB
    assert article.authors == [Credit("Jonah Whitlock", "staff reporter")]
    assert article.translators == []
    assert article.standfirst == "Paper boats and a borrowed generator brought the festival back."
    assert article.paragraphs == [
        "For four winters the shore of Lake Orvany stayed dark on the longest night. This year "
        "the paper lanterns came back, carried down the slipway by children who had only heard "
        "about the festival from their parents.",
        "The revival was stubbornly local. A retired joiner built the frames, the school "
        "printed the paper, and the generator for the floodlights was borrowed from the fire "
        "station in Hessel, two villages away.",
        "By the end of the evening more than six hundred lanterns had drifted out past the "
        "reeds, and the organisers had run out of matches twice.",
        "Lights on the water",
        "Old residents say the festival began as a way to guide the last fishing boats home "
        "before the ice set in. Nobody fishes from the village any more, but the habit of "
        "lighting the water stayed.",
    ]
    assert article.pictures == [
        Picture("orvany-lanterns.jpg", "https://northwind.example/media/orvany-lanterns.jpg")
    ]
    assert article.lead_picture == 0
    assert article.bio == ""
    assert article.source_line == ""
    assert article.original_url == "https://northwind.example/culture/orvany-lanterns"
    assert article.source_key == "url:https://northwind.example/culture/orvany-lanterns"
    assert article.tags == ["festivals", "Lake Orvany", "lanterns"]


# A page with neither: everything comes from the text itself.


def test_plain_page_takes_credits_from_its_text_and_keeps_one_clean_copy():
    article = parse("plain")

    assert article.title == "Fishers on the Velmar Sound count a quiet season"
    assert article.kicker == ""
    assert article.section == ""
    assert article.published == date(2023, 11, 2)
    assert article.language == "en"  # <html lang="en-US">
    assert article.authors == [
        Credit(
            "Tomas Ferreira-Lund",
            "Northwind reporter",
            bio=(
                "Tomas Ferreira-Lund is a reporter for Northwind Daily based in Port Velmar, "
                "where he writes about fishing, ferries and the island economy."
            ),
        )
    ]
    assert article.translators == [Credit("Yuan Meiling"), Credit("Sefa Oduya")]
    # The run-on copy of the body at the top is dropped; each paragraph appears once.
    assert article.paragraphs == [
        "The boats of the Velmar Sound came home lighter this autumn than at any time in the "
        "last decade. Skippers blame a warm summer that pushed the herring further out, beyond "
        "the reach of the smaller boats.",
        "The harbour master at Port Velmar keeps the only complete record, a row of ledgers "
        "going back to before the war. By her count the autumn landings were less than half "
        "of last year's.",
        "Co-operatives on both shores are now talking about sharing one larger boat between "
        "several families. It would be the first time since the old steam trawler was sold "
        "that the Sound worked a boat in common.",
        'Not everyone is convinced. "A shared boat is a shared argument," said one skipper '
        "from Caddenmoor, who has fished the same grounds as his grandfather.",
        "The co-operatives will vote on the plan in January, after the winter repairs.",
    ]
    assert article.pictures == []
    assert article.lead_picture is None
    assert article.bio == article.authors[0].bio
    assert article.source_line == "(NORTHWIND DAILY)"
    assert article.original_url == ""
    assert article.source_key == "html:2023-11-02:fishers-on-the-velmar-sound-count-a-quiet-season"
    assert article.tags == []


def test_paragraphs_the_source_repeats_are_kept():
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    same = [
        "Breakfast: porridge with stewed apples and a spoon of honey from the island hives.",
        "Lunch: barley soup with smoked herring, rye bread and a green salad.",
    ]
    plan = "".join(f"<h3>{day}</h3><p>{same[0]}</p><p>{same[1]}</p>" for day in days)
    article = parse_html_page(page_with(plan), source="plan.html")
    assert article.paragraphs == [SOUND[0], *[t for d in days for t in (d, *same)], SOUND[1]]


def test_a_run_of_paragraphs_repeated_right_after_itself_is_kept_once():
    copy = "<p>The ferry timetable changes on Monday.</p><p>Tickets are sold on the quay.</p>"
    article = parse_html_page(page_with(copy + copy), source="copy.html")
    assert article.paragraphs == [
        SOUND[0],
        "The ferry timetable changes on Monday.",
        "Tickets are sold on the quay.",
        SOUND[1],
    ]


# Figures, captions and credits.


def test_figures_keep_caption_credit_alt_text_and_absolute_urls_in_place():
    article = parse("figures")

    assert article.title == "The lighthouse keepers of Kestrel Point"
    assert article.section == "Culture"
    assert article.published == date(2023, 8, 21)
    assert article.authors == [Credit("Rhea Castellane", "Northwind photographer")]
    assert article.tags == ["lighthouses", "Kestrel Point"]
    assert article.pictures == [
        Picture(
            file_name="kestrel-lamp.jpg",
            url="https://northwind.example/media/2023/08/kestrel-lamp.jpg",
            caption="The lamp room at Kestrel Point, polished every Sunday.",
            credit="Photo: Rhea Castellane",
            alt_text="A brass lamp inside a glass lantern room",
        ),
        Picture(
            file_name="logbook.png",
            url="https://northwind.example/culture/images/logbook.png",
            caption="A page from the winter logbook of 2019",
            credit="Photo: Oswin Tarrant",
            alt_text="An open logbook with pencilled weather notes",
        ),
        Picture(
            file_name="cottage.jpg",
            url="https://cdn.northwind.example/img/cottage.jpg?w=800",
            caption="The keepers' cottage after the March storm.",
            credit="Mara Lindqvist / Northwind Daily",
            alt_text="A whitewashed cottage under a grey sky",
        ),
    ]
    assert [(block.tag, block.picture) for block in article.blocks] == [
        ("p", None), ("figure", 0), ("p", None), ("figure", 1),
        ("p", None), ("figure", 2), ("p", None),
    ]  # fmt: skip
    assert len(article.paragraphs) == 4  # captions are not repeated as paragraphs
    assert article.paragraphs[0].startswith("The lamp at Kestrel Point has not needed")
    assert article.paragraphs[3].startswith("Nobody has decided what happens")
    assert article.lead_picture is None  # the page declares no image of its own


SOUND = [
    "The boats of the Velmar Sound stayed in harbour all day on Tuesday, waiting for a wind "
    "that never came. Skippers sat on the sea wall mending nets and arguing about the "
    "forecast, which had promised a fresh breeze from the west by noon.",
    "By evening the harbour master had posted a new notice: no sailings before dawn. The "
    "skippers expect to leave at first light, once the forecast has settled, and to be back "
    "before the weekend market opens on the quay.",
]


def page_with(body: str, head: str = '<meta charset="utf-8">') -> str:
    """A small page of ours around ``body``, with a headline and two paragraphs of text."""
    return (
        f"<!DOCTYPE html><html lang='en'><head>{head}<title>Boats of the Sound</title></head>"
        "<body><article><h1>Boats of the Sound</h1>"
        f"<p>{SOUND[0]}</p>{body}<p>{SOUND[1]}</p>"
        "</article></body></html>"
    )


def test_comments_and_processing_instructions_in_a_figure_are_skipped():
    html = page_with(
        '<figure><img src="/media/boats.jpg" alt="Boats at rest">'
        "<figcaption><!-- caption -->Boats at rest in Port Velmar.<?php echo 1; ?>"
        '<!-- credit --> <span class="credit"><!-- x -->Ana Lee</span></figcaption></figure>'
    )
    article = parse_html_page(html, source="x.html", url="https://northwind.example/boats")
    assert article.pictures == [
        Picture(
            file_name="boats.jpg",
            url="https://northwind.example/media/boats.jpg",
            caption="Boats at rest in Port Velmar.",
            credit="Ana Lee",
            alt_text="Boats at rest",
        )
    ]
    assert [block.tag for block in article.blocks] == ["p", "figure", "p"]


# A Chinese page.


def test_chinese_page_gives_every_field():
    article = parse("chinese")

    assert article.title == "雾港古桥修缮完工"
    assert article.kicker == "观察"  # "观察 | 雾港古桥修缮完工"
    assert article.section == "城市"
    assert article.published == datetime(2024, 5, 20, 1, 15, tzinfo=UTC)
    assert article.language == "zh-hans"
    bio = "林晓岚是北风日报城市版记者，长期关注雾港老城的保护与更新。"
    assert article.authors == [Credit("林晓岚", "本报记者", bio=bio)]
    assert article.paragraphs == [
        "横跨雾港老城河道的石拱桥，经过整整两年的修缮，于本周一重新向行人开放。"
        "清晨六点，已有不少老街坊站在桥头，等着第一个走过去。",
        "这座桥建于三百多年前，桥身由本地青石砌成。修缮团队坚持使用旧石料，"
        "只在实在无法修复的地方补上新石，并在新石上刻下修缮年份。",
        "一块石头一个编号",
        "工程负责人介绍，拆下的每一块石头都编了号，拍照存档，复位时按原来的位置一一放回。"
        "仅是桥面，就有一千二百多块石头。",
        "桥头的茶馆老板说，桥修好了，来喝茶的人也多了。"
        "他打算把店里挂了几十年的老照片，换成修缮前后的对比照。",
    ]
    assert article.bio == bio
    assert article.source_line == "（北风日报）"
    assert article.original_url == "https://cn.northwind.example/city/2024/05/wugang-bridge.html"
    assert article.tags == ["雾港", "古桥"]


@pytest.mark.parametrize("declared", ["gbk", None])
def test_chinese_page_in_a_legacy_encoding_is_decoded(declared):
    text = page("chinese").decode("utf-8")
    text = text.replace(
        '<meta charset="utf-8">', f'<meta charset="{declared}">' if declared else ""
    )
    article = parse_html_page(text.encode("gb18030"), source="chinese.html")
    assert article.title == "雾港古桥修缮完工"
    assert article.authors[0].name == "林晓岚"


GB2312_META = [
    '<meta charset="gb2312">',
    '<meta http-equiv="Content-Type" content="text/html; charset=GB2312">',
]


@pytest.mark.parametrize("meta", GB2312_META)
def test_a_page_declaring_gb2312_but_stored_as_utf8_is_read_as_utf8(meta):
    text = page("chinese").decode("utf-8").replace('<meta charset="utf-8">', meta)
    article = parse_html_page(text.encode("utf-8"), source="chinese.html")
    assert article.title == "雾港古桥修缮完工"
    assert article.authors[0].name == "林晓岚"
    assert article.paragraphs[0].startswith("横跨雾港老城河道的石拱桥")


@pytest.mark.parametrize("meta", GB2312_META)
def test_a_page_declaring_gb2312_is_read_as_gb18030_its_superset(meta):
    # 镕 is in GBK, not GB2312; 䶮 only in GB18030: a page labelled GB2312 may use both.
    text = page("chinese").decode("utf-8").replace('<meta charset="utf-8">', meta)
    text = text.replace("横跨雾港老城河道", "横跨雾港老城河道（镕䶮）")
    article = parse_html_page(text.encode("gb18030"), source="chinese.html")
    assert article.title == "雾港古桥修缮完工"
    assert article.paragraphs[0].startswith("横跨雾港老城河道（镕䶮）的石拱桥")


def test_a_page_declaring_latin1_is_read_as_windows_1252():
    html = page_with("<p>“Café prices rose by 5€ this year,” said the owner — twice.</p>")
    html = html.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    article = parse_html_page(html.encode("cp1252"), source="x.html")
    assert "“Café prices rose by 5€ this year,” said the owner — twice." in article.paragraphs


def test_a_utf8_page_with_a_stray_byte_is_still_read_as_utf8():
    # One byte of another charset (a name in Latin-1) in a page declared and stored as UTF-8.
    html = page_with("<p>Über die Brücke gehen täglich Hunderte, sagt Jürgen Weiß.</p>")
    data = html.encode("utf-8").replace(b"</article>", b"</article><p>M\xfcller</p>")
    article = parse_html_page(data, source="x.html")
    assert "Über die Brücke gehen täglich Hunderte, sagt Jürgen Weiß." in article.paragraphs


def test_soft_hyphens_and_zero_width_spaces_are_taken_out_of_the_body():
    html = page_with("<p>The har&shy;bour mas\u00adter&#173;s said the break\u200bwater held.</p>")
    article = parse_html_page(html, source="x.html")
    assert "The harbour masters said the breakwater held." in article.paragraphs


def test_a_text_whose_sentences_end_with_a_danda_is_an_article():
    sentences = [
        "नदी के किनारे बसे छोटे से गाँव में इस साल पहली बार नया पुल खुला।",
        "गाँव के लोग अब बाज़ार तक आधे घंटे में पहुँच जाते हैं।",
        "पहले उन्हें नाव से नदी पार करनी पड़ती थी, जो बारिश में बंद रहती थी।",
    ]
    html = (
        "<!DOCTYPE html><html lang='hi'><head><meta charset='utf-8'><title>नया पुल</title>"
        "</head><body><article><h1>नया पुल</h1>"
        + "".join(f"<p>{sentence}</p>" for sentence in sentences)
        + "</article></body></html>"
    )
    article = parse_html_page(html, source="x.html")
    assert article.paragraphs == sentences


# Where the page came from.


def test_url_argument_wins_over_the_pages_own():
    article = parse("jsonld", url="https://mirror.example/saved/Ferry/?utm_source=mail#comments")
    assert article.original_url == "https://mirror.example/saved/Ferry/?utm_source=mail#comments"
    assert article.source_key == "url:https://mirror.example/saved/Ferry"


def test_url_argument_resolves_relative_image_addresses():
    article = parse("figures", url="https://archive.example/2023/keepers.html")
    assert [picture.url for picture in article.pictures] == [
        "https://archive.example/media/2023/08/kestrel-lamp.jpg",
        "https://archive.example/images/logbook.png",
        "https://cdn.northwind.example/img/cottage.jpg?w=800",  # already absolute
    ]


def test_same_page_without_url_gets_a_key_from_date_and_title():
    key = parse("plain").source_key
    assert key == parse("plain").source_key
    assert key.startswith("html:2023-11-02:")


# Speed.


def test_a_page_is_parsed_once_for_trafilatura_and_for_our_rules(monkeypatch):
    import lxml.html

    real, parsed = lxml.html.document_fromstring, []

    def counting(html, *args, **kwargs):
        if isinstance(html, str) and "Northwind" in html and "<head" in html:  # the page
            parsed.append(len(html))
        return real(html, *args, **kwargs)

    monkeypatch.setattr(lxml.html, "document_fromstring", counting)
    article = parse("jsonld")
    assert article.title and article.paragraphs  # read as before
    assert len(parsed) == 1


# Pages that cannot become articles.


def test_a_navigation_page_is_unreadable():
    with pytest.raises(Unreadable, match="no article text"):
        parse("navigation")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b'{"title": "not a page"}',
        b"Just a line of text.",
        b"",
    ],
)
def test_non_html_is_unreadable(data):
    with pytest.raises(Unreadable, match="not an HTML page") as error:
        parse_html_page(data, source="x")
    assert "\n" not in str(error.value)


# Credit lines.


@pytest.mark.parametrize(
    ("line", "authors", "translators"),
    [
        ("By Northwind writer Ilse Marrow", [Credit("Ilse Marrow", "Northwind writer")], []),
        (
            "By Northwind writer Ilse MarrowTranslated by Bao Renwei",
            [Credit("Ilse Marrow", "Northwind writer")],
            [Credit("Bao Renwei")],
        ),
        ("By Mira Okonkwo and Jun Sato", [Credit("Mira Okonkwo"), Credit("Jun Sato")], []),
        ("By Senior Correspondent Lin Hao", [Credit("Lin Hao", "Senior Correspondent")], []),
        ("By staff writer Maria de la Cruz", [Credit("Maria de la Cruz", "staff writer")], []),
        ("Translated by Yuan Meiling", [], [Credit("Yuan Meiling")]),
        ("本报记者 林晓岚", [Credit("林晓岚", "本报记者")], []),
        ("作者：本报记者 林晓岚", [Credit("林晓岚", "本报记者")], []),
        ("作者： Culture editor Chen Shuyi", [Credit("Chen Shuyi", "Culture editor")], []),
        ("翻译：邓安", [], [Credit("邓安")]),
        ("Translated by Bao Renwei · Read the original (中文)", [], [Credit("Bao Renwei")]),
    ],
)
def test_credit_lines_name_people_with_role_titles(line, authors, translators):
    assert credit_line(line) == (authors, translators)


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the evening more than six hundred lanterns had drifted out.",
        "By nightfall",
        "By 2030, the harbour will be dredged.",
        "Bylines are printed under the headline.",
        "作者：见下方（简体中文）",
    ],
)
def test_sentences_starting_with_by_are_not_bylines(line):
    assert credit_line(line) is None


def test_the_reference_pages_byline_has_the_same_shape():
    if not REFERENCE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the reference page is missing: {REFERENCE}")
        pytest.skip(f"no reference page at {REFERENCE}")
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    byline = next(line for line in lines if line.startswith("By "))
    authors, translators = credit_line(byline.split("Translated by")[0] + " ") or ([], [])
    assert len(authors) == 1 and authors[0].role_title and authors[0].name
    assert translators == []
