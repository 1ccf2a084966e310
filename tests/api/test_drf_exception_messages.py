"""Every DRF exception's own message, in German, is our Sie-form sentence that says what
to do, with „…“ quotes (DRF's catalogue said "Nicht gefunden.", "Methode \\"DELETE\\" nicht
erlaubt.", "Nicht unterstützter Medientyp …"): directly, and as both APIs answer it."""

import pytest
from django.test import Client
from django.utils import translation
from rest_framework import exceptions

from cms.drf_messages import Throttled
from tests.workflow_testapp.factories import make_ticket, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

NOT_FOUND = "Unter dieser Adresse gibt es nichts. Bitte prüfen Sie die Adresse."
METHOD = (
    "Die Methode „DELETE“ ist hier nicht erlaubt. Bitte verwenden Sie eine der Methoden, "
    "die der Header „Allow“ nennt."
)
MEDIA_TYPE = (
    "Der Inhaltstyp „text/plain“ wird hier nicht angenommen. Bitte senden Sie JSON mit dem "
    "Header „Content-Type: application/json“."
)
GERMAN = {
    exceptions.APIException: "Auf unserer Seite ist ein Fehler aufgetreten. Bitte "
    "versuchen Sie es später erneut.",
    exceptions.ParseError: "Die Anfrage ist fehlerhaft. Bitte prüfen Sie Adresse, Parameter "
    "und Inhalt der Anfrage.",
    exceptions.ValidationError: "Die Eingabe ist ungültig. Bitte prüfen Sie die in „errors“ "
    "genannten Angaben.",
    exceptions.AuthenticationFailed: "Die Zugangsdaten sind falsch. Bitte prüfen Sie Ihren "
    "Schlüssel oder melden Sie sich erneut an.",
    exceptions.NotAuthenticated: "Es wurden keine Zugangsdaten gesendet. Bitte melden Sie "
    "sich an oder senden Sie Ihren Schlüssel mit (im Header „X-API-Key“ der Partner-API, "
    "„Authorization: Token …“ der Workflow-API).",
    exceptions.PermissionDenied: "Dafür fehlt Ihnen die Berechtigung. Bitte wenden Sie sich "
    "an das Kernteam, wenn Sie sie brauchen.",
    exceptions.NotFound: NOT_FOUND,
    exceptions.NotAcceptable: "Diese Antwort gibt es nur als JSON. Bitte senden Sie „Accept: "
    "application/json“ oder keinen Header „Accept“.",
    exceptions.Throttled: "Zu viele Anfragen. Bitte versuchen Sie es später erneut.",
}


@pytest.mark.parametrize("exception", sorted(GERMAN, key=lambda cls: cls.__name__))
def test_every_drf_exception_says_in_german_what_to_do(exception):
    with translation.override("de"):
        detail = exception().detail
        text = str(detail[0] if isinstance(detail, list) else detail)
    assert text == GERMAN[exception]
    assert "Bitte" in text and " du " not in text.lower()


def test_the_two_that_name_what_was_sent_quote_it():
    with translation.override("de"):
        assert str(exceptions.MethodNotAllowed("DELETE").detail) == METHOD
        assert str(exceptions.UnsupportedMediaType("text/plain").detail) == MEDIA_TYPE
        assert str(Throttled(wait=None).detail) == GERMAN[exceptions.Throttled]


def test_the_partner_api_answers_them(client):
    response = client.post("/api/v1/submissions/", "x", content_type="text/plain")
    assert (response.status_code, response.json()["detail"]) == (415, MEDIA_TYPE)
    response = client.delete("/api/v1/alliances/")
    assert (response.status_code, response.json()["detail"]) == (405, METHOD)
    for path in ["/api/v1/alliances/nope/", "/api/v1/nirgends/"]:  # a lookup, an address
        assert client.get(path).json()["detail"] == NOT_FOUND, path
    response = client.post(
        "/api/v1/submissions/", b'{"a": "\xff"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Der Inhalt ist kein gültiger Text in der Kodierung „UTF-8“. Bitte senden Sie ihn in "
        "UTF-8 kodiert."
    )


def test_the_workflow_api_answers_them():
    ticket = make_ticket()
    path = f"/workflow-api/v1/pages/{ticket.pk}/transitions/"
    anonymous = Client().get(path).json()["detail"]
    assert anonymous == GERMAN[exceptions.NotAuthenticated]
    client = Client()
    client.force_login(make_user("rosa.runner", runs=True))
    assert client.delete(path).json()["detail"] == METHOD
    response = client.post(path, "x", content_type="text/plain")
    assert (response.status_code, response.json()["detail"]) == (415, MEDIA_TYPE)
    assert client.get("/workflow-api/v1/nirgends/").json()["detail"] == NOT_FOUND
