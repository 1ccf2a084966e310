"""Django's database cache, with counters that cost one statement each.

Django's DatabaseCache adds a key by counting the whole table (for culling), then selecting
and inserting inside a transaction, and counts (`incr`) by reading the value and setting it
again: the partner API's throttle did both on every request, eleven statements and two
write transactions. Here an integer is stored as decimal text (a pickled value never looks
like one), so on SQLite and PostgreSQL `add` of an integer is one INSERT … ON CONFLICT that
replaces only an expired entry, `incr` one atomic UPDATE … RETURNING, and `count` (add or
increment, what a rate limit does per request) one INSERT … ON CONFLICT … RETURNING.
Everything else is Django's. With Redis (`RedisCache`), `count` is one round trip: INCR and
EXPIRE … NX in one MULTI/EXEC, where Django's add and incr took two.
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
    # Django culls on every set; counters added here skip that, so every this many adds a
    # process deletes the expired entries (bounded however many clients come and go).
    clean_every = 1000
    _adds = 0

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
        return type(value) is int and connection.vendor in _VENDORS

    def _expiry(self, timeout) -> datetime:
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        return expires.replace(microsecond=0)

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
        expression = models.Expression(output_field=models.DateTimeField())
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(
            connection
        )
        result, expired, now = {}, [], tz_now()
        for key, value, expires in rows:
            for converter in converters:
                expires = converter(expires, expression, connection)
            if expires < now:
                expired.append(key)
                continue
            value = connection.ops.process_clob(value)
            if _INTEGER.fullmatch(value):
                result[key_map[key]] = int(value)
            else:
                result[key_map[key]] = pickle.loads(base64.b64decode(value.encode()))  # noqa: S301 (our own cache table)
        self._base_delete_many(expired)
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        connection = self._connection(write=True)
        if not self._fast(value, connection):
            return super().add(key, value, timeout, version)
        key = self.make_and_validate_key(key, version=version)
        quote = connection.ops.quote_name
        table = quote(self._table)
        expires = connection.ops.adapt_datetimefield_value(self._expiry(timeout))
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({quote('cache_key')}, {quote('value')}, "  # noqa: S608
                f"{quote('expires')}) VALUES (%s, %s, %s) ON CONFLICT ({quote('cache_key')}) "
                f"DO UPDATE SET {quote('value')} = EXCLUDED.{quote('value')}, "
                f"{quote('expires')} = EXCLUDED.{quote('expires')} "
                f"WHERE {table}.{quote('expires')} < %s",
                [key, str(value), expires, now],
            )
            added = cursor.rowcount == 1
            type(self)._adds += 1
            if type(self)._adds % self.clean_every == 0:
                cursor.execute(
                    f"DELETE FROM {table} WHERE {quote('expires')} < %s",  # noqa: S608
                    [now],
                )
        return added

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
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({quote('cache_key')}, {value}, {expires}) "  # noqa: S608
                f"VALUES (%s, '1', %s) ON CONFLICT ({quote('cache_key')}) DO UPDATE SET "
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
            type(self)._adds += 1
            if type(self)._adds % self.clean_every == 0:
                cursor.execute(f"DELETE FROM {table} WHERE {expires} < %s", [now])  # noqa: S608
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
