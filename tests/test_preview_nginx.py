"""A shared preview through the reference nginx (deploy/), as the README deploys it: never
cached, so a change to the article shows at the next request."""

from pathlib import Path

import pytest

from tests.serving import run_python
from tests.test_deploy_nginx import fetch, stack  # noqa: F401  (the nginx fixture)

pytestmark = pytest.mark.embedded

SHARE = (
    "from newsdesk.content.models import Article\n"
    "from newsdesk.newsroom.models import PreviewLink\n"
    "from tests.factories import make_user\n"
    "link = PreviewLink.create(Article.objects.get(slug='light'), make_user('edith', 'Editor'))\n"
    "print(link.get_absolute_url())"
)
EDIT = (
    "from newsdesk.content.models import Article\n"
    "article = Article.objects.get(slug='light')\n"
    "article.body = '<p>The keeper climbed the stairs at dusk.</p>'\n"
    "article.save()"
)


def test_nginx_never_caches_a_preview_so_an_edit_shows_at_once(stack, tmp_path):  # noqa: F811
    base, env = stack
    address = run_python(SHARE, env)
    first, body = fetch(base + address)
    assert "Lighthouse relit" in body and "The keeper climbed" not in body
    run_python(EDIT, env)
    second, body = fetch(base + address)
    assert "The keeper climbed the stairs at dusk." in body
    for headers in (first, second):
        assert headers["X-Proxy-Cache"] != "HIT"
        assert {"private", "no-store"} <= {v.strip() for v in headers["Cache-Control"].split(",")}
        assert headers["X-Robots-Tag"] == "noindex, nofollow"
        assert "X-Accel-Expires" not in headers
    third, _ = fetch(base + address)
    assert third["X-Proxy-Cache"] != "HIT"
    fetch(base + "/en/")  # a reader's page: nginx keeps it, so its cache is where we look
    cached = [path.read_bytes() for path in Path(tmp_path / "cache").rglob("*") if path.is_file()]
    assert any(b"Tides are high" in entry for entry in cached)
    assert not any(b"Lighthouse relit" in entry for entry in cached)
