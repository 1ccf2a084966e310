"""Django's database cache, with counters that cost one statement each and text kept as text.

Django's DatabaseCache adds a key by counting the whole table (for culling), then selecting
and inserting inside a transaction, and counts (`incr`) by reading the value and setting it
again: the partner API's throttle did both on every request, eleven statements and two
write transactions. Here an integer is stored as decimal text and a string as itself
behind a `~` (a pickled value, base64 of b"\x80…", always starts with "gA"), so on SQLite
and PostgreSQL `set` and `add` of either are one INSERT … ON CONFLICT, `incr` one atomic
UPDATE … RETURNING, and `count` (add or increment, what a rate limit does per request) one
INSERT … ON CONFLICT … RETURNING, on PostgreSQL committed without waiting for the WAL flush
(a count lost in a crash costs nothing). Reading them back decodes nothing: a cached API
answer of 12 KB cost 30–60 µs of base64 decoding per read. Everything else is Django's.
With Redis (`RedisCache`), `count` is one round trip: INCR and EXPIRE … NX in one
MULTI/EXEC, where Django's add and incr took two. `count_and_get_many` counts and reads
another cache of the same database (or Redis) in that one statement (or round trip): a
cached API answer's count and read, which were two.
"""

import base64
import pickle
import re
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.db import connections, router
from django.utils.timezone import now as tz_now

_INTEGER = re.compile(r"-?\d+")
_TEXT = "~"  # marks a string stored as itself
# Keys memcached would take (Django warns about others): printable ASCII, at most 250.
_PORTABLE_KEY = re.compile(r"[!-~]{1,250}")
_VENDORS = {"sqlite", "postgresql"}
# Keeps an integer's text an integer; pickled values (base64 of b"\x80…") start with "gA".
_IS_INTEGER = {
    "sqlite": "({value} GLOB '[0-9]*' OR {value} GLOB '-[0-9]*')",
    "postgresql": "{value} ~ '^-?[0-9]+$'",
}
_INTEGER_TYPE = {"sqlite": "INTEGER", "postgresql": "BIGINT"}


def _decoded(value: str):
    """A value as `set` stored it (see the module's docstring)."""
    if value.startswith(_TEXT):
        return value[1:]
    if _INTEGER.fullmatch(value):
        return int(value)
    return pickle.loads(base64.b64decode(value.encode()))  # noqa: S301 (our own cache table)


