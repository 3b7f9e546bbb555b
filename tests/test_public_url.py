"""PUBLIC_URL, when not set, is where `newsdesk serve` listens: HOST and PORT (a wildcard
host is reached at 127.0.0.1), so a demo on PORT=8102 links itself on 8102 everywhere."""

import os
import re
import subprocess
import sys
import urllib.request

import pytest

from tests.serving import NEWSDESK, WAIT_SECONDS, serving

pytestmark = pytest.mark.embedded

PRODUCTION_KEY = "k" * 50


def public_url(tmp_path, **environ) -> str:
    result = subprocess.run(
        [sys.executable, "-c", "import newsdesk.settings as s; print(s.PUBLIC_URL)"],
        env={"PATH": "/usr/bin:/bin", "NEWSDESK_VAR_DIR": str(tmp_path), **environ},
        capture_output=True,
        text=True,
        timeout=WAIT_SECONDS,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8102"}, "http://127.0.0.1:8102"),
        ({"HOST": "0.0.0.0", "PORT": "8102"}, "http://127.0.0.1:8102"),
        ({"HOST": "::", "PORT": "8102"}, "http://127.0.0.1:8102"),
        ({"HOST": "::1"}, "http://[::1]:8000"),
        ({"HOST": "192.168.1.20", "PORT": "8102"}, "http://192.168.1.20:8102"),
        ({"PORT": "8102", "PUBLIC_URL": "https://news.example.org/"}, "https://news.example.org"),
    ],
)
def test_public_url_follows_host_and_port_unless_set(tmp_path, environ, expected):
    assert public_url(tmp_path, SECRET_KEY=PRODUCTION_KEY, **environ) == expected


def test_a_port_that_is_no_number_is_refused(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import newsdesk.settings"],
        env={"PATH": "/usr/bin:/bin", "NEWSDESK_VAR_DIR": str(tmp_path), "PORT": "eighty"},
        capture_output=True,
        text=True,
        timeout=WAIT_SECONDS,
    )
    assert result.returncode != 0 and "PORT must be an integer" in result.stderr


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=WAIT_SECONDS) as response:
        return response.read().decode()


def test_served_on_a_port_every_absolute_address_names_that_port(tmp_path):
    """`newsdesk serve --port P` (as PORT=P does): canonical, og:url, hreflang, the app
    page's QR code, JSON-LD and the feeds all point at P."""
    env = {**os.environ, "NEWSDESK_VAR_DIR": str(tmp_path)}
    for name in ["DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "PUBLIC_URL", "HOST"]:
        env.pop(name, None)
    env["PORT"] = "1"  # the command line's --port wins over the variable
    subprocess.run([*NEWSDESK, "migrate", "-v0"], env=env, check=True, timeout=WAIT_SECONDS)
    with serving(env, worker=False) as base:
        port = base.rsplit(":", 1)[1]
        assert port != "1"
        home = fetch(f"{base}/en/")
        addresses = re.findall(r'(?:href|content)="(http://[^"]+)"', home)
        addresses += re.findall(r'"(?:url|@id|urlTemplate)":"(http://[^"]+)"', home)
        assert f'<link rel="canonical" href="{base}/en/">' in home
        assert f'<link rel="alternate" hreflang="zh-hans" href="{base}/zh-hans/">' in home
        assert f'<meta property="og:url" content="{base}/en/">' in home
        assert addresses and all(address.startswith(f"{base}/") for address in addresses)
        app = fetch(f"{base}/zh-hans/app/")
        assert f'<a class="qr-url" href="{base}/zh-hans/">' in app
        feed = fetch(f"{base}/en/feed/rss/")
        assert f"<link>{base}/en/</link>" in feed
