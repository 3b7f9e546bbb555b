"""The installable app: manifest, icons, service worker and offline page, as served."""

import io
import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from newsdesk.languages import bcp47, editions_from
from newsdesk.reader import icons, pwa
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SITE_CSS = Path(pwa.__file__).parent / "static" / "reader" / "site.css"


def get_manifest(client, lang="en"):
    response = client.get(f"/manifest.webmanifest?lang={lang}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    return json.loads(response.content)


def png_at(client, url) -> Image.Image:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    return image


def test_manifest_describes_an_installable_standalone_app(client, settings):
    manifest = get_manifest(client)
    assert manifest["name"] == settings.SITE_NAME
    assert 0 < len(manifest["short_name"]) <= 12
    assert manifest["description"]
    assert manifest["id"] == "/"
    assert manifest["start_url"] == "/en/?source=pwa"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "en"
    assert manifest["background_color"] == "#ffffff"


def test_manifest_colours_are_the_style_sheets(client):
    css = SITE_CSS.read_text()
    accent = re.search(r"--accent:\s*(#[0-9a-f]{6})", css).group(1)
    paper = re.search(r"--paper:\s*(#[0-9a-f]{6})", css).group(1)
    manifest = get_manifest(client)
    assert manifest["theme_color"] == accent == "#a3231f"
    assert manifest["background_color"] == paper


def test_each_edition_has_a_manifest_opening_that_edition(client):
    english, chinese = get_manifest(client, "en"), get_manifest(client, "zh-hans")
    assert chinese["start_url"] == "/zh-hans/?source=pwa"
    assert chinese["lang"] == "zh-Hans"
    assert chinese["id"] == english["id"], "one app, whichever edition installed it"
    assert [s["url"] for s in english["shortcuts"]] == ["/en/?source=pwa", "/zh-hans/?source=pwa"]


def test_a_right_to_left_edition_has_a_right_to_left_manifest_and_pages(client, settings):
    settings.LANGUAGES = editions_from(["en", "ar"])
    assert get_manifest(client, "ar")["dir"] == "rtl"
    assert get_manifest(client, "en")["dir"] == "ltr"
    assert '<html lang="ar" dir="rtl">' in client.get("/ar/").content.decode()
    assert '<html lang="en">' in client.get("/en/").content.decode()


def test_manifest_without_an_edition_is_the_default_editions(client):
    response = client.get("/manifest.webmanifest")
    assert json.loads(response.content)["start_url"] == "/en/?source=pwa"


def test_manifest_of_an_unknown_edition_is_not_found(client):
    assert client.get("/manifest.webmanifest?lang=fr").status_code == 404


def test_manifest_icons_exist_at_the_sizes_they_claim(client):
    manifest = get_manifest(client)
    for entry in manifest["icons"]:
        image = png_at(client, entry["src"])
        assert entry["type"] == "image/png"
        assert entry["sizes"] == f"{image.width}x{image.height}"
    offered = {(entry["sizes"], entry.get("purpose", "any")) for entry in manifest["icons"]}
    assert offered == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("192x192", "maskable"),
        ("512x512", "maskable"),
    }


def test_maskable_icons_fill_the_square_and_keep_the_mark_in_the_safe_zone(client):
    for entry in get_manifest(client)["icons"]:
        if entry["purpose"] != "maskable":
            continue
        image = png_at(client, entry["src"]).convert("RGB")
        size = image.width
        corners = [(0, 0), (size - 1, 0), (0, size - 1), (size - 1, size - 1)]
        assert {image.getpixel(corner) for corner in corners} == {(0xA3, 0x23, 0x1F)}
        centre = (size - 1) / 2
        mark = [
            (x, y)
            for x in range(size)
            for y in range(size)
            if min(image.getpixel((x, y))) > 200  # the white of the mark
        ]
        assert mark, "the mark is drawn"
        farthest = max(((x - centre) ** 2 + (y - centre) ** 2) ** 0.5 for x, y in mark)
        assert farthest <= 0.4 * size


def test_any_purpose_icons_have_rounded_transparent_corners(client):
    image = png_at(client, pwa.icon_url("icon-512")).convert("RGBA")
    assert image.getpixel((0, 0))[3] == 0
    assert image.getpixel((256, 256))[3] == 255


def test_icons_draw_the_initials_of_the_site_name():
    assert icons.initials("Pacific Meridian") == "PM"
    assert icons.initials("Asia Pacific Daily") == "AP"
    assert icons.initials("  ") == "N"


def test_short_name_keeps_whole_words_that_fit_a_home_screen():
    assert pwa.short_name("Pacific Meridian") == "Pacific"
    assert pwa.short_name("Asia Pacific Daily") == "Asia Pacific"
    assert pwa.short_name("News") == "News"
    assert pwa.short_name("Supercalifragilistic") == "Supercalifra"


def test_icons_are_kept_a_year_under_their_fingerprint(client):
    response = client.get(pwa.icon_url("icon-192"))
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "max-age=31536000" in cache_control and "immutable" in cache_control
    assert "public" in cache_control


def test_an_icon_without_its_current_fingerprint_is_kept_a_day(client):
    current = client.get(pwa.icon_url("icon-192")).content
    for url in ["/icons/icon-192.png", "/icons/icon-192.000000000000.png"]:
        response = client.get(url)
        assert response.status_code == 200
        assert response.content == current
        assert "max-age=86400" in response["Cache-Control"]
        assert "immutable" not in response["Cache-Control"]


