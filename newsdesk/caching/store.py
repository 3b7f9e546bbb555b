"""Where rendered pages are kept: in each process by default, in Redis when configured.

The in-process store is fastest (a dictionary look-up on a hit) but each server worker has
its own. A purge made anywhere (another worker, the scheduler, a command-line import) is
appended to a purge log file under var/; every worker reads new lines of it before it
answers a request (one ``os.stat`` when nothing changed), so a purge reaches every worker
on its very next request. All workers of one machine share the log; several machines need
REDIS_URL, where the pages themselves are shared and a purge deletes them at once.

A page rendered while a purge was being made could be stale; a store refuses any page
whose rendering started before the most recent purge it knows of.

Purging everything (the "all" key, and "nav", which every reader page carries) is a
generation bump, not a walk over every page: entries of an older generation are misses and
expire by their lifetime. Nothing is pickled: Redis holds a JSON header and the raw body.
"""

import gzip
import hashlib
import json
import logging
import math
import mmap
import os
import struct
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings

from newsdesk.locks import exclusive
from newsdesk.security import AnsweredHeaders

# Keys every page (or every reader page) carries: purging them drops everything, by a
# generation bump rather than by listing each page under them.
EVERYWHERE = frozenset({"all", "nav"})

log = logging.getLogger(__name__)


@dataclass
class Entry:
    """A stored response: everything needed to answer a hit without Django."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes
    keys: frozenset[str]
    etag: str
    last_modified: str
    expires: float
    gzipped: bytes | None = field(default=None)
    # The headers of a hit, plain and gzipped, made on first use (answered_headers).
    _answered: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(cls, status, headers, body, keys, lifetime):
        """An entry from a rendered response, with the same ETag Django gives it.

        It varies by Accept-Encoding, as hits are gzipped for readers who accept it.
        """
        given = {k.lower(): v for k, v in headers}
        digest = hashlib.md5(body, usedforsecurity=False).hexdigest()
        etag = given.get("etag") or f'"{digest}"'
        vary = given.get("vary", "")
        if "accept-encoding" not in vary.lower():
            vary = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"
        dropped = {"etag", "content-length", "vary", "x-cache", "content-encoding"}
        headers = [(k, v) for k, v in headers if k.lower() not in dropped]
        headers += [("ETag", etag), ("Vary", vary)]
        last_modified = given.get("last-modified", "")
        gzipped = gzip.compress(body, compresslevel=6, mtime=0) if len(body) > 1024 else None
        if gzipped is not None and len(gzipped) > len(body) * 0.9:
            gzipped = None  # not worth it
        return cls(
            status, headers, body, frozenset(keys), etag, last_modified,
            time.time() + lifetime, gzipped,
        )  # fmt: skip

    def answered_headers(self, gzipped: bool) -> list[tuple[str, str]]:
        """The headers a hit is answered with (the body gzipped or not): made once."""
        headers = self._answered.get(gzipped)
        if headers is None:
            body = self.gzipped if gzipped else self.body
            headers = [*self.headers, *[("Content-Encoding", "gzip")] * gzipped]
            headers += [("Content-Length", str(len(body))), ("X-Cache", "hit")]
            headers = self._answered[gzipped] = AnsweredHeaders(headers)
        return headers

    def dump(self, generation: int) -> bytes:
        """Bytes for Redis: the length of a JSON header, the header, the body, the gzip copy."""
        header = json.dumps(
            {
                "generation": generation,
                "status": self.status,
                "headers": self.headers,
                "keys": sorted(self.keys),
                "etag": self.etag,
                "last_modified": self.last_modified,
                "expires": self.expires,
                "body": len(self.body),
                "gzipped": None if self.gzipped is None else len(self.gzipped),
            },
            separators=(",", ":"),
        ).encode()
        return struct.pack(">I", len(header)) + header + self.body + (self.gzipped or b"")

    @classmethod
    def load(cls, data: bytes) -> tuple["Entry", int] | None:
        """The entry and its generation from ``dump``'s bytes; None for anything else."""
        try:
            (length,) = struct.unpack_from(">I", data)
            header = json.loads(data[4 : 4 + length])
            start = 4 + length
            body = data[start : start + header["body"]]
            gzipped = None
            if header["gzipped"] is not None:
                gzipped = data[start + len(body) : start + len(body) + header["gzipped"]]
            entry = cls(
                str(header["status"]),
                [(str(k), str(v)) for k, v in header["headers"]],
                body,
                frozenset(header["keys"]),
                str(header["etag"]),
                str(header["last_modified"]),
                float(header["expires"]),
                gzipped,
            )
            return entry, int(header["generation"])
        except (struct.error, ValueError, TypeError, KeyError, AttributeError):
            return None

    @cached_property
    def size(self) -> int:
        """Memory the entry holds, Python's object overhead included."""
        size = sys.getsizeof(self.body) + sys.getsizeof(self.gzipped) + sys.getsizeof(self)
        size += sys.getsizeof(self.keys) + sum(sys.getsizeof(key) for key in self.keys)
        size += sys.getsizeof(self.headers)
        for name, value in self.headers:
            size += 64 + sys.getsizeof(name) + sys.getsizeof(value)  # 64: the tuple
        return size + 512  # the store's own key and bookkeeping


