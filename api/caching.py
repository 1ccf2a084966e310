"""HTTP caching (ETag, Last-Modified, 304, Cache-Control) and a server-side response cache.

Every cached response belongs to a *generation* (`cms.generation`): the moment of the last
change to public data (publish, unpublish, move, delete, stage change, catalogue edit). A
change bumps it (through `api.stream`), so every process sees fresh data at once through
the shared cache (database or Redis). An entry holds the generation it was produced under
and is only answered while that is the current one, so the generation and the entry are
read together (one query of the database cache). Anonymous answers are also kept in each
process's memory (api.process_cache), given without a round trip while the process can
vouch for their generation. The key holds the request's scheme and
host (the body's absolute links carry them), and no answer is kept past the next expiry or
go-live of any page.
"""

import hashlib
import math
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils import timezone, translation
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext_lazy as _
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.authentication import key_from_request
from api.process_cache import PROCESS_CACHE
from api.throttling import COUNTED, AnonymousThrottle, partner_key
from cms.generation import GENERATION_KEY, LOCAL_GENERATION, current_generation
from cms.json_errors import allowed_methods, error_response
from cms.origin import request_origin

ANSWER_KEY_PREFIX = "api:v1:answer-text-2:"  # with `until` since 2026-11-30


def bump_generation() -> int:
    """Invalidate every cached API response, in every process (`cms.generation`'s
    signal, once outside a transaction). Returns the new generation."""
    generation = max(time.time_ns() // 1_000_000, (cache.get(GENERATION_KEY) or 0) + 1)
    cache.set(GENERATION_KEY, generation, timeout=None)
    committed = not transaction.get_connection().in_atomic_block
    LOCAL_GENERATION.bumped(generation, committed=committed)
    return generation


def invalidate() -> None:
    """Every cached answer is stale: now, and again after commit (a request between the
    two must not cache what the transaction is about to change)."""
    bump_generation()
    transaction.on_commit(bump_generation)


def next_visibility_change(now=None):
    """The next moment a page enters or leaves public by the clock alone: the earliest
    expiry among public pages, or the earliest go-live ahead. None if there is none."""
    from wagtail.models import Page

    from api.readmodel.models import PublicRecord

    now = now or timezone.now()
    moments = [
        PublicRecord.objects.filter(public=True, expire_at__gt=now).aggregate(at=Min("expire_at"))[
            "at"
        ],
        Page.objects.filter(go_live_at__gt=now).aggregate(at=Min("go_live_at"))["at"],
    ]
    moments = [moment for moment in moments if moment is not None]
    return min(moments) if moments else None


CLOCK_TIMEOUT = 24 * 60 * 60  # a generation's clock; the schedule bumps it within a minute


# The moments of the last generations this process looked up ({generation: until}).
_UNTIL: dict[int, int] = {}


def generation_by_the_clock(generation: int) -> tuple[int, int]:
    """The generation to produce an answer under, and the next moment a page enters or
    leaves public by the clock alone (milliseconds since the epoch, rounded up; 0: none
    ahead), remembered per generation.

    When that moment has passed, public data changed without a signal: the generation is
    bumped here, before the answer is produced, so that its ETag, Last-Modified and cache
    entry belong to the new state (the schedule's `notice_clock` bumps it too, and tells
    partners, within a minute; a Last-Modified must not wait for it).
    """
    until = _UNTIL.get(generation)
    if until is None:
        until = cache.get(f"api:v1:clock:{generation}")
    if until is not None and (not until or until > time.time_ns() // 1_000_000):
        _remember(generation, until)
        return generation, until
    if until is not None:
        generation = bump_generation()
    moment = next_visibility_change()
    until = math.ceil(moment.timestamp() * 1000) if moment else 0
    cache.set(f"api:v1:clock:{generation}", until, timeout=CLOCK_TIMEOUT)
    _remember(generation, until)
    return generation, until


def _remember(generation: int, until: int) -> None:
    """Keeps a generation's moment in this process too (it is fixed per generation)."""
    if len(_UNTIL) >= 16:
        _UNTIL.clear()
    _UNTIL[generation] = until


def _within(timeout: int, until: int) -> int:
    """`timeout` (seconds) shortened so that nothing cached outlives `until`. 0: do not cache."""
    if until:
        timeout = min(timeout, int(until / 1000 - time.time()))
    return max(timeout, 0)


def cached_public_value(name: str, parameters: dict, produce):
    """`produce()` (a picklable value computed from public data only), kept like a cached
    response: under the current generation, never past the next expiry or go-live, and
    not at all when API_RESPONSE_CACHE_TIMEOUT is 0. `parameters` complete the key."""
    generation, until = generation_by_the_clock(current_generation())
    timeout = _within(settings.API_RESPONSE_CACHE_TIMEOUT, until)
    if not timeout:
        return produce()
    raw = urlencode(sorted((k, str(v)) for k, v in parameters.items()))
    key = f"api:v1:value:{name}:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = produce()
        cache.set(key, value, timeout)
    return value


def response_cache_key(request, tier: str | None = None) -> str:
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    if tier is None:
        tier = "partner" if partner_key(request) is not None else "anonymous"
    # Absolute links in the body carry the request's scheme and host: part of the key.
    raw = f"{request_origin(request)}{request.path}?{query}|{translation.get_language()}|{tier}"
    return f"{ANSWER_KEY_PREFIX}{hashlib.sha256(raw.encode()).hexdigest()}"


@dataclass(frozen=True, slots=True)
class Answer:
    """A cached answer: its JSON body, entity tag, the generation it was produced under and
    the moment it stops holding by the clock alone (`until`, milliseconds; 0: none ahead).

    In the cache it is one text (`dumps`): the database cache keeps text as it is, where a
    pickled body would be base64-decoded on every read (a third of a cached answer's cost).
    """

    body: bytes
    etag: str
    generation: int
    until: int = 0

    @classmethod
    def of(cls, body: bytes, generation: int, until: int = 0) -> "Answer":
        return cls(body, f'"{hashlib.sha256(body).hexdigest()[:32]}"', generation, until)

    def dumps(self) -> str:
        return f"{self.generation} {self.until} {self.etag}\n{self.body.decode()}"

    @classmethod
    def loads(cls, text) -> "Answer | None":
        """The answer `dumps` gave, or None for anything else (an entry of an older release)."""
        if not isinstance(text, str):
            return None
        head, _newline, body = text.partition("\n")
        generation, until, etag = (head.split(" ", 2) + ["", ""])[:3]
        if not (head.isascii() and generation.isdigit() and until.isdigit() and etag):
            return None
        return cls(body.encode(), etag, int(generation), int(until))


def generation_and_entry(key: str) -> tuple[int, Answer | None]:
    """The current generation and the cached answer under `key` if it was produced under
    it (else None), in one read of the cache."""
    generation, entry = _generation_and_entry(cache.get_many([GENERATION_KEY, key]), key)
    return current_generation() if generation is None else generation, entry


def _generation_and_entry(found: dict, key: str) -> tuple[int | None, Answer | None]:
    """The generation and the answer under `key` in `found` (a `get_many` of both), the
    answer only if it was produced under that generation."""
    generation = found.get(GENERATION_KEY)
    if generation is None:
        return None, None
    LOCAL_GENERATION.read(generation)
    entry = Answer.loads(found.get(key))
    if entry is None or entry.generation != generation:
        return generation, None
    return generation, entry


def _entity_tags(value: str) -> set[str]:
    return {tag.strip() for tag in value.split(",")}


def _precondition_failed(request, etag: str, modified: int):
    """RFC 9110 13.2.2, steps 1 and 2: If-Match by strong comparison (a weak tag matches
    nothing, `*` any current answer), and only without it If-Unmodified-Since, ignored when
    malformed. `modified`: the second of the last change, also while no Last-Modified is
    sent yet (a change within the second is as unknown to the client as to HTTP dates).
    Returns what failed (the 412's detail), or None."""
    if_match = request.META.get("HTTP_IF_MATCH")
    if if_match is not None:
        candidates = _entity_tags(if_match)
        if "*" in candidates or (not etag.startswith("W/") and etag in candidates):
            return None
        return ETAG_CHANGED
    if "HTTP_IF_UNMODIFIED_SINCE" not in request.META:
        return None
    since = parse_http_date_safe(request.META["HTTP_IF_UNMODIFIED_SINCE"])
    return MODIFIED_SINCE if since is not None and modified > since else None


def _not_modified(request, etag: str, last_modified: int | None) -> bool:
    """RFC 9110 13.2.2, steps 3 and 4: If-None-Match by weak comparison (a proxy that
    compresses passes our tag on as W/"…"), and only without it If-Modified-Since, ignored
    when malformed, in the future, or when no Last-Modified was sent."""
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        candidates = {tag.removeprefix("W/") for tag in _entity_tags(if_none_match)}
        return etag.removeprefix("W/") in candidates or "*" in candidates
    if last_modified is None or "HTTP_IF_MODIFIED_SINCE" not in request.META:
        return False
    since = parse_http_date_safe(request.META["HTTP_IF_MODIFIED_SINCE"])
    return since is not None and since <= time.time() and last_modified <= since


# The 412's detail, one for each way a precondition fails (RFC 9110 13.1.1, 13.1.4).
ETAG_CHANGED = _(
    "The answer has changed: its current entity tag (ETag) is none of those in “If-Match”."
)
MODIFIED_SINCE = _("The answer has changed since the moment in “If-Unmodified-Since”.")
NO_ETAG = _(
    "The answer at this address has no entity tag (ETag), so none of those in “If-Match” "
    "can match; only “*” does."
)


def precondition_failed_response(request, detail) -> JsonResponse:
    """The German 412 in the API's error shape, with the address's `Allow`; `detail`: one
    of the texts above."""
    return error_response(412, detail, allow=allowed_methods(request))


def _only_known_parameters(request, known: frozenset) -> bool:
    """Whether every query parameter is one the endpoint reads: any other (a cache buster,
    junk) gets a fresh answer and leaves no entry behind."""
    return all(name in known for name in request.GET)


def cached_json(request, produce, known: frozenset = frozenset()) -> HttpResponse:
    """Answer from the response cache or from `produce()`: JSON bytes, or a DRF Response
    (only a 200 is cached), with validators. `known`: the query parameters it reads."""
    timeout = settings.API_RESPONSE_CACHE_TIMEOUT
    if timeout and not _only_known_parameters(request, known):
        timeout = 0
    read = getattr(request, READ, None)  # by `answer_from_cache`, for this request
    key = response_cache_key(request) if read is None or partner_key(request) else read[0]
    if read is not None and read[0] == key:
        generation, entry = read[1] or current_generation(), read[2] if timeout else None
    elif timeout:
        generation, entry = generation_and_entry(key)
    else:
        generation, entry = current_generation(), None
    if entry is None:
        generation, until = generation_by_the_clock(generation)
        body = produce()
        if isinstance(body, Response):
            if body.status_code != 200:
                return body
            body = JSONRenderer().render(body.data)
        entry = Answer.of(body, generation, until)
        if timeout and (timeout := _within(timeout, until)):
            cache.set(key, entry.dumps(), timeout)
            if partner_key(request) is None:
                PROCESS_CACHE.put(key, entry, timeout)
    return _answer(request, entry)


def _answer(request, entry: Answer) -> HttpResponse:
    # HTTP dates have whole seconds. A Last-Modified is only given once its second is
    # over: a change later in the same second would otherwise share it, and a client
    # asking If-Modified-Since with it would get a stale 304 (the ETag still validates).
    last_modified = entry.generation // 1000
    if last_modified >= int(time.time()):
        last_modified = None
    if failed := _precondition_failed(request, entry.etag, entry.generation // 1000):
        response = precondition_failed_response(request, failed)
        response["Vary"] = "Accept-Language"
        return response
    if _not_modified(request, entry.etag, last_modified):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry.body, content_type="application/json")
    response["ETag"] = entry.etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    # No shared cache keeps it past the next go-live or expiry either.
    response["Cache-Control"] = (
        f"public, max-age={_within(settings.API_CACHE_MAX_AGE, entry.until)}"
    )
    response["Vary"] = "Accept-Language"
    return response


def _accepts_json(request) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "*/*")
    return any(kind in accept for kind in ("*/*", "application/json", "application/*"))


# The attribute of a request whose anonymous read was done (`answer_from_cache`): the
# answer's cache key, the generation (None: not in the cache) and the answer found.
READ = "api_cache_read"


def answer_from_cache(request, known: frozenset = frozenset()) -> HttpResponse | None:
    """The fast path, before authentication, negotiation and serializers: an anonymous GET
    whose answer is in the response cache (a 200, or a 304 for a matching validator).

    Kept in this process (api.process_cache) with a lease of the client's requests in hand
    (api.throttling), it costs no round trip. Else in one round trip it counts the client
    (the anonymous throttle) and reads the generation and, unless the request is not
    cached, the answer. When the limit is used up or no answer is cached, DRF takes over
    with what was counted and read here."""
    if (
        request.method != "GET"
        or key_from_request(request) is not None
        or not _accepts_json(request)
    ):
        return None
    timeout = settings.API_RESPONSE_CACHE_TIMEOUT
    caching = timeout and _only_known_parameters(request, known)
    key = response_cache_key(request, tier="anonymous")
    throttle = AnonymousThrottle()
    if caching and (entry := PROCESS_CACHE.get(key)) and throttle.hit_leased_on(request):
        setattr(request, READ, (key, entry.generation, entry))
        return _answer(request, entry)
    # Nothing to read but the generation, which this process vouches for: no round trip.
    generation = None if caching else LOCAL_GENERATION.current()
    if generation is not None and throttle.hit_leased_on(request):
        setattr(request, READ, (key, generation, None))
        return None
    allowed, found = throttle.hit_on(
        request, [GENERATION_KEY, key] if caching else [GENERATION_KEY]
    )
    generation, entry = _generation_and_entry(found, key)
    setattr(request, READ, (key, generation, entry))
    if entry is None or not allowed:
        return None
    PROCESS_CACHE.put(key, entry, _within(timeout, entry.until))
    return _answer(request, entry)


def asked_plainly(request, kwargs: dict, lookup: str) -> bool:
    """Whether `request` asks for one entry (`lookup`: the URL's one argument) so plainly
    that DRF's handling would change nothing of its answer: an anonymous GET that
    `answer_from_cache` read and counted within the client's rate, without a query string
    (no parameter to check) and accepting JSON as sent (no format to negotiate)."""
    counted = getattr(request, COUNTED, None)
    return (
        getattr(request, READ, None) is not None
        and counted is not None
        and counted[0]
        and not request.META.get("QUERY_STRING")
        and list(kwargs) == [lookup]
        and request.META.get("HTTP_ACCEPT", "*/*") in ("*/*", "application/json")
    )


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
        lookup = self.lookup_url_kwarg or self.lookup_field
        if response is None and asked_plainly(request, kwargs, lookup):
            response = self.answer_plainly(request, kwargs)
        if response is None:
            return super().dispatch(request, *args, **kwargs)
        for name, value in self.default_response_headers.items():
            response.setdefault(name, value)
        return response

    def answer_plainly(self, request, kwargs: dict) -> HttpResponse | None:
        """The answer to a request `asked_plainly` (a Django HttpRequest), without DRF's
        request handling; None leaves it to DRF (and every error: in the API's shape)."""
        return None

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
