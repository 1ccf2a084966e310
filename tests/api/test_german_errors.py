"""Every error a partner or citizen can get from the APIs is German ("Sie"), names the
field, and never shows internal names (break test, item 6). English on request
(Accept-Language: en) under /api/, which negotiates; the workflow API is German only."""

import json
import re

import pytest
from django.test import Client

from alliances.models import AlliancePage
from alliances.stages import AllianceStage
from tests.factories import DistrictFactory, make_page
from tests.workflow_testapp.factories import make_ticket, make_user

pytestmark = pytest.mark.django_db

SUBMISSIONS = "/api/v1/submissions/"
TECHNICAL = re.compile(
    r"\bpk\b|slug=|Dictionary|\bstr\b|\blist\b|\bdict\b|JSON parse error|No data provided|"
    r"CSRF Failed|Expecting|\bGib\b|Stelle sicher|Nutze|Erwarte|erhielt"
)
ENGLISH = re.compile(r"\b(the|is|not|was|provided|expected|please|request)\b", re.IGNORECASE)


@pytest.fixture
def client(settings):
    settings.HANDIN_THROTTLE_RATE = "1000/min"
    settings.API_THROTTLE_RATES = {"anonymous": "1000/min", "partner": "1000/min"}
    return Client(raise_request_exception=False)


@pytest.fixture
def alliance():
    return make_page(AlliancePage, title="Lesepaten", stage=AllianceStage.ACTIVE)


def texts(body) -> list[str]:
    """Every message string of an error body (detail and everything under errors)."""
    found = [body["detail"]]

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        else:
            found.append(str(value))

    walk(body.get("errors", {}))
    return found


def assert_plain_german(response, status, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    if field is not None:
        assert field in body["errors"], body
    for text in texts(body):
        assert not TECHNICAL.search(text), text
        assert not ENGLISH.search(text), text
    return body


def post(client, path, raw, content_type="application/json", **headers):
    return client.generic("POST", path, raw, content_type=content_type, headers=headers)


@pytest.mark.parametrize(
    "raw",
    ["{bad", "NaN", '{"title": Infinity}', "[1", '{"a": "\\ud800"'],
    ids=["syntax", "nan", "infinity", "unclosed", "surrogate"],
)
def test_a_body_that_is_not_json_is_named_in_german(client, raw):
    body = assert_plain_german(post(client, SUBMISSIONS, raw), 400)
    assert "JSON" in body["detail"]


def test_a_body_in_another_encoding_is_named_in_german(client):
    raw = '{"title": "Straße"}'.encode("utf-16")
    response = post(client, SUBMISSIONS, raw, content_type="application/json; charset=utf-8")
    assert_plain_german(response, 400)


@pytest.mark.parametrize("raw", ["null", "[1]", '"text"', "3"])
def test_a_body_that_is_no_object_is_a_german_sentence(client, raw):
    body = assert_plain_german(post(client, SUBMISSIONS, raw), 400, "non_field_errors")
    assert "JSON-Objekt" in body["errors"]["non_field_errors"][0]


def test_an_empty_body_names_the_required_fields(client):
    body = assert_plain_german(post(client, SUBMISSIONS, ""), 400, "title")
    assert body["errors"]["title"] == ["Bitte füllen Sie dieses Feld aus."]


def test_a_wrong_content_type_is_german(client):
    response = post(client, SUBMISSIONS, "kind=need", content_type="text/plain")
    assert_plain_german(response, 415)


def test_a_body_over_the_limit_is_german(client, settings):
    raw = json.dumps({"kind": "need", "title": "x" * (settings.HANDIN_MAX_BYTES + 1)})
    body = assert_plain_german(post(client, SUBMISSIONS, raw), 413)
    assert body["detail"] == "Die Anfrage ist zu groß."


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", {"a": 1}),
        ("title", ["a"]),
        ("description", 7.5),
        ("kind", {"need": True}),
        ("district", ["neheim"]),
        ("district", "gibt-es-nicht"),
        ("district", 17),
    ],
)
def test_wrong_types_and_unknown_slugs_name_the_field(client, field, value):
    DistrictFactory(slug="neheim", name="Neheim")
    data = {"kind": "need", "title": "Ein Titel", "description": "d" * 30, "district": "neheim"}
    response = post(client, SUBMISSIONS, json.dumps({**data, field: value}))
    assert_plain_german(response, 400, field)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("email", "nope", "Bitte geben Sie eine gültige E-Mail-Adresse an."),
        (
            "competences",
            "abc",
            "Bitte geben Sie eine Liste von Kurznamen als Text an (die Liste der Kurznamen: "
            "GET /api/v1/competences/).",
        ),
        ("competences", {"a": 1}, None),
        (
            "competences",
            ["gibt-es-nicht"],
            "Bitte wählen Sie einen vorhandenen Eintrag; „gibt-es-nicht“ gibt es nicht.",
        ),
        ("message", "x" * 2001, "Bitte geben Sie höchstens 2000 Zeichen an."),
        ("consent", "vielleicht", None),
        ("name", None, None),
    ],
)
def test_sign_up_errors_are_plain_german(client, alliance, field, value, expected):
    data = {"name": "Eva", "email": "eva@example.org", "consent": True, field: value}
    path = f"/api/v1/alliances/{alliance.slug}/interest/"
    body = assert_plain_german(post(client, path, json.dumps(data)), 400, field)
    if expected:
        assert body["errors"][field] == [expected]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"period_from": "abc"}, "period_from"),
        ({"district": "x"}, "district"),
    ],
)
def test_query_errors_are_plain_german(client, query, field):
    assert_plain_german(client.get("/api/v1/impact/", query), 400, field)


