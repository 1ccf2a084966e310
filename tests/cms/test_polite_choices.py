"""An invalid choice is told politely, in the "Sie" of every other message: Django's own
German ("Bitte eine gültige Auswahl treffen.") is overridden in locale/de
(cms/upstream_labels.py), for every choice field, on the site and in the API."""

import pytest
from django import forms
from django.utils import translation

from alliances.models import District
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

POLITE = "Bitte wählen Sie eine der angebotenen Möglichkeiten"
CHOICES = [("a", "A"), ("b", "B")]


def _fields():
    districts = District.objects.all()
    return {
        "ChoiceField": (forms.ChoiceField(choices=CHOICES), "x"),
        "TypedChoiceField": (forms.TypedChoiceField(choices=CHOICES), "x"),
        "MultipleChoiceField": (forms.MultipleChoiceField(choices=CHOICES), ["a", "x"]),
        "TypedMultipleChoiceField": (
            forms.TypedMultipleChoiceField(choices=CHOICES),
            ["a", "x"],
        ),
        "ModelChoiceField": (forms.ModelChoiceField(districts, to_field_name="slug"), "x"),
        "ModelMultipleChoiceField": (
            forms.ModelMultipleChoiceField(districts, to_field_name="slug"),
            ["neheim", "x"],
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "ChoiceField",
        "TypedChoiceField",
        "MultipleChoiceField",
        "TypedMultipleChoiceField",
        "ModelChoiceField",
        "ModelMultipleChoiceField",
    ],
)
def test_every_choice_field_refuses_politely_and_names_the_value(name):
    DistrictFactory(slug="neheim", name="Neheim")
    field, value = _fields()[name]
    with translation.override("de"):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(value)
        message = refused.value.messages[0]
    assert message.startswith(POLITE), message
    assert "Bitte eine" not in message
    if name != "ModelChoiceField":  # Django's message of it names no value
        assert "„x“" in message


@pytest.mark.parametrize("field", [forms.MultipleChoiceField, forms.TypedMultipleChoiceField])
def test_a_list_where_one_is_expected_is_asked_for_politely(field):
    with translation.override("de"), pytest.raises(forms.ValidationError) as refused:
        field(choices=CHOICES).clean("a")
    assert refused.value.messages == ["Bitte geben Sie eine Liste von Werten an."]


def test_a_site_form_says_it_politely(client):
    DistrictFactory(slug="huesten", name="Hüsten")
    response = client.post(
        "/mitmachen/melden/",
        {
            "kind": "wunsch",
            "title": "Kein Schatten am Spielplatz",
            "description": "Am Spielplatz in Hüsten gibt es im Sommer keinen Schatten.",
            "district": "mond",
        },
    )
    assert response.status_code == 400
    assert response.text.count(POLITE) >= 2  # the kind and the district
    assert "Bitte eine gültige Auswahl" not in response.text


def test_the_api_says_it_politely(client):
    response = client.get("/api/v1/alliances/?stage=verschollen")
    assert response.status_code == 400
    assert response.json()["errors"]["stage"][0].startswith(POLITE)
    assert "„verschollen“" in response.json()["errors"]["stage"][0]