class PurgeLog:
    """An append-only file of purges shared by the processes of one machine.

    Each line is a JSON list of surrogate keys. Appends of a short line are atomic on
    POSIX file systems, so writers need no lock; a reader remembers how far it has read.

    Readers look at the log before every request, so the look must cost nothing when
    nothing changed: a writer, once its line is written, changes an 8-byte mark in a
    small file beside the log that every process maps into memory; a reader compares the
    mark with the one it last saw (no system call) and reads the log only when it
    differs. Once a second it looks at the log anyway, in case the mark's file itself was
    replaced (by hand, or by a version of newsdesk without it).
    """

    MAX_BYTES = 4 * 1024 * 1024
    FULL_LOOK_SECONDS = 1.0

    def __init__(self, path):
        self.path = str(path)
        self.position = (0, 0)  # (inode, offset) read so far
        self._lock = threading.Lock()
        self._mark: mmap.mmap | None = None
        self._seen = b""  # the mark when the log was last read
        self._looked = -math.inf  # time.monotonic() of that

    def append(self, keys) -> None:
        line = (json.dumps(sorted(keys), separators=(",", ":")) + "\n").encode()
        try:
            if os.path.getsize(self.path) > self.MAX_BYTES:
                self._rotate()
        except FileNotFoundError:
            pass
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
        self._change_mark()

    def _rotate(self) -> None:
        # A new file (new inode) tells every reader to start over and drop everything.
        with exclusive("purge-log", wait=False) as acquired:
            if acquired and os.path.getsize(self.path) > self.MAX_BYTES:
                temporary = f"{self.path}.{os.getpid()}.new"
                open(temporary, "wb").close()
                os.replace(temporary, self.path)
                self._change_mark()

    def mark(self) -> mmap.mmap | None:
        """The shared mark, mapped on first use (None where it cannot be)."""
        if self._mark is None:
            try:
                fd = os.open(f"{self.path}.mark", os.O_RDWR | os.O_CREAT, 0o644)
                try:
                    if os.fstat(fd).st_size < 8:
                        os.ftruncate(fd, 8)
                    self._mark = mmap.mmap(fd, 8)
                finally:
                    os.close(fd)
            except OSError:
                return None
        return self._mark

    def _change_mark(self) -> None:
        mark = self.mark()
        if mark is not None:
            mark[:8] = os.urandom(8)

    def skip_to_end(self) -> None:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return
        self.position = (stat.st_ino, stat.st_size)

    def read_new(self) -> list[list[str]] | None:
        """Purges appended since the last call; None means "forget everything"."""
        mark = self.mark()
        seen = mark[:8] if mark is not None else b""
        now = time.monotonic()
        if seen and seen == self._seen and now - self._looked < self.FULL_LOOK_SECONDS:
            return []
        # Remember the mark as it was before reading: a purge made meanwhile changes it.
        self._seen, self._looked = seen, now
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return []
        inode, offset = self.position
        if stat.st_ino == inode and stat.st_size == offset:
            return []
        with self._lock:
            inode, offset = self.position
            restarted = stat.st_ino != inode or stat.st_size < offset
            if restarted:
                offset = 0
            with open(self.path, "rb") as file:
                file.seek(offset)
                data = file.read()
            complete = data[: data.rfind(b"\n") + 1]
            self.position = (stat.st_ino, offset + len(complete))
            if restarted and inode != 0:
                return None
            return [json.loads(line) for line in complete.splitlines() if line]


