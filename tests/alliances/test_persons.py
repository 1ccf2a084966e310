import pytest
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _urls(person):
    return [
        reverse("wagtailsnippets_alliances_person:list"),
        reverse("wagtailsnippets_alliances_person:list") + "?q=" + person.last_name,
        reverse("wagtailsnippetchoosers_alliances_person:choose"),
    ]


def test_redaktion_sees_names_but_never_contact_data(redaktion_client):
    person = PersonFactory(email="marlene@privat.example.org", phone="0170 5551234")
    for url in _urls(person):
        response = redaktion_client.get(url)
        assert response.status_code == 200, url
        assert person.last_name in response.text
        assert "marlene@privat.example.org" not in response.text
        assert "0170 5551234" not in response.text
    edit = reverse("wagtailsnippets_alliances_person:edit", args=[person.pk])
    response = redaktion_client.get(edit)
    assert response.status_code == 302
    assert "marlene@privat.example.org" not in response.text


def test_redaktion_cannot_change_persons(redaktion_client):
    person = PersonFactory()
    url = reverse("wagtailsnippets_alliances_person:edit", args=[person.pk])
    response = redaktion_client.post(
        url, {"first_name": "Neu", "last_name": "Name", "email": "x@example.org"}
    )
    person.refresh_from_db()
    assert response.status_code in (302, 403)
    assert person.first_name != "Neu"
    assert person.email != "x@example.org"
    add = reverse("wagtailsnippets_alliances_person:add")
    assert redaktion_client.get(add).status_code in (302, 403)


def test_kernteam_sees_and_edits_contact_data(kernteam_client):
    person = PersonFactory(email="marlene@privat.example.org", phone="0170 5551234")
    url = reverse("wagtailsnippets_alliances_person:edit", args=[person.pk])
    response = kernteam_client.get(url)
    assert "marlene@privat.example.org" in response.text
    assert "0170 5551234" in response.text
    response = kernteam_client.post(
        url,
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": "neu@privat.example.org",
            "phone": "",
            "public_name_consent": "",
            "public_name_consent_on": "",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "neu@privat.example.org"


def test_consent_needs_a_date(kernteam_client):
    person = PersonFactory()
    url = reverse("wagtailsnippets_alliances_person:edit", args=[person.pk])
    response = kernteam_client.post(
        url,
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "public_name_consent": "on",
            "public_name_consent_on": "",
        },
    )
    assert response.status_code == 200
    assert "Datum des Einverständnisses" in response.text
    person.refresh_from_db()
    assert not person.public_name_consent


def test_public_name_only_with_consent():
    assert PersonFactory(public_name_consent=False).public_name is None
    person = PersonFactory(first_name="Ayşe", last_name="Demir", public_name_consent=True)
    assert person.public_name == "Ayşe Demir"
