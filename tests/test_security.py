"""Security headers on every response, HTTPS behind a proxy, a key in production."""

import base64
import hashlib
import re
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.caching.store import reset_store
from tests.factories import make_article
from tests.wsgi_client import fetch

pytestmark = pytest.mark.django_db(transaction=True)

PRODUCTION_KEY = "a-key-for-tests-only-0123456789abcdefghijklmnopqrstuvwxyz"
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<text>.*?)</script>", re.S)


@pytest.fixture
def story():
    return make_article(
        headline="Ferries run late", published_at=timezone.now() - timedelta(hours=1)
    )


@pytest.fixture
def https(settings):
    """What HTTPS=true sets (test_https_true_configures_the_proxy_header_redirect_…)."""
    settings.HTTPS = True
    settings.PUBLIC_URL = "https://news.example.org"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.ALLOWED_HOSTS = ["testserver", "news.example.org"]
    return settings


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def assert_secured(headers: dict):
    policy = directives(headers["content-security-policy"])
    for name in ("default-src", "script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[name] and "'unsafe-eval'" not in policy[name]
        assert policy[name][0] == "'self'"
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in headers["permissions-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"


def test_pages_carry_the_security_headers_when_rendered_and_when_answered_from_the_store(story):
    for path in ("/en/", story.get_absolute_url()):
        miss, hit = fetch(path), fetch(path)
        assert (miss.cache, hit.cache) == ("miss", "hit")
        assert_secured(miss.headers)
        assert_secured(hit.headers)


def test_a_hit_carries_the_headers_of_the_settings_in_force(story, settings):
    """The headers are made once per process, and made again when a setting changes."""
    fetch("/en/")
    assert fetch("/en/").headers["referrer-policy"] == "same-origin"
    settings.SECURE_REFERRER_POLICY = "no-referrer"
    hit = fetch("/en/")
    assert hit.cache == "hit" and hit.headers["referrer-policy"] == "no-referrer"


def test_a_304_from_the_store_and_a_read_beacon_carry_them_too(story):
    first = fetch("/en/")
    again = fetch("/en/", if_none_match=first.headers["etag"])
    assert again.status == 304
    assert_secured(again.headers)
    beacon = fetch(f"/read/{story.pk}.gif")
    assert beacon.headers["content-type"] == "image/gif"
    assert_secured(beacon.headers)


def test_hits_from_the_redis_store_carry_the_security_headers(story, settings, redis_url):
    settings.REDIS_URL = redis_url
    reset_store()
    fetch("/en/")
    hit = fetch("/en/")
    assert hit.cache == "hit"
    assert_secured(hit.headers)


def test_django_responses_carry_them_without_the_wsgi_front(client, admin_client):
    for response in (client.get("/en/"), admin_client.get("/admin/")):
        assert_secured({k.lower(): v for k, v in response.headers.items()})


def inline_scripts(html: str) -> list[str]:
    """The text of every <script> a browser would run that has no src."""
    return [
        m["text"]
        for m in INLINE_SCRIPT.finditer(html)
        if "src=" not in m["attrs"] and "application/ld+json" not in m["attrs"]
    ]


def test_the_policy_allows_each_inline_script_by_its_hash_and_nothing_else_inline(story):
    pages = ["/en/", story.get_absolute_url(), "/en/search/?q=ferries", "/en/app/"]
    for path in pages:
        answer = fetch(path)
        assert answer.status == 200, path
        allowed = directives(answer.headers["content-security-policy"])["script-src"]
        html = answer.text
        scripts = inline_scripts(html)
        assert scripts or path != "/en/", "the app banner's script is on the front page"
        for text in scripts:
            digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in allowed, (path, text)
        assert not re.search(r"<[^>]+\sstyle=", html), path
        assert not re.search(r"<[^>]+\son[a-z]+=", html), path


# HTTPS ----------------------------------------------------------------------------------


def settings_in_subprocess(tmp_path, code, **environ):
    return subprocess.run(
        [sys.executable, "-c", f"import newsdesk.settings as s; {code}"],
        env={"PATH": "/usr/bin:/bin", "NEWSDESK_VAR_DIR": str(tmp_path), **environ},
        capture_output=True,
        text=True,
    )


def test_https_true_configures_the_proxy_header_redirect_hsts_and_secure_cookies(tmp_path):
    code = (
        "print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE)"
    )
    result = settings_in_subprocess(
        tmp_path, code, HTTPS="true", PUBLIC_URL="https://news.example.org",
        SECRET_KEY=PRODUCTION_KEY,
    )  # fmt: skip
    assert result.stdout.split() == [
        "('HTTP_X_FORWARDED_PROTO',", "'https')", "True", "31536000", "True", "True", "True",
        "True",
    ]  # fmt: skip
    plain = settings_in_subprocess(tmp_path, "print(hasattr(s, 'SESSION_COOKIE_SECURE'), s.HTTPS)")
    assert plain.stdout.split() == ["False", "False"]


def test_https_with_an_http_public_url_is_refused(tmp_path):
    result = settings_in_subprocess(tmp_path, "", HTTPS="true", SECRET_KEY=PRODUCTION_KEY)
    assert result.returncode != 0
    assert "PUBLIC_URL must start with https://" in result.stderr


def test_plain_http_is_redirected_to_https_cached_pages_included(story, https):
    fetch("/en/", x_forwarded_proto="https")
    assert fetch("/en/", x_forwarded_proto="https").cache == "hit"
    for path in ("/en/", "/en/?page=2", story.get_absolute_url()):
        answer = fetch(path, x_forwarded_proto="http")
        assert answer.status == 301
        assert answer.headers["location"] == f"https://testserver{path}"
    assert fetch("/en/", x_forwarded_proto="http", host="evil.example").status == 400


def test_the_front_follows_the_https_settings_changed_after_it_has_answered(story, settings):
    """SecureFront reads the proxy header and the redirect once, and again on a change."""
    assert fetch("/en/", x_forwarded_proto="http").status == 200
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["testserver"]
    assert fetch("/en/", x_forwarded_proto="http").status == 301
    assert fetch("/en/", x_forwarded_proto="https").status == 200
    settings.SECURE_SSL_REDIRECT = False
    assert fetch("/en/", x_forwarded_proto="http").status == 200


def test_hsts_on_every_answer_over_https_rendered_or_stored(story, https):
    hsts = "max-age=31536000; includeSubDomains; preload"
    miss = fetch("/en/", x_forwarded_proto="https")
    hit = fetch("/en/", x_forwarded_proto="https")
    assert hit.cache == "hit"
    for answer in (miss, hit):
        assert answer.headers["strict-transport-security"] == hsts
        assert "upgrade-insecure-requests" in answer.headers["content-security-policy"]
    assert "strict-transport-security" not in fetch("/en/").headers  # HTTPS off: none


def test_a_client_cannot_claim_https_without_the_setting(story):
    assert "strict-transport-security" not in fetch("/en/", x_forwarded_proto="https").headers


def test_every_absolute_link_is_https_behind_the_proxy(story, https, client):
    proxied = {"headers": {"X-Forwarded-Proto": "https", "Host": "news.example.org"}}
    article = client.get(story.get_absolute_url(), **proxied).content.decode()
    canonical = f'<link rel="canonical" href="https://news.example.org{story.get_absolute_url()}">'
    assert canonical in article
    assert (
        f'property="og:url" content="https://news.example.org{story.get_absolute_url()}"' in article
    )
    assert "http://" not in re.sub(r'xmlns[^ ]*="http://[^"]*"|"http://schema.org"', "", article)
    feed = client.get("/en/feed/rss/", **proxied).content.decode()
    assert f"<link>https://news.example.org{story.get_absolute_url()}</link>" in feed
    assert "<link>http://" not in feed
    sitemap = client.get("/sitemap.xml", **proxied).content.decode()
    assert "<loc>https://news.example.org/" in sitemap and "<loc>http://" not in sitemap
    make_article(headline="Second", published_at=timezone.now() - timedelta(hours=2))
    listing = client.get("/api/v1/articles?limit=1", **proxied).json()
    assert listing["next"].startswith("https://news.example.org/api/v1/articles?")
    app = client.get("/en/app/", **proxied).content.decode()
    assert 'href="https://news.example.org/en/"' in app


def test_session_and_csrf_cookies_are_secure_with_https(https, client, site_admin):
    proxied = {"headers": {"X-Forwarded-Proto": "https"}}
    login = client.get("/admin/login/", **proxied)
    assert login.cookies["csrftoken"]["secure"] is True
    client.post(
        "/admin/login/",
        {
            "username": "ada",
            "password": "pw",
            "csrfmiddlewaretoken": login.cookies["csrftoken"].value,
        },
        **proxied,
    )
    assert client.cookies["sessionid"]["secure"] is True


# A key in production ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "environ",
    [{"ALLOWED_HOSTS": "news.example.org"}, {"HOST": "0.0.0.0"},
     {"HTTPS": "true", "PUBLIC_URL": "https://news.example.org"}],
)  # fmt: skip
def test_production_without_a_secret_key_refuses_to_start_with_one_line(tmp_path, environ):
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", "check"],
        env={"PATH": "/usr/bin:/bin", "NEWSDESK_VAR_DIR": str(tmp_path), **environ},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("newsdesk: SECRET_KEY must be set in production")
    assert not (tmp_path / "secret_key").exists()


def test_serve_on_every_interface_without_a_key_refuses_to_start(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", "serve", "--host", "0.0.0.0"],
        env={"PATH": "/usr/bin:/bin", "NEWSDESK_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert result.stderr.startswith("newsdesk: SECRET_KEY must be set in production")


def test_the_loopback_demo_still_generates_its_key(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", "check"],
        env={"PATH": "/usr/bin:/bin", "NEWSDESK_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").exists()


def test_check_deploy_is_clean_in_a_production_environment(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env={"PATH": "/usr/bin:/bin", "NEWSDESK_VAR_DIR": str(tmp_path), "HTTPS": "true",
             "PUBLIC_URL": "https://news.example.org", "ALLOWED_HOSTS": "news.example.org",
             "SECRET_KEY": PRODUCTION_KEY},
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
