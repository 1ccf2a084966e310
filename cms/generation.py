"""The generation of public data: milliseconds since the epoch of the last change to what
anyone outside the admin sees (publish, unpublish, move, delete, stage change, catalogue
edit), kept in the shared cache so that every process reads the same.

The partner API bumps it on every such change (`api.caching.bump_generation`, called from
`api.stream`) and keys its cached answers by it; the open data files note the generation
they were written under, so the site can tell when they are behind.
"""

import logging
import math
import os
import threading
import time
from abc import ABC, abstractmethod
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connections

logger = logging.getLogger(__name__)

GENERATION_KEY = "api:v1:generation"


def current_generation() -> int:
    """Milliseconds since the epoch of the last change (set to now when unknown)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns() // 1_000_000
        cache.add(GENERATION_KEY, generation, timeout=None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


# --- This process's view of the generation -------------------------------------------
#
# Answers kept in a process's memory (api.process_cache) are only as current as the
# process's knowledge of the generation. Every read of the shared cache tells it (and
# vouches for it for API_PROCESS_CACHE_TRUST_SECONDS, the bound on staleness should a
# signal be lost); in between, a *signal* tells it of every bump as it
# happens: PostgreSQL's LISTEN/NOTIFY beside a database cache on PostgreSQL, Redis'
# publish/subscribe beside Redis, a file beside a database cache on an SQLite file (one
# machine), nothing more for a cache that lives in the process itself (LocMemCache).
# A signal that is not listening vouches for nothing: the process then reads the shared
# cache on every request, as without the process cache.

CHANNEL = "api_generation"  # PostgreSQL's NOTIFY channel and Redis' (behind its prefix)


class Signal:
    """How a bump reaches the other processes: here, it does not (a cache in the process).

    `publish(generation)` tells them (only outside a transaction: a bump inside one is
    undone with it, and its on-commit twin follows); `pushed()` is the newest generation
    heard from them (0: none), or None while the signal cannot vouch for anything."""

    # Bumps before this moment (time.monotonic) may have gone unheard: a read of the
    # shared cache must come after it (a listening signal sets it when it connects).
    listening_since = -math.inf

    def publish(self, generation: int) -> None:
        pass

    def pushed(self) -> int | None:
        return 0

    def close(self) -> None:
        pass


class FileSignal(Signal):
    """A file beside the SQLite database holds the last generation: one `stat` per request
    tells whether it changed. Written by replacing it whole (os.replace is atomic)."""

    def __init__(self, path: Path):
        self.path = path
        self._seen: tuple[int, int] | None = None
        self._value = 0

    def publish(self, generation: int) -> None:
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_text(str(generation))
            os.replace(temporary, self.path)
        except OSError:
            logger.warning("Could not write the generation signal %s", self.path, exc_info=True)

    def pushed(self) -> int | None:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return 0
        except OSError:
            return None
        seen = (stat.st_ino, stat.st_mtime_ns)
        if seen != self._seen:
            try:
                text = self.path.read_text()
            except OSError:
                return None
            if not (text.isascii() and text.isdigit()):
                return None  # being written by a process that is not ours: not vouched
            self._seen, self._value = seen, int(text)
        return self._value


class _ListeningSignal(Signal, ABC):
    """A thread of this process listens (started on first use, again after a fork); while
    it is not connected the signal vouches for nothing. On (re)connecting it has missed
    what came before: the process must read the shared cache again (`heard`, 0)."""

    def __init__(self):
        self._pid = None
        self._latest = 0
        self._connected = False
        self._stop = threading.Event()
        self._thread = None

    def pushed(self) -> int | None:
        if self._pid != os.getpid():
            self._start()
            return None
        return self._latest if self._connected else None

    def _start(self) -> None:
        self._pid, self._connected, self._latest = os.getpid(), False, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(self._stop,), name="generation-signal", daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None and self._pid == os.getpid():
            self._thread.join(timeout=5)
        self._pid, self._thread, self._connected = None, None, False

    def _listening(self) -> None:
        self.listening_since = time.monotonic()
        self._latest, self._connected = 0, True

    def _heard(self, payload) -> None:
        """A generation another process published: milliseconds since the epoch, never
        more than a minute ahead of this clock (anything else is not ours: ignored, or it
        would outrank every real generation until the process restarts)."""
        try:
            generation = int(payload)
        except (TypeError, ValueError):
            return
        if generation > time.time_ns() // 1_000_000 + 60_000:
            logger.warning("Ignored a generation signal from the future: %r", payload)
            return
        self._latest = max(self._latest, generation)

    def _run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self._listen(stop)
            except Exception:  # any failure: not listening; try again after a second
                logger.warning("The generation signal lost its connection", exc_info=True)
            self._connected = False
            stop.wait(1.0)

    @abstractmethod
    def _listen(self, stop: threading.Event) -> None:
        """Listen on a connection of its own until `stop` is set; call `_listening()` once
        listening and `_heard(payload)` for each message. Raises on a lost connection."""


class PostgresSignal(_ListeningSignal):
    """NOTIFY on the database cache's connection; a thread LISTENs on its own connection.
    A NOTIFY is sent when its transaction commits, never for one rolled back.
    https://www.postgresql.org/docs/current/sql-notify.html"""

    def __init__(self, alias: str):
        super().__init__()
        self.alias = alias

    def publish(self, generation: int) -> None:
        with connections[self.alias].cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, str(generation)])

    def _listen(self, stop: threading.Event) -> None:
        import psycopg

        parameters = connections[self.alias].get_connection_params()
        parameters.pop("cursor_factory", None)
        with psycopg.connect(**parameters, autocommit=True) as listener:
            listener.execute(f"LISTEN {CHANNEL}")
            self._listening()
            while not stop.is_set():
                for notify in listener.notifies(timeout=1.0):
                    self._heard(notify.payload)


