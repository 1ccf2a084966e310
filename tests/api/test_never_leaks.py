"""Nothing that is not public ever leaves the API, in lists, details, filters or search."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from alliances.models import AllianceIndexPage, AlliancePage, NeedPage, OpportunityPage, ServicePage
from tests.factories import PersonFactory, UserFactory, add_member, make_page
from tests.factories.api import PUBLIC_STAGE, link_item, link_service, make_public, set_stage

pytestmark = pytest.mark.django_db

RESOURCES = {
    "alliances": AlliancePage,
    "services": ServicePage,
    "needs": NeedPage,
    "opportunities": OpportunityPage,
}


def visible_slugs(client, resource, **params):
    response = client.get(f"/api/v1/{resource}/", {"stage": "all", **params})
    assert response.status_code == 200
    return {item["slug"] for item in response.json()["results"]}


def assert_hidden(client, resource, page):
    assert page.slug not in visible_slugs(client, resource)
    assert page.slug not in visible_slugs(client, resource, q=page.title)
    assert client.get(f"/api/v1/{resource}/{page.slug}/").status_code == 404


@pytest.mark.parametrize(("resource", "model"), RESOURCES.items())
def test_draft_never_published(client, resource, model):
    # As the admin creates a draft: not live, only a revision.
    page = make_page(model, title="Geheimer Entwurf", publish=False)
    set_stage(page, PUBLIC_STAGE[model])
    assert_hidden(client, resource, page)


@pytest.mark.parametrize(("resource", "model"), RESOURCES.items())
def test_unpublished_page(client, resource, model):
    page = make_public(model, title="Zurueckgezogen")
    assert page.slug in visible_slugs(client, resource)
    page.unpublish()
    assert_hidden(client, resource, page)


@pytest.mark.parametrize(("resource", "model"), RESOURCES.items())
def test_view_restricted_page(client, resource, model):
    page = make_public(model, title="Nur mit Passwort")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert_hidden(client, resource, page)


def test_children_of_a_restricted_page(client):
    page = make_public(AlliancePage, title="Unter Einschraenkung")
    other = make_public(AlliancePage, title="Offen")
    PageViewRestriction.objects.create(
        page=AllianceIndexPage.objects.get(), restriction_type=PageViewRestriction.LOGIN
    )
    assert_hidden(client, "alliances", page)
    assert_hidden(client, "alliances", other)


@pytest.mark.parametrize(("resource", "model"), RESOURCES.items())
def test_expired_page(client, resource, model):
    page = make_public(model, title="Abgelaufen")
    type(page).objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    assert_hidden(client, resource, page)


@pytest.mark.parametrize("model", [NeedPage, OpportunityPage])
@pytest.mark.parametrize(
    ("stage", "on_hold_from"),
    [("captured", ""), ("declined", ""), ("on_hold", "captured"), ("on_hold", "declined")],
)
def test_items_in_non_public_stages(client, model, stage, on_hold_from):
    resource = "needs" if model is NeedPage else "opportunities"
    page = make_public(model, title="Noch erfasst")
    set_stage(page, stage, on_hold_from=on_hold_from)
    assert_hidden(client, resource, page)


def test_item_on_hold_from_a_public_stage_is_visible(client):
    page = make_public(NeedPage, title="Pausiert")
    set_stage(page, "on_hold", on_hold_from="in_analysis")
    assert page.slug in visible_slugs(client, "needs")


@pytest.mark.parametrize(("model", "stage"), [(AlliancePage, "proposed"), (ServicePage, "draft")])
def test_alliances_and_services_in_non_public_stages(client, model, stage):
    resource = "alliances" if model is AlliancePage else "services"
    page = make_public(model, title="Noch nicht oeffentlich")
    set_stage(page, stage)
    assert_hidden(client, resource, page)


def test_hidden_pages_are_not_linked_from_public_details(client):
    alliance = make_public(AlliancePage, title="Sichtbar")
    service = make_public(ServicePage, title="Leistung")
    hidden_service = make_public(ServicePage, title="Entwurfsleistung", stage="draft")
    captured = make_public(NeedPage, title="Erfasster Bedarf", stage="captured")
    link_service(alliance, service)
    link_service(alliance, hidden_service)
    link_item(service, captured)

    alliance_text = client.get(f"/api/v1/alliances/{alliance.slug}/").text
    service_text = client.get(f"/api/v1/services/{service.slug}/").text

    assert "Entwurfsleistung" not in alliance_text
    assert "Erfasster Bedarf" not in service_text


def test_personal_data_and_internal_fields_never_appear(client):
    assignee = UserFactory(username="sachbearbeiterin", email="intern@stadt.example.org")
    alliance = make_public(AlliancePage, title="Nachbarschaftshilfe")
    set_stage(alliance, "active", assignee=assignee)
    need = make_public(NeedPage, title="Bedarf", priority=4, reporter_note="Seniorenbeirat")
    set_stage(need, "in_analysis", assignee=assignee)
    consenting = PersonFactory(
        first_name="Erna",
        last_name="Offen",
        email="erna@privat.example.org",
        phone="0171 111",
        public_name_consent=True,
    )
    private = PersonFactory(first_name="Paul", last_name="Verborgen", phone="0171 222")
    add_member(alliance, person=consenting)
    add_member(alliance, person=private)

    texts = [
        client.get("/api/v1/alliances/").text,
        client.get(f"/api/v1/alliances/{alliance.slug}/").text,
        client.get("/api/v1/needs/").text,
        client.get(f"/api/v1/needs/{need.slug}/").text,
    ]

    everything = "\n".join(texts)
    assert "Erna Offen" in everything  # consent given: the name, and nothing else
    for secret in [
        "erna@privat.example.org",
        "0171 111",
        "Paul",
        "Verborgen",
        "0171 222",
        private.email,
        "sachbearbeiterin",
        "intern@stadt.example.org",
        "Seniorenbeirat",
        '"priority"',
        '"assignee"',
        '"on_hold_from"',
        '"comments"',
        '"log"',
        '"capture_channel"',
        '"reported_by',
    ]:
        assert secret not in everything, secret
