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


def test_what_people_offer_never_names_them_in_any_public_output(client, kernteam_client):
    """Issue 16: the catalogues, the `wanted` block and filter, the embed's "Wir suchen"
    and the alliance page's show catalogue names and counts; a person who did not agree to
    be contacted is not even suggested in the admin, and cannot be invited."""
    from alliances.matching import alliance_matching
    from alliances.models import AllianceServiceLink, ServiceRequirement
    from api.handins.models import Invitation
    from tests.factories import CompetenceFactory, DistrictFactory, ResourceFactory

    neheim = DistrictFactory(slug="neheim", name="Neheim")
    first_aid = CompetenceFactory(name="Erste Hilfe", slug="erste-hilfe")
    van = ResourceFactory(name="Transporter", slug="transporter")
    service = make_public(ServicePage, title="Besuche")
    ServiceRequirement.objects.create(service=service, competence=first_aid, quantity=2)
    ServiceRequirement.objects.create(service=service, resource=van)
    alliance = make_public(AlliancePage, title="Nachbarn Neheim", stage="forming")
    alliance.districts.set([neheim])
    AllianceServiceLink.objects.create(alliance=alliance, service=service)
    alliance.save_revision().publish()
    people = {}
    for first, contact in (("Karla", True), ("Norbert", False)):
        person = PersonFactory(
            first_name=first,
            last_name="Anbietend",
            email=f"{first.lower()}@privat.example.org",
            phone=f"0171 {len(first)}00",
            district=neheim,
            contact_consent=contact,
            public_name_consent=False,
        )
        person.offered_competences = [first_aid]
        person.offered_resources = [van]
        person.save()
        people[first] = person

    outputs = [
        client.get("/api/v1/competences/").text,
        client.get("/api/v1/competences/erste-hilfe/").text,
        client.get("/api/v1/resources/").text,
        client.get("/api/v1/resources/transporter/").text,
        client.get(f"/api/v1/alliances/{alliance.slug}/").text,
        client.get("/api/v1/alliances/?stage=all&wanted_competence=erste-hilfe").text,
        client.get("/embed/alliances/?view=wanted&district=neheim").content.decode(),
        client.get(alliance.url).content.decode(),
        client.get(f"{alliance.url}?bringe=erste-hilfe").content.decode(),
        client.get(f"/mitmachen/allianz/{alliance.slug}/?bringe=transporter").content.decode(),
    ]
    everything = "\n".join(outputs)
    # They do say what is wanted (so the absence below means something).
    assert "Nachbarn Neheim" in outputs[5] and "Erste Hilfe" in outputs[4]
    assert all("Erste Hilfe" in text for text in outputs[6:9])
    for person in people.values():
        for secret in (person.first_name, person.last_name, person.email, person.phone):
            assert secret not in everything, secret

    suggested = [s.offerer.name for s in alliance_matching(alliance).suggestions]
    assert suggested == ["Karla Anbietend"]
    kernteam_client.post(
        "/admin/invitations/new/", {"alliance": alliance.pk, "person": people["Norbert"].pk}
    )
    assert not Invitation.objects.filter(person=people["Norbert"]).exists()
