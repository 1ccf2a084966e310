import time

import pytest
from django.db import connection
from django.utils.http import http_date

from alliances.models import AlliancePage
from api.process_cache import PROCESS_CACHE
from api.readmodel import services as readmodel
from api.throttling import LEASES
from tests.factories import DistrictFactory
from tests.factories.api import make_public, refreshed, set_stage, use_database_caches
from workflows.signals import stage_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def response_cache(settings):
    settings.API_RESPONSE_CACHE_TIMEOUT = 600
    settings.API_CACHE_MAX_AGE = 120


def titles(client, path="/api/v1/alliances/"):
    return [a["title"] for a in client.get(path).json()["results"]]


def settle():
    """Let the second of the last change pass: only then is Last-Modified given."""
    time.sleep(1.05 - time.time() % 1)


def test_validators_and_cache_control(client, response_cache):
    make_public(AlliancePage, title="Lesepaten")
    settle()
    response = client.get("/api/v1/alliances/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=120"
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert etag.startswith('"')

    assert client.get("/api/v1/alliances/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/v1/alliances/", HTTP_IF_NONE_MATCH='"other"').status_code == 200
    not_modified = client.get("/api/v1/alliances/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == etag
    assert client.get("/api/v1/alliances/", HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200


def test_detail_has_validators_too(client):
    page = make_public(AlliancePage, title="Lesepaten")
    settle()
    response = client.get(f"/api/v1/alliances/{page.slug}/")
    assert response["ETag"]
    assert response["Last-Modified"]
    assert (
        client.get(
            f"/api/v1/alliances/{page.slug}/", HTTP_IF_NONE_MATCH=response["ETag"]
        ).status_code
        == 304
    )


def test_cached_response_is_served_without_queries(
    client, response_cache, django_assert_num_queries
):
    make_public(AlliancePage, title="Lesepaten")
    client.get("/api/v1/alliances/?page_size=5&ordering=title")
    with django_assert_num_queries(0):
        response = client.get("/api/v1/alliances/?ordering=title&page_size=5")
    assert response.json()["results"][0]["title"] == "Lesepaten"


def test_publish_shows_in_the_next_response(client, response_cache):
    page = make_public(AlliancePage, title="Alter Titel")
    assert titles(client) == ["Alter Titel"]
    page.title = "Neuer Titel"
    page.save_revision().publish()
    assert titles(client) == ["Neuer Titel"]


def test_unpublish_delete_and_stage_change_invalidate(client, response_cache):
    first = make_public(AlliancePage, title="Eins")
    second = make_public(AlliancePage, title="Zwei")
    third = make_public(AlliancePage, title="Drei")
    assert titles(client) == ["Drei", "Eins", "Zwei"]
    first.unpublish()
    assert titles(client) == ["Drei", "Zwei"]
    second.delete()
    assert titles(client) == ["Drei"]
    set_stage(third, "paused")  # the runner writes the column and sends the signal
    stage_changed.send(
        sender=AlliancePage,
        instance=third,
        transition="pause",
        source="active",
        target="paused",
        by=None,
        comment="",
    )
    assert titles(client) == []


def test_catalogue_edit_invalidates(client, response_cache):
    district = DistrictFactory(name="Neheim", slug="neheim")
    assert {"slug": "neheim", "name": "Neheim"} in client.get("/api/v1/districts/").json()
    district.name = "Neheim-Hüsten"
    district.save()
    assert {"slug": "neheim", "name": "Neheim-Hüsten"} in client.get("/api/v1/districts/").json()


def test_cache_is_per_language(client, response_cache):
    make_public(AlliancePage, title="Lesepaten")
    german = client.get("/api/v1/alliances/", HTTP_ACCEPT_LANGUAGE="de").json()
    english = client.get("/api/v1/alliances/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert german["results"][0]["stage"]["label"] == "Aktiv"
    assert english["results"][0]["stage"]["label"] == "Active"


def test_no_request_header_skips_the_response_cache(client, response_cache):
    """The benchmark's old bypass header is gone from the request path: only a change
    (or API_RESPONSE_CACHE_TIMEOUT=0) makes an answer be computed afresh."""
    make_public(AlliancePage, title="Eins")
    assert titles(client) == ["Eins"]
    page = AlliancePage.objects.get(title="Eins")
    AlliancePage.objects.filter(pk=page.pk).update(title="Umbenannt")
    readmodel.page_changed([page.pk])  # the read model is told, the cache is not: stale
    for header in ("HTTP_X_BENCH_NO_CACHE", "HTTP_CACHE_CONTROL", "HTTP_PRAGMA"):
        answer = client.get("/api/v1/alliances/", **{header: "no-cache"}).json()
        assert [item["title"] for item in answer["results"]] == ["Eins"]


def test_weak_if_none_match_validates(client, response_cache):
    make_public(AlliancePage, title="Lesepaten")
    etag = client.get("/api/v1/alliances/")["ETag"]
    for header in (f"W/{etag}", f'"x", W/{etag}', "*"):
        assert client.get("/api/v1/alliances/", HTTP_IF_NONE_MATCH=header).status_code == 304
    assert client.get("/api/v1/alliances/", HTTP_IF_NONE_MATCH='W/"x"').status_code == 200


@pytest.mark.parametrize("since", ["gestern", "Sun, 99 Nov 2026 25:00:00 GMT", "0", ""])
def test_a_malformed_if_modified_since_is_ignored(client, response_cache, since):
    make_public(AlliancePage, title="Lesepaten")
    settle()
    assert client.get("/api/v1/alliances/", HTTP_IF_MODIFIED_SINCE=since).status_code == 200


def test_an_if_modified_since_in_the_future_is_ignored(client, response_cache):
    make_public(AlliancePage, title="Lesepaten")
    settle()
    tomorrow = http_date(time.time() + 86400)
    assert client.get("/api/v1/alliances/", HTTP_IF_MODIFIED_SINCE=tomorrow).status_code == 200


def test_a_change_in_the_same_second_never_gives_a_stale_304(client, response_cache):
    """Whatever the moment within a second: a client that revalidates with the
    Last-Modified it was given sees a change made after its copy."""
    page = make_public(AlliancePage, title="Lesepaten")
    for _ in range(3):
        first = client.get("/api/v1/alliances/")
        source = page.stage
        target = "paused" if source == "active" else "active"
        set_stage(page, target)
        page = refreshed(page)
        stage_changed.send(
            sender=AlliancePage,
            instance=page,
            transition="pause" if target == "paused" else "resume",
            source=source,
            target=target,
            by=None,
            comment="",
        )
        since = first.get("Last-Modified")
        if since is not None:
            again = client.get("/api/v1/alliances/", HTTP_IF_MODIFIED_SINCE=since)
            assert again.status_code == 200
        time.sleep(0.4)
    settle()
    last_modified = client.get("/api/v1/alliances/")["Last-Modified"]
    assert client.get("/api/v1/alliances/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/healthz",
        "/embed/alliances/",
        "/embed/alliances.js",
        "/embed/frame.js",
        "/embed/theme.css",
        "/api/v1/alliances/",
        "/api/v1/districts/",
        "/api/v1/schema/",
        "/api/v1/docs/",
        "/api/v1/impact/",
        "/",
    ],
)
def test_head_wherever_get_is_served(client, path):
    if path == "/healthz":
        from cms.health import heartbeat

        heartbeat()  # a worker ran: healthy (without one /healthz is 503 by design)
    get, head = client.get(path), client.head(path)
    assert get.status_code == 200
    assert head.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""


@pytest.fixture
def database_caches(settings):
    """The production default without Redis (cms.cache.DatabaseCache), in test tables."""
    use_database_caches(settings)


@pytest.mark.parametrize("caches", ["database", "test default"])
def test_a_request_the_cache_cannot_answer_counts_once(client, settings, request, caches):
    """The fast path counts the client while it reads; finding no answer, DRF's throttle
    takes that count instead of counting again."""
    if caches == "database":
        request.getfixturevalue("database_caches")
    settings.API_RESPONSE_CACHE_TIMEOUT = 600
    settings.API_THROTTLE_RATES = {"anonymous": "3/hour", "partner": "100/hour"}
    ip = {"REMOTE_ADDR": "192.0.2.77"}
    for size in (5, 6, 7):  # three answers no cache holds yet
        assert client.get(f"/api/v1/alliances/?page_size={size}", **ip).status_code == 200
    refused = client.get("/api/v1/alliances/?page_size=5", **ip)  # cached, but the fourth
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


@pytest.mark.parametrize("path", ["/api/v1/alliances/?page_size=5", "/api/v1/alliances/{slug}/"])
def test_queries_of_an_answer_on_the_database_cache(
    client, settings, database_caches, django_assert_num_queries, path
):
    """A cached answer: the client counted (a lease of two requests), the generation and
    the entry read, in one statement; then, kept in the process with a lease in hand, none.
    Computed afresh (the response cache off): the client counted and the generation read
    in one, its clock (whether a go-live or expiry passed under it) and the read model's
    queries, and nothing about a cache that is off."""
    page = make_public(AlliancePage, title="Lesepaten")
    path = path.format(slug=page.slug)
    settings.API_RESPONSE_CACHE_TIMEOUT = 600
    client.get(path)
    with django_assert_num_queries(1):
        cached = client.get(path)
    with django_assert_num_queries(0):
        assert client.get(path).content == cached.content
    PROCESS_CACHE.clear()
    with connection.cursor() as cursor:  # a miss: what the fast path read is not read
        cursor.execute("DELETE FROM test_answers WHERE cache_key LIKE '%answer%'")  # again
    # Counted and read, the read model's queries (a list counts, then takes its page), the
    # entry's set; the generation's clock is remembered in the process.
    missed_queries = 4 if "page_size" in path else 3
    with django_assert_num_queries(missed_queries):
        assert client.get(path).content == cached.content
    settings.API_RESPONSE_CACHE_TIMEOUT = 0
    LEASES.clear()
    fresh_queries = 3 if "page_size" in path else 2  # counted with the generation read
    with django_assert_num_queries(fresh_queries):
        fresh = client.get(path)
    assert cached.content == fresh.content
    client.get(path)  # counted again: a lease of one more
    with django_assert_num_queries(fresh_queries - 1):  # the generation vouched for, the
        assert client.get(path).content == fresh.content  # lease in hand: the read model's


def _headers(response) -> dict:
    return {name: value for name, value in response.items() if name not in ("Date", "Expires")}


@pytest.mark.parametrize("cached", [False, True])
def test_a_detail_asked_plainly_is_answered_as_drf_would_without_its_handling(
    client, settings, monkeypatch, cached
):
    """An anonymous GET of one entry without query string or other Accept than JSON:
    answered without DRF's request handling (nothing of it would change the answer), with
    the bytes and headers DRF's answer has; anything else still goes through DRF."""
    from rest_framework.views import APIView

    settings.API_RESPONSE_CACHE_TIMEOUT = 600 if cached else 0
    page = make_public(AlliancePage, title="Lesepaten")
    path = f"/api/v1/alliances/{page.slug}/"
    through_drf = client.get(path, HTTP_ACCEPT="application/json; indent=0")
    assert through_drf.status_code == 200
    PROCESS_CACHE.clear()
    handled = []
    real_initial = APIView.initial
    monkeypatch.setattr(
        APIView,
        "initial",
        lambda view, *args, **kwargs: handled.append(view) or real_initial(view, *args, **kwargs),
    )
    plain = client.get(path)
    assert handled == []
    assert plain.status_code == 200
    assert plain.content == through_drf.content
    assert _headers(plain) == _headers(through_drf)
    for other in (
        {"path": f"{path}?_=1"},  # a query string: checked by DRF
        {"path": path, "HTTP_ACCEPT": "text/html"},  # negotiated by DRF: a 406
        {"path": "/api/v1/alliances/no-such-alliance/"},  # DRF's 404 in the API's shape
        {"path": path, "HTTP_AUTHORIZATION": "Api-Key nope"},  # authenticated by DRF: 401/403
    ):
        handled.clear()
        response = client.get(**other)
        assert handled, other
        assert response["Content-Type"].startswith("application/"), other
    assert client.get("/api/v1/alliances/no-such-alliance/").json()["status"] == 404
    assert client.get(path, HTTP_ACCEPT="text/html").status_code == 406


def test_a_detail_asked_plainly_over_the_rate_is_drfs_429(client, settings):
    settings.API_RESPONSE_CACHE_TIMEOUT = 0
    settings.API_THROTTLE_RATES = {"anonymous": "2/hour", "partner": "100/hour"}
    page = make_public(AlliancePage, title="Lesepaten")
    path = f"/api/v1/alliances/{page.slug}/"
    assert [client.get(path).status_code for _ in range(3)] == [200, 200, 429]
    refused = client.get(path)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["status"] == 429
