"""Every 429 of both APIs says in our words, German by default and English on request
(Accept-Language: en, under /api/), how many whole seconds to wait, and sends that
number as `Retry-After`; never DRF's "Request was throttled. Expected available in …"."""

import re

import pytest
from django.test import Client
from django.utils import translation

from cms.drf_messages import Throttled
from tests.api.handins.test_handin_limit import ENDPOINTS
from tests.factories import DistrictFactory
from tests.workflow_testapp.factories import make_ticket, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

GERMAN = re.compile(r"Zu viele Anfragen\. Bitte versuchen Sie es in (\d+) Sekunden? erneut\.")
ENGLISH = re.compile(r"Too many requests\. Please try again in (\d+) seconds?\.")


def _assert_429(response, pattern):
    assert response.status_code == 429, response.content
    body = response.json()
    assert body["status"] == 429
    match = pattern.fullmatch(body["detail"])
    assert match, body["detail"]
    assert response["Retry-After"] == match.group(1)
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert "throttled" not in body["detail"] and "Expected" not in body["detail"]
    return body


@pytest.mark.parametrize(("language", "pattern"), [("de", GERMAN), ("en", ENGLISH)])
def test_the_read_limit_says_in_whole_seconds_when_to_try_again(
    client, settings, language, pattern
):
    settings.API_THROTTLE_RATES = {"anonymous": "1/hour", "partner": "1/hour"}
    client.get("/api/v1/districts/")
    response = client.get("/api/v1/districts/", HTTP_ACCEPT_LANGUAGE=language)
    _assert_429(response, pattern)
    assert response["Content-Language"] == language


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
@pytest.mark.parametrize(("language", "pattern"), [("de", GERMAN), ("en", ENGLISH)])
def test_the_hand_in_limit_says_it_alike(client, settings, alliance, endpoint, language, pattern):
    settings.HANDIN_THROTTLE_RATE = "1/hour"
    DistrictFactory(slug="neheim", name="Neheim")
    url, body, created = ENDPOINTS[endpoint]
    first = client.post(url(alliance), body(1), content_type="application/json")
    assert first.status_code == created
    response = client.post(
        url(alliance), body(2), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )
    _assert_429(response, pattern)


def test_the_workflow_api_says_it_in_german(settings):
    settings.WORKFLOW_API_THROTTLE_RATE = "1/hour"
    ticket = make_ticket()
    client = Client()
    client.force_login(make_user("rosa.runner", runs=True))
    path = f"/workflow-api/v1/pages/{ticket.pk}/transitions/"
    assert client.get(path).status_code == 200
    _assert_429(client.get(path), GERMAN)


@pytest.mark.parametrize(
    ("wait", "german", "english"),
    [
        (0.2, "in 1 Sekunde erneut", "in 1 second."),
        (1, "in 1 Sekunde erneut", "in 1 second."),
        (1.01, "in 2 Sekunden erneut", "in 2 seconds."),
        (59.5, "in 60 Sekunden erneut", "in 60 seconds."),
    ],
)
def test_the_wait_is_rounded_up_to_whole_seconds(wait, german, english):
    for language, expected in (("de", german), ("en", english)):
        with translation.override(language):
            error = Throttled(wait=wait)
        assert expected in str(error.detail)
        assert error.wait == int(expected.split()[1])
