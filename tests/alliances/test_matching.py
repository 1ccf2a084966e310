"""Explainable matching on crafted data: coverage, district and generation scoring, reasons,
consent, and a query count that does not grow with the number of candidates."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alliances.matching import (
    Context,
    Need,
    Offerer,
    alliance_matching,
    coverage,
    score,
    service_matching,
)
from alliances.models import (
    AlliancePage,
    AllianceServiceLink,
    Membership,
    OrganisationOffer,
    ServicePage,
    ServiceRequirement,
)
from alliances.stages import AllianceStage
from api.handins.models import InterestSignup
from tests.factories import (
    AgeGroupFactory,
    CompetenceFactory,
    DistrictFactory,
    OrganisationFactory,
    PersonFactory,
    ResourceFactory,
    make_page,
)

pytestmark = pytest.mark.django_db


def _row(kind, entry_id, quantity=1, essential=True, name="X"):
    return {
        "kind": kind,
        "entry_id": entry_id,
        "name": name,
        "slug": name.lower(),
        "quantity": quantity,
        "essential": essential,
    }


def test_coverage_sums_requirements_of_all_services_against_what_members_bring():
    needs = coverage(
        [
            _row("competence", 1, 2, True, "Erste Hilfe"),
            _row("competence", 1, 1, False, "Erste Hilfe"),  # a second service
            _row("resource", 7, 1, False, "Transporter"),
            _row("competence", 2, 1, True, "Arabisch"),
        ],
        Counter({("competence", 1): 1, ("competence", 2): 5}),
    )
    assert [(n.name, n.needed, n.covered, n.still_needed, n.essential) for n in needs] == [
        ("Arabisch", 1, 1, 0, True),
        ("Erste Hilfe", 3, 1, 2, True),
        ("Transporter", 1, 0, 1, False),
    ]


NEHEIM, HUESTEN, OEVENTROP = 1, 2, 3
CONTEXT = Context(
    district_ids={NEHEIM},
    neighbour_ids={HUESTEN},
    age_group_ids={40},
    age_group_names=["Seniorinnen und Senioren"],
    district_names={NEHEIM: "Neheim", HUESTEN: "Hüsten", OEVENTROP: "Oeventrop"},
)
FIRST_AID = Need("competence", 1, "Erste Hilfe", "erste-hilfe", 2, 0, True)
VAN = Need("resource", 7, "Transporter", "transporter", 1, 0, False)


def _offerer(district, age_group=None, offers=(FIRST_AID.key,), **extra):
    return Offerer(
        kind="person",
        id=district,
        name="P",
        offers=set(offers),
        district_id=district,
        age_group_id=age_group,
        age_group_name="Jugendliche" if age_group else "",
        **extra,
    )


def test_the_same_district_scores_above_a_neighbour_above_any_other():
    same, neighbour, other = (
        score(_offerer(d), [FIRST_AID, VAN], CONTEXT) for d in (NEHEIM, HUESTEN, OEVENTROP)
    )
    assert same.score > neighbour.score > other.score
    assert same.reasons == [
        "Bietet, was fehlt: Erste Hilfe (unverzichtbar)",
        "Aus demselben Stadtteil: Neheim",
    ]
    assert neighbour.reasons[1] == "Aus dem Nachbarstadtteil Hüsten"
    assert other.reasons == ["Bietet, was fehlt: Erste Hilfe (unverzichtbar)"]


def test_another_generation_is_preferred_where_an_alliance_has_only_one():
    younger = score(_offerer(OEVENTROP, age_group=10), [FIRST_AID], CONTEXT)
    same_age = score(_offerer(OEVENTROP, age_group=40), [FIRST_AID], CONTEXT)
    assert younger.score > same_age.score
    assert younger.reasons[-1] == (
        "Bringt eine weitere Generation ein: Jugendliche (bisher nur Seniorinnen und Senioren)"
    )
    mixed = Context(**{**CONTEXT.__dict__, "age_group_ids": {40, 20}})
    assert score(_offerer(OEVENTROP, age_group=10), [FIRST_AID], mixed).score == same_age.score


def test_essential_gaps_weigh_more_and_notes_are_named():
    van_only = _offerer(OEVENTROP, offers=[VAN.key], notes={VAN.key: "samstags"})
    first_aid_only = _offerer(OEVENTROP)
    van = score(van_only, [FIRST_AID, VAN], CONTEXT)
    assert van.reasons == ["Bietet, was fehlt: Transporter (samstags)"]
    assert score(first_aid_only, [FIRST_AID, VAN], CONTEXT).score > van.score
    assert score(_offerer(NEHEIM, offers=[]), [FIRST_AID], CONTEXT) is None


@pytest.fixture
def world():
    """An alliance in Neheim of seniors that lacks first aid and a van."""
    neheim = DistrictFactory(name="Neheim", slug="neheim")
    huesten = DistrictFactory(name="Hüsten", slug="huesten")
    oeventrop = DistrictFactory(name="Oeventrop", slug="oeventrop")
    neheim.neighbours.add(huesten)
    seniors = AgeGroupFactory(name="Seniorinnen und Senioren", slug="senioren")
    youth = AgeGroupFactory(name="Jugendliche", slug="jugendliche")
    first_aid = CompetenceFactory(name="Erste Hilfe", slug="erste-hilfe")
    van = ResourceFactory(name="Transporter", slug="transporter")
    service = make_page(ServicePage, title="Besuche")
    ServiceRequirement.objects.create(service=service, competence=first_aid, quantity=2)
    ServiceRequirement.objects.create(service=service, resource=van, essential=False)
    alliance = make_page(AlliancePage, title="Nachbarn Neheim", stage=AllianceStage.FORMING)
    alliance.districts = [neheim]
    alliance.save()
    AllianceServiceLink.objects.create(alliance=alliance, service=service)
    member = PersonFactory(
        first_name="Mia", last_name="Mitglied", age_group=seniors, contact_consent=True
    )
    member.offered_competences = [first_aid]
    member.save()
    membership = Membership(alliance=alliance, person=member, role="coordinator")
    membership.competences = [first_aid]
    membership.save()

    def person(first, district, age_group, consent=True):
        p = PersonFactory(
            first_name=first,
            last_name="Test",
            district=district,
            age_group=age_group,
            contact_consent=consent,
            email=f"{first.lower()}@privat.example.org",
        )
        p.offered_competences = [first_aid]
        p.save()
        return p

    person("Jana", neheim, youth)
    person("Hugo", huesten, seniors)
    person("Otto", oeventrop, seniors)
    person("Nora", neheim, youth, consent=False)  # never suggested
    works = OrganisationFactory(name="Stadtwerke", district=oeventrop)
    OrganisationOffer.objects.create(organisation=works, resource=van, note="samstags")
    signup = InterestSignup.objects.create(
        alliance=alliance,
        name="Sina Meldung",
        email="sina@privat.example.org",
        age_group=youth,
        consent_at=timezone.now(),
        confirmed_at=timezone.now(),
    )
    signup.offered_competences.add(first_aid)
    unconfirmed = InterestSignup.objects.create(
        alliance=alliance, name="Ulla Offen", email="u@x.example.org", consent_at=timezone.now()
    )
    unconfirmed.offered_competences.add(first_aid)
    return {"alliance": alliance, "service": service, "first_aid": first_aid, "neheim": neheim}


def test_the_alliance_sees_what_is_missing_and_who_could_bring_it(world):
    result = alliance_matching(world["alliance"])
    assert [(n.name, n.needed, n.covered) for n in result.needs] == [
        ("Erste Hilfe", 2, 1),
        ("Transporter", 1, 0),
    ]
    ranked = [(s.offerer.kind, s.offerer.name) for s in result.suggestions]
    assert ranked == [
        ("signup", "Sina Meldung"),  # same district (its alliance's), younger, signed up
        ("person", "Jana Test"),  # same district, younger
        ("person", "Hugo Test"),  # neighbouring district
        ("person", "Otto Test"),
        ("organisation", "Stadtwerke"),  # only the optional van
    ]
    names = {name for _kind, name in ranked}
    assert "Nora Test" not in names  # no consent to be asked
    assert "Mia Mitglied" not in names and "Ulla Offen" not in names
    sina = result.suggestions[0]
    assert "Hat sich für diese Allianz gemeldet und das bestätigt." in sina.reasons
    assert result.suggestions[-1].reasons == ["Bietet, was fehlt: Transporter (samstags)"]


def test_a_service_counts_the_members_of_the_alliances_that_deliver_it(world):
    result = service_matching(world["service"])
    assert [(n.name, n.still_needed) for n in result.missing] == [
        ("Erste Hilfe", 1),
        ("Transporter", 1),
    ]


def _queries(alliance) -> int:
    with CaptureQueriesContext(connection) as queries:
        alliance_matching(alliance)
    return len(queries)


def test_the_candidates_take_the_same_number_of_queries_for_more_people(world):
    few = _queries(world["alliance"])
    for n in range(30):
        p = PersonFactory(first_name=f"Viele{n}", district=world["neheim"], contact_consent=True)
        p.offered_competences = [world["first_aid"]]
        p.save()
        OrganisationOffer.objects.create(
            organisation=OrganisationFactory(), competence=world["first_aid"]
        )
    assert _queries(world["alliance"]) == few == 16
    assert len(alliance_matching(world["alliance"]).suggestions) == 20  # the best twenty


def test_the_panel_shows_needs_and_suggestions_but_no_contact_data(world, kernteam_client):
    page = kernteam_client.get(reverse("wagtailadmin_pages:edit", args=[world["alliance"].pk]))
    text = page.content.decode()
    assert "Passende Unterstützer" in text
    assert "Jana Test" in text and "Aus demselben Stadtteil: Neheim" in text
    assert "Nora Test" not in text
    assert "privat.example.org" not in text


def test_activating_names_essential_requirements_no_member_covers_warn_or_block(
    world, kernteam_client
):
    from workflows.models import TransitionRule
    from workflows.registry import workflow_key
    from workflows.selectors import transition_advisories, transition_reasons

    alliance = world["alliance"]
    ServiceRequirement.objects.create(
        service=world["service"], competence=CompetenceFactory(name="Arabisch")
    )
    note = (
        "Unverzichtbar und noch von keinem Mitglied abgedeckt: Arabisch (1 gebraucht). "
        "„Passende Unterstützer“ auf dieser Seite schlägt vor, wer es einbringen könnte."
    )
    # Erste Hilfe is covered in part, the van is optional: only Arabic is named.
    assert transition_advisories(alliance, "activate") == [note]
    assert note not in transition_reasons(alliance, "activate")  # a warning by default
    url = reverse("stage_steps:transition", args=[alliance.pk, "activate"])
    page = kernteam_client.get(url).content.decode()
    assert "data-advisories" in page and "Arabisch (1 gebraucht)" in page

    TransitionRule.objects.create(
        transition=f"{workflow_key(AlliancePage)}.activate", advisories_block=True
    )
    reasons = transition_reasons(alliance, "activate")
    assert note in reasons
    assert reasons[reasons.index(note)].fix_url.endswith("#id_memberships-FORMS")


def test_the_wanted_report_sets_demand_against_supply_per_district(world, kernteam_client):
    from alliances.demand import wanted_report

    rows = [(r.district, r.name, r.still_needed, r.supply) for r in wanted_report()]
    assert rows == [("Neheim", "Erste Hilfe", 1, 1), ("Neheim", "Transporter", 1, 0)]
    with CaptureQueriesContext(connection) as few:
        wanted_report()
    for _n in range(10):
        other = make_page(AlliancePage, stage=AllianceStage.ACTIVE)
        other.districts = [world["neheim"]]
        other.save()
        AllianceServiceLink.objects.create(alliance=other, service=world["service"])
    with CaptureQueriesContext(connection) as many:
        assert wanted_report()[0].still_needed == 1 + 10 * 2
    assert len(few) == len(many)

    url = reverse("kernteam_reports:wanted")
    page = kernteam_client.get(url).content.decode()
    assert "Gesucht" in page and "Erste Hilfe" in page and "<svg" in page
    export = kernteam_client.get(url, {"export": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
