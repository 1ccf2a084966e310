"""The generation of public data: milliseconds since the epoch of the last change to what
anyone outside the admin sees (publish, unpublish, move, delete, stage change, catalogue
edit), kept in the shared cache so that every process reads the same.

The partner API bumps it on every such change (`api.caching.bump_generation`, called from
`api.stream`) and keys its cached answers by it; the open data files note the generation
they were written under, so the site can tell when they are behind.
"""

import time

from django.core.cache import cache

GENERATION_KEY = "api:v1:generation"


def current_generation() -> int:
    """Milliseconds since the epoch of the last change (set to now when unknown)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns() // 1_000_000
        cache.add(GENERATION_KEY, generation, timeout=None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation
