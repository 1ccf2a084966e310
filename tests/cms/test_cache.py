"""The database cache's counters and text: one statement each, Django's semantics kept."""

import time

import pytest
from django.core.cache.backends.base import CacheKeyWarning
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.cache import DatabaseCache, RedisCache

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache():
    call_command("createcachetable", "cache_entries")
    return DatabaseCache("cache_entries", {"KEY_PREFIX": "test-counters"})


class Clock:
    """`time.time()` for the cache, moved by hand: expiries are whole seconds."""

    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(time.time())
    monkeypatch.setattr(time, "time", clock)
    return clock


def test_add_and_incr_of_integers_are_one_statement_each(cache):
    with CaptureQueriesContext(connection) as queries:
        assert cache.add("hits", 0, 60) is True
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert cache.incr("hits") == 1
        assert cache.incr("hits", 5) == 6
    assert len(queries) == 2
    assert cache.add("hits", 0, 60) is False  # a live entry stays
    assert cache.get("hits") == 6
    assert cache.incr("hits", -7) == -1
    assert cache.get("hits") == -1


def rows(key: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM cache_entries WHERE cache_key LIKE %s", [f"%{key}"])
        return cursor.fetchone()[0]


def test_expired_counters_are_deleted_as_counters_are_added(cache, clock):
    assert cache.add("old-window", 3, 1)
    clock.sleep(2.1)
    assert rows("old-window") == 1
    cache.clean_every = 1
    assert cache.add("new-window", 0, 60)
    assert rows("old-window") == 0
    assert rows("new-window") == 1


def test_an_expired_counter_is_replaced_and_not_counted(cache, clock):
    assert cache.add("window", 3, 1)
    clock.sleep(2.1)
    with pytest.raises(ValueError):
        cache.incr("window")
    assert cache.get("window") is None
    assert cache.add("window", 0, 60) is True
    assert cache.incr("window") == 1


def test_missing_keys_and_other_values_behave_as_in_django(cache):
    with pytest.raises(ValueError):
        cache.incr("nothing")
    cache.set("pickled", 41, 60)  # an integer set() stores is counted on
    assert cache.incr("pickled") == 42
    cache.set("text", "12", 60)  # a string of digits stays a string
    assert cache.get("text") == "12"
    cache.set("structure", {"body": b"\x00", "n": [1, 2]}, 60)
    assert cache.get("structure") == {"body": b"\x00", "n": [1, 2]}
    assert cache.get_many(["structure", "nothing", "pickled"]) == {
        "structure": {"body": b"\x00", "n": [1, 2]},
        "pickled": 42,
    }
    assert cache.add("text", 5, 60) is False


def stored(key: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM cache_entries WHERE cache_key LIKE %s", [f"%:{key}"])
        return cursor.fetchone()[0]


TEXTS = ["", "~", "12", "-3", "gAU=", "Zeile 1\nZeile 2", '{"title": "Straßenfest für Ältere 🎉"}']


@pytest.mark.parametrize("text", TEXTS)
def test_a_string_is_set_in_one_statement_and_kept_as_text(cache, text):
    with CaptureQueriesContext(connection) as queries:
        cache.set("text", text, 60)
    assert len(queries) == 1
    assert stored("text") == "~" + text  # no pickle, no base64 to decode on every read
    assert cache.get("text") == text
    cache.set("text", text + "!", 60)  # set replaces
    assert cache.get("text") == text + "!"
    assert cache.add("text", "other", 60) is False  # add keeps a live entry
    assert cache.get_many(["text", "nothing"]) == {"text": text + "!"}


def test_text_and_integers_expire_and_add_replaces_only_what_expired(cache, clock):
    cache.set("text", "alt", 1)
    cache.set("number", 7, 1)
    clock.sleep(2.1)
    assert cache.get("text") is None
    assert cache.get("number") is None
    assert cache.add("text", "neu", 60) is True
    assert cache.get("text") == "neu"
    assert cache.add("text", "neuer", 60) is False
    assert cache.get("text") == "neu"


@pytest.mark.parametrize("kind", ["text", "integer", "pickled"])
def test_reads_and_writes_agree_when_an_entry_expires(cache, clock, kind):
    """An entry lives until the whole second its timeout ends in begins: get, add, incr
    and count all see it live before and expired from then on."""
    value = {"text": "alt", "integer": 7, "pickled": {"n": 7}}[kind]
    clock.now = 1_800_000_000.5
    cache.set("entry", value, 10)  # expires at 1_800_000_010
    clock.now = 1_800_000_009.99
    assert cache.get("entry") == value
    assert cache.add("entry", "other", 60) is False
    if kind == "integer":
        assert cache.incr("entry") == 8
        assert cache.count("entry", 60) == 9
    clock.now = 1_800_000_010.0
    assert cache.get("entry") is None
    assert cache.get_many(["entry"]) == {}
    if kind == "integer":
        with pytest.raises(ValueError):
            cache.incr("entry")
        assert cache.count("entry", 60) == 1
    else:
        assert cache.add("entry", "neu", 60) is True
        assert cache.get("entry") == "neu"


def test_writes_keep_the_table_within_max_entries(cache):
    cache._max_entries = 5
    cache.clean_every = 1
    for n in range(20):
        cache.set(f"text-{n}", "x" * n, 60)
        assert rows("text-%") <= 6  # culled before a write, as Django does
        assert cache.get(f"text-{n}") == "x" * n  # never the entry just written


def test_count_adds_or_increments_in_one_statement(cache):
    with CaptureQueriesContext(connection) as queries:
        assert cache.count("requests", 60) == 1
        assert cache.count("requests", 60) == 2
    assert len(queries) == 2
    assert cache.get("requests") == 2
    assert cache.incr("requests") == 3  # the same kind of counter as add/incr
    assert cache.count("requests", 60) == 4


def test_count_starts_an_expired_window_afresh_with_a_new_expiry(cache, clock):
    assert cache.count("window", 1) == 1
    assert cache.count("window", 1) == 2
    clock.sleep(2.1)
    assert cache.count("window", 60) == 1
    clock.sleep(1.1)  # the new expiry, not the old one's second
    assert cache.count("window", 60) == 2


def test_count_refuses_a_key_that_holds_something_else(cache):
    cache.set("structure", {"n": 1}, 60)
    with pytest.raises(ValueError):
        cache.count("structure", 60)
    assert cache.get("structure") == {"n": 1}


@pytest.fixture
def responses():
    call_command("createcachetable", "response_entries")
    return DatabaseCache("response_entries", {"KEY_PREFIX": "test-responses"})


def test_count_and_get_many_read_another_table_in_the_same_statement(cache, responses, clock):
    responses.set("answer", "text", 60)
    responses.set("generation", 1234, 60)
    responses.set("structure", {"n": 1}, 60)
    responses.set("short", "gone soon", 1)
    keys = ["generation", "answer", "missing", "structure", "short"]
    with CaptureQueriesContext(connection) as queries:
        count, found = cache.count_and_get_many("window", 60, responses, keys)
    assert len(queries) == 1
    assert count == 1
    assert found == {
        "generation": 1234,
        "answer": "text",
        "structure": {"n": 1},
        "short": "gone soon",
    }
    assert found == responses.get_many(keys)  # the same as reading them on their own
    clock.sleep(2.1)
    count, found = cache.count_and_get_many("window", 60, responses, keys)
    assert count == 2
    assert "short" not in found  # expired, as get_many says
    assert cache.get("window") == 2
    assert responses.get("window") is None  # counted in the counters' table only


def test_count_and_get_many_refuses_what_count_refuses(cache, responses):
    cache.set("structure", {"n": 1}, 60)
    with pytest.raises(ValueError):
        cache.count_and_get_many("structure", 60, responses, ["answer"])


def test_count_and_get_many_declines_a_cache_elsewhere(cache):
    from django.core.cache.backends.locmem import LocMemCache

    assert cache.count_and_get_many("window", 60, LocMemCache("elsewhere", {}), ["a"]) is None


def test_keys_memcached_would_refuse_still_warn(cache):
    with pytest.warns(CacheKeyWarning):
        cache.get("two words")
    with pytest.warns(CacheKeyWarning):
        cache.get("x" * 300)


@pytest.mark.postgres  # CI's second run, the one with Redis
@pytest.mark.redis
def test_redis_counts_in_one_round_trip_and_keeps_the_window(settings):
    if not settings.REDIS_URL:
        pytest.fail("needs Redis (REDIS_URL); it runs in CI's PostgreSQL and Redis run")
    counters = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-counters"})
    counters.delete_many(["window", "structure"])
    assert counters.count("window", 60) == 1
    assert counters.count("window", 1) == 2  # the first expiry stays
    client = counters._cache.get_client("window")
    assert 55 <= client.ttl(counters.make_key("window")) <= 60
    assert counters.get("window") == 2
    counters.set("structure", {"n": 1}, 60)
    with pytest.raises(ValueError):
        counters.count("structure", 60)
    counters.delete_many(["window", "structure"])


@pytest.mark.postgres
@pytest.mark.redis
def test_redis_counts_and_reads_another_cache_in_one_round_trip(settings, monkeypatch):
    if not settings.REDIS_URL:
        pytest.fail("needs Redis (REDIS_URL); it runs in CI's PostgreSQL and Redis run")
    counters = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-counters"})
    responses = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-responses"})
    counters.delete_many(["window"])
    responses.set("answer", "text", 60)
    responses.set("structure", {"n": 1}, 60)
    responses.delete("missing")
    round_trips = []
    pipeline_class = type(counters._cache.get_client("window", write=True).pipeline())
    execute = pipeline_class.execute
    monkeypatch.setattr(
        pipeline_class, "execute", lambda self, *a, **k: round_trips.append(1) or execute(self)
    )
    count, found = counters.count_and_get_many(
        "window", 60, responses, ["answer", "missing", "structure"]
    )
    assert (count, found) == (1, {"answer": "text", "structure": {"n": 1}})
    assert len(round_trips) == 1
    assert counters.get("window") == 1
    elsewhere = RedisCache("redis://127.0.0.1:6379/15", {})
    assert counters.count_and_get_many("window", 60, elsewhere, ["answer"]) is None
    counters.delete_many(["window"])
    responses.delete_many(["answer", "structure"])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgres_counts_commit_without_waiting_for_the_flush_and_only_their_own():
    """A count is a transaction of its own that commits asynchronously; the connection's
    setting stays as it was, and inside someone's transaction nothing changes."""
    from django.db import transaction

    call_command("createcachetable", "cache_entries")
    counters = DatabaseCache("cache_entries", {"KEY_PREFIX": "test-async"})

    def synchronous_commit() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    with CaptureQueriesContext(connection) as queries:
        assert counters.count("window", 60) == 1
        assert counters.count("window", 60) == 2
    assert len(queries) == 2
    assert all("set_config('synchronous_commit', 'off', true)" in q["sql"] for q in queries)
    assert synchronous_commit() == "on"
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            assert counters.count("window", 60) == 3
        assert "synchronous_commit" not in queries[0]["sql"]
        assert synchronous_commit() == "on"
    assert counters.get("window") == 3
