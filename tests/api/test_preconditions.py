"""If-Match and If-Unmodified-Since on the partner API's GETs (RFC 9110 13.1.1, 13.1.4),
evaluated in the order of 13.2.2 before If-None-Match and If-Modified-Since: a failed one is
a German 412 in the API's error shape, from the response cache and without it alike."""

import time

import pytest
from django.utils.http import http_date

from alliances.models import AlliancePage
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


def _assert_412(response):
    assert response.status_code == 412, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": 412,
        "title": "Vorbedingung nicht erfüllt",
        "detail": (
            "Die Antwort hat sich geändert: sie entspricht nicht mehr „If-Match“ oder "
            "„If-Unmodified-Since“."
        ),
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
        _assert_412(client.get(path, HTTP_IF_UNMODIFIED_SINCE=http_date(0)))
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


def test_the_schema_documents_the_412(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    for path in ["/api/v1/alliances/", "/api/v1/alliances/{slug}/"]:
        responses = schema["paths"][path]["get"]["responses"]
        assert "412" in responses
        assert "If-Match" in responses["412"]["description"]
    assert "412" not in schema["paths"]["/api/v1/submissions/"]["post"]["responses"]
