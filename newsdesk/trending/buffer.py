"""Reads are counted in a buffer and written to the database in batches.

A read costs no database write on the request path: it adds one to a counter in memory
(or in Redis, with REDIS_URL, shared by every process). A thread in each server process
flushes the counters every READS_FLUSH_SECONDS into the database, in one transaction,
adding to what is there; it flushes once more when the process stops (granian's workers
and plain interpreters alike). A crash loses at most the reads of one flush interval.
"""

import atexit
import logging
import multiprocessing.util
import secrets
import threading
import time
from collections import Counter
from datetime import UTC, date, datetime

from django.conf import settings
from django.db import close_old_connections, connection, transaction

from newsdesk.content.ids import is_article_id
from newsdesk.trending.visitors import Salt, visitor_key

log = logging.getLogger(__name__)

# A flush that fails keeps its counts for the next one, this many times in a row (five
# minutes at the default interval, time for a database to restart), then drops them:
# whatever stops every write must not grow the buffer, and fail, for ever.
FLUSH_TRIES = 60


def hour_of(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


class MemoryReads:
    """The embedded default: counters and recent readers in this process's memory.

    At most MAX_READERS recent readers are remembered (about 15 MB); past that, as under
    a flood, the oldest half is forgotten early and may count a second time.
    """

    MAX_READERS = 100_000

    def __init__(self, window_seconds: int):
        self.window = window_seconds
        self.lock = threading.Lock()
        self.salt = Salt()
        self.seen: dict[str, float] = {}
        self.counts: Counter = Counter()  # (article_id, hour) -> reads
        # (day, article_id, domain) -> reads: the article decides, at flush, whether its
        # referrer is kept (only those of published articles are).
        self.referrers: Counter = Counter()
        self.next_prune = 0.0
        self.failed_flushes = 0

    def add(self, article_id: int, address: str, user_agent: str, domain: str, now: datetime):
        """Count one read unless this reader read this article within the window."""
        day = now.astimezone(UTC).date()
        clock = time.monotonic()
        with self.lock:
            key = visitor_key(self.salt.for_day(day), day, address, user_agent, article_id)
            if self.seen.get(key, 0) > clock:
                return False
            self.seen[key] = clock + self.window
            self.counts[(article_id, hour_of(now))] += 1
            if domain:
                self.referrers[(day, article_id, domain)] += 1
            if clock > self.next_prune or len(self.seen) > self.MAX_READERS:
                self.seen = {k: until for k, until in self.seen.items() if until > clock}
                self.next_prune = clock + 60
                if len(self.seen) > self.MAX_READERS:  # oldest first: dicts keep order
                    self.seen = dict(list(self.seen.items())[len(self.seen) // 2 :])
        return True

    def take(self) -> tuple[Counter, Counter]:
        with self.lock:
            counts, referrers = self.counts, self.referrers
            self.counts, self.referrers = Counter(), Counter()
        return counts, referrers

    def give_back(self, counts: Counter, referrers: Counter) -> None:
        """A flush failed: keep its counts for the next one."""
        with self.lock:
            self.counts.update(counts)
            self.referrers.update(referrers)


class RedisReads:
    """With REDIS_URL: counters and recent readers in Redis, shared by every process."""

    def __init__(self, url: str, prefix: str, window_seconds: int):
        import redis  # only with REDIS_URL: some 10 MB of each process otherwise

        self.redis = redis.Redis.from_url(url)
        self.prefix = prefix
        self.window = window_seconds
        self.failed_flushes = 0  # in this process

    def _salt(self, day: date) -> bytes:
        key = f"{self.prefix}salt:{day.isoformat()}"
        self.redis.set(key, secrets.token_bytes(32), nx=True, ex=2 * 86400)
        return self.redis.get(key)

    def add(self, article_id: int, address: str, user_agent: str, domain: str, now: datetime):
        day = now.astimezone(UTC).date()
        key = visitor_key(self._salt(day), day, address, user_agent, article_id)
        if not self.redis.set(f"{self.prefix}seen:{key}", 1, nx=True, ex=self.window):
            return False
        pipe = self.redis.pipeline()
        pipe.hincrby(f"{self.prefix}counts", f"{article_id}:{hour_of(now).isoformat()}", 1)
        if domain:
            pipe.hincrby(f"{self.prefix}referrers", f"{day.isoformat()}:{article_id}:{domain}", 1)
        pipe.execute()
        return True

    def take(self) -> tuple[Counter, Counter]:
        """Move the counters aside atomically and read them; other processes go on counting."""
        counts, referrers = Counter(), Counter()
        for name, into, parse in [
            ("counts", counts, _count_key),
            ("referrers", referrers, _referrer_key),
        ]:
            taken = f"{self.prefix}{name}:flushing"
            try:
                self.redis.rename(f"{self.prefix}{name}", taken)
            except Exception:  # nothing counted since the last flush
                if not self.redis.exists(taken):
                    continue
            for field, value in self.redis.hgetall(taken).items():
                try:
                    into[parse(field.decode())] += int(value)
                except ValueError:  # not written by this version: one bad field, not all
                    log.warning("dropped a read counter that does not parse: %r", field)
            self.redis.delete(taken)
        return counts, referrers

    def give_back(self, counts: Counter, referrers: Counter) -> None:
        pipe = self.redis.pipeline()
        for (article_id, hour), n in counts.items():
            pipe.hincrby(f"{self.prefix}counts", f"{article_id}:{hour.isoformat()}", n)
        for (day, article_id, domain), n in referrers.items():
            pipe.hincrby(f"{self.prefix}referrers", f"{day.isoformat()}:{article_id}:{domain}", n)
        pipe.execute()


def _count_key(field: str) -> tuple[int, datetime]:
    """``(article_id, hour)`` from a Redis field "42:2026-01-02T03:00:00+00:00"."""
    article_id, hour = field.split(":", 1)
    return int(article_id), datetime.fromisoformat(hour)


def _referrer_key(field: str) -> tuple[date, int, str]:
    """``(day, article_id, domain)`` from a Redis field "2026-01-02:42:news.example.org"."""
    day, article_id, domain = field.split(":", 2)
    return date.fromisoformat(day), int(article_id), domain


_buffer = None
_buffer_lock = threading.Lock()


def get_buffer():
    """This process's buffer; the first call starts its flushing thread."""
    global _buffer
    with _buffer_lock:
        if _buffer is None:
            window = settings.READ_WINDOW_MINUTES * 60
            if settings.REDIS_URL:
                _buffer = RedisReads(settings.REDIS_URL, settings.READS_REDIS_PREFIX, window)
            else:
                _buffer = MemoryReads(window)
            if settings.READS_FLUSH_SECONDS > 0:
                _start_flushing(_buffer, settings.READS_FLUSH_SECONDS)
        return _buffer


def reset_buffer() -> None:
    """Forget this process's buffer (tests)."""
    global _buffer
    with _buffer_lock:
        _buffer = None


def flush(buffer=None) -> int:
    """Write the buffered counts into the database; returns the reads written.

    Only reads of published articles are written, and only their referrers. When writing
    fails the counts go back into the buffer for the next flush, at most FLUSH_TRIES
    times in a row, the failure is logged and raised."""
    # Not at the top: wsgi.py loads this module (through trending.front) before Django's
    # apps are ready, and models cannot be imported then.
    from newsdesk.content.models import Article
    from newsdesk.trending.models import DailyReads, HourlyReads, ReferrerReads

    buffer = buffer or get_buffer()
    counts, referrers = buffer.take()
    if not counts and not referrers:
        return 0
    try:
        # Reads of what readers may no longer see (or never could) are not kept, nor are
        # the domains they came from.
        ids = {article_id for article_id, _ in counts} | {a for _, a, _ in referrers}
        visible = set(
            Article.objects.published()
            .filter(pk__in={article_id for article_id in ids if is_article_id(article_id)})
            .values_list("pk", flat=True)
        )
        hourly, daily, domains = Counter(), Counter(), Counter()
        for (article_id, hour), n in counts.items():
            if article_id in visible:
                hourly[(article_id, hour)] += n
                daily[(article_id, hour.date())] += n
        for (day, article_id, domain), n in referrers.items():
            if article_id in visible:
                domains[(day, domain)] += n
        with transaction.atomic():
            _add(HourlyReads, ["article_id", "hour"], hourly)
            _add(DailyReads, ["article_id", "day"], daily)
            _add(ReferrerReads, ["day", "domain"], domains)
    except Exception as error:
        buffer.failed_flushes += 1
        unwritten = sum(counts.values())
        if buffer.failed_flushes < FLUSH_TRIES:
            buffer.give_back(counts, referrers)
            log.warning("could not write %d reads (%r); kept for the next try, %d of %d",
                        unwritten, error, buffer.failed_flushes + 1, FLUSH_TRIES)  # fmt: skip
        else:
            buffer.failed_flushes = 0
            log.error("could not write %d reads in %d tries (%r); dropped them",
                      unwritten, FLUSH_TRIES, error)  # fmt: skip
        raise
    buffer.failed_flushes = 0
    return sum(hourly.values())


def _add(model, key_columns: list[str], counts: Counter) -> None:
    """Add ``counts`` to the rows of ``model``, creating the missing ones (one statement)."""
    if not counts:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in [*key_columns, "reads"])
    conflict = ", ".join(connection.ops.quote_name(c) for c in key_columns)
    reads = connection.ops.quote_name("reads")
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * (len(key_columns) + 1))}) "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {reads} = {table}.{reads} + excluded.{reads}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*key, n) for key, n in counts.items()])


def _start_flushing(buffer, every: float) -> None:
    stop = threading.Event()

    def loop():
        while not stop.wait(every):
            flush_and_refresh(buffer)

    def last_flush():
        stop.set()
        flush_and_refresh(buffer)

    threading.Thread(target=loop, name="newsdesk-reads", daemon=True).start()
    # Granian's workers end through multiprocessing, which skips atexit: register both.
    atexit.register(last_flush)
    multiprocessing.util.Finalize(None, last_flush, exitpriority=10)


def flush_and_refresh(buffer) -> None:
    # Not at the top: hot.py imports models, which wsgi.py's early import cannot (see flush).
    from newsdesk.trending.hot import refresh_if_due

    close_old_connections()
    try:
        flush(buffer)
        refresh_if_due()
    except Exception:
        log.exception("could not write reads or refresh the hot lists")
    finally:
        close_old_connections()
