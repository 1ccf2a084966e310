"""Every 429 of both APIs says in our words, German by default and English on request
(Accept-Language: en, under /api/), how long to wait (up to 90 seconds in seconds, up
to 90 minutes in minutes, beyond in hours), and sends the whole seconds as
`Retry-After`; never DRF's "Request was throttled. Expected available in …"."""

import re

import pytest
from django.test import Client
from django.utils import translation

from cms.drf_messages import Throttled
from tests.api.handins.test_handin_limit import ENDPOINTS
from tests.factories import DistrictFactory
from tests.workflow_testapp.factories import make_ticket, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

# Every limit in these tests is per hour: the wait is about an hour, said in minutes.
GERMAN = re.compile(r"Zu viele Anfragen\. Bitte versuchen Sie es in etwa (\d+) Minuten erneut\.")
ENGLISH = re.compile(r"Too many requests\. Please try again in about (\d+) minutes\.")


def _assert_429(response, pattern):
    assert response.status_code == 429, response.content
    body = response.json()
    assert body["status"] == 429
    match = pattern.fullmatch(body["detail"])
    assert match, body["detail"]
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert int(match.group(1)) == round(int(response["Retry-After"]) / 60)
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


@pytest.mark.parametrize(
    ("wait", "german", "english"),
    [
        (90, "in 90 Sekunden erneut", "in 90 seconds."),
        (91, "in etwa 2 Minuten erneut", "in about 2 minutes."),
        (2332, "in etwa 39 Minuten erneut", "in about 39 minutes."),
        (5400, "in etwa 90 Minuten erneut", "in about 90 minutes."),
        (5401, "in etwa 2 Stunden erneut", "in about 2 hours."),
        (86400, "in etwa 24 Stunden erneut", "in about 24 hours."),
    ],
)
def test_a_long_wait_is_said_in_minutes_or_hours_and_retry_after_in_seconds(wait, german, english):
    for language, expected in (("de", german), ("en", english)):
        with translation.override(language):
            error = Throttled(wait=wait)
        assert expected in str(error.detail), str(error.detail)
        assert error.wait == wait  # Retry-After: whole seconds
