"""The page stores on their own: purge log across processes, budgets, races, Redis."""

import json
import os
import pickle

import pytest

from newsdesk.caching.redis_store import RedisStore
from newsdesk.caching.store import Entry, LocalStore, PurgeLog


def entry(keys, body=b"<p>page</p>", lifetime=60):
    return Entry.build("200 OK", [("Content-Type", "text/html")], body, keys, lifetime)


def local(tmp_path, max_bytes=10_000_000):
    return LocalStore(PurgeLog(tmp_path / "purge.log"), max_bytes=max_bytes, lifetime=60)


def test_a_purge_in_one_process_reaches_another_at_its_next_request(tmp_path):
    worker, other = local(tmp_path), local(tmp_path)
    worker.put("/a", entry({"article-1"}), worker.start())
    worker.put("/b", entry({"article-2"}), worker.start())
    other.purge({"article-1"})
    worker.sync()  # what the front does before each request
    assert worker.get("/a") is None
    assert worker.get("/b") is not None


def test_with_no_purge_made_a_reader_does_not_look_at_the_log(tmp_path, monkeypatch):
    """The look before each request is a comparison in shared memory, no system call."""
    worker, other = local(tmp_path), local(tmp_path)
    worker.put("/a", entry({"article-1"}), worker.start())
    looks = []
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda *args, **kw: looks.append(args) or real_stat(*args))
    for _ in range(100):
        worker.sync()
    assert looks == []
    other.purge({"article-1"})  # the mark changes: the very next look reads the log
    looks.clear()
    worker.sync()
    assert worker.get("/a") is None and len(looks) == 1


def test_a_replaced_mark_file_still_lets_purges_through_within_a_second(tmp_path):
    worker = local(tmp_path)
    worker.put("/a", entry({"article-1"}), worker.start())
    worker.sync()
    os.unlink(tmp_path / "purge.log.mark")  # removed by hand: another process makes anew
    local(tmp_path).purge({"article-1"})
    worker.sync()  # its own mark did not change: the purge waits for the next full look
    worker.log._looked -= PurgeLog.FULL_LOOK_SECONDS  # a second later
    worker.sync()
    assert worker.get("/a") is None


def test_purges_made_before_a_process_started_do_not_concern_it(tmp_path):
    local(tmp_path).purge({"article-1"})
    late = local(tmp_path)
    late.put("/a", entry({"article-1"}), late.start())
    late.sync()
    assert late.get("/a") is not None


def test_a_page_rendered_before_a_purge_is_not_stored(tmp_path):
    worker, publisher = local(tmp_path), local(tmp_path)
    token = worker.start()  # rendering begins, reading the old state
    publisher.purge({"article-1"})  # the publish commits meanwhile
    assert worker.put("/a", entry({"article-1"}), token) is False
    assert worker.get("/a") is None


def test_an_expired_page_is_not_served(tmp_path):
    store = local(tmp_path)
    store.put("/a", entry({"x"}, lifetime=-1), store.start())
    assert store.get("/a") is None


def test_the_store_keeps_within_its_byte_budget_dropping_least_recently_used(tmp_path):
    body = os.urandom(2000)  # random bytes do not gzip, so sizes are predictable
    store = local(tmp_path, max_bytes=3 * entry({"x"}, body=body).size)
    for name in ["/a", "/b", "/c"]:
        store.put(name, entry({"x"}, body=body), store.start())
    store.get("/a")  # /a is now the most recently used
    store.put("/d", entry({"x"}, body=body), store.start())
    assert store.get("/b") is None
    assert all(store.get(name) for name in ["/a", "/c", "/d"])
    assert store.bytes <= store.max_bytes


def test_a_rotated_purge_log_makes_every_reader_start_afresh(tmp_path):
    local(tmp_path).purge({"before-anyone"})
    reader, writer = local(tmp_path), local(tmp_path)
    reader.put("/a", entry({"article-1"}), reader.start())
    PurgeLog.MAX_BYTES, limit = 0, PurgeLog.MAX_BYTES
    try:
        writer.log._rotate()
    finally:
        PurgeLog.MAX_BYTES = limit
    writer.purge({"unrelated"})
    reader.sync()
    assert reader.get("/a") is None


def test_a_large_purge_log_is_rotated(tmp_path, monkeypatch):
    monkeypatch.setattr(PurgeLog, "MAX_BYTES", 100)
    log = PurgeLog(tmp_path / "purge.log")
    for number in range(20):
        log.append({f"article-{number}"})
    assert os.path.getsize(tmp_path / "purge.log") < 200


def test_entries_keep_the_validators_and_a_gzip_copy_of_large_pages():
    page = entry({"k"}, body=b"<p>news</p>" * 500)
    headers = dict(page.headers)
    assert headers["ETag"] == page.etag and headers["Vary"] == "Accept-Encoding"
    assert page.gzipped is not None and len(page.gzipped) < len(page.body)
    assert entry({"k"}, body=b"tiny").gzipped is None


@pytest.fixture
def redis_store(redis_url):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    store = RedisStore(redis_url, lifetime=60, prefix=f"newsdesk-store-test-{worker}:")
    store.clear()
    yield store
    store.clear()


