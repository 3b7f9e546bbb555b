"""``{% picture %}``: every image a reader sees is a <picture> of renditions, sized for its
place, lazy unless it is the page's first."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.utils import translation

from newsdesk.content.models import Image
from tests.factories import make_article, make_image, make_person, make_section, png_bytes

WIDTHS = [320, 480, 640, 960, 1280, 1600]
SIZES = "(min-width: 60rem) 40rem, 100vw"


def stored_image(width=4000, height=3000, **fields) -> Image:
    """An image of known size; the tag reads neither its file nor the database."""
    fields.setdefault("alt_text", "Cranes over the harbour")
    return Image(pk=7, file="images/2024/05/cranes.jpg", width=width, height=height, **fields)


def markup(image, arguments=f'sizes="{SIZES}"') -> str:
    template = Template("{% load pictures %}{% picture image " + arguments + " %}")
    return template.render(Context({"image": image}))


def render(image, arguments=f'sizes="{SIZES}"') -> BeautifulSoup:
    return BeautifulSoup(markup(image, arguments), "html.parser")


def widths(srcset: str) -> list[int]:
    return [int(width) for width in re.findall(r" (\d+)w(?:,|$)", srcset)]


def paths(srcset: str) -> list[str]:
    return [candidate.strip().split(" ")[0] for candidate in srcset.split(",")]


class Text(str):
    """Text in a known language, as ``Image.display_alt_text`` gives it."""

    def __new__(cls, value, lang):
        text = super().__new__(cls, value)
        text.lang = lang
        return text


# The markup


def test_a_picture_offers_avif_then_webp_then_a_jpeg_img():
    html = render(stored_image())
    [picture] = html.find_all("picture")
    sources = picture.find_all("source")
    assert [source["type"] for source in sources] == ["image/avif", "image/webp"]
    for source, extension in zip(sources, ["avif", "webp"], strict=True):
        assert widths(source["srcset"]) == WIDTHS
        assert all(path.endswith(f".{extension}") for path in paths(source["srcset"]))
        assert source["sizes"] == SIZES
    img = picture.find("img")
    assert widths(img["srcset"]) == WIDTHS
    assert all(path.endswith(".jpg") for path in paths(img["srcset"]))
    assert img["sizes"] == SIZES
    assert re.fullmatch(r"/media/renditions/7/w640-[0-9a-f]{12}\.jpg", img["src"])


def test_the_img_has_the_width_and_height_of_the_images_ratio():
    img = render(stored_image(4000, 3000)).img
    assert (img["width"], img["height"]) == ("1600", "1200")
    img = render(stored_image(900, 1600)).img
    assert (img["width"], img["height"]) == ("900", "1600")


def test_a_small_original_is_offered_at_its_own_size_only():
    html = render(stored_image(300, 200))
    assert widths(html.img["srcset"]) == [300]
    assert all(widths(source["srcset"]) == [300] for source in html.find_all("source"))
    assert (html.img["width"], html.img["height"]) == ("300", "200")
    assert html.img["src"].startswith("/media/renditions/7/w320-")


def test_a_picture_is_lazy_by_default():
    img = render(stored_image()).img
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    assert not img.has_attr("fetchpriority")


def test_an_eager_picture_is_fetched_first_and_not_lazy():
    img = render(stored_image(), f'sizes="{SIZES}" eager=True').img
    assert img["fetchpriority"] == "high"
    assert not img.has_attr("loading")


def test_the_alt_text_is_the_images_and_can_be_emptied_for_a_decorative_copy():
    assert render(stored_image()).img["alt"] == "Cranes over the harbour"
    assert ' alt="" ' in markup(stored_image(), 'sizes="100vw" alt=""')


def test_the_alt_text_is_escaped():
    html = markup(stored_image(alt_text='A "quoted" <b>crane</b>'))
    assert 'alt="A &quot;quoted&quot; &lt;b&gt;crane&lt;/b&gt;"' in html


def test_a_css_class_goes_on_the_img():
    assert render(stored_image(), 'sizes="100vw" css_class="person-photo"').img["class"] == [
        "person-photo"
    ]


def test_the_alt_text_in_the_pages_language_comes_from_display_alt_text():
    image = stored_image()
    image.translations = {"zh-hans": {"alt_text": "港口上的起重机"}}
    with translation.override("zh-hans"):
        img = render(image).img
    assert img["alt"] == "港口上的起重机"
    assert not img.has_attr("lang")


def test_alt_text_in_another_language_than_the_pages_is_marked_with_its_language():
    image = stored_image()
    with translation.override("zh-hans"):
        img = render(image).img
    assert img["alt"] == "Cranes over the harbour" and img["lang"] == "en"


def test_an_image_without_a_file_shows_nothing():
    assert markup(Image(pk=7, alt_text="Still to come")) == ""
    assert markup(None) == ""


def test_an_image_too_large_to_draw_keeps_its_original(settings):
    settings.MAX_IMAGE_PIXELS = 1000
    html = render(stored_image())
    assert html.picture is None
    assert html.img["src"] == "/media/images/2024/05/cranes.jpg"
    assert (html.img["width"], html.img["height"]) == ("4000", "3000")
    assert html.img["loading"] == "lazy"


# On the reader's pages


def images_of(page) -> list:
    """Every <img> of a page but the read pixel of <noscript>."""
    soup = BeautifulSoup(page.content.decode(), "html.parser")
    return [img for img in soup.find_all("img") if "read-pixel" not in img.get("class", [])]


@pytest.mark.django_db
def test_on_the_home_page_the_lead_cards_image_is_eager_and_the_others_lazy(client):
    section = make_section()
    for _ in range(3):
        make_article(section=section, lead_image=make_image())
    lead, *others = images_of(client.get("/en/"))
    assert lead.parent.name == "picture" and lead["alt"] == ""
    assert lead["fetchpriority"] == "high" and not lead.has_attr("loading")
    assert len(others) == 2
    for img in others:
        assert img.parent.name == "picture" and img["alt"] == ""
        assert img["loading"] == "lazy" and not img.has_attr("fetchpriority")
        assert img["sizes"] == "(min-width: 48rem) 22rem, 7.5rem"  # the second tier


@pytest.mark.django_db
def test_on_a_list_page_the_first_cards_image_is_eager_and_the_others_lazy(client):
    section = make_section()
    for _ in range(3):
        make_article(section=section, lead_image=make_image())
    first, *others = images_of(client.get(section.get_absolute_url()))
    assert first.parent.name == "picture" and first["fetchpriority"] == "high"
    assert len(others) == 2
    assert all(img["loading"] == "lazy" for img in others)


@pytest.mark.django_db
def test_an_articles_lead_image_is_eager_and_its_body_images_lazy(client):
    lead, inline = make_image(), make_image(alt_text="A chart of the tides")
    article = make_article(lead_image=lead, body=f"<p>Text.</p>{inline.embed_code}")
    lead_img, inline_img = images_of(client.get(article.get_absolute_url()))
    assert lead_img.parent.name == "picture" and lead_img["alt"] == "A blue rectangle"
    assert lead_img["fetchpriority"] == "high" and not lead_img.has_attr("loading")
    assert inline_img.parent.name == "picture" and inline_img["alt"] == "A chart of the tides"
    assert inline_img["loading"] == "lazy"
    # Pre-rendered in the body: paths, not addresses of whatever host saved the article.
    assert inline_img["src"].startswith(f"/media/renditions/{inline.pk}/")


# People's photos


def person_with_photo(size=(400, 400)):
    person = make_person()
    person.photo.save("face.png", ContentFile(png_bytes(size)), save=True)
    return person


@pytest.mark.django_db
def test_a_portrait_is_a_small_square_picture():
    template = Template('{% load pictures %}{% portrait person size=72 css_class="face" %}')
    html = BeautifulSoup(template.render(Context({"person": person_with_photo()})), "html.parser")
    sources = html.picture.find_all("source")
    assert [source["type"] for source in sources] == ["image/avif", "image/webp"]
    for element in [*sources, html.img]:
        assert widths(element["srcset"]) == [96, 144, 240, 360]
        assert element["sizes"] == "72px"
    img = html.img
    assert (img["width"], img["height"], img["alt"], img["class"]) == ("72", "72", "", ["face"])
    assert img["loading"] == "lazy"


@pytest.mark.django_db
def test_a_person_without_a_photo_has_no_portrait():
    template = Template("{% load pictures %}{% portrait person %}")
    assert template.render(Context({"person": make_person()})) == ""


@pytest.mark.django_db
def test_the_person_page_shows_their_photo_first_and_the_article_page_beside_their_bio(client):
    person = person_with_photo()
    article = make_article(authors=[person])
    photo, *_ = images_of(client.get(person.get_absolute_url()))
    assert photo.parent.name == "picture" and photo["alt"] == person.name
    assert photo["sizes"] == "120px" and photo["fetchpriority"] == "high"
    [beside_bio] = images_of(client.get(article.get_absolute_url()))
    assert beside_bio.parent.name == "picture" and beside_bio["alt"] == ""
    assert beside_bio["sizes"] == "72px" and beside_bio["loading"] == "lazy"


@pytest.mark.django_db
def test_render_bodies_gives_bodies_rendered_before_pictures_their_picture():
    from newsdesk.content.management.commands.render_bodies import render_bodies

    image = make_image()
    article = make_article(body=f"<p>Text.</p>{image.embed_code}")
    plain = make_article()
    old = f'<p>Text.</p><figure class="figure"><img src="{image.file.url}" alt=""></figure>'
    type(article).objects.filter(pk=article.pk).update(body_html=old)
    assert render_bodies() == 1
    article.refresh_from_db()
    assert "<picture>" in article.body_html and "Text." in article.body_html
    assert render_bodies() == 0
    plain.refresh_from_db()
    assert "<picture>" not in plain.body_html


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["one", "bulk"])
def test_deleting_a_picture_takes_its_figure_out_of_the_bodies_that_showed_it(
    client, how, django_capture_on_commit_callbacks
):
    kept, gone = make_image(alt_text="A map of the quay"), make_image(alt_text="A gull")
    article = make_article(body=f"<p>Text.</p>{gone.embed_code}{kept.embed_code}")
    assert f"/media/renditions/{gone.pk}/" in client.get(article.get_absolute_url()).text
    with django_capture_on_commit_callbacks(execute=True):
        if how == "one":
            gone.delete()
        else:  # the admin's "delete selected"
            Image.objects.filter(pk=gone.pk).delete()
    article.refresh_from_db()
    assert f"/media/renditions/{gone.pk}/" not in article.body_html
    assert f"/media/renditions/{kept.pk}/" in article.body_html
    page = client.get(article.get_absolute_url()).text
    assert "A gull" not in page and f"/media/renditions/{gone.pk}/" not in page
    assert "A map of the quay" in page and "Text." in page
