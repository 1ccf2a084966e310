"""Anonymous reads share a modest limit per client; a partner key raises it.

The client is `REMOTE_ADDR`, or behind TRUSTED_PROXY_COUNT proxies the address the
outermost of them reports (DRF's NUM_PROXIES); IPv6 clients count per /64 network, which
one host usually holds whole. Counters live in their own cache (CACHES["throttle"]): the
response cache's entries can never push them out.

Fixed windows counted with one atomic increment: DRF's sliding window keeps every request's
time in a list that is read and written back whole, so its cost grows with the rate. The
price is that a client may use up to twice its rate across a window's edge.

A process takes a client's requests from the shared counter in *leases* (`Leases`): the
first request of a window counts one, each further lease twice the last, at most a
sixteenth of the rate and half of what it has left, so a busy client costs a round trip per
lease, not per request. A lease never grants more than the rate has left, so no client
gets more than its rate; requests leased by one process and not used there are lost to
the client for that window (a client spread over several processes may be refused a few
requests early, never late).
"""

import functools
import ipaddress
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from api.models import PartnerAPIKey
from cms.client_ip import client_address

THROTTLE_CACHE = "throttle"


def partner_key(request) -> PartnerAPIKey | None:
    """The partner key a DRF request was authenticated with; None for none, and for a
    Django HttpRequest (not authenticated by DRF: `api.caching.answer_from_cache` reads
    only requests that send no key)."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, PartnerAPIKey) else None


def client_ident(request) -> str:
    """Whom a request counts for: the client's address (see the module's docstring)."""
    return _ident_of(client_address(request))


@functools.lru_cache(maxsize=4096)
def _ident_of(address: str | None) -> str | None:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address  # a proxy that reports garbage: still one identity per value
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    return str(parsed)


def _count(cache, key: str, timeout: int, by: int = 1) -> int:
    """`by` more requests in the window `key`; the window's count after them. The
    database cache and Redis count in one statement or round trip (cms.cache), other
    backends add and increment."""
    if counter := getattr(cache, "count", None):
        return counter(key, timeout, by=by)
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key, by)
    except ValueError:  # the window's key expired between add and incr
        cache.add(key, by, timeout)
        return by


def _count_and_read(key: str, timeout: int, keys: list[str], by: int = 1) -> tuple[int, dict]:
    """`_count` and the response cache's `get_many(keys)`, in one round trip where both
    caches allow it (cms.cache: one statement, or one Redis MULTI/EXEC)."""
    counters, responses = caches[THROTTLE_CACHE], caches["default"]
    both = getattr(counters, "count_and_get_many", None)
    found = None if both is None else both(key, timeout, responses, keys, by=by)
    if found is None:
        return _count(counters, key, timeout, by), responses.get_many(keys)
    return found


@dataclass(slots=True)
class _Lease:
    window: int
    left: int = 0  # requests taken from the shared count and not yet used here
    size: int = 0  # the last lease's size
    count: int = 0  # the window's shared count after it


class Leases:
    """This process's leases of clients' requests (see the module's docstring), per
    throttle scope and client, for the current window only. At most `MAX_CLIENTS` are
    kept: forgetting one loses its unused requests, which only ever errs towards refusing."""

    MAX_CLIENTS = 10_000

    def __init__(self):
        self._lock = threading.Lock()
        self._leases: dict[tuple[str, str], _Lease] = {}

    def clear(self) -> None:
        with self._lock:
            self._leases.clear()

    def take(self, scope: str, ident: str, window: int) -> bool:
        """Uses one leased request of `ident` in `window`, if this process holds one."""
        with self._lock:
            lease = self._leases.get((scope, ident))
            if lease is None or lease.window != window or lease.left <= 0:
                return False
            lease.left -= 1
            return True

    def size(self, scope: str, ident: str, window: int, limit: int) -> int:
        """How many requests to count for the next lease (≥ 1): twice the last, at most a
        sixteenth of the limit and half of what it had left."""
        with self._lock:
            lease = self._leases.get((scope, ident))
            if lease is None or lease.window != window:
                return 1
            return max(1, min(2 * lease.size, limit // 16, (limit - lease.count) // 2))

    def counted(self, scope: str, ident: str, window: int, size: int, count: int, limit: int):
        """`size` requests were counted, making the window's count `count`: whether the
        request that asked is within the limit (the lease's first); what fits of the rest
        is this process's to use."""
        granted = max(0, min(size, limit - (count - size)))
        with self._lock:
            if len(self._leases) >= self.MAX_CLIENTS:
                self._leases.clear()
            lease = _Lease(window, max(0, granted - 1), size if granted else 0, count)
            self._leases[(scope, ident)] = lease
        return granted > 0


LEASES = Leases()


# The attribute of a request whose anonymous count was taken already (`AnonymousThrottle`).
COUNTED = "anonymous_throttle_counted"


@functools.lru_cache(maxsize=16)
def parse_rate(rate: str) -> tuple[int, int]:
    """ "100/min" → (100 requests, 60 seconds), as DRF reads a rate."""
    return SimpleRateThrottle.parse_rate(None, rate)


class FixedWindowThrottle(BaseThrottle):
    scope = ""
    wait_seconds = None

    def get_rate(self) -> str | None:
        # Read at request time, so settings (and tests) can change the rates.
        return settings.API_THROTTLE_RATES[self.scope]

    def get_ident(self, request) -> str:
        return client_ident(request)

    def get_ident_key(self, request) -> str | None:
        """Whom this request counts for, or None when this throttle does not apply: the
        client's address unless a subclass says otherwise."""
        return self.get_ident(request)

    def allow_request(self, request, view) -> bool:
        ident = self.get_ident_key(request)
        return True if ident is None else self.hit(ident)

    def hit(self, ident: str) -> bool:
        """Counts one request of `ident`; whether it is within the rate."""
        return self.hit_and_get_many(ident, [])[0]

    def hit_and_get_many(self, ident: str, keys: list[str]) -> tuple[bool, dict]:
        """`hit`, and the response cache's values of `keys` ({key: value} of those found),
        read in the same round trip as the count (or alone, with a lease in hand)."""
        if (window := self._window()) is None or self._leased(ident, window):
            return True, caches["default"].get_many(keys) if keys else {}
        limit, duration, window = window
        key = f"api:throttle:{self.scope}:{ident}:{window}"
        size = LEASES.size(self.scope, ident, window, limit)
        if keys:
            count, found = _count_and_read(key, duration, keys, size)
        else:
            count, found = _count(caches[THROTTLE_CACHE], key, duration, size), {}
        return LEASES.counted(self.scope, ident, window, size, count, limit), found

    def hit_leased(self, ident: str) -> bool:
        """Counts one request of `ident` against a lease this process holds, without a
        round trip. False when it holds none: count with `hit`."""
        return (window := self._window()) is None or self._leased(ident, window)

    def _window(self) -> tuple[int, int, int] | None:
        """The limit, the window's length (seconds) and number, or None for no limit. The
        wait until the window's end is known from here on."""
        rate = self.get_rate()
        if rate is None:
            return None
        limit, duration = parse_rate(rate)
        now = time.time()
        window = int(now // duration)
        self.wait_seconds = (window + 1) * duration - now
        return limit, duration, window

    def _leased(self, ident: str, window: tuple[int, int, int]) -> bool:
        return LEASES.take(self.scope, ident, window[2])

    def wait(self) -> float | None:
        """Always known once counted: every 429 carries Retry-After."""
        return self.wait_seconds


class AnonymousThrottle(FixedWindowThrottle):
    scope = "anonymous"

    def get_ident_key(self, request) -> str | None:
        if partner_key(request) is not None:
            return None
        return super().get_ident_key(request)

    def allow_request(self, request, view) -> bool:
        # Counted already by the cache's fast path (api.caching.answer_from_cache), which
        # then found no answer: counting again would take two of the client's requests.
        if (counted := getattr(request, COUNTED, None)) is not None:
            allowed, self.wait_seconds = counted
            return allowed
        return super().allow_request(request, view)

    def hit_on(self, request, keys: list[str]) -> tuple[bool, dict]:
        """`hit_and_get_many` for the client of `request` (a Django HttpRequest of no
        partner), which is marked as counted for DRF's check of this throttle."""
        allowed, found = self.hit_and_get_many(self.get_ident(request), keys)
        setattr(request, COUNTED, (allowed, self.wait_seconds))
        return allowed, found

    def hit_leased_on(self, request) -> bool:
        """`hit_leased` for the client of `request`, marked as counted when it was."""
        if not self.hit_leased(self.get_ident(request)):
            return False
        setattr(request, COUNTED, (True, self.wait_seconds))
        return True


class PartnerThrottle(FixedWindowThrottle):
    """Counted per key (a partner with two sites may hold two keys)."""

    scope = "partner"

    def get_ident_key(self, request) -> str | None:
        key = partner_key(request)
        return None if key is None else key.prefix
