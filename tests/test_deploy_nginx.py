"""The reference nginx configuration in deploy/: caches pages, refreshes them on purge,
never caches staff, forwards the client's address. Runs the real nginx in front of the
real server, configured as the README's "Running at scale" does: readers on the public
host, the purger on loopback, ALLOWED_HOSTS the public host only."""

import gzip
import io
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from PIL import Image as Picture

from tests.serving import WAIT_SECONDS, free_port, run_python, start_serve, stop
from tests.test_purge_across_processes import prepare_site, publish_elsewhere

pytestmark = pytest.mark.embedded

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_HOST = "news.example.org"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


def wait_for(url, process, what):
    deadline = time.monotonic() + WAIT_SECONDS  # never reached unless it is broken
    while True:
        try:
            return fetch(url)
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"{what} did not start: " + process.stdout.read1().decode())
            time.sleep(0.2)


# A reader asks on the public host, whatever address it dials.
READER = {"Connection": "close", "Host": PUBLIC_HOST}


def fetch(url, **headers):
    """Ask nginx for ``url`` as a reader does; returns its headers and text."""
    headers = {**READER, **headers}
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read().decode()


@pytest.fixture
def stack(tmp_path):
    if NGINX is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing in CI: .ci/run should have installed it")
        pytest.skip("nginx is not installed here (apt-get install nginx-light)")
    app_port, proxy_port = free_port(), free_port()
    env = {
        **os.environ,
        "NEWSDESK_VAR_DIR": str(tmp_path / "var"),
        # As the README's "Running at scale" sets them.
        "SECRET_KEY": "a-test-key-that-is-long-enough-for-check-deploy-0123456789",
        "ALLOWED_HOSTS": PUBLIC_HOST,
        "PUBLIC_URL": f"https://{PUBLIC_HOST}",
        "PROXY_PURGE_URL": f"http://127.0.0.1:{proxy_port}",
        "TRUSTED_PROXIES": "1",
        "MEDIA_ACCEL_REDIRECT": "/_media/",
        "API_ANON_RATE_PER_MINUTE": "3",  # one server worker: one count per address
    }
    for name in ["DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"]:
        env.pop(name, None)
    prepare_site(env)
    server, output, _ = start_serve(env, port=app_port)

    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = (
        site.replace("/var/cache/nginx/newsdesk", str(tmp_path / "cache"))
        .replace("127.0.0.1:8000", f"127.0.0.1:{app_port}")
        .replace("listen 8080", f"listen 127.0.0.1:{proxy_port}")
        .replace("/srv/newsdesk/var/", f"{tmp_path / 'var'}/")
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        "user root; worker_processes 1; daemon off; error_log stderr;"
        f" pid {tmp_path / 'nginx.pid'};"
        " events { worker_connections 256; }"
        f" http {{ access_log off; client_body_temp_path {tmp_path}/body;"
        f" proxy_temp_path {tmp_path}/proxy; include {tmp_path / 'site.conf'}; }}"
    )
    check = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr
    proxy = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{proxy_port}"
    wait_for(base + "/static/reader/site.css", proxy, "nginx")
    yield base, env
    proxy.terminate()
    proxy.wait(timeout=WAIT_SECONDS)
    stop(server, output)


@pytest.mark.parametrize("page", ["/en/", "/en/section/harbour/"])
def test_nginx_caches_pages_and_refreshes_what_readers_see_when_newsdesk_purges(stack, page):
    base, env = stack
    first, _ = fetch(base + page)
    second, body = fetch(base + page)
    assert first["X-Proxy-Cache"] == "MISS" and second["X-Proxy-Cache"] == "HIT"
    assert "Tides are high" in body and "Lighthouse relit" not in body
    assert "X-Accel-Expires" not in second and "max-age=0" in second["Cache-Control"]
    assert "Surrogate-Key" not in first and "Surrogate-Key" not in second  # ids of drafts

    # The publishing process ends only once its refreshes have been sent (hooks.Refresher).
    publish_elsewhere("light", env)
    headers, body = fetch(base + page)
    assert "Lighthouse relit" in body, headers["X-Proxy-Cache"]
    assert headers["X-Proxy-Cache"] == "HIT"  # the refreshed copy, from nginx's cache


@pytest.mark.parametrize("accept", ["gzip, deflate, br, zstd", "identity"])
def test_a_purge_refreshes_what_every_browser_gets_whatever_encodings_it_accepts(stack, accept):
    """The refresh cannot ask as each reader does: readers spell Accept-Encoding in many
    ways. nginx keeps a page once gzipped and once plain, whatever the spelling, and a
    purge refreshes both: every reader then gets the new page from nginx's cache."""
    base, env = stack
    page = "/en/"
    first, _ = fetch_raw(base + page, **{"Accept-Encoding": accept})
    assert first["X-Proxy-Cache"] == "MISS"
    spelling = "gzip" if "gzip" in accept else "br"  # another browser, the same copy
    second, body = fetch_raw(base + page, **{"Accept-Encoding": spelling})
    assert second["X-Proxy-Cache"] == "HIT" and "Lighthouse relit" not in body

    publish_elsewhere("light", env)
    for asks in (accept, spelling):
        headers, body = fetch_raw(base + page, **{"Accept-Encoding": asks})
        assert headers["X-Proxy-Cache"] == "HIT", asks
        assert headers.get("Content-Encoding") == ("gzip" if "gzip" in asks else None)
        assert "Lighthouse relit" in body
        assert "Accept-Encoding" in headers["Vary"]  # for caches between nginx and readers