def test_redis_store_serves_what_it_stored_and_purges_by_key(redis_store):
    redis_store.put("/a", entry({"article-1", "nav"}), redis_store.start())
    redis_store.put("/b", entry({"article-2", "nav"}), redis_store.start())
    assert redis_store.get("/a").body == b"<p>page</p>"
    redis_store.purge({"article-1"})
    assert redis_store.get("/a") is None and redis_store.get("/b") is not None
    redis_store.purge({"nav"})
    assert redis_store.get("/b") is None


def test_redis_store_refuses_a_page_rendered_before_a_purge(redis_store):
    token = redis_store.start()
    redis_store.purge({"article-1"})
    assert redis_store.put("/a", entry({"article-1"}), token) is False
    assert redis_store.get("/a") is None


def test_redis_store_keeps_a_page_and_its_keys_sets_for_their_lifetimes(redis_store):
    assert redis_store.put("/a", entry({"article-1", "section-2", "nav"}), redis_store.start())
    assert redis_store.put("/b", entry({"article-1"}), redis_store.start())
    redis = redis_store.redis
    sets = {k: redis_store.prefix + "key:" + k for k in ("article-1", "section-2", "nav")}
    assert redis.smembers(sets["article-1"]) == {b"/a", b"/b"}
    assert redis.smembers(sets["section-2"]) == {b"/a"}
    assert not redis.exists(sets["nav"])  # purged by the generation, never by a set
    assert 0 < redis.ttl(redis_store.prefix + "/a") <= 60
    assert 0 < redis.ttl(sets["article-1"]) <= 60 and 0 < redis.ttl(sets["section-2"]) <= 60


def test_an_entrys_size_counts_its_keys_and_headers_not_just_its_body():
    few, many = entry({"a"}), entry({f"article-{n}" for n in range(100)})
    assert many.size - few.size > 100 * 50
    assert few.size > len(few.body) + sum(len(k) + len(v) for k, v in few.headers)


class Planted:
    """A pickle that would write a file when unpickled: Redis must never run it."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_redis_holds_json_headers_and_raw_bytes_never_a_pickle(redis_store):
    body = b"<p>news</p>" * 300
    redis_store.put("/a", entry({"article-1"}, body=body), redis_store.start())
    raw = redis_store.redis.get(redis_store.prefix + "/a")
    assert not raw.startswith(b"\x80")  # every pickle protocol since 2 starts so
    length = int.from_bytes(raw[:4], "big")
    header = json.loads(raw[4 : 4 + length])
    assert header["status"] == "200 OK" and ["Content-Type", "text/html"] in header["headers"]
    assert raw[4 + length : 4 + length + len(body)] == body
    assert redis_store.get("/a").body == body


def test_a_pickle_planted_in_redis_is_never_unpickled(redis_store, tmp_path):
    planted = tmp_path / "ran"
    redis_store.redis.set(redis_store.prefix + "/a", pickle.dumps(Planted(planted)))
    assert redis_store.get("/a") is None
    assert not planted.exists()


def test_purging_everything_is_a_generation_bump_not_a_set_of_every_page(redis_store):
    for number in range(50):
        page = entry({"all", "nav", f"article-{number}"})
        redis_store.put(f"/{number}", page, redis_store.start())
    names = {name.decode() for name in redis_store.redis.scan_iter(redis_store.prefix + "*")}
    assert redis_store.prefix + "key:all" not in names
    assert redis_store.prefix + "key:nav" not in names
    for name in names:
        if ":key:" in name:
            assert redis_store.redis.scard(name) == 1, name  # one per article, not per page
    redis_store.purge({"all"})
    assert all(redis_store.get(f"/{number}") is None for number in range(50))
    redis_store.put("/0", entry({"all", "nav", "article-0"}), redis_store.start())
    assert redis_store.get("/0") is not None  # the new generation is stored and served
    redis_store.purge({"nav"})
    assert redis_store.get("/0") is None


def test_purging_everything_empties_the_local_store_without_looking_at_each_page(tmp_path):
    worker, other = local(tmp_path), local(tmp_path)
    worker.put("/a", entry({"all", "nav", "article-1"}), worker.start())
    other.purge({"nav"})
    worker.sync()
    assert worker.get("/a") is None and worker.bytes == 0


def test_emptying_a_redis_store_never_gives_an_earlier_token_again(redis_store):
    """Answers kept until a purge (caching/memo.py) compare tokens: one seen before the
    store was emptied must not come back after it."""
    redis_store.purge({"article-1"})
    before = redis_store.start()
    redis_store.clear()
    assert redis_store.start() > before
    redis_store.put("/a", entry({"article-1"}), redis_store.start())
    # Dropped as evicted, not purged: the token stays, the page goes.
    token = redis_store.start()
    redis_store.drop_pages()
    assert redis_store.start() == token and redis_store.get("/a") is None


def test_dropping_a_local_stores_pages_keeps_its_token(tmp_path):
    store = LocalStore(PurgeLog(tmp_path / "purge.log"), max_bytes=10**6, lifetime=60)
    token = store.start()
    store.put("/a", entry({"article-1"}), token)
    store.drop_pages()
    assert store.get("/a") is None and store.start() == token
