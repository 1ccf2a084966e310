"""If-Match and If-Unmodified-Since on the partner API's GETs (RFC 9110 13.1.1, 13.1.4),
evaluated in the order of 13.2.2 before If-None-Match and If-Modified-Since: a failed one is
a German 412 in the API's error shape, from the response cache and without it alike."""

import time

import pytest
from django.utils.http import http_date

from alliances.models import AlliancePage
from tests.api.handins.test_handin_limit import ENDPOINTS, interest, stored
from tests.factories import DistrictFactory
from tests.factories.api import make_public

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[600, 0], ids=["cached", "uncached"])
def cache_timeout(request, settings):
    settings.API_RESPONSE_CACHE_TIMEOUT = request.param
    return request.param


@pytest.fixture
def paths():
    page = make_public(AlliancePage, title="Lesepaten")
    time.sleep(1.05 - time.time() % 1)  # a Last-Modified is given once its second is over
    return ["/api/v1/alliances/", f"/api/v1/alliances/{page.slug}/", "/api/v1/districts/"]


def _validators(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response["ETag"], response["Last-Modified"]


CHANGED = (
    "Die Antwort hat sich geändert: Das aktuelle Entity-Tag (ETag) der Antwort ist keines "
    "der in „If-Match“ genannten."
)
MODIFIED = "Die Antwort hat sich seit dem in „If-Unmodified-Since“ genannten Zeitpunkt geändert."
NO_ETAG = (
    "Die Antwort unter dieser Adresse hat kein Entity-Tag (ETag). Deshalb kann keines der in "
    "„If-Match“ genannten übereinstimmen, nur „*“."
)


def _assert_412(response, detail=CHANGED):
    assert response.status_code == 412, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": 412,
        "title": "Vorbedingung nicht erfüllt",
        "detail": detail,
    }


def test_if_match_is_compared_strongly(client, cache_timeout, paths):
    for path in paths:
        etag, _last_modified = _validators(client, path)
        for header in ['"other"', f"W/{etag}", '"a", "b"']:
            _assert_412(client.get(path, HTTP_IF_MATCH=header))
            _assert_412(client.get(path, HTTP_IF_MATCH=header))  # the cache's fast path
        for header in [etag, "*", f'"other", {etag}']:
            response = client.get(path, HTTP_IF_MATCH=header)
            assert response.status_code == 200, (path, header)
            assert response["ETag"] == etag


def test_if_unmodified_since_earlier_than_last_modified_is_a_412(client, cache_timeout, paths):
    for path in paths:
        etag, last_modified = _validators(client, path)
        _assert_412(client.get(path, HTTP_IF_UNMODIFIED_SINCE=http_date(0)), MODIFIED)
        for since in [last_modified, http_date(time.time() + 3600), "gestern"]:
            assert client.get(path, HTTP_IF_UNMODIFIED_SINCE=since).status_code == 200
        # With If-Match, If-Unmodified-Since is not evaluated (13.1.4).
        response = client.get(path, HTTP_IF_MATCH=etag, HTTP_IF_UNMODIFIED_SINCE=http_date(0))
        assert response.status_code == 200


def test_preconditions_come_before_if_none_match(client, cache_timeout, paths):
    for path in paths:
        etag, _last_modified = _validators(client, path)
        _assert_412(client.get(path, HTTP_IF_MATCH='"other"', HTTP_IF_NONE_MATCH=etag))
        both = client.get(path, HTTP_IF_MATCH=etag, HTTP_IF_NONE_MATCH=etag)
        assert both.status_code == 304


