"""The page store in Redis (``RedisStore``), shared by every worker on every machine, and
the first level in front of it in each process (``FirstLevel``): see caching/store.py for
what a store does, and README, "Caching", for the staleness a first level trades.
"""

import json
import logging
import math
import os
import threading
import time
from collections import OrderedDict

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from newsdesk.caching.store import EVERYWHERE, Entry

log = logging.getLogger(__name__)


class FirstLevel:
    """Pages read from Redis, kept in this process until Redis says they were purged.

    A thread of this process subscribes to the store's purge channel; each message names
    the purged surrogate keys and the pages carrying them are forgotten ("all" or "nav":
    every page). While the subscription is not known to be working (before it is made,
    after a dropped connection, a Redis restart, or silence past ``SILENT_SECONDS``) the
    first level is empty and answers nothing: a purge missed then is never served stale.

    ``epoch`` moves with every purge heard and every change of the subscription; a page is
    kept only if the epoch is still the one taken before it was read from (or stored in)
    Redis, so a page read just before a purge cannot be kept just after it.
    """

    HEARTBEAT_SECONDS = 1.0  # a PING on the subscription this often
    SILENT_SECONDS = 3.0  # nothing heard for this long: the connection is taken as lost
    RECONNECT_SECONDS = 0.5

    def __init__(self, url: str, channel: str, max_bytes: int):
        self.url = url
        self.channel = channel
        self.max_bytes = max_bytes
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.bytes = 0
        self.epoch = 0
        self.live = False  # subscribed: entries may be answered and kept
        self.changed = threading.Condition()  # notified on every epoch change
        # Its name in Redis's CLIENT LIST.
        self.name = f"newsdesk-l1-{os.getpid()}-{threading.get_native_id()}-{id(self):x}"
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()
        self._again = threading.Event()  # set: subscribe again without waiting
        self._lost = False  # logged once per lost subscription

    def subscribe(self) -> None:
        """Start the subscriber thread of this process, unless it runs (or is off)."""
        if self.max_bytes <= 0 or self._stopped.is_set():
            return
        with self.changed:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._listen, name=f"page-store-l1 {self.channel}", daemon=True
                )
                self._thread.start()

    def close(self) -> None:
        """Stop listening (within ``HEARTBEAT_SECONDS``) and forget everything."""
        self._stopped.set()
        self._again.set()
        self._go_dark()

    def reconnect_now(self) -> None:
        """Cut short the wait before subscribing again after a lost subscription."""
        self._again.set()

    def _listen(self) -> None:
        while not self._stopped.is_set():
            try:
                self._follow()
            except Exception as error:  # the thread must live on
                if not self._lost and not self._stopped.is_set():
                    log.warning("page store: purge channel %s lost: %r", self.channel, error)
                self._lost = True
            finally:
                self._go_dark()
            self._again.wait(self.RECONNECT_SECONDS)
            self._again.clear()

    def _follow(self) -> None:
        # No retries: redis-py would reconnect and subscribe again without a word, and
        # purges published meanwhile would be missed. A lost connection ends this call.
        client = redis.Redis.from_url(
            self.url,
            retry=Retry(NoBackoff(), 0),
            socket_connect_timeout=self.SILENT_SECONDS,
            socket_keepalive=True,
            client_name=self.name,
        )
        pubsub = client.pubsub()
        try:
            pubsub.subscribe(self.channel)
            heard = pinged = time.monotonic()
            while not self._stopped.is_set():
                message = pubsub.get_message(timeout=self.HEARTBEAT_SECONDS)
                now = time.monotonic()
                if message is not None:
                    heard = now
                    if message["type"] == "subscribe":
                        self._go_live()
                    elif message["type"] == "message":
                        self.forget(purged_keys(message["data"]))
                elif now - heard > self.SILENT_SECONDS:
                    raise redis.ConnectionError(f"nothing heard for {now - heard:.1f} s")
                if now - pinged >= self.HEARTBEAT_SECONDS:
                    pubsub.ping()
                    pinged = now
        finally:
            pubsub.close()
            client.close()

    def _go_live(self) -> None:
        if self._lost:
            log.warning("page store: purge channel %s subscribed again", self.channel)
            self._lost = False
        with self.changed:
            self._empty()
            self.live = not self._stopped.is_set()
            self.changed.notify_all()

    def _go_dark(self) -> None:
        with self.changed:
            self.live = False
            self._empty()
            self.changed.notify_all()

    def _empty(self) -> None:
        self.epoch += 1
        self.entries = OrderedDict()
        self.bytes = 0

    def get(self, key: str) -> Entry | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        if entry.expires < time.time():
            with self.changed:
                if self.entries.get(key) is entry:
                    self.bytes -= self.entries.pop(key).size
            return None
        try:
            self.entries.move_to_end(key)
        except KeyError:  # forgotten by another thread meanwhile
            pass
        return entry

    def keep(self, key: str, entry: Entry, epoch: int) -> None:
        """Keep a page read or rendered at ``epoch``, unless anything changed since."""
        with self.changed:
            if not self.live or epoch != self.epoch or entry.size > self.max_bytes:
                return
            if key in self.entries:
                self.bytes -= self.entries.pop(key).size
            self.entries[key] = entry
            self.bytes += entry.size
            while self.bytes > self.max_bytes:
                _, dropped = self.entries.popitem(last=False)
                self.bytes -= dropped.size

    def drop_entries(self) -> None:
        """Drop every page as eviction would: nothing was purged, the epoch stays."""
        with self.changed:
            self.entries = OrderedDict()
            self.bytes = 0

    def forget(self, keys: set[str] | None) -> None:
        """Forget the pages carrying any of ``keys`` (None, "all" or "nav": every page)."""
        with self.changed:
            if keys is None or keys & EVERYWHERE:
                self._empty()
            else:
                self.epoch += 1
                doomed = [k for k, e in self.entries.items() if e.keys & keys]
                for key in doomed:
                    self.bytes -= self.entries.pop(key).size
            self.changed.notify_all()

    def wait(self, predicate, timeout: float) -> bool:
        """Wait until ``predicate()`` holds, checked at each change (tests)."""
        with self.changed:
            return self.changed.wait_for(predicate, timeout)


