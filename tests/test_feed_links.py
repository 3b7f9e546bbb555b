"""A visible link to the feeds: the edition's in every footer, a list's beside its heading."""

import pytest

from tests.factories import make_article, make_column, make_person, make_section, make_tag

pytestmark = pytest.mark.django_db


def feed_link(href: str) -> str:
    return f'<a class="feed-link" href="{href}" type="application/rss+xml">'


def test_every_page_links_the_editions_feed_in_its_footer(client):
    article = make_article()
    for url in ["/en/", article.get_absolute_url(), "/en/search/"]:
        footer = client.get(url).content.decode().split('<footer class="site-footer">')[1]
        assert feed_link("/en/feed/rss/") in footer, url
    footer = client.get("/zh-hans/").content.decode().split('<footer class="site-footer">')[1]
    assert feed_link("/zh-hans/feed/rss/") in footer


def test_section_column_and_author_pages_link_their_feed_beside_the_heading(client):
    section, column, person = make_section(), make_column(), make_person()
    make_article(section=section, column=column, authors=[person])
    for page, feed in [
        (section.get_absolute_url(), f"/en/section/{section.slug}/feed/rss/"),
        (column.get_absolute_url(), f"/en/column/{column.slug}/feed/rss/"),
        (person.get_absolute_url(), f"/en/people/{person.slug}/feed/rss/"),
    ]:
        text = client.get(page).content.decode()
        heading = text.split('<div class="heading-row">')[1].split("</div>")[0]
        assert "<h1>" in heading and feed_link(feed) in heading, page
        assert client.get(feed).status_code == 200


def test_a_tag_page_has_no_feed_of_its_own_to_link(client):
    tag = make_tag()
    make_article(tags=[tag])
    text = client.get(tag.get_absolute_url()).content.decode()
    assert '<div class="heading-row">' in text
    assert "feed-link" not in text.split('<div class="heading-row">')[1].split("</div>")[0]