def test_the_throttle_message_is_plain_german(client, settings):
    settings.API_THROTTLE_RATES = {"anonymous": "1/min", "partner": "1/min"}
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    client.get("/api/v1/districts/")
    body = assert_plain_german(client.get("/api/v1/districts/"), 429)
    assert "Sekunde" in body["detail"]
    for cache in caches.all():
        cache.clear()


def test_english_when_asked(client):
    response = post(client, SUBMISSIONS, "{bad", **{"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.json()["detail"] == "The body is not valid JSON (line 1, column 2)."
    response = post(client, SUBMISSIONS, "", **{"Accept-Language": "en"})
    assert response.json()["errors"]["title"] == ["This field is required."]


def test_workflow_api_session_without_csrf_is_german():
    ticket = make_ticket()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("rosa.runner", runs=True))
    path = f"/workflow-api/v1/pages/{ticket.pk}/transitions/"
    response = client.post(path, {"transition": "start"}, content_type="application/json")
    assert_plain_german(response, 403)
    assert "CSRF" in response.json()["detail"]  # the name a developer searches for


@pytest.mark.parametrize(
    ("assignee", "expected"),
    [
        (999999, "Bitte wählen Sie einen vorhandenen Eintrag; „999999“ gibt es nicht."),
        ("abc", "Bitte geben Sie eine Zahl an."),
    ],
)
def test_workflow_api_unknown_assignee_is_german(assignee, expected):
    ticket = make_ticket()
    client = Client()
    client.force_login(make_user("rosa.runner", runs=True))
    path = f"/workflow-api/v1/pages/{ticket.pk}/transitions/"
    data = {"transition": "start", "assignee": assignee}
    response = client.post(path, data, content_type="application/json")
    body = assert_plain_german(response, 400, "assignee")
    assert body["errors"]["assignee"] == [expected]


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("EmailField", "Bitte geben Sie eine gültige E-Mail-Adresse an."),
        ("URLField", "Bitte geben Sie eine gültige Adresse (URL) an."),
    ],
)
def test_the_admin_forms_share_the_wording(field, expected):
    """Django's forms use the same msgids as DRF: the admin's person and webhook forms
    said "Gib …" (DRF's du-form catalogue won); ours wins now."""
    from django import forms
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("de"), pytest.raises(ValidationError) as error:
        (
            forms.URLField(assume_scheme="https") if field == "URLField" else forms.EmailField()
        ).clean("x y")
    assert error.value.messages == [expected]
