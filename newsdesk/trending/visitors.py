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
    """The reader's address: the proxy's X-Forwarded-For when the request comes from a
    proxy on this machine (deploy/nginx.conf), else the connection's."""
    remote = environ.get("REMOTE_ADDR", "")
    forwarded = environ.get("HTTP_X_FORWARDED_FOR", "")
    try:
        local = ipaddress.ip_address(remote).is_loopback
    except ValueError:
        local = False
    if local and forwarded:
        return forwarded.split(",")[0].strip()
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
