"""Telling a reader from a robot, and one reader from another, without keeping either.

A reader is a salted hash of (day, address, user agent, article), computed per read and
used only as a key that expires after the counting window; the salt changes every day
and lives only in memory (or, with Redis, in Redis for two days). Nothing here reaches
the database. The same reader reloading within the window is one read.
"""

import hashlib
import ipaddress
import re
import secrets
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

import crawleruseragents
from django.conf import settings

# Robots that say so in their own words, beyond the maintained list.
EXTRA_ROBOT_WORDS = re.compile(r"bot|crawl|spider|slurp|preview|headless|python-|curl/|wget/", re.I)
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$")


@lru_cache(maxsize=4096)
def is_robot(user_agent: str) -> bool:
    """Crawlers (the crawler-user-agents list), headless browsers, scripts, no user agent."""
    if not user_agent or len(user_agent) < 10:
        return True
    return bool(EXTRA_ROBOT_WORDS.search(user_agent)) or crawleruseragents.is_crawler(user_agent)


def is_prefetch(headers) -> bool:
    """A browser fetching ahead of a click has not been read."""
    purpose = headers.get("HTTP_SEC_PURPOSE", "") or headers.get("HTTP_PURPOSE", "")
    return "prefetch" in purpose or "prerender" in purpose


def client_address(environ) -> str:
    """The client's address: with ``settings.TRUSTED_PROXIES`` = N proxies in front, the
    N-th X-Forwarded-For entry from the right, the one our outermost proxy appended;
    else (N = 0, fewer entries than N, or not an IP address there) the connection's.

    Only the right-most entries are written by proxies we run; anything to their left
    came from the client, which can put any address there. Several X-Forwarded-For
    headers arrive joined by commas (WSGI), in the order they were sent.
    """
    remote = environ.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXIES
    if trusted <= 0:
        return remote
    # Fewer entries than proxies means the request did not come through all of them
    # (sent to the server directly, or a proxy misconfigured): its entries are the
    # client's own words, so the connection's address is the only one to believe.
    forwarded = environ.get("HTTP_X_FORWARDED_FOR", "")
    entries = forwarded.split(",") if forwarded else []
    if len(entries) < trusted:
        return remote
    try:
        return str(ipaddress.ip_address(entries[-trusted].strip()))
    except ValueError:
        return remote


class Salt:
    """A random secret per day, never written to disk."""

    def __init__(self):
        self.day: date | None = None
        self.value = b""

    def for_day(self, day: date) -> bytes:
        if day != self.day:
            self.day, self.value = day, secrets.token_bytes(32)
        return self.value


def visitor_key(salt: bytes, day: date, address: str, user_agent: str, article_id: int) -> str:
    data = f"{day.isoformat()}|{address}|{user_agent}|{article_id}".encode()
    return hashlib.blake2b(data, key=salt[:64], digest_size=16).hexdigest()


def referrer_domain(value: str, own_host: str) -> str:
    """The domain a reader came from ("news.example.org"), never the rest of the address;
    empty for none, for this site itself and for anything that is not a domain."""
    value = (value or "").strip().lower()
    if "://" in value:
        value = urlsplit(value).hostname or ""
    value = value.split("/")[0].split(":")[0].removeprefix("www.")
    own = own_host.lower().split(":")[0].removeprefix("www.")
    if not value or value == own or not DOMAIN.match(value):
        return ""
    return value
