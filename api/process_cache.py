"""Cached API answers kept in this process's memory, in front of the shared cache.

A cached answer from the shared cache (database or Redis) costs a round trip to it; kept
here it costs none. An answer kept here is only given while this process can vouch for
the generation it was produced under (`cms.generation.LOCAL_GENERATION`: a read of the
shared cache within the last second, and every bump since heard through a signal), never
past the moment it stops holding by the clock alone (`Answer.until`), and at most for
API_RESPONSE_CACHE_TIMEOUT. So a change to public data leaves every process as soon as
the signal carries it (milliseconds), and within a second should a signal be lost.

What it holds is bounded by API_PROCESS_CACHE_BYTES (0: keep nothing here), least recently
used first out; an entry counts its body and ENTRY_OVERHEAD for its key, answer and slot.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings

from cms.generation import LOCAL_GENERATION

# Bytes an entry takes besides its body (key, Answer, entity tag, the dict's slot):
# 450-650 measured with tracemalloc for 50,000 entries of empty lists.
ENTRY_OVERHEAD = 700


class ProcessCache:
    """Answers (api.caching.Answer) by cache key; see the module's docstring."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple] = OrderedDict()
        self._bytes = 0

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def get(self, key: str):
        """The answer under `key` if it may be given now, else None."""
        if not settings.API_PROCESS_CACHE_BYTES:
            return None
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
        if found is None:
            return None
        answer, expires = found
        now = time.time()
        if now >= expires or (answer.until and answer.until <= now * 1000):
            return None
        if answer.generation != LOCAL_GENERATION.current():
            return None
        return answer

    def put(self, key: str, answer, timeout: int) -> None:
        """Keeps `answer` under `key` for at most `timeout` seconds."""
        capacity = settings.API_PROCESS_CACHE_BYTES
        size = _size(answer)
        if not timeout or size > capacity // 4:
            return
        with self._lock:
            if (old := self._entries.pop(key, None)) is not None:
                self._bytes -= _size(old[0])
            self._entries[key] = (answer, time.time() + timeout)
            self._bytes += size
            while self._bytes > capacity:
                _key, (dropped, _expires) = self._entries.popitem(last=False)
                self._bytes -= _size(dropped)


def _size(answer) -> int:
    return len(answer.body) + ENTRY_OVERHEAD


PROCESS_CACHE = ProcessCache()
