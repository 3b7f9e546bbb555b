"""WSGI entry point for production servers."""

import ctypes
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

# glibc's mallopt(): allocations from this size up get a mapping of their own.
M_MMAP_THRESHOLD = -3
OWN_MAPPING_BYTES = 16 * 1024


def map_large_allocations(threshold: int = OWN_MAPPING_BYTES) -> bool:
    """Give every allocation of ``threshold`` bytes or more a memory mapping of its own.

    Stored pages (tens of KB each, two copies with the gzipped one) live in the page store
    until evicted, among the short-lived strings of every render. From malloc's heap, an
    evicted page leaves a hole malloc cannot hand back, and a worker's RSS kept climbing
    past the store's budget as pages were replaced (BENCHMARKS.md, third pass of #18). In
    a mapping of its own, it goes back to the system when it is dropped. Hits allocate
    nothing that large. False where the C library has no such setting (not glibc).
    """
    try:
        return ctypes.CDLL(None).mallopt(M_MMAP_THRESHOLD, threshold) == 1
    except (OSError, AttributeError):
        return False


map_large_allocations()

from newsdesk.caching.front import CachedPages  # noqa: E402 — needs the settings module
from newsdesk.security import SecureFront  # noqa: E402
from newsdesk.trending.front import ReadBeacons  # noqa: E402

# Read beacons and page-cache hits are answered in front of Django; everything else
# goes through it. In front of all: the HTTPS redirect, body limits, security headers.
application = SecureFront(ReadBeacons(CachedPages(get_wsgi_application())))
