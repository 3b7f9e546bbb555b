"""A page rendered and stored (a miss) is answered with the store's gzip, the bytes a hit
is answered with, instead of being compressed a second time on its way out."""

import gzip
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_article
from tests.wsgi_client import fetch


@pytest.mark.django_db(transaction=True)
def test_a_miss_is_answered_with_the_bytes_of_the_hit_after_it():
    for n in range(30):  # a feed long enough to be worth compressing
        make_article(
            headline=f"Ferry timetable {n}", published_at=timezone.now() - timedelta(hours=n)
        )
    miss = fetch("/en/feed/rss/", accept_encoding="gzip")
    hit = fetch("/en/feed/rss/", accept_encoding="gzip")
    assert (miss.cache, hit.cache) == ("miss", "hit")
    assert miss.headers["content-encoding"] == hit.headers["content-encoding"] == "gzip"
    assert miss.body == hit.body
    assert int(miss.headers["content-length"]) == len(miss.body)
    plain = fetch("/en/feed/rss/")
    assert "content-encoding" not in plain.headers
    assert gzip.decompress(miss.body) == plain.body
