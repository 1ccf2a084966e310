"""JSON is UTF-8 (RFC 8259 8.1): a body declared in another charset is a 415 with one
German sentence and no field named, on every endpoint that reads a body (the hand-ins,
the workflow API); `charset=utf-8` in any case, quoted, or no charset passes, and so does
`us-ascii` (a subset of UTF-8) for a body of ASCII bytes (tests/cms/test_parsers.py)."""

import json

import pytest
from django.test import Client

from tests.api.handins.test_handin_limit import ENDPOINTS, stored
from tests.factories import DistrictFactory
from tests.workflow_testapp.factories import make_ticket, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

FOREIGN = ["latin-1", "ISO-8859-1", "utf-16", "windows-1252", "gibtsnicht", ""]
UTF8 = ["utf-8", "UTF-8", '"utf-8"', "Utf-8"]
DETAIL = (
    "Der Inhalt ist in einer anderen Zeichenkodierung als UTF-8 angegeben. JSON wird nur in "
    "UTF-8 gelesen: Bitte senden Sie ihn in UTF-8, mit „charset=utf-8“ oder ohne Angabe "
    "eines Zeichensatzes."
)


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    settings.HANDIN_THROTTLE_RATE = "1000/hour"


def _assert_415(response):
    assert response.status_code == 415, response.content
    assert response.json() == {
        "status": 415,
        "title": "Nicht unterstütztes Format",
        "detail": DETAIL,
    }


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_a_hand_in_declared_in_another_charset_is_a_415_and_stores_nothing(
    client, alliance, endpoint
):
    DistrictFactory(slug="neheim", name="Neheim")
    url, body, created = ENDPOINTS[endpoint]
    for n, charset in enumerate(FOREIGN):
        raw = json.dumps(body(n), ensure_ascii=False).encode("latin-1", errors="replace")
        response = client.generic(
            "POST", url(alliance), raw, content_type=f"application/json; charset={charset}"
        )
        _assert_415(response)
    assert stored() == 0
    for n, charset in enumerate(UTF8, start=len(FOREIGN)):
        raw = json.dumps(body(n), ensure_ascii=False).encode()
        response = client.generic(
            "POST", url(alliance), raw, content_type=f"application/json; charset={charset}"
        )
        assert response.status_code == created, (charset, response.content)
    raw = json.dumps(body(99), ensure_ascii=False).encode()
    response = client.generic("POST", url(alliance), raw, content_type="application/json")
    assert response.status_code == created, response.content


def test_the_415_is_english_when_asked(client):
    response = client.post(
        "/api/v1/submissions/",
        b"{}",
        content_type="application/json; charset=latin-1",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 415
    assert response.json()["detail"].startswith("The body is declared in an encoding other")


def test_the_workflow_api_refuses_another_charset_too():
    ticket = make_ticket()
    before = ticket.stage
    client = Client()
    client.force_login(make_user("rosa.runner", runs=True))
    path = f"/workflow-api/v1/pages/{ticket.pk}/transitions/"
    raw = json.dumps({"transition": "start", "comment": "Straße"}, ensure_ascii=False)
    response = client.generic(
        "POST", path, raw.encode("latin-1"), content_type="application/json; charset=latin-1"
    )
    _assert_415(response)
    ticket.refresh_from_db()
    assert ticket.stage == before
