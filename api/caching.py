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
from rest_framework.response import Response

from api.authentication import key_from_request
from api.throttling import AnonymousThrottle, partner_key

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


def response_cache_key(request, generation: int, tier: str | None = None) -> str:
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    if tier is None:
        tier = "partner" if partner_key(request) is not None else "anonymous"
    raw = f"{request.path}?{query}|{translation.get_language()}|{tier}"
    return f"api:v1:response:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _not_modified(request, etag: str, last_modified: int | None) -> bool:
    """RFC 9110 13.1: If-None-Match by weak comparison (a proxy that compresses passes our
    tag on as W/"…"), and only without it If-Modified-Since, ignored when malformed, in
    the future, or when no Last-Modified was sent."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag.removeprefix("W/") in candidates or "*" in candidates
    if last_modified is None:
        return False
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and since <= time.time() and last_modified <= since


def _bypass_requested(request) -> bool:
    """Benchmarks measure uncached answers on the same server; off unless a setting names it."""
    header = getattr(settings, "API_CACHE_BYPASS_HEADER", None)
    return bool(header and request.META.get(header))


def _only_known_parameters(request, known: frozenset) -> bool:
    """Whether every query parameter is one the endpoint reads: any other (a cache buster,
    junk) gets a fresh answer and leaves no entry behind."""
    return all(name in known for name in request.GET)


def cached_json(request, produce, known: frozenset = frozenset()) -> HttpResponse:
    """Answer from the response cache or from `produce()`: JSON bytes, or a DRF Response
    (only a 200 is cached), with validators. `known`: the query parameters it reads."""
    generation = current_generation()
    timeout = settings.API_RESPONSE_CACHE_TIMEOUT
    key = response_cache_key(request, generation)
    if timeout and (_bypass_requested(request) or not _only_known_parameters(request, known)):
        timeout = 0
    entry = cache.get(key) if timeout else None
    if entry is None:
        body = produce()
        if isinstance(body, Response):
            if body.status_code != 200:
                return body
            body = JSONRenderer().render(body.data)
        entry = {"body": body, "etag": f'"{hashlib.sha256(body).hexdigest()[:32]}"'}
        if timeout:
            cache.set(key, entry, timeout)
    return _answer(request, entry, generation)


def _answer(request, entry: dict, generation: int) -> HttpResponse:
    # HTTP dates have whole seconds. A Last-Modified is only given once its second is
    # over: a change later in the same second would otherwise share it, and a client
    # asking If-Modified-Since with it would get a stale 304 (the ETag still validates).
    last_modified = generation // 1000
    if last_modified >= int(time.time()):
        last_modified = None
    if _not_modified(request, entry["etag"], last_modified):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry["body"], content_type="application/json")
    response["ETag"] = entry["etag"]
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
    response["Vary"] = "Accept-Language"
    return response


def _accepts_json(request) -> bool:
    accept = request.headers.get("Accept", "*/*")
    return any(kind in accept for kind in ("*/*", "application/json", "application/*"))


def answer_from_cache(request, known: frozenset = frozenset()) -> HttpResponse | None:
    """The fast path, before authentication, negotiation and serializers: an anonymous GET
    whose answer is in the response cache (a 200, or a 304 for a matching validator).
    Still counted by the anonymous throttle; when it is used up, DRF answers the 429."""
    if (
        request.method != "GET"
        or not settings.API_RESPONSE_CACHE_TIMEOUT
        or not _only_known_parameters(request, known)
        or key_from_request(request) is not None
        or _bypass_requested(request)
        or not _accepts_json(request)
    ):
        return None
    generation = current_generation()
    entry = cache.get(response_cache_key(request, generation, tier="anonymous"))
    throttle = AnonymousThrottle()
    if entry is None or not throttle.hit(throttle.get_ident(request)):
        return None
    return _answer(request, entry, generation)


class CachedReadMixin:
    """For read-only viewsets: cached answers skip DRF's request handling; list and
    retrieve go through `cached_json`."""

    def known_query_parameters(self) -> frozenset:
        """What the list's filters and paging read; a detail reads none."""
        if (self.lookup_url_kwarg or self.lookup_field) in self.kwargs:
            return frozenset()
        names = set()
        if filterset_class := getattr(self, "filterset_class", None):
            names |= set(filterset_class.base_filters)
        if self.pagination_class is not None:
            paginator = self.pagination_class
            names |= {paginator.page_query_param, paginator.page_size_query_param}
        return frozenset(names)

    def dispatch(self, request, *args, **kwargs):
        response = answer_from_cache(request, self.known_query_parameters())
        if response is None:
            return super().dispatch(request, *args, **kwargs)
        for name, value in self.default_response_headers.items():
            response.setdefault(name, value)
        return response

    def list(self, request, *args, **kwargs):
        return cached_json(
            request,
            lambda: super(CachedReadMixin, self).list(request, *args, **kwargs),
            self.known_query_parameters(),
        )

    def retrieve(self, request, *args, **kwargs):
        return cached_json(
            request,
            lambda: super(CachedReadMixin, self).retrieve(request, *args, **kwargs),
            self.known_query_parameters(),
        )
