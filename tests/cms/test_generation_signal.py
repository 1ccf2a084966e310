"""How a bump of the generation reaches the other processes (cms.generation's signals):
a file beside an SQLite database, PostgreSQL's LISTEN/NOTIFY, Redis' publish/subscribe.
Each is heard from another connection or process; what is not heard vouches for nothing."""

import math
import subprocess
import sys
import time

import psycopg
import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction

from cms.cache import DatabaseCache, RedisCache
from cms.generation import (
    CHANNEL,
    LOCAL_GENERATION,
    FileSignal,
    PostgresSignal,
    RedisSignal,
    Signal,
    signal_for,
)


def _eventually(check, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.01)
    return check()


def test_a_file_signal_is_heard_from_another_process(tmp_path):
    path = tmp_path / "db.sqlite3.generation"
    signal = FileSignal(path)
    assert signal.pushed() == 0  # nothing published yet: nothing newer than the cache
    code = "import sys; from pathlib import Path; from cms.generation import FileSignal; "
    code += "FileSignal(Path(sys.argv[1])).publish(int(sys.argv[2]))"
    publish = [sys.executable, "-c", code, str(path)]
    subprocess.run([*publish, "1234"], check=True)  # noqa: S603 (our own code)
    assert signal.pushed() == 1234
    subprocess.run([*publish, "1300"], check=True)  # noqa: S603
    assert signal.pushed() == 1300
    path.write_text("12")  # not a whole write of ours: half-written, garbage
    path.write_text("1x")
    assert signal.pushed() is None


def test_what_the_signal_brings_outdates_what_was_read(tmp_path, monkeypatch):
    signal = FileSignal(tmp_path / "generation")
    monkeypatch.setattr(LOCAL_GENERATION, "_signal", signal)
    LOCAL_GENERATION.read(100)
    assert LOCAL_GENERATION.current() == 100
    FileSignal(tmp_path / "generation").publish(150)  # another process bumped
    assert LOCAL_GENERATION.current() == 150


@pytest.mark.django_db
def test_a_bump_inside_a_transaction_vouches_for_nothing_until_read_again(monkeypatch):
    published = []
    monkeypatch.setattr(LOCAL_GENERATION, "_signal", Signal())
    monkeypatch.setattr(Signal, "publish", lambda self, generation: published.append(generation))
    LOCAL_GENERATION.read(100)
    with transaction.atomic():  # may yet be undone: nobody is told, nothing vouched
        LOCAL_GENERATION.bumped(200, committed=False)
    assert LOCAL_GENERATION.current() is None
    assert published == []
    LOCAL_GENERATION.bumped(300, committed=True)
    assert LOCAL_GENERATION.current() == 300
    assert published == [300]


@pytest.mark.django_db
def test_each_cache_has_the_signal_that_reaches_its_processes(settings, tmp_path):
    assert type(signal_for(LocMemCache("x", {}))) is Signal  # lives in the process
    database = signal_for(DatabaseCache("cache_entries", {}))
    if connection.vendor == "postgresql":
        assert isinstance(database, PostgresSignal)
    else:  # the test database is in memory: one process
        assert type(database) is Signal
    assert isinstance(signal_for(RedisCache("redis://127.0.0.1:6379/15", {})), RedisSignal)


@pytest.mark.django_db
def test_the_process_listens_where_its_configured_cache_lives(settings):
    """What the product configures (CACHES["default"], not a cache made by hand) decides
    the signal: `django.core.cache.cache` is a proxy no isinstance check sees through."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "cms.cache.DatabaseCache", "LOCATION": "cache_entries"},
    }
    LOCAL_GENERATION.reset()
    expected = PostgresSignal if connection.vendor == "postgresql" else Signal
    assert type(LOCAL_GENERATION.signal) is expected
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "cms.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/15"},
    }
    LOCAL_GENERATION.reset()
    assert type(LOCAL_GENERATION.signal) is RedisSignal


@pytest.mark.django_db
def test_an_unheard_signal_vouches_for_nothing(monkeypatch):
    class Deaf(Signal):
        def pushed(self):
            return None

    monkeypatch.setattr(LOCAL_GENERATION, "_signal", Deaf())
    LOCAL_GENERATION.read(100)
    assert LOCAL_GENERATION.current() is None


def _listening(signal):
    assert _eventually(lambda: signal.pushed() is not None), "the signal never listened"
    return signal


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_notify_is_heard_and_a_rolled_back_one_is_not():
    signal = _listening(PostgresSignal("default"))
    try:
        assert signal.listening_since > -math.inf
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        with psycopg.connect(**params, autocommit=True) as other:
            with other.transaction(force_rollback=True):
                other.execute("SELECT pg_notify(%s, %s)", [CHANNEL, "999"])
            other.execute("SELECT pg_notify(%s, %s)", [CHANNEL, "555"])
        assert _eventually(lambda: signal.pushed() == 555)
        time.sleep(0.2)
        assert signal.pushed() == 555  # the rolled-back 999 never came
    finally:
        signal.close()
    assert signal._thread is None


@pytest.mark.postgres  # CI's second run, the one with Redis
@pytest.mark.redis
def test_redis_publish_is_heard(settings):
    if not settings.REDIS_URL:
        pytest.fail("needs Redis (REDIS_URL); it runs in CI's PostgreSQL and Redis run")
    cache = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-signal"})
    signal = _listening(RedisSignal(cache))
    try:
        RedisSignal(cache).publish(4242)  # another process's publisher
        assert _eventually(lambda: signal.pushed() == 4242)
    finally:
        signal.close()


@pytest.mark.django_db
def test_a_signal_that_cannot_be_sent_fails_nothing(monkeypatch, caplog):
    class Broken(Signal):
        def publish(self, generation):
            raise ConnectionError("the broker is down")

    monkeypatch.setattr(LOCAL_GENERATION, "_signal", Broken())
    LOCAL_GENERATION.bumped(500, committed=True)  # the change is committed: no error
    assert LOCAL_GENERATION.current() == 500
    assert "Could not signal generation 500" in caplog.text


def test_redis_deployments_on_one_server_do_not_hear_each_other():
    """Publish/subscribe channels ignore Redis' database numbers: the channel names one."""
    staging = RedisSignal(RedisCache("redis://127.0.0.1:6379/3", {"KEY_PREFIX": "allianzen"}))
    production = RedisSignal(RedisCache("redis://127.0.0.1:6379/0", {"KEY_PREFIX": "allianzen"}))
    assert staging.channel == "allianzen:3:api_generation"
    assert production.channel != staging.channel


def test_a_generation_from_the_future_is_not_ours(caplog):
    """A generation is a moment (milliseconds): one far ahead would outrank every real one
    and switch the process's memory off until it restarts."""
    signal = RedisSignal(RedisCache("redis://127.0.0.1:6379/3", {}))
    now = int(time.time() * 1000)
    signal._heard(str(now))
    signal._heard("9999999999999")
    assert signal._latest == now
    assert "from the future" in caplog.text
