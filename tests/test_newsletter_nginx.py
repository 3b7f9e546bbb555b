"""The newsletter's sign-up form through the reference nginx (deploy/), as the README
deploys it: never cached (each reader gets a CSRF token of their own), and limited per
client address as nginx forwards it, whatever a client writes in X-Forwarded-For."""

import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.test_deploy_nginx import READER, fetch, stack  # noqa: F401  (the nginx fixture)

pytestmark = pytest.mark.embedded


def post(url, data, cookie, **headers):
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(data).encode(),
        headers={**READER, "Cookie": cookie, **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_nginx_never_caches_the_sign_up_form_and_the_limit_counts_the_real_address(
    stack,  # noqa: F811
    tmp_path,
):
    base, _env = stack
    forms = [fetch(base + "/en/newsletter/") for _ in range(2)]
    cookies = [headers["Set-Cookie"].split(";")[0] for headers, _body in forms]
    assert cookies[0].startswith("csrftoken=") and cookies[0] != cookies[1]
    for headers, _body in forms:
        assert headers["X-Proxy-Cache"] != "HIT"
        assert {"private", "no-store"} <= {v.strip() for v in headers["Cache-Control"].split(",")}
    cached = [path.read_bytes() for path in Path(tmp_path / "cache").rglob("*") if path.is_file()]
    assert not any(b"csrfmiddlewaretoken" in entry for entry in cached)

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', forms[0][1]).group(1)
    for n in range(10):
        # Each claims another address; nginx appends the one it saw, which is what counts.
        status, body = post(
            base + "/en/newsletter/",
            {"csrfmiddlewaretoken": token, "email": f"reader{n}@example.test"},
            cookies[0],
            **{"X-Forwarded-For": f"203.0.113.{n}"},
        )
        assert status == 200 and "Check your email" in body
    status, body = post(
        base + "/en/newsletter/",
        {"csrfmiddlewaretoken": token, "email": "one-more@example.test"},
        cookies[0],
        **{"X-Forwarded-For": "203.0.113.99"},
    )
    assert status == 429 and "Too many sign-ups" in body
