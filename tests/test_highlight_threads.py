"""Highlighting and indexing run in every server thread at once: a stemmer must not be
shared."""

import threading
from concurrent.futures import ThreadPoolExecutor

from newsdesk import languages

WORDS = [f"{root}{ending}" for root in ("ferr", "harbour", "relit", "tide", "quay")
         for ending in ("ies", "y", "ing", "ed", "s", "ations", "fulness")] * 40  # fmt: skip


def stems_without_cache(words):
    return [languages.stem("en", word) for word in words]


def test_each_thread_stems_with_its_own_stemmer():
    seen = []
    barrier = threading.Barrier(4)

    def grab():
        barrier.wait()  # all four alive at once, so none can reuse another's thread
        seen.append(languages.stemmer("english"))

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: grab(), range(4)))
    assert len({id(stemmer) for stemmer in seen}) == 4


def test_stems_are_the_same_when_threads_stem_at_once():
    expected = stems_without_cache(WORDS)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: stems_without_cache(WORDS), range(8)))
    assert all(result == expected for result in results)
