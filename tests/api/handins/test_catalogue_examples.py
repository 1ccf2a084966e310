"""A catalogue field given a value of the wrong type says what belongs there with an
example of its own catalogue, taken from the catalogue when asked: an age group's example
is an age group, never a district's slug ("neheim" was every field's example), and a
catalogue without entries shows no example rather than one that is refused."""

import pytest

from alliances.models import AlliancePage, District
from alliances.stages import AllianceStage
from api.alerts.serializers import AlertSerializer
from api.handins.serializers import InterestSerializer, SubmissionSerializer
from api.schema import CatalogueSlugField, CatalogueSlugListField
from tests.factories import (
    AgeGroupFactory,
    CompetenceFactory,
    DistrictFactory,
    ResourceFactory,
    TopicFactory,
    make_page,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

# One entry per catalogue, each slug found in no other catalogue.
EXAMPLES = {
    "district": ("hüsten", "/api/v1/districts/"),
    "topic": ("pflege-und-alter", "/api/v1/topics/"),
    "agegroup": ("jugendliche", "/api/v1/age-groups/"),
    "competence": ("vorlesen", "/api/v1/competences/"),
    "resource": ("werkzeug", "/api/v1/resources/"),
}


@pytest.fixture
def catalogues():
    DistrictFactory(slug="hüsten", name="Hüsten")
    TopicFactory(slug="pflege-und-alter", name="Pflege und Alter")
    AgeGroupFactory(slug="jugendliche", name="Jugendliche")
    CompetenceFactory(slug="vorlesen", name="Vorlesen")
    ResourceFactory(slug="werkzeug", name="Werkzeug")


def _catalogue_fields(client):
    """(url, field name, catalogue) of every catalogue field of every POST body."""
    alliance = make_page(AlliancePage, title="Lesepaten", stage=AllianceStage.ACTIVE)
    endpoints = [
        ("/api/v1/submissions/", SubmissionSerializer),
        (f"/api/v1/alliances/{alliance.slug}/interest/", InterestSerializer),
        ("/api/v1/alerts/", AlertSerializer),
    ]
    for url, serializer_class in endpoints:
        for name, field in serializer_class().fields.items():
            if isinstance(field, CatalogueSlugListField):
                yield url, name, field.child_relation.queryset.model._meta.model_name
            elif isinstance(field, CatalogueSlugField):
                yield url, name, field.queryset.model._meta.model_name


def _message(client, url, name, value):
    response = client.post(url, {name: value}, content_type="application/json")
    assert response.status_code == 400
    return response.json()["errors"][name][0]


def test_every_catalogue_field_shows_an_example_of_its_own_catalogue(client, catalogues):
    fields = list(_catalogue_fields(client))
    assert {"age_group", "topics", "competences", "district", "resources"} <= {
        name for _url, name, _catalogue in fields
    }
    for url, name, catalogue in fields:
        example, list_url = EXAMPLES[catalogue]
        others = [slug for key, (slug, _url) in EXAMPLES.items() if key != catalogue]
        for wrong in ({"a": "b"}, 5, True):
            message = _message(client, url, name, wrong)
            assert example in message and f"GET {list_url}" in message, (url, name, message)
            assert not any(slug in message for slug in others), (url, name, message)
            assert "neheim" not in message


def test_the_example_follows_the_catalogue(client, catalogues):
    """Edited in the admin: the example is one that is there now."""
    url = "/api/v1/alerts/"
    assert '["hüsten"]' in _message(client, url, "districts", {"a": "b"})
    District.objects.all().delete()
    DistrictFactory(slug="wennigloh", name="Wennigloh")
    message = _message(client, url, "districts", {"a": "b"})
    assert message == (
        'Bitte geben Sie eine Liste von Kurznamen als Text an, z. B. ["wennigloh"] '
        "(die Liste der Kurznamen: GET /api/v1/districts/)."
    )


def test_an_empty_catalogue_shows_no_example(client):
    message = _message(client, "/api/v1/alerts/", "topics", 5)
    assert message == (
        "Bitte geben Sie eine Liste von Kurznamen als Text an "
        "(die Liste der Kurznamen: GET /api/v1/topics/)."
    )
