"""Tables in the article body: their canonical form (content/body.py docstring),
their blocks, their text, and the scrolling box they are rendered in."""

import pytest

from newsdesk.content import body
from tests.factories import make_article, make_image


def test_a_data_table_is_kept_in_canonical_form():
    pasted = (
        '<table class="data" style="width:100%" onclick="x()"><caption> Seats <b>2024</b></caption>'
        "<thead><tr><th>Party</th><th>Seats</th></tr></thead>"
        "<tbody><tr><td>Greens</td><td>12</td></tr></tbody></table>"
    )
    assert body.sanitize(pasted) == (
        "<table><caption>Seats <strong>2024</strong></caption>"
        "<thead><tr><th>Party</th><th>Seats</th></tr></thead>"
        "<tbody><tr><td>Greens</td><td>12</td></tr></tbody></table>"
    )


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        # A first row of header cells is the head when more rows follow...
        (
            "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>",
            "<table><thead><tr><th>a</th><th>b</th></tr></thead>"
            "<tbody><tr><td>1</td><td>2</td></tr></tbody></table>",
        ),
        # ...and not when it is alone, or has a <td>; a head that is not all <th> is body.
        (
            "<table><thead><tr><th>a</th><th>b</th></tr></thead></table>",
            "<table><tbody><tr><th>a</th><th>b</th></tr></tbody></table>",
        ),
        (
            "<table><thead><tr><th>a</th><td>b</td></tr></thead><tr><th>1</th><td>2</td></tr>"
            "</table>",
            "<table><tbody><tr><th>a</th><td>b</td></tr><tr><th>1</th><td>2</td></tr></tbody>"
            "</table>",
        ),
        # A foot's rows go to the end of the body, in order.
        (
            "<table><tfoot><tr><td>total</td><td>3</td></tr></tfoot>"
            "<tbody><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></tbody></table>",
            "<table><tbody><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr>"
            "<tr><td>total</td><td>3</td></tr></tbody></table>",
        ),
    ],
)
def test_head_and_foot_rows(pasted, expected):
    assert body.sanitize(pasted) == expected


def test_spans_are_kept_colspan_first_and_only_when_above_one():
    pasted = (
        '<table><tr><td rowspan="2" colspan="2" width="9">a</td><td colspan="1">b</td></tr>'
        '<tr><td rowspan="x">c</td></tr></table>'
    )
    assert body.sanitize(pasted) == (
        '<table><tbody><tr><td colspan="2" rowspan="2">a</td><td>b</td></tr>'
        "<tr><td>c</td></tr></tbody></table>"
    )


def test_spans_are_clamped_to_a_thousand_and_to_the_rows_there_are():
    cells = "<td>b</td>" * 1200
    html = body.sanitize(
        f'<table><tr><td colspan="5000">a</td></tr><tr>{cells}</tr>'
        '<tr><td rowspan="9">c</td></tr></table>'
    )
    assert html.startswith('<table><tbody><tr><td colspan="1000">a</td><td></td>')
    assert html.endswith("<tr><td>c</td>" + "<td></td>" * 1199 + "</tr></tbody></table>")


def test_a_table_that_padding_would_blow_up_is_kept_as_text():
    rows = "<tr><td>b</td></tr>" * 30
    html = body.sanitize(f'<table><tr><td colspan="1000">a</td></tr>{rows}</table>')
    assert html == "<p>a</p>" + "<p>b</p>" * 30


def test_rows_are_padded_to_the_width_of_the_table_counting_spans_from_above():
    pasted = (
        "<table><tr><td>a</td><td>b</td><td>c</td></tr>"
        '<tr><td rowspan="2">d</td><td>e</td></tr>'
        "<tr><td>f</td></tr></table>"
    )
    assert body.sanitize(pasted) == (
        "<table><tbody><tr><td>a</td><td>b</td><td>c</td></tr>"
        '<tr><td rowspan="2">d</td><td>e</td><td></td></tr>'
        "<tr><td>f</td><td></td></tr></tbody></table>"
    )


def test_a_span_that_would_cover_another_cell_is_shortened():
    # b spans down into the second row, so c's colspan cannot reach its column.
    pasted = (
        '<table><tr><td>a</td><td rowspan="2">b</td></tr><tr><td colspan="2">c</td></tr></table>'
    )
    assert body.sanitize(pasted) == (
        '<table><tbody><tr><td>a</td><td rowspan="2">b</td></tr><tr><td>c</td></tr></tbody></table>'
    )


def test_block_content_in_a_cell_becomes_lines():
    pasted = (
        "<table><tr><td><p>One</p><p>Two <i>2</i></p></td><td><ul><li>x</li><li>y</li></ul></td>"
        "<td><h2>Head</h2>text</td></tr></table>"
    )
    assert body.sanitize(pasted) == (
        "<table><tbody><tr><td>One<br>Two <em>2</em></td><td>x<br>y</td><td>Head<br>text</td>"
        "</tr></tbody></table>"
    )


def test_a_nested_table_is_flattened_into_its_cell():
    pasted = (
        "<table><tr><td>outer</td><td><table><tr><td>in 1</td><td>in 2</td></tr>"
        "<tr><td>in 3</td></tr></table></td></tr></table>"
    )
    assert body.sanitize(pasted) == (
        "<table><tbody><tr><td>outer</td><td>in 1<br>in 2<br>in 3</td></tr></tbody></table>"
    )


def test_a_one_cell_layout_table_is_unwrapped_into_its_blocks():
    pasted = "<table><tr><td><h1>Title</h1><p>One.</p><ul><li>x</li></ul></td></tr></table>"
    assert body.sanitize(pasted) == "<h2>Title</h2><p>One.</p><ul><li>x</li></ul>"


