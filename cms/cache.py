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
MULTI/EXEC, where Django's add and incr took two.
"""

import base64
import pickle
import re
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.db import connections, models, router
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


class DatabaseCache(DjangoDatabaseCache):
    # Django culls on every set; the writes here skip that, so every this many writes to a
    # table a process deletes its expired entries (bounded however many clients come and go).
    clean_every = 1000

    def __init__(self, table, params):
        super().__init__(table, params)
        self._converters_by_alias = {}
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

    def _expiry(self, timeout) -> datetime:
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        return expires.replace(microsecond=0)

    def _converters(self, connection) -> tuple:
        """What turns the `expires` column into a datetime on `connection` (Django builds
        a field and asks for them on every read)."""
        found = self._converters_by_alias.get(connection.alias)
        if found is None:
            expression = models.Expression(output_field=models.DateTimeField())
            converters = connection.ops.get_db_converters(
                expression
            ) + expression.get_db_converters(connection)
            found = self._converters_by_alias[connection.alias] = (expression, converters)
        return found

    def get_many(self, keys, version=None):
        if not keys:
            return {}
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        connection = self._connection(write=False)
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('cache_key')}, {quote('value')}, {quote('expires')} "  # noqa: S608 (quoted names; values are parameters)
                f"FROM {quote(self._table)} WHERE {quote('cache_key')} IN "
                f"({', '.join(['%s'] * len(key_map))})",
                list(key_map),
            )
            rows = cursor.fetchall()
        expression, converters = self._converters(connection)
        result, expired, now = {}, [], tz_now()
        for key, value, expires in rows:
            for converter in converters:
                expires = converter(expires, expression, connection)
            if expires < now:
                expired.append(key)
                continue
            value = connection.ops.process_clob(value)
            if value.startswith(_TEXT):
                result[key_map[key]] = value[1:]
            elif _INTEGER.fullmatch(value):
                result[key_map[key]] = int(value)
            else:
                result[key_map[key]] = pickle.loads(base64.b64decode(value.encode()))  # noqa: S301 (our own cache table)
        self._base_delete_many(expired)
        return result

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
        quote = connection.ops.quote_name
        table = quote(self._table)
        expires = connection.ops.adapt_datetimefield_value(self._expiry(timeout))
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))
        condition = f" WHERE {table}.{quote('expires')} < %s" if only_expired else ""
        with connection.cursor() as cursor:
            self._clean_now_and_then(connection, cursor, now)
            cursor.execute(
                f"INSERT INTO {table} ({quote('cache_key')}, {quote('value')}, "  # noqa: S608
                f"{quote('expires')}) VALUES (%s, %s, %s) ON CONFLICT ({quote('cache_key')}) "
                f"DO UPDATE SET {quote('value')} = EXCLUDED.{quote('value')}, "
                f"{quote('expires')} = EXCLUDED.{quote('expires')}{condition}",
                [key, self._stored(value), expires, *([now] if only_expired else [])],
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
            f"DELETE FROM {table} WHERE {connection.ops.quote_name('expires')} < %s",  # noqa: S608
            [now],
        )
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        entries = cursor.fetchone()[0]
        if entries > self._max_entries:
            self._cull(connection.alias, cursor, tz_now(), entries)

    def count(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> int:
        """One more for `key`: 1 (expiring after `timeout`) if it is missing or expired,
        else its count + 1 (its expiry kept). Raises ValueError if `key` holds something
        other than a count."""
        connection = self._connection(write=True)
        if connection.vendor not in _VENDORS:
            self.add(key, 0, timeout, version)
            return self.incr(key, 1, version)
        made = self.make_and_validate_key(key, version=version)
        quote = connection.ops.quote_name
        table, value, expires = quote(self._table), quote("value"), quote("expires")
        integer = _INTEGER_TYPE[connection.vendor]
        expired = f"{table}.{expires} < %s"
        counted = _IS_INTEGER[connection.vendor].format(value=f"{table}.{value}")
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))
        values, asynchronous = "VALUES (%s, '1', %s)", ""
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # A count lost in a crash costs nothing: its own transaction commits without
            # waiting for the WAL flush (an fsync, most of a cached answer's time on
            # PostgreSQL). Never inside a transaction: it would make that one asynchronous.
            # https://www.postgresql.org/docs/current/wal-async-commit.html
            asynchronous = (
                "WITH asynchronous AS (SELECT set_config('synchronous_commit', 'off', true)) "
            )
            values = "SELECT %s, '1', %s FROM asynchronous"
        with connection.cursor() as cursor:
            self._clean_now_and_then(connection, cursor, now)
            cursor.execute(
                f"{asynchronous}INSERT INTO {table} ({quote('cache_key')}, {value}, {expires}) "
                f"{values} ON CONFLICT ({quote('cache_key')}) DO UPDATE SET "
                f"{value} = CASE WHEN {expired} THEN '1' "
                f"ELSE CAST(CAST({table}.{value} AS {integer}) + 1 AS TEXT) END, "
                f"{expires} = CASE WHEN {expired} THEN EXCLUDED.{expires} "
                f"ELSE {table}.{expires} END "
                f"WHERE {expired} OR {counted} "
                f"RETURNING {value}",
                [
                    made,
                    connection.ops.adapt_datetimefield_value(self._expiry(timeout)),
                    now,
                    now,
                    now,
                ],
            )
            row = cursor.fetchone()
        if row is None:
            raise ValueError(f"Key '{key}' holds no count.")
        return int(row[0])

    def incr(self, key, delta=1, version=None):
        connection = self._connection(write=True)
        if not self._fast(delta, connection):
            return super().incr(key, delta, version)
        made = self.make_and_validate_key(key, version=version)
        quote = connection.ops.quote_name
        value = quote("value")
        integer = _INTEGER_TYPE[connection.vendor]
        now = connection.ops.adapt_datetimefield_value(tz_now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(self._table)} SET {value} = "  # noqa: S608
                f"CAST(CAST({value} AS {integer}) + %s AS TEXT) "
                f"WHERE {quote('cache_key')} = %s AND {quote('expires')} >= %s AND "
                f"{_IS_INTEGER[connection.vendor].format(value=value)} RETURNING {value}",
                [delta, made, now],
            )
            row = cursor.fetchone()
        if row is None:  # missing, expired, or not stored by us: Django's way (or ValueError)
            return super().incr(key, delta, version)
        return int(row[0])


class RedisCache(DjangoRedisCache):
    def count(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> int:
        """One more for `key`: 1 (expiring after `timeout`) if it is missing, else its
        count + 1 (its expiry kept); one round trip. Raises ValueError if `key` holds
        something other than a count. Needs Redis 7 (EXPIRE … NX)."""
        import redis

        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        pipeline = self._cache.get_client(key, write=True).pipeline()
        pipeline.incr(key)
        if timeout is not None:
            pipeline.expire(key, max(int(timeout), 1), nx=True)
        try:
            return pipeline.execute()[0]
        except redis.ResponseError as error:
            raise ValueError(f"Key '{key}' holds no count.") from error
