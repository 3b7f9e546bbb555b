"""Property-based tests of the API's parameters (hypothesis): whatever a client sends in
a query string or a path, every /api/v1 operation answers with JSON and never a 5xx.

Unlike test_api_schemathesis.py, which generates what the schema allows, these send what
it does not: any text or number for each parameter, and cursors that decode to any JSON,
dates at either end of the calendar in any UTC offset among them. Derandomized and
bounded: the same examples on every run, in a few seconds.
"""

import base64
import json
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsdesk.api.pagination import encode
from tests.factories import make_article, make_person, make_section, make_tag

pytestmark = pytest.mark.django_db

API = "/api/v1"
PROPERTIES = settings(
    derandomize=True,
    database=None,
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Query parameters of each operation, as the OpenAPI schema lists them.
OPERATIONS = {
    "articles": ["language", "section", "column", "tag", "author", "translator", "limit",
                 "cursor"],
    "hot": ["language", "section", "limit"],
    "sections": ["language"],
    "columns": ["language"],
    "tags": ["language", "limit", "cursor"],
    "people": ["language", "limit", "cursor"],
    "search": ["q", "language", "section", "author", "from", "to", "limit", "offset"],
}  # fmt: skip

# Any text a URL can carry (lone surrogates cannot be encoded), NUL and newlines included.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=2**63 - 3, max_value=2**64),
    st.integers(min_value=-(2**64), max_value=-(2**63) + 3),
).map(str)
DATES = st.dates().map(str)
VALUES = st.one_of(TEXT, NUMBERS, DATES, st.sampled_from(["en", "zh-hans", "", " ", "\x00"]))

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3),
    max_leaves=6,
)
# Whole minutes, as real UTC offsets are, up to what Python allows; the far ones often.
OFFSETS = st.one_of(
    st.sampled_from([-14 * 60, 14 * 60, -(24 * 60 - 1), 24 * 60 - 1]),
    st.integers(-(24 * 60 - 1), 24 * 60 - 1),
).map(lambda minutes: timedelta(minutes=minutes))
# The first and last hours of the calendar, where an offset moves a date out of it.
EDGE_DATES = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(1, 1, 1, 1)),
    st.datetimes(min_value=datetime(9999, 12, 31, 23), max_value=datetime.max),
    st.datetimes(),
)
ARTICLE_POSITIONS = st.tuples(
    st.builds(lambda when, offset: when.replace(tzinfo=timezone(offset)), EDGE_DATES, OFFSETS).map(
        datetime.isoformat
    ),
    st.one_of(st.integers(1, 2**63 - 1), NUMBERS.map(int)),
).map(list)
CURSORS = st.one_of(
    ARTICLE_POSITIONS.map(encode),
    JSON.map(lambda value: encode(value if isinstance(value, list) else [value])),
    st.binary(max_size=60).map(lambda data: base64.urlsafe_b64encode(data).decode().rstrip("=")),
    TEXT,
)


@pytest.fixture
def newsroom(db):
    """A little of everything the operations list, so that filters have rows to filter."""
    section = make_section(name="Harbour", slug="harbour")
    author = make_person(name="Rosa Vance", slug="rosa-vance")
    tag = make_tag(name="ports")
    for n in range(3):
        make_article(
            headline=f"Harbour story {n}",
            section=section,
            authors=[author],
            tags=[tag],
            published_at=datetime(2025, 1, 1 + n, tzinfo=UTC),
        )


def assert_answered(response) -> None:
    """JSON, and not a server error; an error is the API's error object."""
    assert response.status_code < 500, response.content[:500]
    assert response["Content-Type"] == "application/json; charset=utf-8"
    if response.status_code >= 400:
        body = json.loads(response.content)
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_any_query_parameters_are_answered_without_a_server_error(client, newsroom, operation):
    names = OPERATIONS[operation]
    values = {name: VALUES | CURSORS if name == "cursor" else VALUES for name in names}

    @PROPERTIES
    @given(st.fixed_dictionaries({}, optional=values))
    def check(query):
        assert_answered(client.get(f"{API}/{operation}", query))

    check()


@pytest.mark.parametrize("operation", ["articles", "tags", "people"])
def test_any_cursor_is_a_page_or_a_400(client, newsroom, operation):
    @PROPERTIES
    @given(CURSORS)
    def check(cursor):
        response = client.get(f"{API}/{operation}", {"cursor": cursor})
        assert_answered(response)
        if response.status_code == 400:
            assert response.json()["error"]["code"] == "invalid_cursor"

    check()


@PROPERTIES
@given(position=ARTICLE_POSITIONS)
@example(position=["0001-01-01T00:00:00+14:00", 5])  # E1 of issue 13, as found
@example(position=["9999-12-31T23:59:59-14:00", 5])
def test_an_article_cursor_at_any_date_and_offset_is_a_page_or_a_400(client, position):
    response = client.get(f"{API}/articles", {"cursor": encode(position)})
    assert_answered(response)
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("template", ["articles/{}", "people/{}"])
def test_any_path_parameter_is_answered_without_a_server_error(client, newsroom, template):
    @PROPERTIES
    @given(st.one_of(NUMBERS, TEXT.filter(bool)))
    def check(value):
        assert_answered(client.get(f"{API}/{template.format(quote(value, safe=''))}"))

    check()
