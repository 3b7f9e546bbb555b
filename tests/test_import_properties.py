"""The importers on arbitrary bytes (hypothesis): an article, or a clear reason, never a crash.

"A clear reason" is what `newsdesk import` reports for a bad file: the parsers raise
Unreadable, whose message the summary prints as ``failed: PATH: <reason>``. Any other
exception is a crash: the runner still goes on with the batch, but reports it as
``failed: PATH: KeyError: …``, a parser bug and no reason an editor can act on.

Inputs are random bytes, and the test fixtures (a text dump, HTML pages, a WordPress
export) cut, spliced and overwritten with random bytes, which reach much deeper into each
parser than noise does. The examples are derandomized (tests/conftest.py).
"""

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from newsdesk.imports.record import ImportedArticle, Unreadable
from newsdesk.imports.runner import parse_input

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = {
    ".txt": sorted((FIXTURES / "textdumps").glob("*.txt"))[:4],
    ".html": sorted((FIXTURES / "html").glob("*.html")),
    ".xml": [FIXTURES / "wordpress" / "export.xml"],
}
NOISE = [
    b"", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"<", b">", b"</p>", b"<p>", b"<![CDATA[",
    b"]]>", b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&a;", b"&#0;", b"\n\n", b"\r", b"\x85",
    b"\xe6\xb8\xaf", b"\xc3", b"|", b"By ", b"Translated by ", b"[caption]", b"[/caption]",
    b'<meta charset="x-unknown">', b'<meta charset="utf-16">', b"2024-13-45", b"0000-00-00",
    b'{"@type": "NewsArticle", "headline": ', b"<script type=application/ld+json>",
]  # fmt: skip


@st.composite
def mutated(draw, suffix: str) -> bytes:
    """A sample of ``suffix``'s kind, with a few slices cut, replaced or spliced in."""
    data = draw(st.sampled_from(SAMPLES[suffix])).read_bytes()
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 400)))
        patch = draw(st.one_of(st.sampled_from(NOISE), st.binary(max_size=16)))
        data = data[:start] + patch + data[end:]
    return data


def parse(data: bytes, suffix: str) -> list[ImportedArticle]:
    """``parse_input`` on ``data`` saved with ``suffix``, as the command reads a file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        return parse_input(path)


def assert_article_or_reason(data: bytes, suffix: str) -> None:
    try:
        articles = parse(data, suffix)
    except Unreadable as error:
        assert str(error).strip(), "an Unreadable must say why"
        event("unreadable")
        return
    event("read")
    for article in articles:
        assert isinstance(article, ImportedArticle)
        assert article.title.strip()
        json.dumps(article.as_json())  # what --dry-run --json prints


@pytest.mark.parametrize("suffix", ["", *SAMPLES])
@given(data=st.binary(max_size=2048))
@settings(max_examples=40)
def test_random_bytes_are_an_article_or_a_reason(suffix, data):
    assert_article_or_reason(data, suffix)


@pytest.mark.parametrize("suffix", SAMPLES)
@given(data=st.data())
@settings(max_examples=60)
def test_damaged_files_are_an_article_or_a_reason(suffix, data):
    assert_article_or_reason(data.draw(mutated(suffix)), suffix)
