"""Reading WordPress exports (newsdesk.imports.wordpress).

fixtures/wordpress/export.xml is a small WXR 1.2 export of an invented blog, The Orvany
Ledger; fixtures/wordpress/media/ stands for its wp-content/uploads folder (two tiny
PNGs drawn with Pillow, one at its uploads path and one found only by name).
"""

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.imports.record import Credit, Picture, Unreadable
from newsdesk.imports.wordpress import parse_wordpress_export

FIXTURES = Path(__file__).parent / "fixtures" / "wordpress"
MEDIA = FIXTURES / "media"
UPLOADS = "https://ledger.example/wp-content/uploads"


def export(**options):
    data = (FIXTURES / "export.xml").read_bytes()
    return parse_wordpress_export(data, source="export.xml", **options)


def posts_by_title(**options):
    return {article.title: article for article in export(media_dir=MEDIA, **options)}


def tiny_export(items: str, language: str = "en-US") -> bytes:
    """A minimal WXR export around ``items``, for one rule at a time."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Tiny</title><link>https://tiny.example</link><language>{language}</language>
<wp:wxr_version>1.2</wp:wxr_version>{items}</channel></rss>""".encode()


def tiny_post(post_id: int, status: str = "publish", content: str = "<p>Text.</p>") -> str:
    return f"""<item><title>Post {post_id}</title><link>https://tiny.example/?p={post_id}</link>
<guid isPermaLink="false">https://tiny.example/?p={post_id}</guid>
<content:encoded><![CDATA[{content}]]></content:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date_gmt>2024-01-01 10:00:00</wp:post_date_gmt>
<wp:status>{status}</wp:status><wp:post_type>post</wp:post_type></item>"""


# Which items become articles.


def test_posts_are_read_in_export_order_and_pages_are_skipped_by_default():
    assert [article.title for article in export()] == [
        "Morning on the harbour",
        "Notes for the spring timetable",
        "Three villages, one bus & a lot of patience",
        "Ice on the lake",
        "湖边的灯笼节",
    ]  # attachments and menu items are never articles


def test_pages_are_included_when_asked():
    titles = [article.title for article in export(include_pages=True)]
    assert titles[3] == "About the Ledger"
    page = export(include_pages=True)[3]
    assert page.paragraphs == [
        "The Ledger is written by two neighbours who think the villages deserve a newspaper."
    ]
    assert page.status == "published"
    assert page.source_key == "wordpress:https://ledger.example/?page_id=13"


# Every field of every post.


def test_published_post_with_featured_image_and_caption_shortcode():
    article = posts_by_title()["Morning on the harbour"]

    assert article.kind == "wordpress"
    assert article.source == "export.xml#post-10"
    assert article.source_key == "wordpress:https://ledger.example/?p=10"
    assert article.kicker == ""
    assert article.section == "Harbour"
    assert article.published == datetime(2024, 1, 12, 7, 45, tzinfo=UTC)
    assert article.language == "en"
    assert article.authors == [Credit("Mira Okonkwo")]
    assert article.translators == []
    assert article.standfirst == "An hour on the quay at Port Velmar, before the town wakes up."
    assert article.paragraphs == [
        "The first boats leave Port Velmar before the gulls are awake. By seven the harbour is "
        "half empty and the Grey Heron is already out past the breakwater.",
        "Who goes out first",
        "The crab boats go first, then the two trawlers, then whoever overslept. The harbour "
        "master says the order has not changed in thirty years & nobody wants it to.",
    ]
    assert [(block.tag, block.picture) for block in article.blocks] == [
        ("p", None), ("figure", 0), ("h2", None), ("p", None),
    ]  # fmt: skip
    assert article.blocks[0].html.endswith(
        "the <em>Grey Heron</em> is already out past the breakwater."
    )
    assert article.pictures == [
        Picture(
            file_name="lighthouse.png",
            url=f"{UPLOADS}/2023/11/lighthouse.png",  # the full size, not the 640x480 src
            local_path=str((MEDIA / "misc" / "lighthouse.png").resolve()),  # found by name
            caption="The Kestrel Point light after the storm.",
            credit="Photo: Oswin Tarrant",
            alt_text="The lighthouse at first light",
        ),
        Picture(
            file_name="harbour-dawn.png",
            url=f"{UPLOADS}/2024/01/harbour-dawn.png",
            local_path=str((MEDIA / "2024" / "01" / "harbour-dawn.png").resolve()),
            caption="Boats leaving Port Velmar at dawn.",
            alt_text="Fishing boats on a calm grey sea",
        ),
    ]
    assert article.lead_picture == 1  # the featured image (_thumbnail_id 101)
    assert article.bio == ""
    assert article.source_line == ""
    assert article.original_url == "https://ledger.example/2024/01/12/morning-on-the-harbour/"
    assert article.tags == ["boats", "mornings"]
    assert article.status == "published"


