"""Keyset pages of the reader's lists: a page starts next to an article named in its
address (``?before=<published_at>_<id>`` for older ones, ``?after=`` for newer ones),
never at an offset.

An index seeks to the position, so page 500 costs what page 2 does, and publishing
while a reader walks a list never shifts the pages they have yet to see. The addresses a
page links to name articles, so the set of pages stored is bounded by the archive. Old
``?page=N`` links are redirected to their keyset address, found by a query bounded by
``OLD_PAGE_LIMIT``; past it they are not found.
"""

import functools
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect

from newsdesk.caching.headers import given
from newsdesk.content.ids import BIGGEST_ID
from newsdesk.content.models import Article

# The deepest ?page=N an old link may name: finding its position reads this many pages.
OLD_PAGE_LIMIT = 50

# ``str(Position)``: the time in UTC to the microsecond, then the id.
POSITION = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6})Z_([0-9]{1,19})"
)


@dataclass(frozen=True)
class Position:
    """Where an article stands in a list read newest first: its (published_at, id)."""

    published_at: datetime
    pk: int

    @classmethod
    def of(cls, article) -> "Position":
        return cls(article.published_at, article.pk)

    @classmethod
    def parse(cls, text: str) -> "Position | None":
        """The position ``str()`` wrote; None for anything else."""
        match = POSITION.fullmatch(text)
        if match is None or not 0 < int(match[2]) <= BIGGEST_ID:
            return None
        try:
            when = datetime.fromisoformat(match[1]).replace(tzinfo=UTC)
        except ValueError:  # a day or hour that does not exist
            return None
        return cls(when, int(match[2]))

    def __str__(self) -> str:
        return f"{self.published_at.astimezone(UTC):%Y-%m-%dT%H:%M:%S.%f}Z_{self.pk}"

    def names_an_article(self) -> bool:
        """Is this the position of an article: one a page links to, not a made-up one?"""
        return Article.objects.filter(pk=self.pk, published_at=self.published_at).exists()


class Moved(Exception):
    """The page asked for lives at another address (see ``redirects_moved_pages``)."""

    def __init__(self, response):
        self.response = response


def redirects_moved_pages(view):
    """Answer a list view's ``Moved`` with its redirect."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Moved as moved:
            return moved.response

    return wrapper


@dataclass
class ListPage:
    """One page of a list: its articles, and the positions its links start from."""

    articles: list
    older: Position | None = None  # the last article shown, when older ones follow
    newer: Position | None = None  # the first article shown, when newer ones precede
    # What the address says (("before", "...")), None on the first page.
    at: tuple[str, Position] | None = None
    # The query the page was rendered for, for ``cache_publicly(query=...)``.
    query: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.articles)

    def __len__(self):
        return len(self.articles)

    @property
    def is_first(self) -> bool:
        return self.at is None

    @property
    def older_query(self) -> str:
        return f"?before={self.older}" if self.older else ""

    @property
    def newer_query(self) -> str:
        return f"?after={self.newer}" if self.newer else ""

    def address(self, url: str) -> str:
        """The page's canonical address, from its list's (``url``)."""
        return url if self.at is None else f"{url}?{self.at[0]}={self.at[1]}"


def first_page_share(placed: int) -> int:
    """How many of the unplaced articles the first page shows after ``placed`` ones."""
    return max(1, settings.ARTICLES_PER_PAGE - placed)


def position_in(request, name: str) -> Position | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    position = Position.parse(raw)
    if position is None:
        raise Http404("This is not the address of a page of this list.")
    return position


def first_page(rest, placed=()) -> ListPage:
    """A list's first page: ``placed`` articles, then the newest of ``rest``."""
    share = first_page_share(len(placed))
    rows = list(rest[: share + 1])
    page = ListPage([*placed, *rows[:share]])
    if len(rows) > share:
        page.older = Position.of(rows[share - 1])
    return page


def list_page(request, rest, placed=()) -> ListPage:
    """The page of a list the request asks for.

    ``rest``: the list's articles newest first (a QuerySet ordered ``latest_first``),
    without ``placed``: the articles editors placed first, shown on the first page only.
    Raises ``Moved`` for an old ``?page=N`` address or for a newer page that is the first.
    """
    per_page = settings.ARTICLES_PER_PAGE
    placed = list(placed)
    before, after = position_in(request, "before"), position_in(request, "after")
    if before and after:
        raise Http404("A page starts before an article or after one, not both.")
    if before is None and after is None:
        if "page" in request.GET:
            raise Moved(HttpResponsePermanentRedirect(old_page_address(request, rest, placed)))
        page = first_page(rest, placed)
    elif before is not None:
        rows = list(rest.older_than(before.published_at, before.pk)[: per_page + 1])
        page = ListPage(rows[:per_page], at=("before", before))
        page.newer = Position.of(rows[0]) if rows else before
        if len(rows) > per_page:
            page.older = Position.of(rows[per_page - 1])
    else:
        rows = list(rest.newer_than(after.published_at, after.pk).reverse()[: per_page + 1])
        if len(rows) <= per_page:
            # Nothing newer than these: they begin the first page, placed articles and all.
            raise Moved(HttpResponseRedirect(request.path))
        shown = rows[:per_page][::-1]
        page = ListPage(shown, at=("after", after))
        page.newer, page.older = Position.of(shown[0]), Position.of(shown[-1])
    # Stored only at the addresses pages link to: a made-up position is answered, not kept.
    named = page.at is not None and page.at[1].names_an_article()
    spelled = str(page.at[1]) if named else None
    page.query = given(
        request,
        before=spelled if before else None,
        after=spelled if after else None,
        page=None,
    )
    return page


def old_page_address(request, rest, placed) -> str:
    """The keyset address of what ``?page=N`` showed when pages were counted: the first
    page for a number that is not one, the last page for one past the end, 404 past
    ``OLD_PAGE_LIMIT`` (finding it would read too much of the list)."""
    raw = request.GET["page"]
    number = int(raw) if raw.isascii() and raw.isdigit() else 1
    if number <= 1:
        return request.path
    if number > OLD_PAGE_LIMIT:
        raise Http404(f"Pages past {OLD_PAGE_LIMIT} are not numbered: follow “Older”.")
    per_page, share = settings.ARTICLES_PER_PAGE, first_page_share(len(placed))
    positions = rest.values_list("published_at", "pk")
    # The unplaced articles shown before page ``number``: a bounded offset.
    shown_before = share + (number - 2) * per_page
    rows = list(positions[shown_before - 1 : shown_before + 1])
    if len(rows) < 2:  # past the end: the last page
        count = positions[:shown_before].count()
        if count <= share:
            return request.path
        shown_before = share + (count - share - 1) // per_page * per_page
        rows = list(positions[shown_before - 1 : shown_before])
    return f"{request.path}?before={Position(*rows[0])}"
