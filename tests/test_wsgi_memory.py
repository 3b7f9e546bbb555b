"""The production entry point keeps a worker's memory near its page store's budget."""

import platform

import pytest

from newsdesk.wsgi import M_MMAP_THRESHOLD, OWN_MAPPING_BYTES, map_large_allocations


@pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only"
)
def test_stored_pages_get_mappings_of_their_own_so_evicted_ones_go_back_to_the_system():
    assert map_large_allocations()
    assert M_MMAP_THRESHOLD == -3  # glibc's malloc.h
    assert OWN_MAPPING_BYTES <= 16 * 1024  # an article page's body is about 23 KB


def test_without_the_setting_the_entry_point_still_starts(monkeypatch):
    import ctypes

    class NoMallopt:
        def __init__(self, name):
            pass

    monkeypatch.setattr(ctypes, "CDLL", NoMallopt)
    assert map_large_allocations() is False