def test_a_failed_precondition_is_english_when_asked(client, paths):
    response = client.get(paths[0], HTTP_IF_MATCH='"other"', HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 412
    assert response.json()["title"] == "Precondition failed"


def test_an_error_answer_ignores_preconditions(client):
    response = client.get("/api/v1/alliances/nirgends/", HTTP_IF_MATCH='"other"')
    assert response.status_code == 404


def test_the_schema_documents_the_412_of_every_operation(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) > 20
    for path, method, operation in operations:
        responses = operation["responses"]
        assert "412" in responses, (path, method)
        assert "If-Match" in responses["412"]["description"]
        assert "ETag" in responses["412"]["description"]


# Answers without an ETag: the root, impact, the schema and its documentation page.
UNCACHED_GETS = ["/api/v1/", "/api/v1/impact/", "/api/v1/schema/", "/api/v1/docs/"]


def _every_get(client) -> list[str]:
    """Every GET under /api/v1/: the schema's, a public entry for each detail, and the
    answers the schema leaves out."""
    page = make_public(AlliancePage, title="Lesepaten")
    DistrictFactory(slug="neheim", name="Neheim")
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    paths = []
    for path, item in schema["paths"].items():
        if "get" not in item:
            continue
        if "{" in path:
            key = "slug" if "{slug}" in path else "id"
            listed = client.get(path.split("{")[0]).json()
            entries = listed["results"] if isinstance(listed, dict) else listed
            if not entries:
                continue  # an empty catalogue: its detail is a 404
            path = path.replace(f"{{{key}}}", str(entries[0][key]))
        paths.append(path)
    assert f"/api/v1/alliances/{page.slug}/" in paths
    assert "/api/v1/districts/neheim/" in paths
    return sorted(set(paths) | set(UNCACHED_GETS))


@pytest.mark.usefixtures("fresh_caches")
def test_if_match_naming_tags_fails_on_every_get_with_or_without_an_etag(client, cache_timeout):
    """RFC 9110 13.1.1: an answer without an ETag matches no listed tag; `*` matches any
    current answer. HEAD alike."""
    for path in _every_get(client):
        for method in (client.get, client.head):
            for header in ['"abc"', 'W/"abc"', '"abc", "def"']:
                response = method(path, HTTP_IF_MATCH=header)
                assert response.status_code == 412, (path, method, header)
                assert "Accept-Language" in response["Vary"]
                if method == client.get and path != "/api/v1/docs/":
                    _assert_412(response, NO_ETAG if path in UNCACHED_GETS else CHANGED)
            assert method(path, HTTP_IF_MATCH="*").status_code == 200, path
    for path in UNCACHED_GETS:
        assert not client.get(path).has_header("ETag"), path


def test_if_unmodified_since_is_ignored_where_no_last_modified_is_known(client):
    """13.1.4: without a Last-Modified there is nothing to compare; the header is ignored."""
    for path in UNCACHED_GETS:
        response = client.get(path, HTTP_IF_UNMODIFIED_SINCE=http_date(0))
        assert response.status_code == 200, path
        assert not response.has_header("Last-Modified")


def test_a_get_that_fails_for_another_reason_keeps_its_answer(client):
    """13.2.1: preconditions are ignored where the answer would not be a 2xx."""
    response = client.get("/api/v1/impact/?district=atlantis", HTTP_IF_MATCH='"abc"')
    assert response.status_code == 400
    assert client.get("/api/v1/nirgends/", HTTP_IF_MATCH='"abc"').status_code == 404


@pytest.mark.usefixtures("fresh_caches")
@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_a_hand_in_with_if_match_naming_tags_is_a_412_and_stores_nothing(
    client, alliance, endpoint
):
    DistrictFactory(slug="neheim", name="Neheim")
    url, body, created = ENDPOINTS[endpoint]
    for header in ['"abc"', 'W/"abc"']:
        response = client.post(
            url(alliance), body(1), content_type="application/json", HTTP_IF_MATCH=header
        )
        _assert_412(response, NO_ETAG)
    # Before the body is read: an unreadable one is not even looked at.
    response = client.post(url(alliance), "{", content_type="application/json", HTTP_IF_MATCH='"a"')
    assert response.status_code == 412
    assert stored() == 0
    response = client.post(
        url(alliance), body(2), content_type="application/json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == created, response.content
    assert stored() == 1


def test_a_sign_up_for_no_alliance_is_a_404_whatever_if_match_says(client):
    response = client.post(
        "/api/v1/alliances/nirgends/interest/",
        interest(1),
        content_type="application/json",
        HTTP_IF_MATCH='"abc"',
    )
    assert response.status_code == 404
