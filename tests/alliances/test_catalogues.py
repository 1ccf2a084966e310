import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import (
    DistrictFactory,
    OrganisationFactory,
    PersonFactory,
    StandardFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

CATALOGUES = {
    "standard": (StandardFactory, "title"),
    "district": (DistrictFactory, "name"),
    "topic": (TopicFactory, "name"),
    "organisation": (OrganisationFactory, "name"),
    "person": (PersonFactory, "last_name"),
}


@pytest.mark.parametrize("model_name", list(CATALOGUES))
def test_catalogue_listing_search_and_filters(redaktion_client, model_name):
    factory, field = CATALOGUES[model_name]
    wanted, other = factory(), factory()
    url = reverse(f"wagtailsnippets_alliances_{model_name}:list")
    response = redaktion_client.get(url, {"q": getattr(wanted, field)})
    assert response.status_code == 200
    assert getattr(wanted, field) in response.text
    assert getattr(other, field) not in response.text


def test_standard_filter_by_kind(redaktion_client):
    law = StandardFactory(kind="law", title="Gesetzlicher Anspruch")
    goal = StandardFactory(kind="city_goal", title="Stadtziel Grün")
    url = reverse("wagtailsnippets_alliances_standard:list")
    response = redaktion_client.get(url, {"kind": "law"})
    assert law.title in response.text
    assert goal.title not in response.text


def test_redaktion_maintains_catalogues(redaktion_client):
    url = reverse("wagtailsnippets_alliances_district:add")
    response = redaktion_client.post(url, {"name": "Moosfelde", "slug": "moosfelde"})
    assert response.status_code == 302
    response = redaktion_client.post(url, {"name": "Moosfelde", "slug": "moosfelde"})
    assert response.status_code == 200  # duplicate: a form error, not a 500


def test_groups_and_their_permissions():
    kernteam, redaktion = Group.objects.get(name="Kernteam"), Group.objects.get(name="Redaktion")
    kernteam_perms = set(kernteam.permissions.values_list("codename", flat=True))
    redaktion_perms = set(redaktion.permissions.values_list("codename", flat=True))
    assert {"access_admin", "change_standard", "view_person", "add_person"} <= redaktion_perms
    assert {"change_person"} <= redaktion_perms  # names, age group, consent
    assert not {"delete_person", "view_person_contact"} & redaktion_perms
    assert redaktion_perms < kernteam_perms
    assert {"change_person", "view_person_contact"} <= kernteam_perms
    for group in (kernteam, redaktion):
        page_perms = set(group.page_permissions.values_list("permission__codename", flat=True))
        assert {"add_page", "change_page", "publish_page"} <= page_perms
