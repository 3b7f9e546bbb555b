"""Purge hooks: how a reverse proxy or CDN hears about a purge."""

import http.server
import threading

import pytest
from django.utils import translation

from newsdesk.caching import hooks
from newsdesk.content.models import Article
from tests.factories import make_article, make_column, make_person, make_tag

pytestmark = pytest.mark.django_db(transaction=True)

CALLS = []


def recording_hook(keys):
    CALLS.append(keys)


def broken_hook(keys):
    raise ConnectionError("the proxy is down")


@pytest.fixture
def recorded(settings):
    CALLS.clear()
    settings.PURGE_HOOKS = [
        "tests.test_purge_hooks.broken_hook",
        "tests.test_purge_hooks.recording_hook",
    ]
    return CALLS


def test_hooks_hear_the_keys_of_a_publish_even_when_one_fails(recorded):
    article = make_article(status="draft")
    recorded.clear()
    article.status = Article.Status.PUBLISHED
    article.save()  # the broken hook does not stop the publish
    assert Article.objects.published().filter(pk=article.pk).exists()
    keys = set().union(*recorded)
    assert {f"article-{article.pk}", "home-en", f"section-{article.section_id}-list"} <= keys


def test_hooks_hear_nothing_until_the_transaction_commits(recorded):
    from django.db import transaction

    article = make_article(status="draft")
    recorded.clear()
    with transaction.atomic():
        article.status = Article.Status.PUBLISHED
        article.save()
        assert recorded == []
    assert recorded


def test_paths_for_keys_name_the_pages_of_each_edition():
    column, tag, person = make_column(), make_tag(), make_person()
    article = make_article(column=column, tags=[tag], authors=[person])
    paths = hooks.paths_for_keys(
        {f"article-{article.pk}", "home-en", f"column-{column.pk}-list", f"tag-{tag.pk}",
         f"person-{person.pk}-list", f"section-{article.section_id}-list"}
    )  # fmt: skip
    with translation.override("zh-hans"):
        chinese_tag_page = tag.get_absolute_url()
    assert article.get_absolute_url() in paths
    assert "/en/" in paths and column.get_absolute_url() in paths
    assert chinese_tag_page in paths and person.get_absolute_url() in paths
    assert article.section.get_absolute_url() in paths
    assert hooks.paths_for_keys({"nav"}) == {"/en/", "/zh-hans/"}


def test_paths_for_keys_never_name_an_unpublished_article():
    draft = make_article(status="draft")
    assert hooks.paths_for_keys({f"article-{draft.pk}"}) == set()


class Recorder(http.server.BaseHTTPRequestHandler):
    seen: list = []
    hosts: list = []
    encodings: list = []
    answering = threading.Event()  # cleared: the proxy holds every request

    def do_GET(self):
        Recorder.answering.wait(timeout=60)  # never reached unless the test is broken
        Recorder.seen.append((self.command, self.path, self.headers.get("X-Refresh")))
        Recorder.hosts.append(self.headers.get("Host"))
        Recorder.encodings.append((self.path, self.headers.get("Accept-Encoding")))
        self.send_response(200)
        self.end_headers()

    def do_PURGE(self):
        Recorder.seen.append((self.command, self.path, self.headers.get("Surrogate-Key")))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Recorder.seen, Recorder.hosts, Recorder.encodings = [], [], []
    Recorder.answering.set()
    settings.PROXY_PURGE_URL = f"http://127.0.0.1:{server.server_port}"
    yield Recorder.seen
    Recorder.answering.set()
    server.shutdown()


def test_refresh_proxy_asks_the_proxy_to_fetch_each_page_anew_on_the_public_host(proxy, settings):
    settings.PUBLIC_URL = "https://news.example.org"
    article = make_article()
    hooks.refresh_proxy({f"article-{article.pk}", "home-en"}).result()
    pages = ["/en/", article.get_absolute_url()]
    assert sorted(proxy) == sorted([("GET", page, "1") for page in pages] * 2)
    assert Recorder.hosts == ["news.example.org"] * 4
    # The proxy keeps a gzipped and a plain copy of each (deploy/nginx.conf): both anew.
    assert sorted(Recorder.encodings) == sorted(
        (page, encoding) for page in pages for encoding in ("gzip", "identity")
    )


def test_a_publish_does_not_wait_for_the_proxy(proxy, settings):
    settings.PURGE_HOOKS = ["newsdesk.caching.hooks.refresh_proxy"]
    article = make_article(status="draft")
    hooks.refresher().submit(["/settled/"]).result()  # creating it refreshed its section
    proxy.clear()
    Recorder.answering.clear()  # the proxy hangs
    article.status = Article.Status.PUBLISHED
    article.save()  # returns although the proxy has not answered
    assert proxy == []
    Recorder.answering.set()
    hooks.refresher().submit(["/done/"]).result()  # after the publish's refresh, in order
    assert ("GET", "/en/", "1") in proxy and proxy[-1] == ("GET", "/done/", "1")


def test_refreshes_past_the_queue_are_dropped_and_logged(proxy, caplog):
    Recorder.answering.clear()
    refresher = hooks.Refresher(size=1)
    waiting = refresher.submit(["/en/"])
    assert refresher.submit(["/zh-hans/"]) is None
    assert "proxy refresh queue full: not refreshing /zh-hans/" in caplog.text
    Recorder.answering.set()
    waiting.result()
    assert refresher.submit(["/zh-hans/"]).result() is None  # room again
    assert proxy == [("GET", "/en/", "1")] * 2 + [("GET", "/zh-hans/", "1")] * 2  # 2 copies


def test_a_refresh_the_proxy_refuses_is_logged(proxy, settings, caplog):
    settings.PUBLIC_URL = "http://127.0.0.1:8000"
    settings.PROXY_PURGE_URL = "http://127.0.0.1:9"  # nothing listens on discard
    hooks.refresher().submit(["/en/"]).result()
    assert "could not refresh 127.0.0.1:8000/en/ on the proxy" in caplog.text


def test_purge_by_key_sends_the_keys_to_the_proxy(proxy):
    hooks.purge_by_key({"article-1", "home-en"})
    assert proxy == [("PURGE", "/", "article-1 home-en")]
