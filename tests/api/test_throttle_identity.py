"""Throttles count the real client, and no cache entry can reset a counter (issue 12)."""

import pytest
from django.core.management import call_command
from django.db import connection

from alliances.models import AlliancePage
from api.caching import ANSWER_KEY_PREFIX
from tests.factories import DistrictFactory
from tests.factories.api import make_public

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

CLIENT = {"REMOTE_ADDR": "203.0.113.7"}


def forwarded(n: int) -> dict:
    return {"HTTP_X_FORWARDED_FOR": f"198.51.100.{n}", **CLIENT}


def test_rotating_forwarded_for_gets_no_fresh_read_identity(client, settings):
    settings.API_THROTTLE_RATES = {"anonymous": "3/min", "partner": "100/min"}
    codes = [client.get("/api/v1/districts/", **forwarded(n)).status_code for n in range(6)]
    assert codes == [200, 200, 200, 429, 429, 429]
    limited = client.get("/api/v1/districts/", **forwarded(99))
    assert 0 < int(limited["Retry-After"]) <= 60


@pytest.fixture
def submission():
    district = DistrictFactory()
    return {
        "kind": "need",
        "title": "Ein Treffpunkt fehlt",
        "description": "Im Quartier fehlt ein Treffpunkt für ältere Menschen.",
        "district": district.slug,
    }


def test_rotating_forwarded_for_gets_no_fresh_hand_in_identity(client, settings, submission):
    settings.HANDIN_THROTTLE_RATE = "10/hour"
    codes = [
        client.post(
            "/api/v1/submissions/", submission, content_type="application/json", **forwarded(n)
        ).status_code
        for n in range(12)
    ]
    assert codes == [201] * 10 + [429] * 2


def test_behind_a_trusted_proxy_the_address_it_reports_counts(client, settings):
    settings.API_THROTTLE_RATES = {"anonymous": "2/min", "partner": "100/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    # The proxy appends the address it saw; whatever the client sent stands before it.
    for spoofed in ("1.1.1.1", "2.2.2.2"):
        header = {"HTTP_X_FORWARDED_FOR": f"{spoofed}, 192.0.2.50", **proxy}
        assert client.get("/api/v1/districts/", **header).status_code == 200
    header = {"HTTP_X_FORWARDED_FOR": "3.3.3.3, 192.0.2.50", **proxy}
    assert client.get("/api/v1/districts/", **header).status_code == 429
    other = {"HTTP_X_FORWARDED_FOR": "192.0.2.51", **proxy}
    assert client.get("/api/v1/districts/", **other).status_code == 200


def test_ipv6_clients_count_per_64_network(client, settings):
    settings.API_THROTTLE_RATES = {"anonymous": "2/min", "partner": "100/min"}
    codes = [
        client.get("/api/v1/districts/", REMOTE_ADDR=f"2001:db8:1:2::{n:x}").status_code
        for n in range(1, 4)
    ]
    assert codes == [200, 200, 429]
    assert client.get("/api/v1/districts/", REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


@pytest.fixture
def database_caches(settings):
    """The production default without Redis: the database cache, here with room for only
    a few entries so culling happens at once."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_cache_entries",
            "OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2},
        },
        "throttle": {
            **settings.CACHES.get("throttle", {}),
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_throttle_counters",
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        },
    }
    call_command("createcachetable", verbosity=0)
    settings.API_RESPONSE_CACHE_TIMEOUT = 600
    settings.API_THROTTLE_RATES = {"anonymous": "5/min", "partner": "100/min"}


def _cached_responses() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM test_cache_entries WHERE cache_key LIKE %s",
            [f"%{ANSWER_KEY_PREFIX}%"],
        )
        return cursor.fetchone()[0]


def test_junk_query_strings_neither_pass_the_limit_nor_fill_the_cache(client, database_caches):
    """Cache busters (`_`) are answered afresh, unknown parameters refused (400): the
    throttle counts both, the response cache keeps neither."""
    make_public(AlliancePage, title="Lesepaten")
    codes = [client.get(f"/api/v1/alliances/?_={n}", **CLIENT).status_code for n in range(3)]
    codes += [
        client.get(f"/api/v1/alliances/?junk{n}={n}", **CLIENT).status_code for n in range(3, 30)
    ]
    assert codes == [200] * 3 + [400] * 2 + [429] * 25
    assert _cached_responses() == 0
    other_client = {"REMOTE_ADDR": "203.0.113.8"}
    assert client.get("/api/v1/alliances/", **other_client).status_code == 200
    assert _cached_responses() == 1  # what a known query leaves


def test_a_culled_response_cache_keeps_the_counters(client, database_caches):
    make_public(AlliancePage, title="Lesepaten")
    # Known parameters with new values: answers are cached, and the cache culls.
    codes = [client.get("/api/v1/alliances/", {"q": f"wort{n}"}, **CLIENT) for n in range(30)]
    assert [response.status_code for response in codes] == [200] * 5 + [429] * 25
    assert all("Retry-After" in response for response in codes[5:])
    assert _cached_responses() > 0


@pytest.mark.parametrize("proxies", [None, 0, 1, 2, 5])
@pytest.mark.parametrize(
    "forwarded_for",
    [None, "", "192.0.2.50", "1.1.1.1, 192.0.2.50", " 1.1.1.1 ,2.2.2.2,  192.0.2.50 ", "junk, ,"],
)
def test_the_client_address_is_drfs_rule_read_from_meta(settings, rf, proxies, forwarded_for):
    from rest_framework.throttling import BaseThrottle

    from cms.client_ip import client_address

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    meta = {"REMOTE_ADDR": "10.0.0.2"}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    request = rf.get("/api/v1/districts/", **meta)
    assert client_address(request) == BaseThrottle().get_ident(request)
