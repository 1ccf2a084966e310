"""Anonymous reads share a modest limit per client; a partner key raises it.

The client is `REMOTE_ADDR`, or behind TRUSTED_PROXY_COUNT proxies the address the
outermost of them reports (DRF's NUM_PROXIES); IPv6 clients count per /64 network, which
one host usually holds whole. Counters live in their own cache (CACHES["throttle"]): the
response cache's entries can never push them out.

Fixed windows counted with one atomic increment: DRF's sliding window keeps every request's
time in a list that is read and written back whole, so its cost grows with the rate. The
price is that a client may use up to twice its rate across a window's edge.
"""

import functools
import ipaddress
import time

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from api.models import PartnerAPIKey
from cms.client_ip import client_address

THROTTLE_CACHE = "throttle"


def partner_key(request) -> PartnerAPIKey | None:
    return request.auth if isinstance(request.auth, PartnerAPIKey) else None


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


def _count(cache, key: str, timeout: int) -> int:
    """One more request in the window `key`: the database cache counts in one statement
    (cms.cache.DatabaseCache.count), other backends add and increment."""
    if counter := getattr(cache, "count", None):
        return counter(key, timeout)
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # the window's key expired between add and incr
        cache.add(key, 1, timeout)
        return 1


def _count_and_read(key: str, timeout: int, keys: list[str]) -> tuple[int, dict]:
    """`_count` and the response cache's `get_many(keys)`, in one round trip where both
    caches allow it (cms.cache: one statement, or one Redis MULTI/EXEC)."""
    counters, responses = caches[THROTTLE_CACHE], caches["default"]
    both = getattr(counters, "count_and_get_many", None)
    found = None if both is None else both(key, timeout, responses, keys)
    if found is None:
        return _count(counters, key, timeout), responses.get_many(keys)
    return found


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
        read in the same round trip as the count."""
        rate = self.get_rate()
        if rate is None:
            return True, caches["default"].get_many(keys) if keys else {}
        limit, duration = parse_rate(rate)
        now = time.time()
        window = int(now // duration)
        key = f"api:throttle:{self.scope}:{ident}:{window}"
        if keys:
            count, found = _count_and_read(key, duration, keys)
        else:
            count, found = _count(caches[THROTTLE_CACHE], key, duration), {}
        self.wait_seconds = (window + 1) * duration - now
        return count <= limit, found

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


class PartnerThrottle(FixedWindowThrottle):
    """Counted per key (a partner with two sites may hold two keys)."""

    scope = "partner"

    def get_ident_key(self, request) -> str | None:
        key = partner_key(request)
        return None if key is None else key.prefix
