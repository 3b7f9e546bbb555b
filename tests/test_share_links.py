"""Share links on an article: the device's share sheet, plain links elsewhere, nothing loaded."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db

HEADLINE = "Ferries & fares: what's next? 50% off"


@pytest.fixture
def page(client):
    article = make_article(headline=HEADLINE, slug="ferries-and-fares")
    return article, client.get(article.get_absolute_url()).content.decode()


def share_links(page: str) -> dict[str, str]:
    box = re.search(r'<nav class="share".*?</nav>', page, re.S).group(0)
    return {
        name: html.unescape(href)
        for href, name in re.findall(r'<li><a href="([^"]+)"[^>]*>([^<]+)</a></li>', box)
    }


def test_each_network_gets_the_articles_address_and_headline_encoded(page, settings):
    article, text = page
    url = f"{settings.PUBLIC_URL}{article.get_absolute_url()}"
    links = share_links(text)
    assert set(links) == {"Email", "X", "Facebook", "LinkedIn", "WhatsApp", "Weibo"}

    def query(name):
        return parse_qs(urlsplit(links[name]).query)

    assert urlsplit(links["Email"]).scheme == "mailto"
    assert query("Email") == {"subject": [HEADLINE], "body": [url]}
    assert query("X") == {"url": [url], "text": [HEADLINE]}
    assert query("Facebook") == {"u": [url]}
    assert query("LinkedIn") == {"url": [url]}
    assert query("WhatsApp") == {"text": [f"{HEADLINE} {url}"]}
    assert query("Weibo") == {"url": [url], "title": [HEADLINE]}
    # Encoded, not merely escaped: a "&" in the headline cannot start a parameter.
    assert "Ferries%20%26%20fares" in links["X"]


def test_the_share_button_starts_hidden_and_no_other_site_runs_a_script(page):
    _, text = page
    assert '<button type="button" class="share-button" data-share-button hidden>' in text
    scripts = re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', text)
    assert "/static/reader/share.js" in " ".join(scripts)
    assert all(src.startswith("/") and not src.startswith("//") for src in scripts), scripts
    assert not re.search(r'<(?:img|iframe|script)\b[^>]*"https?://', text)
