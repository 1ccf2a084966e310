"""Every error status both APIs can answer has a German title (the README: German only in
the workflow API, German first in the partner API); Python's HTTPStatus is English."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.utils import translation

from cms.http_titles import status_title
from tests.workflow_testapp.factories import make_ticket, make_user

pytestmark = pytest.mark.django_db

ERROR_STATUSES = [status for status in HTTPStatus if status >= 400]


@pytest.mark.parametrize("status", ERROR_STATUSES, ids=lambda status: str(status.value))
def test_every_error_status_has_a_german_title(status):
    with translation.override("de"):
        title = status_title(status)
    assert title != status.phrase
    assert title.casefold() != status.phrase.casefold()
    with translation.override("en"):
        assert status_title(status)  # English on request, never empty


@pytest.fixture
def runner_client():
    client = Client(raise_request_exception=False)
    client.force_login(make_user("rosa.runner", runs=True))
    return client


def _transitions(ticket) -> str:
    return f"/workflow-api/v1/pages/{ticket.pk}/transitions/"


def test_workflow_api_status_titles_are_german(runner_client, settings):
    ticket = make_ticket()
    path = _transitions(ticket)
    cases = [
        (runner_client.get(path, HTTP_ACCEPT="application/xml"), 406, "Nicht annehmbar"),
        (runner_client.delete(path), 405, "Methode nicht erlaubt"),
        (
            runner_client.post(path, "<x/>", content_type="application/xml"),
            415,
            "Nicht unterstütztes Format",
        ),
    ]
    for response, status, title in cases:
        assert response.status_code == status, response.content
        assert response.json()["title"] == title


def test_partner_api_status_titles_are_german():
    client = Client(raise_request_exception=False)
    cases = [
        (client.get("/api/v1/alliances/", HTTP_ACCEPT="application/xml"), 406),
        (client.get("/api/v1/submissions/"), 405),
        (client.post("/api/v1/submissions/", "<x/>", content_type="application/xml"), 415),
    ]
    for response, status in cases:
        assert response.status_code == status, response.content
        title = response.json()["title"]
        assert title == status_title(status) != HTTPStatus(status).phrase
