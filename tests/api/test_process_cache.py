"""Anonymous answers kept in the process (api.process_cache): given without a round trip
while the process vouches for their generation, never after a change it knows of, never
past a second without reading the shared cache, and never beyond its memory bound."""

import time
import tracemalloc

import pytest

from alliances.models import AlliancePage
from api.caching import Answer
from api.models import Partner, PartnerAPIKey
from api.process_cache import ENTRY_OVERHEAD, PROCESS_CACHE
from cms import generation
from cms.generation import LOCAL_GENERATION, Signal
from tests.factories.api import make_public, use_database_caches

pytestmark = pytest.mark.django_db

LIST = "/api/v1/alliances/?page_size=5"


@pytest.fixture
def caching(settings):
    """The production default: the database caches (a read of them is a query)."""
    use_database_caches(settings)
    settings.API_RESPONSE_CACHE_TIMEOUT = 600


def _kept(client, path=LIST, **extra):
    """Four requests: produced (counted one), read from the shared cache (counted two, a
    lease of one more), given from here, read again (counted four: three more in hand)."""
    for _ in range(4):
        response = client.get(path, **extra)
    return response


def test_a_kept_answer_costs_no_query(client, caching, django_assert_num_queries):
    make_public(AlliancePage, title="Lesepaten")
    first = _kept(client)
    with django_assert_num_queries(0):
        again = client.get(LIST)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    with django_assert_num_queries(0):  # a validator is answered from it too
        assert client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_change_is_never_answered_from_memory(client, caching):
    page = make_public(AlliancePage, title="Lesepaten")
    assert b"Lesepaten" in _kept(client).content
    page.title = "Vorlesepaten"
    page.save_revision().publish()
    assert b"Vorlesepaten" in client.get(LIST).content


def test_a_second_without_the_shared_cache_vouches_for_nothing(
    client, caching, monkeypatch, settings, django_assert_num_queries
):
    make_public(AlliancePage, title="Lesepaten")
    _kept(client)
    later = time.monotonic() + settings.API_PROCESS_CACHE_TRUST_SECONDS + 0.1
    monkeypatch.setattr(generation.time, "monotonic", lambda: later)
    with django_assert_num_queries(1):  # counted and read again
        client.get(LIST)
    with django_assert_num_queries(0):  # vouched for again
        client.get(LIST)


@pytest.fixture
def heard_in_process(monkeypatch):
    """The store alone: the generation as this process hears it (no other process)."""
    monkeypatch.setattr(LOCAL_GENERATION, "_signal", Signal())


def test_an_answer_is_not_given_past_its_moment(caching, heard_in_process):
    LOCAL_GENERATION.read(7)
    now = int(time.time() * 1000)
    PROCESS_CACHE.put("k", Answer.of(b"{}", 7, until=now + 60_000), 600)
    PROCESS_CACHE.put("gone", Answer.of(b"{}", 7, until=now - 1), 600)
    assert PROCESS_CACHE.get("k") is not None
    assert PROCESS_CACHE.get("gone") is None
    assert PROCESS_CACHE.get("missing") is None
    LOCAL_GENERATION.read(8)  # a newer generation: the kept one is stale
    assert PROCESS_CACHE.get("k") is None


def test_memory_is_bounded_least_recently_used_first(settings, heard_in_process):
    entry = 900 + ENTRY_OVERHEAD  # a body and what keeping it costs besides
    settings.API_PROCESS_CACHE_BYTES = 4 * entry
    LOCAL_GENERATION.read(1)
    for n in range(10):
        PROCESS_CACHE.put(f"k{n}", Answer.of(b"x" * 900, 1), 600)
    kept = [n for n in range(10) if PROCESS_CACHE.get(f"k{n}") is not None]
    assert kept == [6, 7, 8, 9]
    PROCESS_CACHE.put("big", Answer.of(b"x" * 901, 1), 600)  # over a quarter: not kept
    assert PROCESS_CACHE.get("big") is None


def test_many_small_answers_count_what_keeping_them_costs(settings, heard_in_process):
    """An empty list's body is 52 bytes; kept, an entry costs about ten times that."""
    settings.API_PROCESS_CACHE_BYTES = 1024 * 1024
    LOCAL_GENERATION.read(1)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for n in range(20_000):
        PROCESS_CACHE.put(f"api:v1:answer:{n:064d}", Answer.of(b"x" * 52, 1), 600)
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert held <= 1.5 * settings.API_PROCESS_CACHE_BYTES, held


def test_nothing_is_kept_when_switched_off(client, caching, settings, django_assert_num_queries):
    settings.API_PROCESS_CACHE_BYTES = 0
    make_public(AlliancePage, title="Lesepaten")
    _kept(client)
    with django_assert_num_queries(1):
        client.get(LIST)


def test_partners_answers_are_not_kept(client, caching):
    partner = Partner.objects.create(name="Bürgerverein", contact_email="web@bv.example.org")
    _api_key, key = PartnerAPIKey.objects.create_key(partner=partner, name="Website")
    make_public(AlliancePage, title="Lesepaten")
    assert _kept(client, HTTP_X_API_KEY=key).status_code == 200
    assert not PROCESS_CACHE._entries
    _kept(client)
    assert len(PROCESS_CACHE._entries) == 1
