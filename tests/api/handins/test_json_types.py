"""Every field of every POST body of the partner API, given a JSON value of the wrong type
(a list, an object, a number, true or false, null), says what type it expects: not that an
e-mail address is malformed, not "give a value". A number too large to read is said to be
that, not NaN or Infinity. Nothing is stored."""

import pytest
from django.core import mail
from rest_framework import serializers

from alliances.models import AlliancePage
from alliances.stages import AllianceStage
from api.alerts.models import AlertSubscription
from api.alerts.serializers import AlertSerializer
from api.fields import ConsentField, StrictChoiceField, StrictEmailField, TextField
from api.handins.models import InterestSignup
from api.handins.serializers import HoneypotField, InterestSerializer, SubmissionSerializer
from api.schema import CatalogueSlugField, CatalogueSlugListField
from tests.factories import make_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

TEXT = "Bitte geben Sie hier einen Text an."
# What each kind of field says to a value of the wrong type (its start).
EXPECTED = [
    (StrictEmailField, "Bitte geben Sie die E-Mail-Adresse als Text (eine JSON-Zeichenkette) an."),
    (TextField, TEXT),
    (HoneypotField, TEXT),
    (ConsentField, "Bitte senden Sie die Einwilligung als JSON-Wert true"),
    (StrictChoiceField, "Bitte senden Sie einen dieser Werte als Text (eine JSON-Zeichenkette):"),
    (CatalogueSlugField, "Bitte geben Sie einen Kurznamen als Text an"),
    (CatalogueSlugListField, "Bitte geben Sie eine Liste von Kurznamen als Text an"),
    (serializers.Serializer, "Bitte senden Sie ein JSON-Objekt mit den Feldern „"),
]
WRONG = {
    "a list": ["x@example.org"],
    "an object": {"a": "b"},
    "a number": 5,
    "a fraction": 1.5,
    "true": True,
    "false": False,
    "null": None,
}


@pytest.fixture
def endpoints():
    alliance = make_page(AlliancePage, title="Lesepaten", stage=AllianceStage.ACTIVE)
    return [
        ("/api/v1/submissions/", SubmissionSerializer),
        (f"/api/v1/alliances/{alliance.slug}/interest/", InterestSerializer),
        ("/api/v1/alerts/", AlertSerializer),
    ]


def _expected(field) -> str:
    for kind, message in EXPECTED:
        if isinstance(field, kind):
            return message
    raise AssertionError(f"no expectation for {type(field).__name__}: add one here")


def _accepts_type(field, value) -> bool:
    """Values of the right type (their own rules are tested elsewhere)."""
    if value is None:
        return field.allow_null
    if isinstance(field, ConsentField):
        return isinstance(value, bool)
    if isinstance(field, CatalogueSlugListField):
        return isinstance(value, list)
    if isinstance(field, serializers.Serializer):
        return isinstance(value, dict)
    return False


def _fields(serializer_class):
    """(path, field) of every field, the nested ones too."""
    for name, field in serializer_class().fields.items():
        yield (name,), field
        if isinstance(field, serializers.Serializer):
            for inner, nested in field.fields.items():
                yield (name, inner), nested


def _error(body, path):
    errors = body["errors"]
    for key in path:
        errors = errors[key]
    return errors["non_field_errors"][0] if isinstance(errors, dict) else errors[0]


def test_every_field_given_the_wrong_json_type_says_what_it_expects(client, endpoints):
    checked = 0
    for url, serializer_class in endpoints:
        for path, field in _fields(serializer_class):
            for kind, value in WRONG.items():
                if _accepts_type(field, value):
                    continue
                body = {path[0]: value} if len(path) == 1 else {path[0]: {path[1]: value}}
                response = client.post(url, body, content_type="application/json")
                assert response.status_code == 400, (url, path, kind)
                message = _error(response.json(), path)
                assert message.startswith(_expected(field)), (url, path, kind, message)
                checked += 1
    assert checked > 100
    assert not InterestSignup.objects.exists()
    assert not AlertSubscription.objects.exists()
    assert not mail.outbox


def test_a_list_for_an_e_mail_address_is_not_called_malformed(client, endpoints):
    response = client.post(
        endpoints[1][0], {"email": ["jan@privat.example.org"]}, content_type="application/json"
    )
    assert response.json()["errors"]["email"] == [
        "Bitte geben Sie die E-Mail-Adresse als Text (eine JSON-Zeichenkette) an."
    ]


@pytest.mark.parametrize("number", ["9" * 5000, "-" + "9" * 5000, "1e999", "-1e999", "1.5e400"])
def test_a_number_too_large_to_read_is_said_to_be_that(client, endpoints, number):
    for url, _serializer in endpoints:
        response = client.post(url, f'{{"name": {number}}}', content_type="application/json")
        assert response.status_code == 400
        assert response.json()["detail"] == (
            "Der Inhalt enthält eine Zahl, die zu groß ist, um sie zu lesen (mehr als 4300 "
            "Ziffern oder jenseits von 10^308). Kein Feld nimmt eine solche Zahl an: Ist sie "
            "als Text gemeint (etwa eine Telefonnummer), senden Sie sie bitte in "
            "Anführungszeichen als JSON-Zeichenkette."
        )


def test_a_large_number_that_can_be_read_is_the_wrong_type_of_its_field(client, endpoints):
    response = client.post(
        endpoints[1][0], '{"name": 1' + "0" * 400 + "}", content_type="application/json"
    )
    assert response.json()["errors"]["name"] == [TEXT]


def test_a_body_that_is_no_object_is_told_the_fields(client, endpoints):
    """Not "with the fields" (which?): each of them, by name."""
    for url, serializer_class in endpoints:
        names = [name for name, field in serializer_class().fields.items() if not field.read_only]
        for body in ("[]", '"text"', "5", "null"):
            response = client.post(url, body, content_type="application/json")
            assert response.status_code == 400, (url, body)
            message = response.json()["errors"]["non_field_errors"][0]
            assert message == "Bitte senden Sie ein JSON-Objekt mit den Feldern {}.".format(
                ", ".join(f"„{name}“" for name in names)
            ), (url, body, message)