def purged_keys(data: bytes) -> set[str] | None:
    """The keys of a purge message; None (forget everything) for anything unexpected."""
    try:
        keys = json.loads(data)
    except ValueError:
        return None
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        return None
    return set(keys)


# Stores a page (KEYS[2]) unless a purge came since its rendering started (the counter,
# KEYS[1], moved past ARGV[1]), and adds it to the set of each of its surrogate keys
# (KEYS[3]...). One round trip, atomic as a transaction: a WATCH, a GET and a MULTI of two
# commands per key cost a cold render of the home (85 keys) 1.9 ms in the client.
PUT = """
if tonumber(redis.call('GET', KEYS[1]) or '0') ~= tonumber(ARGV[1]) then
    return 0
end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
for i = 3, #KEYS do
    redis.call('SADD', KEYS[i], ARGV[5])
    redis.call('EXPIRE', KEYS[i], ARGV[4])
end
return 1
"""


class RedisStore:
    """Pages kept in Redis, shared by every worker on every machine, and the pages read
    most recently kept in each process in front of it (``FirstLevel``).

    Each page is stored under its address with a generation number; purging "all" or
    "nav" bumps the generation, so every older page is a miss. Each other surrogate key is
    a Redis set of the pages that carry it (expiring with them); a purge deletes those
    pages. Every purge bumps a counter that refuses pages rendered before it, and is
    published on the purge channel, whose subscribers forget the purged pages they keep.
    """

    def __init__(
        self, url: str, lifetime: int, prefix: str = "newsdesk:page:", local_bytes: int = 0
    ):
        self.redis = redis.Redis.from_url(url, socket_keepalive=True)
        self.lifetime = lifetime
        self.prefix = prefix
        self.counter = prefix + "purges"
        self.generation = prefix + "generation"
        # Pub/sub channels are shared by every database of a server: the channel names it.
        database = self.redis.connection_pool.connection_kwargs.get("db", 0)
        self.channel = f"{prefix}purged:{database}"
        self.local = FirstLevel(url, self.channel, local_bytes)
        self._put = self.redis.register_script(PUT)

    def sync(self) -> None:
        """Nothing to do: purges reach the first level by the subscription."""

    def get(self, key: str) -> Entry | None:
        local = self.local
        if local.live:
            entry = local.get(key)
            if entry is not None:
                return entry
        else:
            local.subscribe()
        epoch = local.epoch
        generation, data = self.redis.mget(self.generation, self.prefix + key)
        loaded = Entry.load(data) if data else None
        if loaded is None or loaded[1] != int(generation or 0):
            return None
        local.keep(key, loaded[0], epoch)
        return loaded[0]

    def start(self) -> tuple[int, int]:
        """A token taken before rendering: the purge counter and the generation."""
        purges, generation = self.redis.mget(self.counter, self.generation)
        return int(purges or 0), int(generation or 0)

    def put(self, key: str, entry: Entry, token: tuple[int, int]) -> bool:
        purges, generation = token
        # Redis refuses a page rendered before a purge; the first level, also a page a
        # purge made just after it was stored deletes from Redis and is heard of first.
        epoch = self.local.epoch
        # A page may be kept less than the store's lifetime (cache_publicly's until).
        lifetime = min(self.lifetime, max(1, math.ceil(entry.expires - time.time())))
        sets = [self.prefix + "key:" + surrogate for surrogate in entry.keys - EVERYWHERE]
        stored = self._put(
            keys=[self.counter, self.prefix + key, *sets],
            args=[purges, entry.dump(generation), lifetime, self.lifetime, key],
        )
        if not stored:
            return False
        self.local.keep(key, entry, epoch)
        return True

    def purge(self, keys) -> None:
        keys = set(keys)
        message = json.dumps(sorted(keys), separators=(",", ":"))
        if keys & EVERYWHERE:
            with self.redis.pipeline() as pipe:
                pipe.incr(self.generation)
                pipe.incr(self.counter)
                pipe.publish(self.channel, message)
                pipe.execute()
        else:
            sets = [self.prefix + "key:" + k for k in keys]
            self.redis.incr(self.counter)
            pages = self.redis.sunion(sets) if sets else set()
            # One transaction: subscribers hear of the purge once the pages are gone.
            with self.redis.pipeline() as pipe:
                for page in pages:
                    pipe.delete(self.prefix + page.decode())
                for name in sets:
                    pipe.delete(name)
                pipe.publish(self.channel, message)
                pipe.execute()
        self.local.forget(keys)  # this process at once, not when its message comes back

    def clear(self) -> None:
        """Drop every page, as a purge of "all" does. The purge counter and generation
        stay and move on: a token taken before must never be given again."""
        self.drop_pages()
        self.purge({"all"})

    def drop_pages(self) -> None:
        """Drop every page as eviction would, without a purge: what is kept until a purge
        (caching/memo.py) stays (benchmarks and tests of cold renders)."""
        tokens = {self.counter.encode(), self.generation.encode()}
        for name in self.redis.scan_iter(self.prefix + "*"):
            if name not in tokens:
                self.redis.delete(name)
        self.local.drop_entries()

    def close(self) -> None:
        self.local.close()

    def after_fork(self) -> None:
        """In a forked child: the parent's subscription is not this process's."""
        self.local = FirstLevel(self.local.url, self.channel, self.local.max_bytes)
