"""The canonical body form: every mix of plain text and markup a writer, a paste or an
import brings becomes the same blocks (issue 15, point 3: the lost paragraphs)."""

import pytest

from newsdesk.content.body import plain_text, sanitize, split_blocks


def canonical(html: str) -> str:
    """sanitize(html), checked to be its own fixed point."""
    once = sanitize(html)
    assert sanitize(once) == once
    return once


def test_plain_text_only_becomes_paragraphs_at_blank_lines():
    assert canonical("One line.\n\nTwo\nlines.\n\n\n  Three.  ") == (
        "<p>One line.</p><p>Two lines.</p><p>Three.</p>"
    )


def test_text_beside_a_subheading_keeps_its_paragraphs():
    body = canonical("First para.\n\nSecond para.\n\n<h2>Sub</h2>\n\nThird.")
    assert body == "<p>First para.</p><p>Second para.</p><h2>Sub</h2><p>Third.</p>"
    assert [block.tag for block in split_blocks(body)] == ["p", "p", "h2", "p"]


def test_text_beside_a_figure_keeps_its_paragraphs():
    body = canonical('Before one.\n\nBefore two.<figure data-image-id="4"></figure>After.')
    assert body == (
        '<p>Before one.</p><p>Before two.</p><figure data-image-id="4"></figure><p>After.</p>'
    )


def test_inline_markup_in_stray_text_stays_in_its_paragraph():
    body = canonical(
        'One <em>very</em> good\n\nTwo, <a href="https://a.test/">linked</a>.<h2>Sub</h2>'
    )
    assert body == (
        "<p>One <em>very</em> good</p>"
        '<p>Two, <a href="https://a.test/" rel="noopener">linked</a>.</p><h2>Sub</h2>'
    )


def test_text_between_two_blocks_becomes_paragraphs():
    assert canonical("<h2>A</h2>Middle one.\n\nMiddle two.<ul><li>x</li></ul>") == (
        "<h2>A</h2><p>Middle one.</p><p>Middle two.</p><ul><li>x</li></ul>"
    )


def test_line_breaks_stay_and_a_doubled_one_ends_a_paragraph():
    assert canonical("Line one<br>Line two<br><br>Next para<h3>S</h3>") == (
        "<p>Line one<br>Line two</p><p>Next para</p><h3>S</h3>"
    )
    assert canonical("<p>a<br/>\n<br>b <br> c<br></p>") == "<p>a</p><p>b<br>c</p>"


def test_windows_line_ends_are_blank_lines_too():
    assert canonical("One.\r\n\r\nTwo,\r\nstill two.\r\n<h2>S</h2>") == (
        "<p>One.</p><p>Two, still two.</p><h2>S</h2>"
    )


def test_paragraphs_inside_a_list_item_are_joined_with_line_breaks():
    assert canonical("<ul><li><p>First.</p><p>Second.</p></li><li>Plain</li></ul>") == (
        "<ul><li>First.<br>Second.</li><li>Plain</li></ul>"
    )


def test_b_and_i_become_strong_and_em():
    assert canonical("<p><b>Bold</b> and <i>it</i></p>") == (
        "<p><strong>Bold</strong> and <em>it</em></p>"
    )


def test_a_quote_with_bare_text_and_a_cite_is_paragraphs_then_the_cite():
    assert canonical("<blockquote>We stay.\n\nWe build.<cite>Ana Lee</cite></blockquote>") == (
        "<blockquote><p>We stay.</p><p>We build.</p><cite>Ana Lee</cite></blockquote>"
    )
    # Only a cite at the end is the cite: words are not moved. A cite alone is quoted.
    assert canonical("<blockquote><cite>Ana</cite><p>Yes.</p></blockquote>") == (
        "<blockquote><p>Ana</p><p>Yes.</p></blockquote>"
    )
    assert canonical("<blockquote><p>Yes. <cite>Ana</cite></p></blockquote>") == (
        "<blockquote><p>Yes.</p><cite>Ana</cite></blockquote>"
    )
    assert canonical("<blockquote><cite>Only</cite></blockquote>") == (
        "<blockquote><p>Only</p></blockquote>"
    )


