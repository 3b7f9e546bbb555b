"""Tables in imported articles: saved HTML pages and WordPress exports keep their data
tables as tables, and a page laid out with tables keeps its article.

The fixtures are ours: fixtures/html/table.html and layout-table.html, and
fixtures/wordpress/tables-wxr-1.1.xml (http:// namespaces) and tables-wxr-1.2.xml
(https:// namespaces), each with a post and a page holding a block-editor table.
"""

from pathlib import Path

import lxml.html
import pytest

from newsdesk.content.models import Article
from newsdesk.imports.htmlpage import parse_html_page
from newsdesk.imports.htmltables import is_layout_table
from newsdesk.imports.runner import run_import
from newsdesk.imports.wordpress import parse_wordpress_export

FIXTURES = Path(__file__).parent / "fixtures"

VESSELS = (
    "<caption>Vessels calling at <strong>Quayside</strong></caption>"
    "<thead><tr><th>Kind</th><th>2023</th><th>2024</th></tr></thead>"
    '<tbody><tr><td><a href="https://gazette.example/harbour/ferries/" rel="noopener">Ferries'
    "</a></td><td>1,200</td><td>2,350</td></tr>"
    "<tr><td>Container ships</td><td>310</td><td>640</td></tr>"
    '<tr><td colspan="2">Total, both kinds</td><td>2,990</td></tr></tbody>'
)
HIGH_WATER = (
    "<caption>High water at the <em>north</em> quay</caption>"
    "<thead><tr><th>Day</th><th>High water</th><th>Height</th></tr></thead>"
    "<tbody><tr><td>Thursday</td><td>06:12</td><td>5.8 m</td></tr>"
    "<tr><td>Friday</td><td>06:58</td><td>6.1 m</td></tr>"
    '<tr><td colspan="2"><strong>Highest</strong> of the week</td><td>6.1 m</td></tr></tbody>'
)
CLASSIC = (
    "<tbody><tr><td>Slipway</td><td>Closed at high water</td></tr>"
    "<tr><td>Car park</td><td>Open</td></tr></tbody>"
)
FARES = (
    "<caption>Single fares</caption><tbody><tr><td>Adult</td><td>£4.20</td></tr>"
    "<tr><td>Child</td><td>£2.10</td></tr><tr><td>Bicycle</td><td>free</td></tr></tbody>"
)


def html_page(name: str, **options):
    data = (FIXTURES / "html" / f"{name}.html").read_bytes()
    return parse_html_page(data, source=f"{name}.html", **options)


def test_a_data_table_on_a_page_keeps_its_caption_header_and_spans():
    article = html_page("table", url="https://gazette.example/2024/traffic.html")
    assert [block.tag for block in article.blocks] == ["p", "p", "table", "p", "p"]
    assert article.blocks[2].html == VESSELS


def test_a_page_laid_out_with_tables_keeps_its_article_and_its_data_table():
    article = html_page("layout-table")
    assert article.title == "Mill reopens after the flood"
    assert [block.tag for block in article.blocks] == ["p", "p", "table", "p", "p"]
    assert article.paragraphs[0].startswith("The old mill on the Arden river reopened")
    assert article.paragraphs[-1].startswith("Entry stays free for children")
    assert article.blocks[2].html == (
        "<thead><tr><th>Month</th><th>Visitors</th></tr></thead>"
        "<tbody><tr><td>March</td><td>1,100</td></tr><tr><td>April</td><td>1,450</td></tr>"
        "</tbody>"
    )
    text = " ".join(block.html for block in article.blocks)
    assert "Letters" not in text and "Copyright" not in text  # the layout's menu and footer


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_wordpress_posts_and_pages_keep_their_tables(version):
    data = (FIXTURES / "wordpress" / f"tables-wxr-{version}.xml").read_bytes()
    post, page = parse_wordpress_export(data, source="t.xml", include_pages=True)
    assert post.title == "Spring tides at Tarrow Point"
    assert [(block.tag, block.html) for block in post.blocks if block.tag == "table"] == [
        ("table", HIGH_WATER),  # a block-editor table, its figcaption its caption
        ("table", CLASSIC),  # a classic-editor table
    ]
    assert post.paragraphs[-1] == "The ferry keeps its timetable."
    assert page.title == "Ferry fares"
    assert [(block.tag, block.html) for block in page.blocks] == [
        ("p", "What a crossing to Tarrow Point costs this year."),
        ("table", FARES),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_an_imported_table_is_saved_and_shown_as_a_table(client, version):
    summary = run_import(
        [str(FIXTURES / "wordpress" / f"tables-wxr-{version}.xml")],
        include_pages=True,
        publish=True,
    )
    assert not summary.failures
    page = Article.objects.get(headline="Ferry fares")
    assert (
        page.body
        == f"<p>What a crossing to Tarrow Point costs this year.</p><table>{FARES}</table>"
    )
    post = Article.objects.get(headline="Spring tides at Tarrow Point")
    assert f"<table>{HIGH_WATER}</table>" in post.body
    shown = client.get(post.get_absolute_url()).content.decode()
    assert (
        '<div class="table-scroll" tabindex="0" role="region" '
        'aria-label="High water at the north quay">'
        f"<table>{HIGH_WATER}</table></div>"
    ) in shown


ROW = "<tr><td>a</td><td>b</td><td>c</td></tr>"


@pytest.mark.parametrize(
    ("table", "layout"),
    [
        (f'<table role="presentation"><tr><th>a</th><th>b</th></tr>{ROW}</table>', True),
        (f"<table>{ROW}<tr><td><table>{ROW}</table></td></tr></table>", True),
        ("<table><tr><td>menu</td><td><h2>Story</h2>words</td></tr></table>", True),
        ("<table><tr><td>menu</td><td><p>One.</p><p>Two.</p></td></tr></table>", True),
        (f"<table>{ROW}</table>", True),  # one row
        ("<table><tr><td>a</td></tr><tr><td>b</td></tr></table>", True),  # one column
        (f"<table>{ROW * 2}</table>", True),  # small, and nothing says it holds data
        (f"<table><caption>Seats</caption>{ROW}</table>", False),
        (f"<table><tr><th>x</th><th>y</th><th>z</th></tr>{ROW}</table>", False),
        (f"<table>{ROW * 4}</table>", False),  # big enough to be data
    ],
)
def test_a_layout_table_is_told_from_a_data_table(table, layout):
    assert is_layout_table(lxml.html.fragment_fromstring(table)) is layout