class DatabaseCache(DjangoDatabaseCache):
    # Django culls on every set; the writes here skip that, so every this many writes to a
    # table a process deletes its expired entries (bounded however many clients come and go).
    clean_every = 1000

    def __init__(self, table, params):
        super().__init__(table, params)
        self._statements = {}
        self._moments = {}
        self._writes = 0

    def validate_key(self, key):
        # Django's check runs a lazily compiled pattern through a generator per key: a
        # tenth of a cached API answer. A key that passes this one has nothing to warn of.
        if not _PORTABLE_KEY.fullmatch(key):
            super().validate_key(key)

    def _connection(self, *, write: bool):
        model = self.cache_model_class
        alias = router.db_for_write(model) if write else router.db_for_read(model)
        return connections[alias]

    def _fast(self, value, connection) -> bool:
        return type(value) in (int, str) and connection.vendor in _VENDORS

    @staticmethod
    def _stored(value: int | str) -> str:
        return str(value) if type(value) is int else _TEXT + value

    def _statement(self, connection, name: str, build) -> str:
        """The SQL `build(quote, table)` gives, built once per database: the statements
        here are the same for every call, only their parameters differ."""
        found = self._statements.get((connection.alias, name))
        if found is None:
            quote = connection.ops.quote_name
            found = build(quote, quote(self._table))
            self._statements[connection.alias, name] = found
        return found

    def _moment(self, connection, second: int | None):
        """The `expires` column's value for a whole second since the epoch (None: never),
        as the database takes it; remembered, since a busy second asks for the same few."""
        found = self._moments.get((connection.alias, second))
        if found is None:
            if second is None:
                moment = datetime.max.replace(microsecond=0)
            else:
                moment = datetime.fromtimestamp(second, tz=UTC if settings.USE_TZ else None)
            found = connection.ops.adapt_datetimefield_value(moment)
            if len(self._moments) > 64:
                self._moments.clear()
            self._moments[connection.alias, second] = found
        return found

    def _now(self, connection):
        return self._moment(connection, int(time.time()))

    def _expiry(self, connection, timeout):
        timeout = self.get_backend_timeout(timeout)
        return self._moment(connection, None if timeout is None else int(timeout))

    def get_many(self, keys, version=None):
        """Django's, with the expiry compared in the query and expired entries left to the
        next clean (`_clean_now_and_then`) instead of deleted on read. Expiries are whole
        seconds: an entry is expired once the second it expires in has begun, for reads and
        writes alike."""
        if not keys:
            return {}
        connection = self._connection(write=False)
        if connection.vendor not in _VENDORS:
            return super().get_many(keys, version)
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        count = len(key_map)
        statement = self._statement(
            connection,
            f"get_many:{count}",
            lambda quote, table: (
                f"SELECT {quote('cache_key')}, {quote('value')} FROM {table} "  # noqa: S608 (quoted names; values are parameters)
                f"WHERE {quote('cache_key')} IN ({', '.join(['%s'] * count)}) "
                f"AND {quote('expires')} > %s"
            ),
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, [*key_map, self._now(connection)])
            rows = cursor.fetchall()
        return {key_map[key]: _decoded(value) for key, value in rows}

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        connection = self._connection(write=True)
        if not self._fast(value, connection):
            return super().set(key, value, timeout, version)
        self._upsert(connection, key, value, timeout, version, only_expired=False)
        return None

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        connection = self._connection(write=True)
        if not self._fast(value, connection):
            return super().add(key, value, timeout, version)
        return self._upsert(connection, key, value, timeout, version, only_expired=True)

    def _upsert(self, connection, key, value, timeout, version, *, only_expired) -> bool:
        """One INSERT … ON CONFLICT: `set` replaces any entry, `add` only an expired one.
        Returns whether the value was stored."""
        key = self.make_and_validate_key(key, version=version)
        now = self._now(connection)

        def build(quote, table):
            condition = f" WHERE {table}.{quote('expires')} <= %s" if only_expired else ""
            return (
                f"INSERT INTO {table} ({quote('cache_key')}, {quote('value')}, "  # noqa: S608
                f"{quote('expires')}) VALUES (%s, %s, %s) ON CONFLICT ({quote('cache_key')}) "
                f"DO UPDATE SET {quote('value')} = EXCLUDED.{quote('value')}, "
                f"{quote('expires')} = EXCLUDED.{quote('expires')}{condition}"
            )

        statement = self._statement(connection, f"upsert:{only_expired}", build)
        with connection.cursor() as cursor:
            self._clean_now_and_then(connection, cursor, now)
            cursor.execute(
                statement,
                [
                    key,
                    self._stored(value),
                    self._expiry(connection, timeout),
                    *([now] if only_expired else []),
                ],
            )
            return cursor.rowcount == 1

    def _clean_now_and_then(self, connection, cursor, now) -> None:
        """Before every `clean_every`-th write of this process: delete the expired entries,
        then cull as Django does when the table still holds more than MAX_ENTRIES (Django
        counts the table before every set; between two of these it may exceed it by
        `clean_every`)."""
        self._writes += 1
        if self._writes % self.clean_every:
            return
        table = connection.ops.quote_name(self._table)
        cursor.execute(
            f"DELETE FROM {table} WHERE {connection.ops.quote_name('expires')} <= %s",  # noqa: S608
            [now],
        )
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        entries = cursor.fetchone()[0]
        if entries > self._max_entries:
            self._cull(connection.alias, cursor, tz_now(), entries)

    def count(self, key, timeout=DEFAULT_TIMEOUT, version=None, by=1) -> int:
        """`by` (≥ 1) more for `key`: `by` (expiring after `timeout`) if it is missing or
        expired, else its count + `by` (its expiry kept). Raises ValueError if `key` holds
        something other than a count."""
        connection = self._connection(write=True)
        if connection.vendor not in _VENDORS:
            self.add(key, 0, timeout, version)
            return self.incr(key, by, version)
        return self._count(connection, key, timeout, version, by=by)[0]

    def count_and_get_many(self, key, timeout, cache, keys, by=1) -> tuple[int, dict] | None:
        """`count` here and `cache.get_many(keys)` in one statement (its RETURNING reads
        the other table), or None when `cache` is no table of this database."""
        connection = self._connection(write=True)
        if (
            connection.vendor not in _VENDORS
            or not isinstance(cache, DatabaseCache)
            or cache._connection(write=False).alias != connection.alias
        ):
            return None
        key_map = {cache.make_and_validate_key(name): name for name in keys}
        count, *values = self._count(connection, key, timeout, None, cache, list(key_map), by)
        found = zip(key_map.values(), values, strict=True)
        return count, {name: _decoded(value) for name, value in found if value is not None}

    def _count(self, connection, key, timeout, version, cache=None, read=(), by=1) -> tuple:
        """`count`'s statement: (the count, then the stored value or None of each key of
        `read`, made keys of `cache`, a table of the same database)."""
        made = self.make_and_validate_key(key, version=version)
        # A count lost in a crash costs nothing: on PostgreSQL its own transaction commits
        # without waiting for the WAL flush (an fsync, most of a cached answer's time).
        # Never inside a transaction: it would make that one asynchronous.
        # https://www.postgresql.org/docs/current/wal-async-commit.html
        asynchronous = connection.vendor == "postgresql" and not connection.in_atomic_block
        vendor = connection.vendor
        other = None if cache is None else connection.ops.quote_name(cache._table)

        def build(quote, table):
            value, expires = quote("value"), quote("expires")
            expired = f"{table}.{expires} <= %s"
            counted = _IS_INTEGER[vendor].format(value=f"{table}.{value}")
            values, prefix = "VALUES (%s, %s, %s)", ""
            if asynchronous:
                prefix = (
                    "WITH asynchronous AS (SELECT set_config('synchronous_commit', 'off', true)) "
                )
                values = "SELECT %s, %s, %s FROM asynchronous"
            reading = (
                f", (SELECT {value} FROM {other} WHERE {quote('cache_key')} = %s "  # noqa: S608
                f"AND {expires} > %s)"
            )
            return (
                f"{prefix}INSERT INTO {table} ({quote('cache_key')}, {value}, {expires}) "
                f"{values} ON CONFLICT ({quote('cache_key')}) DO UPDATE SET "
                f"{value} = CASE WHEN {expired} THEN EXCLUDED.{value} "
                f"ELSE CAST(CAST({table}.{value} AS {_INTEGER_TYPE[vendor]}) + %s AS TEXT) END, "
                f"{expires} = CASE WHEN {expired} THEN EXCLUDED.{expires} "
                f"ELSE {table}.{expires} END "
                f"WHERE {expired} OR {counted} "
                f"RETURNING {value}{reading * len(read)}"
            )

        now = self._now(connection)
        name = f"count:{asynchronous}:{other}:{len(read)}"
        statement = self._statement(connection, name, build)
        parameters = [made, str(by), self._expiry(connection, timeout), now, by, now, now]
        for made_key in read:
            parameters += [made_key, now]
        with connection.cursor() as cursor:
            self._clean_now_and_then(connection, cursor, now)
            cursor.execute(statement, parameters)
            row = cursor.fetchone()
        if row is None:
            raise ValueError(f"Key '{key}' holds no count.")
        return (int(row[0]), *row[1:])

    def incr(self, key, delta=1, version=None):
        connection = self._connection(write=True)
        if not self._fast(delta, connection):
            return super().incr(key, delta, version)
        made = self.make_and_validate_key(key, version=version)
        vendor = connection.vendor

        def build(quote, table):
            value = quote("value")
            return (
                f"UPDATE {table} SET {value} = "  # noqa: S608
                f"CAST(CAST({value} AS {_INTEGER_TYPE[vendor]}) + %s AS TEXT) "
                f"WHERE {quote('cache_key')} = %s AND {quote('expires')} > %s AND "
                f"{_IS_INTEGER[vendor].format(value=value)} RETURNING {value}"
            )

        with connection.cursor() as cursor:
            cursor.execute(
                self._statement(connection, "incr", build), [delta, made, self._now(connection)]
            )
            row = cursor.fetchone()
        if row is None:  # missing, expired, or not stored by us: Django's way (or ValueError)
            return super().incr(key, delta, version)
        return int(row[0])