class RedisSignal(_ListeningSignal):
    """PUBLISH beside Redis' cache; a thread subscribes on its own connection. Channels are
    shared by every database of a Redis server: the channel's name holds the cache's
    database number and key prefix, so that deployments sharing a server (staging beside
    production) do not hear each other."""

    def __init__(self, cache):
        super().__init__()
        self.cache = cache
        client = cache._cache.get_client(write=True)
        database = client.connection_pool.connection_kwargs.get("db", 0)
        self.channel = f"{cache.key_prefix}:{database}:{CHANNEL}"

    def publish(self, generation: int) -> None:
        self.cache._cache.get_client(write=True).publish(self.channel, str(generation))

    def _listen(self, stop: threading.Event) -> None:
        subscription = self.cache._cache.get_client(write=False).pubsub(
            ignore_subscribe_messages=True
        )
        try:
            subscription.subscribe(self.channel)
            while not stop.is_set():
                message = subscription.get_message(timeout=1.0)
                if not self._connected and subscription.subscribed:
                    self._listening()
                if message is not None:
                    self._heard(message["data"])
        finally:
            subscription.close()


def signal_for(cache) -> Signal:
    """The signal that fits `cache` (see above)."""
    from django.core.cache.backends.db import DatabaseCache
    from django.core.cache.backends.redis import RedisCache
    from django.db import router

    if isinstance(cache, RedisCache):
        return RedisSignal(cache)
    if isinstance(cache, DatabaseCache):
        alias = router.db_for_write(cache.cache_model_class)
        connection = connections[alias]
        if connection.vendor == "postgresql":
            return PostgresSignal(alias)
        name = str(connection.settings_dict["NAME"])
        if connection.vendor == "sqlite" and not connection.is_in_memory_db():
            return FileSignal(Path(f"{name}.generation"))
        return Signal() if connection.vendor == "sqlite" else _Unheard()
    return Signal()


class _Unheard(Signal):
    """Another database shared by processes we cannot hear: never vouched for."""

    def pushed(self) -> int | None:
        return None


class LocalGeneration:
    """This process's knowledge of the generation: what the shared cache said (vouched for
    API_PROCESS_CACHE_TRUST_SECONDS after each read) and what the signal brought since
    (never older)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Forget everything (and stop listening): the next request reads the shared cache."""
        with self._lock:
            signal = getattr(self, "_signal", None)
            self._signal = None
            self._value = 0
            self._vouched_at = -math.inf
        if signal is not None:
            signal.close()

    @property
    def signal(self) -> Signal:
        if self._signal is None:
            with self._lock:
                if self._signal is None:
                    self._signal = signal_for(caches["default"])
        return self._signal

    def read(self, generation: int) -> None:
        """The shared cache said `generation` just now."""
        with self._lock:
            self._value = max(self._value, generation)
            self._vouched_at = time.monotonic()

    def bumped(self, generation: int, *, committed: bool) -> None:
        """This process bumped to `generation`. Committed (outside a transaction): it is
        the current one, and the other processes are told. Inside a transaction, which
        may yet be undone: nothing is vouched for until the shared cache is read again."""
        if not committed:
            with self._lock:
                self._vouched_at = -math.inf
            return
        self.read(generation)
        try:
            self.signal.publish(generation)
        except Exception:  # the change is committed; the others read it within the trust
            logger.warning("Could not signal generation %s", generation, exc_info=True)

    def current(self) -> int | None:
        """The current generation, or None when this process cannot vouch for it."""
        signal = self.signal
        pushed = signal.pushed()
        vouched_at = self._vouched_at
        if (
            pushed is None
            or vouched_at < signal.listening_since
            or time.monotonic() - vouched_at > settings.API_PROCESS_CACHE_TRUST_SECONDS
        ):
            return None
        return max(self._value, pushed)


LOCAL_GENERATION = LocalGeneration()