def test_nested_lists_are_flattened_into_items():
    assert canonical(
        "<ol><li>One<ul><li>One a</li><li>One b</li></ul>after</li><li>Two</li></ol>"
    ) == ("<ol><li>One</li><li>One a</li><li>One b</li><li>after</li><li>Two</li></ol>")


def test_whitespace_between_blocks_and_inside_text_is_collapsed():
    body = canonical(
        "\n  <p>  Spaced \n\t out  </p>\n\n  <h2> Sub </h2>  \n<p>a <em> b </em> c</p>"
    )
    assert body == "<p>Spaced out</p><h2>Sub</h2><p>a <em>b</em> c</p>"
    # A no-break space is text, not whitespace.
    assert canonical("<p>« Oui&nbsp;»\n</p>") == "<p>« Oui&nbsp;»</p>"


def test_empty_blocks_are_dropped():
    assert canonical("<p></p><p> </p><p>&nbsp;</p><h2><br></h2><ul><li> </li></ul><p>x</p>") == (
        "<p>x</p>"
    )
    assert canonical("<blockquote><p> </p></blockquote>") == ""


def test_word_leftovers_keep_only_structure():
    pasted = (
        '<div class="WordSection1"><p class="MsoNormal"><span style="font-size:12pt">'
        "First<o:p></o:p></span></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>"
        "<div><p>Second</p><p>Third</p></div><div>Fourth</div><div>Fifth</div></div>"
    )
    assert canonical(pasted) == "<p>First</p><p>Second</p><p>Third</p><p>Fourth</p><p>Fifth</p>"


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("<h1>Title</h1>", "<h2>Title</h2>"),
        ("<h4>a</h4><h5>b</h5><h6>c</h6>", "<h3>a</h3><h3>b</h3><h3>c</h3>"),
        ("<section>One</section><article>Two</article>", "<p>One</p><p>Two</p>"),
        ("<header>Top</header>Body<footer>End</footer>", "<p>Top</p><p>Body</p><p>End</p>"),
        ("<table><tr><td>a</td></tr></table>", "<p>a</p>"),  # a layout table
        ("one<hr>two", "<p>one</p><p>two</p>"),
    ],
)
def test_structure_of_pasted_html_maps_to_our_blocks(pasted, expected):
    assert canonical(pasted) == expected


def test_blocks_inside_a_paragraph_or_a_mark_come_out_as_blocks():
    assert canonical("<p>a<div>b</div>c</p>") == "<p>a</p><p>b</p><p>c</p>"
    assert canonical("<strong><h2>Big</h2>then</strong>") == (
        "<h2><strong>Big</strong></h2><p><strong>then</strong></p>"
    )


def test_a_figure_inside_a_block_follows_the_block():
    assert canonical('<ul><li>a<figure data-image-id="3"></figure></li></ul>') == (
        '<ul><li>a</li></ul><figure data-image-id="3"></figure>'
    )
    # A figure that is not ours is only its text.
    assert canonical("<figure><figcaption>Said</figcaption></figure>") == "<p>Said</p>"


def test_marks_are_written_one_way():
    assert canonical("<p><em>a</em><em>b</em> <em>c</em></p>") == "<p><em>ab c</em></p>"
    assert canonical("<p><em><strong>x</strong></em> <strong><em>y</em></strong></p>") == (
        "<p><em><strong>x y</strong></em></p>"
    )
    assert canonical("<p><em>a </em>b</p>") == "<p><em>a</em> b</p>"
    assert canonical('<p><a href="/x" title="t">l</a></p>') == (
        '<p><a href="/x" title="t" rel="noopener">l</a></p>'
    )


def test_no_words_are_lost_or_glued():
    body = canonical("<div>alpha</div><div>beta<span>gamma</span></div>delta\n\nepsilon")
    assert plain_text(body).split("\n") == ["alpha", "betagamma", "delta", "epsilon"]


def test_deeply_nested_html_is_read_not_a_crash():
    assert canonical("<div>" * 3000 + "One</div><div>Two") == "<p>One</p><p>Two</p>"
    assert canonical("<em>" * 3000 + "x") == "<p><em>x</em></p>"
