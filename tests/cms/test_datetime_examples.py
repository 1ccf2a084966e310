"""A moment that cannot be read is refused with an example of what is read there: the
admin's fields and report filters read the German format and ISO 8601, the partner API
ISO 8601 only (was: "Bitte geben Sie ein gültiges Datum mit Uhrzeit an.", no example)."""

import pytest
from django import forms
from django.utils import translation

from cms.localized_input import GermanDateTimeField
from cms.numbers import refuse_other_digits_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

ADMIN = "Bitte geben Sie ein Datum mit Uhrzeit an, wie 18.11.2026 14:30 (auch 2026-11-18T14:30)."
API = (
    "Bitte geben Sie ein Datum mit Uhrzeit in ISO 8601 an, wie 2026-11-18T14:30 (auch "
    "2026-11-18T14:30:00+01:00)."
)


def test_the_admins_field_gives_the_german_example_and_reads_both_it_names():
    with translation.override("de"):
        field = GermanDateTimeField()
        with pytest.raises(forms.ValidationError) as raised:
            field.clean("gestern")
        assert raised.value.messages == [ADMIN]
        assert field.clean("18.11.2026 14:30") == field.clean("2026-11-18T14:30")


def test_a_report_filters_moment_gives_it_too():
    field = forms.DateTimeField()
    refuse_other_digits_in([field])
    with translation.override("de"), pytest.raises(forms.ValidationError) as raised:
        field.clean("gestern")
    assert raised.value.messages == [ADMIN]


def test_the_api_gives_the_iso_example_and_reads_it(client):
    response = client.get("/api/v1/alliances/?updated_since=gestern")
    assert response.status_code == 400
    assert response.json()["errors"]["updated_since"] == [API]
    assert client.get("/api/v1/alliances/?updated_since=2026-11-18T14:30").status_code == 200
    refused = client.get("/api/v1/alliances/?updated_since=18.11.2026 14:30")
    assert refused.status_code == 400  # the German format is the admin's, not the API's
