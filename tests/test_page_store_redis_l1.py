"""The Redis page store's first level: pages kept in each process until Redis publishes
their purge, and never answered while the subscription to those purges is not working."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis

from newsdesk.caching.redis_store import RedisStore, purged_keys
from newsdesk.caching.store import Entry, get_store, reset_store

WAIT = 10  # seconds: a bound for a failing test, never a pause of a passing one


def entry(keys, body=b"<p>page</p>", lifetime=60):
    return Entry.build("200 OK", [("Content-Type", "text/html")], body, keys, lifetime)


@pytest.fixture
def prefix():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"newsdesk-l1-test-{worker}-{uuid.uuid4().hex[:8]}:"


@pytest.fixture
def stores(redis_url, prefix):
    """Make stores sharing one Redis prefix, each with its own connections and first
    level, as two processes have; all closed and their keys deleted afterwards."""
    made = []

    def make(local_bytes=10_000_000):
        store = RedisStore(redis_url, lifetime=60, prefix=prefix, local_bytes=local_bytes)
        made.append(store)
        return store

    yield make
    for store in made:
        store.close()
    if made:
        made[0].clear()


def subscribed(store):
    store.local.subscribe()
    assert store.local.wait(lambda: store.local.live, WAIT), "never subscribed"
    return store


def test_a_hit_is_answered_from_process_memory_without_asking_redis(stores, monkeypatch):
    store = subscribed(stores())
    store.put("/a", entry({"article-1"}), store.start())

    def unreachable(*args):
        raise AssertionError("a hit asked Redis")

    monkeypatch.setattr(store.redis, "mget", unreachable)
    assert store.get("/a").body == b"<p>page</p>"


def test_a_page_read_from_redis_is_kept_for_the_next_hit(stores):
    writer, reader = stores(), subscribed(stores())
    writer.put("/a", entry({"article-1"}), writer.start())
    assert "/a" not in reader.local.entries
    assert reader.get("/a") is not None
    assert "/a" in reader.local.entries


def test_a_purge_made_by_another_store_is_forgotten_by_this_ones_first_level(stores):
    reader, purger = subscribed(stores()), stores()
    reader.put("/a", entry({"article-1", "nav"}), reader.start())
    reader.put("/b", entry({"article-2", "nav"}), reader.start())
    purger.purge({"article-1"})
    assert reader.local.wait(lambda: "/a" not in reader.local.entries, WAIT)
    assert reader.get("/a") is None
    assert "/b" in reader.local.entries  # other pages stay
    purger.purge({"nav"})  # every page carries it: the first level forgets everything
    assert reader.local.wait(lambda: not reader.local.entries, WAIT)
    assert reader.get("/b") is None


def test_a_purge_made_in_another_process_is_forgotten_by_this_ones_first_level(
    stores, redis_url, prefix
):
    reader = subscribed(stores())
    reader.put("/a", entry({"article-1"}), reader.start())
    script = (
        "import sys; from newsdesk.caching.redis_store import RedisStore; "
        "RedisStore(sys.argv[1], lifetime=60, prefix=sys.argv[2]).purge({'article-1'})"
    )
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": root}
    subprocess.run([sys.executable, "-c", script, redis_url, prefix], check=True, env=env)
    assert reader.local.wait(lambda: "/a" not in reader.local.entries, WAIT)
    assert reader.get("/a") is None


def test_a_purge_made_here_is_forgotten_at_once_not_when_its_message_comes_back(stores):
    store = subscribed(stores())
    store.put("/a", entry({"article-1"}), store.start())
    store.purge({"article-1"})
    assert "/a" not in store.local.entries and store.get("/a") is None


def kill_subscription(store):
    client = redis.Redis.from_url(store.local.url)
    (found,) = [c for c in client.client_list() if c["name"] == store.local.name]
    client.client_kill_filter(_id=found["id"])


def test_while_unsubscribed_the_first_level_is_empty_bypassed_and_missed_purges_never_served(
    stores,
):
    reader, purger = subscribed(stores()), stores()
    reader.put("/a", entry({"article-1"}), reader.start())
    reader.put("/b", entry({"article-2"}), reader.start())
    reader.local.RECONNECT_SECONDS = 3600  # stays unsubscribed until told
    kill_subscription(reader)
    assert reader.local.wait(lambda: not reader.local.live, WAIT)
    assert not reader.local.entries
    # A purge published now reaches no one here; another deletes a page without a word.
    purger.purge({"article-1"})
    reader.redis.delete(reader.prefix + "/b")
    assert reader.get("/a") is None and reader.get("/b") is None  # Redis answered
    purger.put("/c", entry({"article-3"}), purger.start())
    assert reader.get("/c") is not None
    assert not reader.local.entries  # nor is anything kept while unsubscribed
    reader.local.RECONNECT_SECONDS = 0.5
    reader.local.reconnect_now()
    assert reader.local.wait(lambda: reader.local.live, WAIT)
    assert reader.get("/a") is None
    assert reader.get("/c") is not None and "/c" in reader.local.entries


def test_a_page_rendered_before_a_purge_is_kept_neither_in_redis_nor_in_the_first_level(
    stores,
):
    store, purger = subscribed(stores()), stores()
    token = store.start()
    purger.purge({"article-1"})
    assert store.put("/a", entry({"article-1"}), token) is False
    assert "/a" not in store.local.entries and store.get("/a") is None


def test_a_page_stored_just_before_a_purge_heard_before_it_is_kept_is_not_kept(stores, monkeypatch):
    """The put reaches Redis before the purge (which deletes it there), and the purge's
    message arrives before the page is kept in this process: the token refuses it."""
    store, purger = subscribed(stores()), stores()
    real_put = store._put  # the script that stores a page in Redis

    def put(*args, **kwargs):
        done = real_put(*args, **kwargs)
        epoch = store.local.epoch
        purger.purge({"article-1"})
        assert store.local.wait(lambda: store.local.epoch != epoch, WAIT)
        return done

    monkeypatch.setattr(store, "_put", put)
    assert store.put("/a", entry({"article-1"}), store.start()) is True
    monkeypatch.undo()
    assert "/a" not in store.local.entries and store.get("/a") is None


def test_a_page_read_just_before_a_purge_heard_before_it_is_kept_is_not_kept(stores, monkeypatch):
    store, purger = subscribed(stores()), stores()
    purger.put("/a", entry({"article-1"}), purger.start())
    real_mget = store.redis.mget

    def mget(*names):
        found = real_mget(*names)
        epoch = store.local.epoch
        purger.purge({"article-1"})
        assert store.local.wait(lambda: store.local.epoch != epoch, WAIT)
        return found

    monkeypatch.setattr(store.redis, "mget", mget)
    assert store.get("/a") is not None  # read before the purge: answered once
    monkeypatch.undo()
    assert "/a" not in store.local.entries and store.get("/a") is None


def test_the_first_level_keeps_within_its_byte_budget_dropping_least_recently_used(stores):
    size = entry({"k"}, body=b"x" * 10_000).size
    store = subscribed(stores(local_bytes=size * 3))
    for name in ("/a", "/b", "/c"):
        store.put(name, entry({"k"}, body=b"x" * 10_000), store.start())
    store.get("/a")  # used: "/b" is now the least recently used
    store.put("/d", entry({"k"}, body=b"x" * 10_000), store.start())
    assert set(store.local.entries) == {"/a", "/c", "/d"}
    assert store.local.bytes <= size * 3
    assert store.get("/b") is not None  # still in Redis


def test_with_no_bytes_for_it_there_is_no_first_level_and_no_subscription(stores):
    store = stores(local_bytes=0)
    store.put("/a", entry({"article-1"}), store.start())
    assert store.get("/a") is not None and store.get("/a") is not None
    assert store.local._thread is None and not store.local.entries


def test_a_message_it_cannot_read_makes_the_first_level_forget_everything(stores):
    store = subscribed(stores())
    store.put("/a", entry({"article-1"}), store.start())
    store.redis.publish(store.channel, b"\x80 not json")
    assert store.local.wait(lambda: not store.local.entries, WAIT)
    assert purged_keys(b'{"all": 1}') is None and purged_keys(b'["a", 2]') is None
    assert purged_keys(b'["article-1"]') == {"article-1"}


def test_the_channel_names_the_database_as_pub_sub_spans_every_database(redis_url, prefix):
    base = redis_url.rsplit("/", 1)[0]
    one, two = RedisStore(f"{base}/11", 60, prefix), RedisStore(f"{base}/12", 60, prefix)
    assert one.channel != two.channel


def test_a_forked_worker_neither_inherits_the_first_level_nor_its_subscription(
    redis_url, prefix, settings
):
    settings.REDIS_URL = redis_url
    settings.PAGE_STORE_REDIS_PREFIX = prefix
    reset_store()
    store = subscribed(get_store())
    store.put("/a", entry({"article-1"}), store.start())
    parent_name = store.local.name
    pid = os.fork()
    if pid == 0:  # the child: exit 0 only if everything holds
        code = 1
        try:
            child = get_store().local
            fresh = not child.live and not child.entries and child._thread is None
            assert fresh and child.name != parent_name
            assert get_store().get("/a") is not None  # from Redis; starts its own thread
            assert child.wait(lambda: child.live, WAIT)
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert store.local.live and "/a" in store.local.entries  # the parent's is untouched
    store.clear()