def test_empty_cells_are_kept_and_empty_rows_and_tables_dropped():
    assert body.sanitize("<table><tr><td>a</td><td> </td></tr><tr></tr></table>") == (
        "<table><tbody><tr><td>a</td><td></td></tr></tbody></table>"
    )
    assert body.sanitize("<p>x</p><table><tr><td></td><td><br></td></tr></table>") == "<p>x</p>"


def test_hostile_attributes_and_tags_in_a_table_are_stripped():
    pasted = (
        '<table border="1" onmouseover="x()"><tr style="color:red"><td onclick="y()" '
        'colspan="2" data-x="1" class="c">a<script>alert(1)</script><img src=x onerror=z></td>'
        '</tr><tr><th scope="col" abbr="q">b</th><td>c</td></tr></table>'
    )
    assert body.sanitize(pasted) == (
        '<table><tbody><tr><td colspan="2">a</td></tr><tr><th>b</th><td>c</td></tr></tbody></table>'
    )


def test_an_image_in_a_cell_follows_the_table():
    pasted = '<table><tr><td>a<figure data-image-id="4"></figure></td><td>b</td></tr></table>'
    assert body.sanitize(pasted) == (
        '<table><tbody><tr><td>a</td><td>b</td></tr></tbody></table><figure data-image-id="4">'
        "</figure>"
    )


def test_a_table_is_one_block_whose_text_reads_caption_then_rows():
    html = body.sanitize(
        "<p>Before.</p><table><caption>Seats</caption><tr><th>Party</th><th>Seats</th></tr>"
        "<tr><td>Greens &amp; co</td><td>12</td></tr></table><p>After.</p>"
    )
    blocks = body.split_blocks(html)
    assert [block.tag for block in blocks] == ["p", "table", "p"]
    assert blocks[1].html == html[len("<p>Before.</p>") : -len("<p>After.</p>")]
    assert blocks[1].text == "Seats / Party | Seats / Greens & co | 12"
    assert body.join_blocks(blocks) == html


def test_table_parts_reads_caption_and_cells():
    caption, rows = body.table_parts(
        body.sanitize(
            '<table><caption>C</caption><tr><th colspan="2">h</th></tr>'
            '<tr><td rowspan="2">a <em>b</em></td><td>c</td></tr><tr><td>d</td></tr></table>'
        )[len("<table>") : -len("</table>")]
    )
    assert caption == "C"
    assert rows == [
        [body.Cell(True, 2, 1, "h")],
        [body.Cell(False, 1, 2, "a <em>b</em>"), body.Cell(False, 1, 1, "c")],
        [body.Cell(False, 1, 1, "d")],
    ]


def test_plain_text_puts_each_cell_on_its_own_line():
    html = body.sanitize(
        "<table><caption>Seats</caption><tr><td>Greens</td><td>12</td></tr>"
        "<tr><td>Reds</td><td>9</td></tr></table>"
    )
    assert body.plain_text(html) == "Seats\nGreens\n12\nReds\n9"
    assert body.plain_text(html, one_line=True) == "Seats Greens 12 Reds 9"


def test_render_wraps_a_table_in_a_box_that_scrolls_labelled_by_its_caption():
    html = body.sanitize(
        "<table><caption>Seats &amp; <b>votes</b></caption><tr><td>a</td><td>b</td></tr></table>"
    )
    assert body.render(html, {}, "en") == (
        '<div class="table-scroll" tabindex="0" role="region" aria-label="Seats &amp; votes">'
        f"{html}</div>"
    )
    untitled = body.sanitize("<table><tr><td>a</td><td>b</td></tr></table>")
    assert body.render(untitled, {}, "en").startswith(
        '<div class="table-scroll" tabindex="0" role="region" aria-label="Table"><table>'
    )


def test_article_page_shows_the_table_in_its_scrolling_box(client, db):
    image = make_image()
    article = make_article(
        body=f"<p>Intro.</p><table><caption>Seats</caption><tr><th>Party</th><th>Seats</th></tr>"
        f"<tr><td>Greens</td><td>12</td></tr></table>{image.embed_code}",
        status="published",
    )
    assert "table-scroll" not in article.body  # stored as its blocks, boxed when rendered
    page = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<div class="table-scroll" tabindex="0" role="region" aria-label="Seats"><table>'
        "<caption>Seats</caption><thead><tr><th>Party</th><th>Seats</th></tr></thead>"
        "<tbody><tr><td>Greens</td><td>12</td></tr></tbody></table></div>"
    ) in page


def test_a_figure_holding_a_table_gives_the_table_its_figcaption():
    # As WordPress's block editor writes a table.
    pasted = (
        '<figure class="wp-block-table"><table><tbody><tr><td>Cell 1</td><td>Cell 2</td></tr>'
        "<tr><td>Cell 3</td><td>Cell 4</td></tr></tbody></table>"
        '<figcaption class="wp-element-caption">Caption</figcaption></figure>'
    )
    assert body.sanitize(pasted) == (
        "<table><caption>Caption</caption><tbody><tr><td>Cell 1</td><td>Cell 2</td></tr>"
        "<tr><td>Cell 3</td><td>Cell 4</td></tr></tbody></table>"
    )
    # A figure with more than its table keeps the rest where it stands.
    assert body.sanitize(
        "<figure><table><tr><td>a</td><td>b</td></tr></table><p>Note</p>"
        "<figcaption>Cap</figcaption></figure>"
    ) == ("<table><tbody><tr><td>a</td><td>b</td></tr></tbody></table><p>Note</p><p>Cap</p>")
