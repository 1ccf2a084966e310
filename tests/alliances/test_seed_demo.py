import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page

from alliances.matching import wanted_by_alliance
from alliances.models import (
    AgeGroup,
    AlliancePage,
    District,
    GapAssessment,
    ImpactReport,
    ItemPage,
    Membership,
    NeedPage,
    OpportunityPage,
    Organisation,
    Person,
    ServicePage,
    Standard,
    Topic,
)
from alliances.models.consent import Purpose, has_active_consent

pytestmark = pytest.mark.django_db

MODELS = [
    District, Topic, AgeGroup, Standard, Organisation, Person, NeedPage, OpportunityPage,
    ServicePage, AlliancePage, Membership, GapAssessment, ImpactReport, Page,
]  # fmt: skip


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_is_complete_and_idempotent():
    call_command("seed_demo", "--users")
    first = _counts()
    assert first["District"] == 15
    assert first["Topic"] >= 8
    assert first["AgeGroup"] == 4
    assert first["Standard"] >= 10
    assert set(Standard.objects.values_list("kind", flat=True)) == set(Standard.Kind.values)
    assert first["NeedPage"] + first["OpportunityPage"] >= 20
    assert first["ServicePage"] >= 8
    assert first["AlliancePage"] >= 6
    assert get_user_model().objects.filter(username__in=["kernteam", "redaktion"]).count() == 2

    call_command("seed_demo", "--users")
    assert _counts() == first
    # The duty pages, with example texts marked as such, linked from the footer.
    from cms.models import AccessibilityStatementPage, LegalPage

    assert set(LegalPage.objects.values_list("slug", flat=True)) == {"impressum", "datenschutz"}
    assert all("Beispieltext" in page.body for page in LegalPage.objects.all())
    assert "Beispieltext" in AccessibilityStatementPage.objects.get().intro


def test_demo_alliances_mix_generations_and_partners():
    call_command("seed_demo")
    mixed = 0
    for alliance in AlliancePage.objects.filter(stage="active"):
        members = alliance.memberships.select_related("person")
        age_groups = {m.person.age_group_id for m in members if m.person_id}
        if len(age_groups) >= 2 and any(m.organisation_id for m in members):
            mixed += 1
    assert mixed >= 5
    assert ItemPage.objects.publicly_visible().count() >= 15


def test_seed_scale_adds_proportional_content():
    call_command("seed_demo")
    before = _counts()
    call_command("seed_demo", "--scale", "1000")
    after = _counts()
    assert after["AlliancePage"] - before["AlliancePage"] == 1000
    assert (
        after["NeedPage"]
        + after["OpportunityPage"]
        - before["NeedPage"]
        - before["OpportunityPage"]
        == 1000
    )
    assert after["ServicePage"] - before["ServicePage"] == 500
    assert after["Organisation"] - before["Organisation"] == 500
    assert after["Membership"] - before["Membership"] == 3000
    assert after["Person"] - before["Person"] == 2000
    # What matching reads: every generated service requires catalogue entries (one
    # essential competence), members contribute, persons and organisations offer, a third
    # of the persons may be contacted; so alliances still want something.
    generated = ServicePage.objects.filter(slug__startswith="gen-")
    assert not generated.exclude(requirements__essential=True).exists()
    persons = Person.objects.filter(first_name__startswith="Vorname")
    assert not persons.filter(district__isnull=True).exists()
    assert persons.filter(offered_competences__isnull=False).distinct().count() == 2000
    contact = persons.filter(has_active_consent(Purpose.CONTACT)).count()
    assert 600 <= contact <= 700
    organisations = Organisation.objects.filter(slug__startswith="gen-org-")
    assert not organisations.filter(offers__isnull=True).exists()
    assert (
        Membership.objects.filter(alliance__slug__startswith="gen-", competences__isnull=False)
        .distinct()
        .count()
        == 3000
    )
    alliances = AlliancePage.objects.filter(slug__startswith="gen-").values_list("pk", flat=True)
    assert len(wanted_by_alliance(alliances)) == 1000
    assert Page.find_problems() == ([], [], [], [], [])
    # the generated pages are searchable and public like any other
    assert AlliancePage.objects.publicly_visible().search("Allianz").count() > 0


def test_demo_shows_impact_and_links_to_its_own_site(client):
    call_command("seed_demo")
    assert ImpactReport.objects.count() == 3
    response = client.get("/wirkung/")
    assert response.status_code == 200
    assert "Lesepaten Neheim" in response.text
    # The placeholder site of the migration now points where the server runs.
    alliance = AlliancePage.objects.get(slug="lesepaten-neheim")
    assert alliance.get_full_url().startswith("http://testserver/")


@pytest.mark.postgres
def test_a_bulk_load_leaves_postgresql_planner_statistics_that_know_the_new_size():
    """Without ANALYZE the page table keeps the size it had after migrate (a handful of
    rows), and `publicly_visible()` scans every page once per page."""
    from django.db import connection

    call_command("seed_demo")
    call_command("seed_demo", "--scale", "20")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Page._meta.db_table])
        (estimated,) = cursor.fetchone()
    assert estimated >= Page.objects.count() * 0.9