def test_draft_stays_a_draft_without_a_date():
    article = posts_by_title()["Notes for the spring timetable"]

    assert article.status == "draft"
    assert article.published is None  # pubDate "-0001", post_date_gmt 0000-00-00
    assert article.section == ""  # "Uncategorized" is no section
    assert article.authors == [Credit("Jun Sato")]
    assert article.paragraphs == [
        "Unfinished: the spring timetable adds an early bus on Saturdays."
    ]
    assert article.tags == []
    assert article.pictures == []
    assert article.lead_picture is None
    assert article.original_url == "https://ledger.example/?p=11"
    assert article.source_key == "wordpress:https://ledger.example/?p=11"


def test_post_with_several_categories_and_tags():
    article = posts_by_title()["Three villages, one bus & a lot of patience"]

    assert article.section == "Transport"  # the first category
    assert article.tags == ["buses", "Hessel", "Tarn Cross"]
    assert article.published == datetime(2024, 2, 3, 12, 0, tzinfo=UTC)
    assert article.authors == [Credit("Jun Sato")]
    assert article.status == "published"
    assert article.paragraphs == [
        "The number 4 bus links Hessel, Orvany and Tarn Cross, three times a day in winter.",
        "Hessel: 07:10, 12:40, 17:55 Orvany: 07:25, 12:55, 18:10",
        "If you miss the last one, you walk, or you call your cousin.",
        "The shelter at Tarn Cross was rebuilt by volunteers. Read about them.",
        # [pullquote] loses its brackets, keeps its words; [sic] is no shortcode
        "The bus is the village hall on wheels. Nobody on the council has suggested cutting "
        "it [sic].",
    ]
    assert [(block.tag, block.picture) for block in article.blocks] == [
        ("p", None), ("ul", None), ("blockquote", None), ("p", None), ("figure", 0), ("p", None),
    ]  # fmt: skip
    assert article.blocks[0].html.endswith("<strong>three times a day</strong> in winter.")
    assert article.blocks[1].html == (
        "<li>Hessel: 07:10, 12:40, 17:55</li><li>Orvany: 07:25, 12:55, 18:10</li>"
    )
    assert article.blocks[3].html == (
        "The shelter at Tarn Cross was rebuilt by volunteers. "
        '<a href="https://ledger.example/volunteers/" rel="noopener">Read about them</a>.'
    )  # the <script> is gone, the image moved after its paragraph
    # An image that is no attachment, and not in the media folder.
    assert article.pictures == [
        Picture(
            file_name="bus-stop.jpg",
            url=f"{UPLOADS}/2023/12/bus-stop.jpg",
            alt_text="A wooden bus shelter in snow",
        )
    ]
    assert "video.example" not in " ".join(article.paragraphs)  # [embed] is dropped


def test_blank_line_paragraphs_become_paragraphs_and_a_scheduled_post_stays_a_draft():
    article = posts_by_title()["Ice on the lake"]

    assert article.paragraphs == [
        "The ice came early this year. By the second week of January the shallows by the reeds "
        "were white from shore to shore.",
        "Old Henrik says he has seen it this thick only twice. "
        "Both times, he says, the spring came late.",
        "Stay off the middle",
        "The council asks skaters to keep to the marked area near the slipway, where the ice is "
        "checked every morning.",
    ]
    assert article.blocks[1].html == (
        "Old Henrik says he has seen it this thick only twice.<br>"
        "Both times, he says, the spring came late."
    )
    assert [(block.tag, block.picture) for block in article.blocks] == [
        ("p", None), ("p", None), ("figure", 0), ("h2", None), ("p", None),
    ]  # fmt: skip
    assert article.pictures == [
        Picture(
            file_name="harbour-dawn.png",
            url=f"{UPLOADS}/2024/01/harbour-dawn.png",
            local_path=str((MEDIA / "2024" / "01" / "harbour-dawn.png").resolve()),
            caption="Boats leaving Port Velmar at dawn, before the freeze.",  # caption="…"
            alt_text="Fishing boats on a calm grey sea",  # the img's alt is empty
        )
    ]
    assert article.lead_picture is None
    assert article.section == "Regions"
    assert article.tags == []
    assert article.status == "draft"  # wp:status "future"
    assert article.published == datetime(2024, 2, 10, 6, 30, tzinfo=UTC)
    assert article.source_key == "wordpress:https://ledger.example/?p=14"  # no guid
    assert article.original_url == "https://ledger.example/2024/02/10/ice-on-the-lake/"