def fetch_raw(url, **headers):
    """As ``fetch``, the body ungzipped here when nginx sent it gzipped."""
    request = urllib.request.Request(url, headers={**READER, **headers})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return response.headers, body.decode()


def test_newsdesk_behind_nginx_answers_its_public_host_only(stack):
    base, _ = stack
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(base + "/en/", Host="127.0.0.1")
    assert refused.value.code == 400


def test_nginx_lets_only_loopback_refresh_a_page(stack):
    base, _ = stack
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "geo $newsdesk_trusted" in config and "127.0.0.1 1;" in config
    fetch(base + "/en/")
    headers, _ = fetch(base + "/en/", **{"X-Refresh": "1"})
    assert headers["X-Proxy-Cache"] == "BYPASS"  # loopback may refresh


def test_a_client_rotating_its_own_forwarded_address_through_nginx_is_still_limited(stack):
    base, _ = stack
    limited = 0
    for spoofed in range(10):
        try:  # another search each time: none is cached, each reaches the limit
            fetch(
                f"{base}/api/v1/search?q=limit{spoofed}",
                **{"X-Forwarded-For": f"198.51.100.{spoofed}"},
            )
        except urllib.error.HTTPError as error:
            assert error.code == 429
            limited += 1
    assert limited >= 10 - 2 * 3  # a minute may turn between two requests


def test_nginx_never_caches_or_serves_cache_to_a_session(stack):
    base, _ = stack
    fetch(base + "/en/")
    headers, _ = fetch(base + "/en/", Cookie="sessionid=abc")
    assert headers["X-Proxy-Cache"] == "BYPASS"


def test_nginx_serves_hashed_static_files_far_future(stack):
    base, _ = stack
    _, page = fetch(base + "/en/")
    css = page.split('rel="stylesheet" href="')[1].split('"')[0]
    headers, _ = fetch(base + css)
    assert "immutable" in headers["Cache-Control"]


IMAGE = (
    "from django.core.files.base import ContentFile\n"
    "from newsdesk.content.models import Image, Section\n"
    "from newsdesk.content.renditions import generate, rendition_url, SPECS\n"
    "from tests.factories import make_article, png_bytes\n"
    "image = Image(alt_text='A quay', caption='The quay')\n"
    "image.file.save('quay.png', ContentFile(png_bytes((800, 600)), name='quay.png'))\n"
    "story = dict(lead_image=image, section=Section.objects.first(), authors=[], slug='quay')\n"
)


def test_nginx_has_newsdesk_draw_a_rendition_once_then_serves_it_from_disk(stack):
    base, env = stack
    original, path = run_python(
        IMAGE + "make_article(**story)\n"
        "print(image.file.url, rendition_url(image, 'w320').split('://', 1)[1].split('/', 1)[1])",
        env,
    ).split()
    request = urllib.request.Request(f"{base}/{path}", headers=READER)
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Type"] == "image/jpeg"
        assert "immutable" in response.headers["Cache-Control"]
        assert "X-Accel-Redirect" not in response.headers
        assert response.read(3) == b"\xff\xd8\xff"  # the file itself, sent by nginx
    on_disk = Path(env["NEWSDESK_VAR_DIR"]) / path  # MEDIA_ROOT is var/media/
    assert on_disk.is_file(), on_disk
    request = urllib.request.Request(base + original, headers=READER)
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Type"] == "image/png"
        assert response.headers["Cache-Control"] == "public, max-age=86400"
        assert response.read(4) == b"\x89PNG"


def test_nginx_sends_webp_and_avif_renditions_with_their_type_cached_for_good(stack):
    base, env = stack
    paths = run_python(
        IMAGE + "from newsdesk.content.renditions import AVIF, WEBP, srcset\n"
        "make_article(**story)\n"
        "print(srcset(image, WEBP)[0][0], srcset(image, AVIF)[0][0])",
        env,
    ).split()
    for path, content_type in zip(paths, ["image/webp", "image/avif"], strict=True):
        request = urllib.request.Request(base + path, headers=READER)
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Content-Type"] == content_type
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert "X-Accel-Redirect" not in response.headers
            body = response.read()
        assert Picture.open(io.BytesIO(body)).format == content_type.split("/")[1].upper()


def test_nginx_never_serves_a_drafts_image_even_when_its_files_are_on_disk(stack):
    base, env = stack
    urls = run_python(
        IMAGE + "make_article(**story, status='draft')\n"
        "generate(image.pk, image.file.name, SPECS['w320'])  # drawn for a staff preview\n"
        "print(image.file.url, rendition_url(image, 'w320').split('://', 1)[1].split('/', 1)[1])",
        env,
    ).split()
    for url in [urls[0], "/" + urls[1], "/_media/" + urls[0].removeprefix("/media/")]:
        with pytest.raises(urllib.error.HTTPError) as refused:
            fetch(base + url)
        assert refused.value.code == 404, url
