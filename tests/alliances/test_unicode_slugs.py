"""Slugs are Unicode everywhere (README): catalogue entries too, and the API's and the site's
filters find them."""

import pytest
from django.urls import reverse

from alliances.models import AlliancePage, District, Organisation, Topic
from tests.factories import DistrictFactory
from tests.factories.api import make_public

pytestmark = pytest.mark.django_db


def test_the_admin_takes_a_unicode_slug_for_a_district(kernteam_client):
    response = kernteam_client.post(
        reverse("wagtailsnippets_alliances_district:add"),
        {"name": "Ünterdorf", "slug": "ünterdorf"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert District.objects.filter(slug="ünterdorf").exists()


@pytest.mark.parametrize("model", [District, Topic, Organisation])
def test_every_catalogue_slug_field_allows_unicode(model):
    assert model._meta.get_field("slug").allow_unicode


@pytest.fixture
def in_uenterdorf():
    district = DistrictFactory(name="Ünterdorf", slug="ünterdorf")
    there = make_public(AlliancePage, title="Dorfladen Ünterdorf")
    there.districts.set([district])
    there.save_revision().publish()
    make_public(AlliancePage, title="Anderswo")
    return there


def test_the_api_filters_by_a_unicode_district_slug(client, in_uenterdorf):
    response = client.get("/api/v1/alliances/", {"district": "ünterdorf"})
    assert response.status_code == 200, response.content
    assert [a["slug"] for a in response.json()["results"]] == [in_uenterdorf.slug]
    percent_encoded = client.get("/api/v1/alliances/?district=%C3%BCnterdorf")
    assert [a["slug"] for a in percent_encoded.json()["results"]] == [in_uenterdorf.slug]


def test_the_site_filters_by_a_unicode_district_slug(client, in_uenterdorf):
    html = client.get("/allianzen/?district=%C3%BCnterdorf").text
    assert "Dorfladen Ünterdorf" in html and "Anderswo" not in html


def test_the_api_serves_a_catalogue_entry_by_its_unicode_slug(client, in_uenterdorf):
    response = client.get("/api/v1/districts/%C3%BCnterdorf/")
    assert response.status_code == 200, response.content
    assert response.json()["slug"] == "ünterdorf"


def test_a_unicode_slug_in_bringe_ticks_the_entry(client):
    from alliances.models import AllianceServiceLink, ServicePage, ServiceRequirement
    from tests.factories import CompetenceFactory

    first_aid = CompetenceFactory(name="Ärztliche Hilfe", slug="ärztliche-hilfe")
    service = make_public(ServicePage, title="Besuche")
    ServiceRequirement.objects.create(service=service, competence=first_aid, quantity=2)
    alliance = make_public(AlliancePage, title="Nachbarn", stage="forming")
    AllianceServiceLink.objects.create(alliance=alliance, service=service)
    alliance.save_revision().publish()
    html = client.get(f"{alliance.url}?bringe=%C3%A4rztliche-hilfe").content.decode()
    import re

    assert re.search(r'<input[^>]*value="ärztliche-hilfe"[^>]*checked', html)