class RedisCache(DjangoRedisCache):
    def count(self, key, timeout=DEFAULT_TIMEOUT, version=None, by=1) -> int:
        """`by` (≥ 1) more for `key`: `by` (expiring after `timeout`) if it is missing,
        else its count + `by` (its expiry kept); one round trip. Raises ValueError if `key`
        holds something other than a count. Needs Redis 7 (EXPIRE … NX)."""
        return self._count(key, timeout, version, by=by)[0]

    def count_and_get_many(self, key, timeout, cache, keys, by=1) -> tuple[int, dict] | None:
        """`count` here and `cache.get_many(keys)` in the same round trip, or None when
        `cache` is kept in another Redis."""
        if not isinstance(cache, DjangoRedisCache) or cache._servers != self._servers:
            return None
        key_map = {cache.make_and_validate_key(name): name for name in keys}
        count, values = self._count(key, timeout, None, list(key_map), by)
        loads = cache._cache._serializer.loads
        found = zip(key_map.values(), values, strict=True)
        return count, {name: loads(value) for name, value in found if value is not None}

    def _count(self, key, timeout, version, read=(), by=1) -> tuple[int, list]:
        """`count` in one MULTI/EXEC, which also reads the made keys of `read` (MGET)."""
        import redis

        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        pipeline = self._cache.get_client(key, write=True).pipeline()
        pipeline.incrby(key, by)
        if timeout is not None:
            pipeline.expire(key, max(int(timeout), 1), nx=True)
        if read:
            pipeline.mget(read)
        try:
            results = pipeline.execute()
        except redis.ResponseError as error:
            raise ValueError(f"Key '{key}' holds no count.") from error
        return results[0], results[-1] if read else []
