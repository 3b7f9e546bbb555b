from newsdesk.content import body
from tests.factories import make_article, make_image


def test_sanitize_removes_scripts_styles_and_event_handlers():
    dirty = '<p onclick="steal()">Hello <script>alert(1)</script><b style="x">world</b></p>'
    assert body.sanitize(dirty) == "<p>Hello <strong>world</strong></p>"


def test_sanitize_drops_javascript_links_and_marks_links_noopener():
    html = body.sanitize('<p><a href="javascript:evil()">x</a> <a href="https://a.test/">y</a></p>')
    assert "javascript" not in html
    assert '<a href="https://a.test/" rel="noopener">y</a>' in html


def test_sanitize_keeps_no_attribute_outside_the_subset():
    # Found by tests/test_body_properties.py: nh3 allows lang and title on every tag
    # unless told otherwise.
    html = body.sanitize('<p lang="en" title="x"><b title="javascript:alert(1)">y</b></p>')
    assert html == "<p><strong>y</strong></p>"
    assert body.sanitize('<p><a title="t" href="/x">l</a></p>') == (
        '<p><a href="/x" title="t" rel="noopener">l</a></p>'
    )


def test_sanitizing_a_sanitized_body_changes_nothing():
    # Found by tests/test_body_properties.py. A block tag the cleaner drops stopped the
    # plain text around it being made paragraphs, until the next save did it...
    once = body.sanitize("<script><p></script>One.\n\nTwo.")
    assert once == "<p>One.</p><p>Two.</p>"
    # ...and a dropped element could leave HTML that reads back as something else.
    assert body.sanitize("<object>") == ""
    for dirty in ["<script><p></script>One.\n\nTwo.", "<p><object><p>x</object></p>"]:
        assert body.sanitize(body.sanitize(dirty)) == body.sanitize(dirty)


def test_plain_text_becomes_paragraphs():
    assert body.sanitize("One line.\n\nTwo\nlines.") == "<p>One line.</p><p>Two lines.</p>"


def test_plain_text_is_escaped_not_trusted():
    assert body.sanitize("a < b & <img src=x onerror=y>") == "<p>a &lt; b &amp;</p>"


def test_image_ids_in_order():
    html = '<p>x</p><figure data-image-id="7"></figure><figure data-image-id="3"></figure>'
    assert body.image_ids(html) == [7, 3]


def test_figure_keeps_only_its_image_reference():
    html = body.sanitize('<figure data-image-id="5" class="x" onload="y"><img src="z"></figure>')
    assert html == '<figure data-image-id="5"></figure>'


def test_render_expands_an_image_into_figure_with_caption_credit_and_alt(db):
    image = make_image(caption="Boats at dawn.", credit="Photo: Ana Lee", alt_text="Three boats")
    html = body.render(f"<p>x</p>{image.embed_code}", {image.pk: image}, "en")
    assert "<figcaption>" in html
    assert "Boats at dawn." in html
    assert "Photo: Ana Lee" in html
    assert 'alt="Three boats"' in html
    assert f'width="{image.width}" height="{image.height}"' in html


def test_render_drops_a_figure_whose_image_is_gone():
    assert body.render('<p>x</p><figure data-image-id="99"></figure>', {}, "en") == "<p>x</p>"


def test_article_save_renders_body_and_records_inline_images(db):
    image = make_image()
    article = make_article(body=f"<p>Before.</p>{image.embed_code}<p>After.</p>")
    assert list(article.inline_images.all()) == [image]
    assert image.caption in article.body_html


def test_editing_an_image_caption_updates_articles_showing_it(db):
    image = make_image(caption="Old caption.")
    article = make_article(body=f"<p>x</p>{image.embed_code}")
    image.caption = "New caption."
    image.save()
    article.refresh_from_db()
    assert "New caption." in article.body_html
    assert "Old caption." not in article.body_html
