import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

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
    assert response.status_code == 200  # the Redaktion edits names, never contact data
    assert "marlene@privat.example.org" not in response.text
    assert 'name="email"' not in response.text and 'name="phone"' not in response.text


def test_redaktion_changes_persons_but_never_their_contact_data(redaktion_client):
    person = PersonFactory(email="alt@privat.example.org")
    url = reverse("wagtailsnippets_alliances_person:edit", args=[person.pk])
    response = redaktion_client.post(
        url, {"first_name": "Neu", "last_name": "Name", "email": "x@example.org", **_no_consents()}
    )
    person.refresh_from_db()
    assert response.status_code == 302
    assert person.first_name == "Neu"
    assert person.email == "alt@privat.example.org"  # not in the form: a posted value is ignored
    # Redaktion may not delete persons (they may be members of alliances).
    delete = reverse("wagtailsnippets_alliances_person:delete", args=[person.pk])
    assert redaktion_client.post(delete).status_code in (302, 403)
    assert type(person).objects.filter(pk=person.pk).exists()


def test_redaktion_creates_a_person_without_contact_data(redaktion_client):
    from alliances.models import AgeGroup, Person

    age_group = AgeGroup.objects.create(name="Jugendliche", slug="jugendliche", sort_order=2)
    add = reverse("wagtailsnippets_alliances_person:add")
    form = redaktion_client.get(add)
    assert form.status_code == 200
    assert 'name="email"' not in form.text and 'name="phone"' not in form.text
    response = redaktion_client.post(
        add,
        nested_form_data(
            {
                "first_name": "Lina",
                "last_name": "Neu",
                "age_group": age_group.pk,
                "email": "lina@privat.example.org",
                "consents": inline_formset(
                    [
                        {
                            "purpose": "public_name",
                            "given_at": "18.11.2026 10:30",
                            "given_via": "form",
                        }
                    ]
                ),
            }
        ),
    )
    assert response.status_code == 302
    person = Person.objects.get(last_name="Neu")
    assert (person.age_group, person.public_name, person.email) == (age_group, "Lina Neu", "")
    [consent] = person.consents.all()
    assert (consent.given_via, timezone.localtime(consent.given_at).hour) == ("form", 10)


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
            **_no_consents(),
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "neu@privat.example.org"


def _no_consents():
    return nested_form_data({"consents": inline_formset([])})


def _consent_form(person, **consent):
    return nested_form_data(
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "consents": inline_formset([{"given_via": "admin", **consent}]),
        }
    )


def test_a_consent_cannot_be_withdrawn_before_it_was_given(kernteam_client):
    person = PersonFactory()
    url = reverse("wagtailsnippets_alliances_person:edit", args=[person.pk])
    form = _consent_form(
        person, purpose="voice", given_at="18.11.2026 10:00", withdrawn_at="17.11.2026 10:00"
    )
    response = kernteam_client.post(url, form)
    assert response.status_code == 200
    assert "kann nicht widerrufen werden, bevor sie erteilt wurde" in response.text
    assert not person.consents.exists()


def test_withdrawing_in_the_admin_records_when_and_how(kernteam_client):
    person = PersonFactory(public_name_consent=True)
    consent = person.consents.get()
    url = reverse("wagtailsnippets_alliances_person:edit", args=[person.pk])
    form = nested_form_data(
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "consents": inline_formset(
                [
                    {
                        "id": consent.pk,
                        "purpose": "public_name",
                        "given_at": "01.01.2026 10:00",
                        "given_via": "admin",
                        "withdrawn_at": "20.11.2026 09:15",
                        "withdrawn_via": "",
                    }
                ],
                initial=1,
            ),
        }
    )
    assert kernteam_client.post(url, form).status_code == 302
    consent.refresh_from_db()
    assert (consent.withdrawn_via, consent.active) == ("admin", False)
    assert PersonFactory._meta.model.objects.get(pk=person.pk).public_name is None


def test_public_name_only_with_consent():
    assert PersonFactory(public_name_consent=False).public_name is None
    assert PersonFactory(voice_consent=True, contact_consent=True).public_name is None
    person = PersonFactory(first_name="Ayşe", last_name="Demir", public_name_consent=True)
    assert person.public_name == "Ayşe Demir"