def test_chinese_post_takes_its_language_from_its_polylang_term():
    article = posts_by_title()["湖边的灯笼节"]

    assert article.language == "zh-hans"
    assert article.authors == [Credit("林晓岚")]
    assert article.section == "文化"
    assert article.tags == ["灯笼"]
    assert article.published == datetime(2024, 2, 15, 11, 0, tzinfo=UTC)
    assert article.paragraphs == [
        "奥凡尼湖边的灯笼节今年又回来了。孩子们把纸灯笼放进水里，看着它们慢慢漂远。",
        "组织者说，今年一共放了六百多盏灯笼。",
    ]
    assert article.status == "published"


def test_without_a_media_folder_pictures_have_no_local_path():
    pictures = [picture for article in export() for picture in article.pictures]
    assert pictures and all(picture.local_path == "" for picture in pictures)


def test_an_image_inside_a_link_inside_text_becomes_a_figure_after_the_paragraph():
    content = (
        '<p>Before <a href="https://cdn.example/uploads/full/lighthouse.png">'
        '<img src="https://cdn.example/uploads/lighthouse.png" alt="The light"></a> after.</p>'
    )
    data = tiny_export(tiny_post(1, content=content))
    [article] = parse_wordpress_export(data, source="t.xml", media_dir=MEDIA)
    assert [(block.tag, block.html) for block in article.blocks] == [
        ("p", "Before after."),
        ("figure", ""),
    ]
    assert article.pictures == [
        Picture(
            file_name="lighthouse.png",
            url="https://cdn.example/uploads/lighthouse.png",
            local_path=str((MEDIA / "misc" / "lighthouse.png").resolve()),  # by name
            alt_text="The light",
        )
    ]


def test_block_editor_image_and_gallery_figures_become_our_figures():
    content = """<!-- wp:image {"id":102} -->
<figure class="wp-block-image"><img src="https://tiny.example/wp-content/uploads/quay-1024x768.jpg"
 alt="" class="wp-image-102"/><figcaption>The quay at dusk. Photo: Ana Lee</figcaption></figure>
<!-- /wp:image -->

<!-- wp:gallery -->
<figure class="wp-block-gallery">
<figure class="wp-block-image"><img src="https://tiny.example/a.jpg" alt="Nets"/></figure>
<figure class="wp-block-image"><img src="https://tiny.example/b.jpg" alt="Ropes"/>
<figcaption>Ropes drying</figcaption></figure>
<figcaption>Two views of the quay</figcaption></figure>
<!-- /wp:gallery -->

<p>After the pictures.</p>"""
    [article] = parse_wordpress_export(tiny_export(tiny_post(1, content=content)), source="t")
    assert [(block.tag, block.picture) for block in article.blocks] == [
        ("figure", 0), ("p", None), ("figure", 1), ("figure", 2), ("p", None),
    ]  # fmt: skip
    assert article.paragraphs == ["Two views of the quay", "After the pictures."]
    assert article.pictures == [
        Picture(
            "quay-1024x768.jpg",
            "https://tiny.example/wp-content/uploads/quay-1024x768.jpg",
            caption="The quay at dusk.",
            credit="Photo: Ana Lee",
        ),
        Picture("a.jpg", "https://tiny.example/a.jpg", alt_text="Nets"),
        Picture("b.jpg", "https://tiny.example/b.jpg", caption="Ropes drying", alt_text="Ropes"),
    ]


# Statuses and languages, one rule at a time.


@pytest.mark.parametrize(
    ("wp_status", "status"),
    [
        ("publish", "published"),
        ("draft", "draft"),
        ("pending", "draft"),
        ("private", "draft"),
        ("future", "draft"),
    ],
)
def test_only_published_posts_are_published(wp_status, status):
    [article] = parse_wordpress_export(tiny_export(tiny_post(1, wp_status)), source="t.xml")
    assert article.status == status


def test_trashed_posts_and_auto_drafts_are_skipped():
    items = tiny_post(1, "trash") + tiny_post(2, "auto-draft") + tiny_post(3)
    assert [a.title for a in parse_wordpress_export(tiny_export(items), source="t")] == ["Post 3"]


def test_channel_language_gives_the_post_language():
    data = tiny_export(tiny_post(1), language="zh-CN")
    assert parse_wordpress_export(data, source="t.xml")[0].language == "zh-hans"


def test_an_export_without_posts_gives_no_articles():
    assert parse_wordpress_export(tiny_export(""), source="t.xml") == []