def test_an_unknown_icon_is_not_found(client):
    assert client.get("/icons/favicon-64.png").status_code == 404


def test_icons_change_address_when_the_site_name_changes(settings):
    before = pwa.icon_url("icon-192")
    settings.SITE_NAME = "Harbour Gazette"
    assert pwa.icon_url("icon-192") != before


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_reader_pages_link_the_manifest_of_their_edition(client, lang):
    article = make_article(language=lang)
    for url in [f"/{lang}/", article.get_absolute_url(), f"/{lang}/offline/"]:
        page = client.get(url).content.decode()
        assert f'<link rel="manifest" href="/manifest.webmanifest?lang={lang}">' in page, url
        assert '<meta name="theme-color" content="#a3231f">' in page
        assert '<meta name="apple-mobile-web-app-capable" content="yes">' in page
        assert 'data-service-worker="/sw.js"' in page


def test_the_apple_touch_icon_is_a_full_bleed_square(client):
    page = client.get("/en/").content.decode()
    href = re.search(r'<link rel="apple-touch-icon" sizes="180x180" href="([^"]+)"', page).group(1)
    image = png_at(client, href).convert("RGBA")
    assert image.size == (180, 180)
    assert image.getpixel((0, 0)) == (0xA3, 0x23, 0x1F, 255), "iOS would show black corners"


def test_service_worker_is_served_for_the_whole_site_and_revalidated(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    again = client.get("/sw.js", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_service_worker_carries_its_version_and_what_it_precaches(client):
    response = client.get("/sw.js")
    script = response.content.decode()
    config = json.loads(re.match(r"self\.NEWSDESK_PWA = (.*);\n", script).group(1))
    assert re.fullmatch(r"[0-9a-f]{12}", config["version"])
    assert response["X-Service-Worker-Version"] == config["version"]
    assert "/en/offline/" in config["shell"] and "/zh-hans/offline/" in config["shell"]
    assert "/static/reader/site.css" in config["shell"]
    assert pwa.icon_url("maskable-192") in config["shell"]
    assert [edition["hot"] for edition in config["editions"]] == [
        "/api/v1/hot?language=en",
        "/api/v1/hot?language=zh-hans",
    ]
    assert script.endswith(pwa.SERVICE_WORKER.read_text())


def test_everything_the_service_worker_precaches_is_there(client, settings):
    script = client.get("/sw.js").content.decode()
    config = json.loads(re.match(r"self\.NEWSDESK_PWA = (.*);\n", script).group(1))
    for url in config["shell"]:
        if url.startswith(settings.STATIC_URL):  # served by WhiteNoise or the proxy
            assert finders.find(url.removeprefix(settings.STATIC_URL)), url
        else:
            assert client.get(url).status_code == 200, url


def test_service_worker_leaves_the_newsroom_the_api_and_the_beacon_alone():
    never = pwa.service_worker_config()["never"]
    for url in [
        reverse("admin:index"),
        reverse("api-v1:hot"),
        reverse("trending:beacon", args=[1]),
    ]:
        assert any(url.startswith(prefix) for prefix in never), url


def test_a_new_deploy_gives_the_service_worker_a_new_version(client, settings):
    before = client.get("/sw.js")["X-Service-Worker-Version"]
    assert client.get("/sw.js")["X-Service-Worker-Version"] == before, "stable between visits"
    settings.SITE_NAME = "Harbour Gazette"  # new icons: a new shell
    assert client.get("/sw.js")["X-Service-Worker-Version"] != before


def test_service_worker_version_follows_its_source(monkeypatch, tmp_path):
    _script, before = pwa.service_worker_script()
    changed = tmp_path / "sw.js"
    changed.write_text(pwa.SERVICE_WORKER.read_text() + "\n// a change\n")
    monkeypatch.setattr(pwa, "SERVICE_WORKER", changed)
    pwa._service_worker.cache_clear()
    try:
        assert pwa.service_worker_script()[1] != before
    finally:
        pwa._service_worker.cache_clear()


@pytest.mark.parametrize(("lang", "home"), [("en", 'href="/en/"'), ("zh-hans", 'href="/zh-hans/"')])
def test_offline_page_renders_in_both_editions(client, lang, home):
    response = client.get(f"/{lang}/offline/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{bcp47(lang)}">' in page
    with translation.override(lang):
        assert f"<h1>{gettext('You are offline')}</h1>" in page
    assert '<meta name="robots" content="noindex">' in page
    assert f"{home}>" in page, "it links the edition's home page"
    assert 'data-offline-edition="en"' in page and 'data-offline-edition="zh-hans"' in page
    assert "data-offline-empty" in page


def test_offline_page_says_what_happened(client):
    page = client.get("/en/offline/").content.decode()
    assert "<h1>You are offline</h1>" in page
    assert "Articles you can read offline" in page


def test_install_button_include_starts_hidden():
    html = render_to_string("reader/includes/install_button.html")
    assert re.search(r"<button [^>]*data-install-button hidden>Install the app</button>", html)
    assert re.search(r"<div [^>]*data-install-ios hidden>", html)
    assert "Add to Home Screen" in html
