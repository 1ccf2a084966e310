"""API messages show a value as the client sent it, never as Python writes it, and say
what to send instead (break test 2, F7)."""

import json

import pytest
from django.test import Client

from alliances.models import AlliancePage
from alliances.stages import AllianceStage
from tests.factories import DistrictFactory, make_page

pytestmark = pytest.mark.django_db

PYTHON_REPR = ("['", "{'", "True", "False", "None")


@pytest.fixture
def client(settings):
    settings.HANDIN_THROTTLE_RATE = "1000/min"
    return Client()


def _errors(client, path, body) -> dict:
    response = client.post(path, json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    text = json.dumps(errors, ensure_ascii=False)
    assert not any(marker in text for marker in PYTHON_REPR), text
    return errors


@pytest.mark.parametrize("kind", [["need"], {"need": 1}, True, 1, None])
def test_a_choice_sent_as_a_list_or_object_says_to_send_one_value(client, kind):
    DistrictFactory(slug="neheim")
    body = {"kind": kind, "title": "Bank am Markt", "description": "x" * 30, "district": "neheim"}
    errors = _errors(client, "/api/v1/submissions/", body)
    assert errors["kind"] == [
        "Bitte senden Sie einen dieser Werte als Text (eine JSON-Zeichenkette): need, opportunity."
    ]


def test_an_unknown_choice_is_shown_as_sent(client):
    DistrictFactory(slug="neheim")
    body = {
        "kind": "bedarf",
        "title": "Bank am Markt",
        "description": "x" * 30,
        "district": "neheim",
    }
    errors = _errors(client, "/api/v1/submissions/", body)
    assert errors["kind"] == [
        "Bitte wählen Sie einen der angebotenen Werte; „bedarf“ gehört nicht dazu."
    ]


@pytest.mark.parametrize(("consent", "shown"), [("true", '"true"'), (1, "1"), ("ja", '"ja"')])
def test_consent_as_text_says_a_json_true_is_needed(client, consent, shown):
    alliance = make_page(AlliancePage, title="Lesepaten", stage=AllianceStage.ACTIVE)
    body = {"name": "Rosa", "email": "rosa@example.org", "consent": consent}
    errors = _errors(client, f"/api/v1/alliances/{alliance.slug}/interest/", body)
    assert errors["consent"] == [
        "Bitte senden Sie die Einwilligung als JSON-Wert true (ohne Anführungszeichen); "
        f"gesendet wurde {shown}."
    ]
