"""Feeds of each edition (RSS 2.0, Atom, JSON Feed 1.1), included in every edition's URLs.

``/en/feed/rss/`` is the English edition's RSS feed; ``/en/section/<slug>/feed/atom/``,
``/en/column/<slug>/feed/json/`` and ``/en/people/<slug>/feed/rss/`` are the feeds of the
pages at the same address without ``feed/…/``. Names: ``feeds:<kind>-<format>``, e.g.
``feeds:section-atom``.
"""

from django.urls import path

from newsdesk.reader.feeds import FEEDS

# Each kind of listing, and the address of its page within the edition.
PAGES = {
    "edition": "",
    "section": "section/<slug:slug>/",
    "column": "column/<slug:slug>/",
    "person": "people/<slug:slug>/",
}

app_name = "feeds"
urlpatterns = [
    path(f"{page}feed/{name}/", feed, {"kind": kind}, name=f"{kind}-{name}")
    for kind, page in PAGES.items()
    for name, feed in FEEDS.items()
]