class LocalStore:
    """Pages kept in this process, least recently used dropped first past a byte budget."""

    def __init__(self, purge_log: PurgeLog, max_bytes: int, lifetime: int):
        self.log = purge_log
        self.max_bytes = max_bytes
        self.lifetime = lifetime
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.bytes = 0
        self.generation = 0  # purges applied so far
        self._lock = threading.Lock()
        self.log.skip_to_end()  # purges older than this process do not concern it

    def sync(self) -> None:
        """Apply purges made by any process since the last call."""
        purges = self.log.read_new()
        if purges is None:
            self.clear()
        elif purges:
            keys = set().union(*purges)
            if keys & EVERYWHERE:
                self.clear()
            else:
                self._evict(keys)

    def get(self, key: str) -> Entry | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        if entry.expires < time.time():
            self._remove(key)
            return None
        try:
            self.entries.move_to_end(key)
        except KeyError:  # removed by another thread meanwhile
            pass
        return entry

    def start(self) -> int:
        """A token taken before rendering; ``put`` refuses pages purged since."""
        self.sync()
        return self.generation

    def put(self, key: str, entry: Entry, token: int) -> bool:
        self.sync()
        with self._lock:
            if token != self.generation:
                return False
            if key in self.entries:
                self.bytes -= self.entries.pop(key).size
            self.entries[key] = entry
            self.bytes += entry.size
            while self.bytes > self.max_bytes and self.entries:
                _, dropped = self.entries.popitem(last=False)
                self.bytes -= dropped.size
        return True

    def purge(self, keys) -> None:
        keys = set(keys)
        self.log.append(keys)
        self.sync()

    def _evict(self, keys: set[str]) -> None:
        with self._lock:
            self.generation += 1
            doomed = [k for k, e in self.entries.items() if e.keys & keys]
            for key in doomed:
                self.bytes -= self.entries.pop(key).size

    def _remove(self, key: str) -> None:
        with self._lock:
            entry = self.entries.pop(key, None)
            if entry is not None:
                self.bytes -= entry.size

    def clear(self) -> None:
        with self._lock:
            self.generation += 1
            self.entries.clear()
            self.bytes = 0

    def drop_pages(self) -> None:
        """Drop every page as eviction would, without a purge: what is kept until a purge
        (caching/memo.py) stays (benchmarks and tests of cold renders)."""
        for key in list(self.entries):
            self._remove(key)

    def close(self) -> None:
        """Nothing to let go of: the store is this process's memory."""

    def after_fork(self) -> None:
        """Nothing to do: a forked child reads the same purge log."""


_store = None
_store_lock = threading.Lock()


def get_store():
    """This process's page store, made on first use from the settings."""
    global _store
    if _store is None:
        with _store_lock:
            if _store is None:
                _store = make_store()
    return _store


def make_store():
    if settings.REDIS_URL:
        # Imported only then: redis and what it imports are some 10 MB of each worker.
        from newsdesk.caching.redis_store import RedisStore

        return RedisStore(
            settings.REDIS_URL,
            settings.PAGE_CACHE_SECONDS,
            settings.PAGE_STORE_REDIS_PREFIX,
            local_bytes=settings.PAGE_CACHE_MAX_BYTES,
        )
    return LocalStore(
        PurgeLog(settings.VAR_DIR / "purge.log"),
        settings.PAGE_CACHE_MAX_BYTES,
        settings.PAGE_CACHE_SECONDS,
    )


def reset_store() -> None:
    """Forget this process's store, learned query shapes and answers kept until a purge
    (tests, after changing settings)."""
    from newsdesk.caching import memo
    from newsdesk.caching.query import shapes

    global _store
    if _store is not None:
        _store.close()
    _store = None
    shapes.clear()
    memo.forget_all()


def _after_fork_in_child() -> None:
    # granian forks its workers: a thread and a subscription made before are not theirs.
    if _store is not None:
        _store.after_fork()


os.register_at_fork(after_in_child=_after_fork_in_child)
