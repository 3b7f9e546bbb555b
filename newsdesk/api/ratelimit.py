"""A limit on the requests an anonymous client may make to the API each minute.

Counted per client address (``client_address``: behind ``TRUSTED_PROXIES`` proxies of ours,
the address the outermost one saw) in Django's
cache, one counter per address and clock minute: ``cache.add`` then ``cache.incr``, atomic
with Redis and within a process with the local-memory cache (each worker then counts on
its own, so the limit is per worker). Signed-in staff are not limited.

Answers from the page store are given before Django runs and are not counted: they cost
no more than a static file, and every client gets the same cached answer.
"""

import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import BaseThrottle

from newsdesk.trending.visitors import client_address


def seconds_to_next_minute(now: float | None = None) -> int:
    return 60 - int(now if now is not None else time.time()) % 60


class AnonymousPerMinute(BaseThrottle):
    """At most settings.API_ANON_RATE_PER_MINUTE requests per address per clock minute."""

    def allow_request(self, request) -> bool:
        if self.is_staff(request):
            return True
        minute = int(time.time() // 60)
        key = f"api-rate:{client_address(request.META)}:{minute}"
        cache.add(key, 0, timeout=60)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=60)
            count = 1
        return count <= settings.API_ANON_RATE_PER_MINUTE

    @staticmethod
    def is_staff(request) -> bool:
        # Without a session cookie no one is signed in: the session is then left unread,
        # so answers to anonymous clients do not vary by cookie.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated and user.is_staff

    def wait(self) -> float:
        # Stateless (the throttle is shared by threads): the counter starts again then.
        return seconds_to_next_minute()
