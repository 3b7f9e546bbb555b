"""The app page: a QR code that opens the app, how to install it; the banner leading there."""

import io
import re

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from newsdesk.languages import bcp47
from newsdesk.reader.qr import QUIET_ZONE, qr_code, qr_svg
from tests.factories import make_article

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://news.example.org"


@pytest.fixture(autouse=True)
def public_url(settings):
    settings.PUBLIC_URL = PUBLIC_URL
    settings.APP_ANDROID_URL = ""
    settings.APP_IOS_URL = ""


def served_svg(page: str) -> str:
    match = re.search(r'<div class="qr-image"[^>]*>(<svg.*?</svg>)</div>', page, re.S)
    assert match, "the page shows the QR code as inline SVG"
    return match.group(1)


def rasterize(svg: str, pixels_per_module: int = 8) -> Image.Image:
    """Paint segno's SVG as a browser does: its light square, then its dark path.

    The path is segno's: "M x y" to start, "h n" to draw n modules along a row (a stroke
    one module wide, centred on y), "m dx dy" to move. Anything else fails the test.
    """
    size = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    assert f'<path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/>' in svg, "light background"
    path = re.search(r'<path stroke="#000" d="([^"]+)"/>', svg).group(1)
    image = Image.new("L", (size * pixels_per_module,) * 2, 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, a, b in re.findall(r"([MmHh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            assert command == "h", command
            end = x + float(a)
            top, bottom = y - 0.5, y + 0.5
            box = [v * pixels_per_module for v in (x, top, end, bottom)]
            draw.rectangle([box[0], box[1], box[2] - 1, box[3] - 1], fill=0)
            x = end
    assert "".join(re.findall(r"[MmHh]-?[\d.]+(?: -?[\d.]+)?", path)) == path, "segno's path"
    return image


def decode(image: Image.Image):
    barcodes = zxingcpp.read_barcodes(image)
    assert len(barcodes) == 1, "exactly one readable code"
    assert barcodes[0].format == zxingcpp.BarcodeFormat.QRCode
    return barcodes[0]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_app_page_shows_a_qr_code_that_opens_the_editions_start_page(client, language):
    response = client.get(f"/{language}/app/")
    page = response.content.decode()
    start = f"{PUBLIC_URL}/{language}/"

    assert response.status_code == 200
    assert f'<html lang="{bcp47(language)}">' in page
    svg = served_svg(page)
    assert svg == qr_svg(start), "the page serves segno's SVG for the start page"
    assert 'viewBox="0 0 ' in svg and "width=" not in svg, "scales with CSS"
    label = re.search(r'class="qr-image" role="img" aria-label="([^"]+)"', page).group(1)
    assert start in label, "a text alternative"
    assert f'<a class="qr-url" href="{start}">{start}</a>' in page, "the address, printed"

    barcode = decode(rasterize(svg))
    assert barcode.text == start
    assert barcode.ec_level in {"M", "Q"}


def test_qr_code_has_its_quiet_zone(client):
    svg = served_svg(client.get("/en/app/").content.decode())
    image = rasterize(svg, pixels_per_module=1)
    width = image.width
    border = [
        image.getpixel((x, y))
        for x in range(width)
        for y in range(width)
        if min(x, y, width - 1 - x, width - 1 - y) < QUIET_ZONE
    ]
    assert set(border) == {255}, "four light modules on every side"
    assert image.getpixel((QUIET_ZONE, QUIET_ZONE)) == 0, "the finder pattern starts there"


def test_segnos_png_of_the_same_code_decodes_to_the_start_page():
    start = f"{PUBLIC_URL}/zh-hans/"
    png = io.BytesIO()
    qr_code(start).save(png, kind="png", scale=8, border=QUIET_ZONE)
    png.seek(0)
    assert decode(Image.open(png)).text == start


def test_qr_code_follows_the_public_url(client, settings):
    settings.PUBLIC_URL = "http://192.168.1.20:8000"
    svg = served_svg(client.get("/en/app/").content.decode())
    assert decode(rasterize(svg)).text == "http://192.168.1.20:8000/en/"


def test_qr_code_is_drawn_once_per_address(client):
    from newsdesk.caching.store import get_store

    qr_svg.cache_clear()
    client.get("/en/app/")
    get_store().clear()
    client.get("/en/app/")
    assert qr_svg.cache_info().misses == 1
    assert qr_svg.cache_info().hits == 1


def test_app_page_explains_how_to_install(client):
    page = client.get("/en/app/").content.decode()
    for step in ("Scan the QR code", "Install", "Android (Chrome)", "iPhone and iPad (Safari)"):
        assert step in page
    assert "Add to Home Screen" in page
    assert "data-install-button" in page, "the button where the browser offers to install"


def test_store_links_are_absent_unless_configured(client):
    page = client.get("/en/app/").content.decode()
    assert "app-stores" not in page
    assert "store-android" not in page and "store-ios" not in page


def test_store_links_show_when_configured(client, settings):
    settings.APP_ANDROID_URL = "https://play.google.com/store/apps/details?id=org.example.news"
    settings.APP_IOS_URL = "https://apps.apple.com/app/id000000001"
    page = client.get("/zh-hans/app/").content.decode()
    assert 'href="https://play.google.com/store/apps/details?id=org.example.news"' in page
    assert 'href="https://apps.apple.com/app/id000000001"' in page


def test_only_the_android_link_shows_when_only_it_is_configured(client, settings):
    settings.APP_ANDROID_URL = "https://play.google.com/store/apps/details?id=org.example.news"
    page = client.get("/en/app/").content.decode()
    assert "store-android" in page and "store-ios" not in page


def test_app_page_is_cached_publicly_under_nav_and_app(client):
    response = client.get("/en/app/")
    assert response["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    assert {"nav", "app"} <= set(response["Surrogate-Key"].split())
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_reader_pages_carry_a_hidden_banner_linking_to_the_app_page(client, language):
    article = make_article(language=language)
    for url in (f"/{language}/", article.get_absolute_url()):
        page = client.get(url).content.decode()
        banner = re.search(r'<aside class="app-banner".*?</aside>', page, re.S)
        assert banner, url
        assert re.search(r"\shidden>", banner.group()), "the script reveals it, or nothing does"
        assert f'href="/{language}/app/"' in banner.group()
        close = r'<button type="button" class="app-banner-close" aria-label="[^"]+">'
        assert re.search(close, banner.group()), "a close button with a name"
        assert "reader/banner.js" in page


def test_app_page_has_no_banner(client):
    page = client.get("/en/app/").content.decode()
    assert "app-banner" not in page
    assert "banner.js" not in page
