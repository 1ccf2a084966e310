"""The demand table behind the report "Gesucht" stays equal to the demand computed from the
source tables (`wanted_totals`) after every kind of write that changes it, and the report
costs the same number of queries however many alliances there are."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances import demand
from alliances.demo.scale import seed_scale
from alliances.matching import wanted_totals
from alliances.models import (
    AllianceDemand,
    AlliancePage,
    AllianceServiceLink,
    Membership,
    ServicePage,
    ServiceRequirement,
)
from alliances.privacy import person_erase
from alliances.stages import ALLIANCE_JOINABLE_STAGES, AllianceStage
from tests.factories import (
    CompetenceFactory,
    DistrictFactory,
    PersonFactory,
    ResourceFactory,
    make_page,
)
from workflows.services import run_transition

pytestmark = pytest.mark.django_db

# Demand (1), supply (persons' competences and resources, organisations' offers: 3),
# districts, competences and resources (3).
REPORT_QUERIES = 7


def _computed() -> dict:
    alliances = AlliancePage.objects.filter(stage__in=ALLIANCE_JOINABLE_STAGES).values("pk")
    return wanted_totals(alliances, by_district=True)


def _assert_kept() -> dict:
    kept, computed = demand.demand_totals(), _computed()
    assert kept == computed
    # Whole numbers on both databases (PostgreSQL sums a bigint to a numeric: a Decimal,
    # which templates' plural forms refuse).
    assert all(
        type(n) is int for totals in (kept, computed) for pair in totals.values() for n in pair
    )
    return kept


@pytest.fixture
def world():
    neheim = DistrictFactory(name="Neheim", slug="neheim")
    huesten = DistrictFactory(name="Hüsten", slug="huesten")
    first_aid = CompetenceFactory(name="Erste Hilfe", slug="erste-hilfe")
    arabic = CompetenceFactory(name="Arabisch", slug="arabisch")
    van = ResourceFactory(name="Transporter", slug="transporter")
    service = make_page(ServicePage, title="Besuche")
    ServiceRequirement.objects.create(service=service, competence=first_aid, quantity=3)
    ServiceRequirement.objects.create(service=service, resource=van, essential=False)
    alliance = make_page(AlliancePage, title="Nachbarn Neheim", stage=AllianceStage.FORMING)
    alliance.districts = [neheim]
    alliance.save()
    AllianceServiceLink.objects.create(alliance=alliance, service=service)
    person = PersonFactory(first_name="Mia", contact_consent=True)
    membership = Membership(alliance=alliance, person=person, role="coordinator")
    membership.competences = [first_aid]
    membership.save()
    return {
        "neheim": neheim,
        "huesten": huesten,
        "first_aid": first_aid,
        "arabic": arabic,
        "van": van,
        "service": service,
        "alliance": alliance,
        "person": person,
        "membership": membership,
    }


def _key(entry, kind="competence"):
    return (kind, entry.pk)


def test_members_entries_and_requirements_change_the_demand(world):
    neheim, first_aid, van = world["neheim"].pk, world["first_aid"], world["van"]
    assert _assert_kept() == {
        (neheim, _key(first_aid)): (2, 1),  # three required, one member brings it
        (neheim, _key(van, "resource")): (1, 1),
    }
    membership = world["membership"]
    van.memberships.add(membership)  # Django's m2m manager, from the entry's side
    assert (neheim, _key(van, "resource")) not in _assert_kept()
    van.memberships.remove(membership)
    assert _assert_kept()[(neheim, _key(van, "resource"))] == (1, 1)
    membership.competences = []  # a ParentalManyToManyField, written on save
    membership.save()
    assert _assert_kept()[(neheim, _key(first_aid))] == (3, 1)
    membership.competences.add(first_aid)
    membership.save()
    assert _assert_kept()[(neheim, _key(first_aid))] == (2, 1)

    requirement = ServiceRequirement.objects.get(competence=first_aid)
    requirement.quantity = 1
    requirement.save()
    assert (neheim, _key(first_aid)) not in _assert_kept()  # covered
    ServiceRequirement.objects.create(service=world["service"], competence=world["arabic"])
    assert _assert_kept()[(neheim, _key(world["arabic"]))] == (1, 1)
    ServiceRequirement.objects.filter(resource=van).delete()
    assert (neheim, _key(van, "resource")) not in _assert_kept()


def test_districts_stage_links_and_deletions_change_the_demand(world, kernteam_user):
    alliance, service = world["alliance"], world["service"]
    neheim, huesten = world["neheim"], world["huesten"]
    alliance.districts = [neheim, huesten]
    alliance.save()
    assert {district for district, _key in _assert_kept()} == {neheim.pk, huesten.pk}
    alliance.districts = [huesten]
    alliance.save()
    huesten.delete()  # the alliance is in no district now
    assert {district for district, _key in _assert_kept()} == {None}

    # A second alliance on the same service; its stage decides whether it counts.
    other = make_page(AlliancePage, title="Zweite")
    AllianceServiceLink.objects.create(alliance=other, service=service)
    assert _assert_kept()[(None, _key(world["first_aid"]))] == (2, 1)  # proposed: not yet
    run_transition(other, "start_forming", by=kernteam_user)
    assert _assert_kept()[(None, _key(world["first_aid"]))] == (2 + 3, 2)
    AllianceServiceLink.objects.filter(alliance=other).delete()
    assert _assert_kept()[(None, _key(world["first_aid"]))] == (2, 1)

    # Publishing a revision writes the page's members anew (Wagtail's edit view does this).
    alliance = AlliancePage.objects.get(pk=alliance.pk)
    newcomer = Membership(person=PersonFactory())
    newcomer.competences = [world["first_aid"]]
    alliance.memberships.add(newcomer)
    alliance.save_revision().publish()
    assert _assert_kept()[(None, _key(world["first_aid"]))] == (1, 1)

    person_erase(person=world["person"], user=kernteam_user)  # their entries go
    assert _assert_kept()[(None, _key(world["first_aid"]))] == (2, 1)
    service.delete()  # its links and requirements go with it
    assert _assert_kept() == {}
    assert not AllianceDemand.objects.exists()


def test_deleting_the_alliance_or_an_entry_members_bring(world):
    other = CompetenceFactory(name="Kochen", slug="kochen")
    ServiceRequirement.objects.create(service=world["service"], competence=other, quantity=2)
    other.memberships.add(world["membership"])
    assert _assert_kept()[(world["neheim"].pk, _key(other))] == (1, 1)
    ServiceRequirement.objects.filter(competence=other).delete()
    other.delete()  # the members' link rows go with it
    _assert_kept()
    world["alliance"].delete()
    assert not AllianceDemand.objects.exists()


def test_bulk_written_alliances_and_the_report_cost_fixed_queries(kernteam_client):
    call_command("seed_demo", stdout=io.StringIO())
    seed_scale(20, progress=lambda line: None)
    few = _assert_kept()
    url = reverse("kernteam_reports:wanted")
    kernteam_client.get(url)
    with CaptureQueriesContext(connection) as small_view:
        assert kernteam_client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as small:
        demand.wanted_report()

    seed_scale(180, progress=lambda line: None)
    assert len(_assert_kept()) > len(few)
    with CaptureQueriesContext(connection) as large_view:
        assert kernteam_client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as large:
        rows = demand.wanted_report()
    assert len(small) == len(large) == REPORT_QUERIES
    assert len(small_view) == len(large_view)
    assert rows and {row.kind for row in rows} == {"competence", "resource"}


def test_a_full_refresh_finds_what_a_write_behind_the_receivers_left(world):
    """`refresh()` without ids (the migration, a repair) writes every alliance's rows."""
    AllianceDemand.objects.all().delete()
    assert demand.demand_totals() == {}
    demand.refresh()
    assert _assert_kept()


def test_migrate_fills_an_empty_demand_table_and_leaves_a_kept_one(world):
    """A database migrated to the demand table has the alliances' rows after migrate
    (post_migrate), not through its migration, which would depend on today's models."""
    from django.apps import apps
    from django.core.management.sql import emit_post_migrate_signal

    AllianceDemand.objects.all().delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default", apps=apps)
    kept = _assert_kept()
    assert kept
    with CaptureQueriesContext(connection) as queries:
        demand.fill_if_empty()
    assert len(queries) == 1  # rows there: nothing to fill