def export_spelled(wp: str, excerpt: str, content: str, dc: str) -> bytes:
    """A one-post export (with its author, featured image and excerpt) in these namespaces."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{excerpt}" xmlns:content="{content}" xmlns:dc="{dc}"
  xmlns:wp="{wp}">
<channel><title>Tiny</title><link>https://tiny.example</link><language>en-US</language>
<wp:wxr_version>{wp.rstrip("/").rsplit("/", 1)[-1]}</wp:wxr_version>
<wp:author><wp:author_login>ilse</wp:author_login>
<wp:author_display_name>Ilse Marrow</wp:author_display_name></wp:author>
<item><title>Post 1</title><link>https://tiny.example/?p=1</link>
<dc:creator>ilse</dc:creator>
<content:encoded><![CDATA[<p>Text of the post.</p>]]></content:encoded>
<excerpt:encoded><![CDATA[The short version.]]></excerpt:encoded>
<wp:post_id>1</wp:post_id><wp:post_date_gmt>2024-01-01 10:00:00</wp:post_date_gmt>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>2</wp:meta_value></wp:postmeta>
</item>
<item><title>boat</title><wp:post_id>2</wp:post_id><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>https://tiny.example/wp-content/uploads/boat.jpg</wp:attachment_url>
<excerpt:encoded><![CDATA[A boat. Photo: Ana Lee]]></excerpt:encoded></item>
</channel></rss>""".encode()


@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
@pytest.mark.parametrize("purl", ["http", "https"])
def test_every_spelling_of_the_wordpress_namespaces_is_read(scheme, version, purl):
    wp = f"{scheme}://wordpress.org/export/{version}/"
    data = export_spelled(
        wp,
        f"{wp}excerpt/",
        f"{purl}://purl.org/rss/1.0/modules/content/",
        f"{purl}://purl.org/dc/elements/1.1/",
    )
    [article] = parse_wordpress_export(data, source="t.xml")
    assert article.title == "Post 1"
    assert article.published == datetime(2024, 1, 1, 10, tzinfo=UTC)
    assert article.status == "published"
    assert article.authors == [Credit("Ilse Marrow")]
    assert article.paragraphs == ["Text of the post."]
    assert article.standfirst == "The short version."
    assert article.pictures == [
        Picture(
            "boat.jpg",
            "https://tiny.example/wp-content/uploads/boat.jpg",
            caption="A boat.",
            credit="Photo: Ana Lee",
        )
    ]
    assert article.lead_picture == 0


# Exports that are refused.


def refused(data: bytes) -> str:
    with pytest.raises(Unreadable) as error:
        parse_wordpress_export(data, source="evil.xml")
    message = str(error.value)
    assert message and "\n" not in message
    return message


def test_billion_laughs_is_refused():
    data = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss><channel><title>&lol3;</title></channel></rss>"""
    assert "entity" in refused(data)


@pytest.fixture
def secret(tmp_path):
    """A file an attacker's export would like to read, and a record of who opens it.

    (An audit hook cannot be removed; this one only watches a path unique to this test.)
    """
    path = tmp_path / "secret.txt"
    path.write_text("the-secret-value")
    opened = []
    sys.addaudithook(
        lambda event, args: (
            opened.append(args[0]) if event == "open" and str(args[0]) == str(path) else None
        )
    )
    yield path
    assert opened == [], "the parser opened the file an entity pointed at"


def test_external_entities_are_refused_and_no_file_is_read(secret):
    post = tiny_post(1, content="&xxe;").replace("<![CDATA[&xxe;]]>", "&xxe;")
    data = tiny_export(post).replace(
        b"<rss", f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>\n<rss'.encode(), 1
    )
    message = refused(data)
    assert "external entity" in message
    assert "the-secret-value" not in message


def test_parameter_entities_are_refused_and_no_file_is_read(secret):
    data = tiny_export(tiny_post(1)).replace(
        b"<rss",
        f'<!DOCTYPE rss [<!ENTITY % ext SYSTEM "file://{secret}"> %ext;]>\n<rss'.encode(),
        1,
    )
    assert "the-secret-value" not in refused(data)


def test_truncated_export_is_refused_with_the_line():
    data = (FIXTURES / "export.xml").read_bytes()
    cut = data[: len(data) // 2]
    line = cut.count(b"\n") + 1
    assert refused(cut) == f"XML is truncated or malformed at line {line}"


@pytest.mark.parametrize("data", [b"", b"<rss><channel></rss>", b"not xml at all"])
def test_malformed_xml_is_refused(data):
    assert refused(data).startswith("XML is truncated or malformed at line ")


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title></channel></rss>',
        b"<html><body><p>A page</p></body></html>",
    ],
)
def test_xml_that_is_not_a_wordpress_export_is_refused(data):
    assert refused(data).startswith("not a WordPress export")
