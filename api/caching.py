"""HTTP caching (ETag, Last-Modified, 304, Cache-Control) and a server-side response cache.

Every cached response is keyed by a *generation*: the moment of the last change to public
data (publish, unpublish, move, delete, stage change, catalogue edit). A change bumps it,
so every process sees fresh data at once through the shared cache (database or Redis).
"""

import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.http import http_date, parse_http_date_safe
from rest_framework.renderers import JSONRenderer

from api.throttling import partner_key

GENERATION_KEY = "api:v1:generation"


def current_generation() -> int:
    """Milliseconds since the epoch of the last change (set to now when unknown)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns() // 1_000_000
        cache.add(GENERATION_KEY, generation, timeout=None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def bump_generation() -> None:
    """Invalidate every cached API response."""
    now = time.time_ns() // 1_000_000
    cache.set(GENERATION_KEY, max(now, (cache.get(GENERATION_KEY) or 0) + 1), timeout=None)


def response_cache_key(request, generation: int) -> str:
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    tier = "partner" if partner_key(request) is not None else "anonymous"
    raw = f"{request.path}?{query}|{translation.get_language()}|{tier}"
    return f"api:v1:response:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _not_modified(request, etag: str, last_modified: int) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        candidates = {tag.strip() for tag in if_none_match.split(",")}
        return etag in candidates or "*" in candidates
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and last_modified <= since


def _bypass_requested(request) -> bool:
    """Benchmarks measure uncached answers on the same server; off unless a setting names it."""
    header = getattr(settings, "API_CACHE_BYPASS_HEADER", None)
    return bool(header and request.META.get(header))


def cached_json(request, produce) -> HttpResponse:
    """Answer from the response cache or `produce()` (a DRF Response), with validators."""
    generation = current_generation()
    timeout = settings.API_RESPONSE_CACHE_TIMEOUT
    key = response_cache_key(request, generation)
    if timeout and _bypass_requested(request):
        timeout = 0
    entry = cache.get(key) if timeout else None
    if entry is None:
        response = produce()
        if response.status_code != 200:
            return response
        body = JSONRenderer().render(response.data)
        entry = {"body": body, "etag": f'"{hashlib.sha256(body).hexdigest()[:32]}"'}
        if timeout:
            cache.set(key, entry, timeout)
    last_modified = generation // 1000  # whole seconds, as HTTP dates have
    if _not_modified(request, entry["etag"], last_modified):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry["body"], content_type="application/json")
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
    response["Vary"] = "Accept-Language"
    return response


class CachedReadMixin:
    """For read-only viewsets: list and retrieve go through `cached_json`."""

    def list(self, request, *args, **kwargs):
        return cached_json(
            request, lambda: super(CachedReadMixin, self).list(request, *args, **kwargs)
        )

    def retrieve(self, request, *args, **kwargs):
        return cached_json(
            request, lambda: super(CachedReadMixin, self).retrieve(request, *args, **kwargs)
        )
