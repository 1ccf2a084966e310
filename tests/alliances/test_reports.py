import csv
import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from alliances.models import (
    AlliancePage,
    NeedPage,
    OpportunityPage,
    Organisation,
    ServiceItemLink,
    ServicePage,
    Standard,
)
from alliances.models.alliance import AllianceServiceLink
from alliances.reports import selectors
from alliances.stages import AllianceStage, ItemStage, ServiceStage
from tests.factories import (
    AgeGroupFactory,
    DistrictFactory,
    OrganisationFactory,
    PersonFactory,
    StandardFactory,
    add_member,
    make_gap,
    make_page,
)

pytestmark = pytest.mark.django_db


def _page(model, districts=(), **fields):
    page = make_page(model, **fields)
    if districts:
        page.districts.set(districts)
        page.save()
    return page


@pytest.fixture
def city():
    """Five districts: three blind spots with 4, 3 and 2 open needs, one covered, one empty."""
    d = {
        slug: DistrictFactory(name=name, slug=slug)
        for slug, name in [
            ("neheim", "Neheim"),
            ("huesten", "Hüsten"),
            ("oeventrop", "Oeventrop"),
            ("bachum", "Bachum"),
            ("rumbeck", "Rumbeck"),
            ("uentrop", "Uentrop"),
        ]
    }
    for slug, open_needs in [("neheim", 4), ("huesten", 3), ("oeventrop", 2), ("bachum", 1)]:
        for _ in range(open_needs):
            _page(NeedPage, [d[slug]], stage=ItemStage.IN_ANALYSIS)
    # Closed and declined needs are not open; a covered district has an active alliance.
    _page(NeedPage, [d["bachum"]], stage=ItemStage.CLOSED)
    _page(NeedPage, [d["bachum"]], stage=ItemStage.DECLINED)
    _page(NeedPage, [d["rumbeck"]], stage=ItemStage.CAPTURED, publish=False)
    _page(NeedPage, [d["rumbeck"]], stage=ItemStage.CAPTURED)
    _page(NeedPage, [d["rumbeck"]], stage=ItemStage.CAPTURED)
    _page(NeedPage, [d["rumbeck"]], stage=ItemStage.CAPTURED)
    _page(NeedPage, [d["rumbeck"]], stage=ItemStage.CAPTURED)
    _page(AlliancePage, [d["rumbeck"]], stage=AllianceStage.ACTIVE)
    _page(AlliancePage, [d["neheim"]], stage=AllianceStage.FORMING)  # not active yet
    _page(OpportunityPage, [d["uentrop"]], stage=ItemStage.IN_DEFINITION)
    _page(ServicePage, [d["neheim"]], stage=ServiceStage.DEFINED)
    _page(ServicePage, [d["neheim"]], stage=ServiceStage.DRAFT)
    return d


def test_district_coverage_counts_match_the_data(city):
    rows = {d.slug: d for d in selectors.district_coverage()}
    assert (rows["neheim"].open_needs, rows["neheim"].active_alliances) == (4, 0)
    assert rows["neheim"].services == 1
    assert rows["bachum"].open_needs == 1
    assert (rows["rumbeck"].open_needs, rows["rumbeck"].active_alliances) == (5, 1)
    assert (rows["uentrop"].open_needs, rows["uentrop"].open_opportunities) == (0, 1)
    blind = [d.slug for d in selectors.blind_spots()]
    assert blind == ["neheim", "huesten", "oeventrop", "bachum", "uentrop"]
    assert [d.slug for d in selectors.top_blind_spots(3)] == ["neheim", "huesten", "oeventrop"]


def test_kernteam_sees_top_blind_spots_on_the_dashboard_and_exports_them_to_xlsx(
    city, kernteam_client
):
    dashboard = kernteam_client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    panel = html[html.index('id="kernteam-blind-spots-section"') :]
    panel = panel[: panel.index("</section>")]
    positions = [panel.index(name) for name in ("Neheim", "Hüsten", "Oeventrop")]
    assert positions == sorted(positions)
    assert "Bachum" not in panel and "Rumbeck" not in panel

    xlsx_url = re.search(r'href="([^"]*export=xlsx[^"]*)"', panel).group(1).replace("&amp;", "&")
    response = kernteam_client.get(xlsx_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Stadtteil", "Offene Bedarfslagen", "Offene Entwicklungschancen")
    assert [(r[0], r[1], r[3]) for r in rows[1:4]] == [
        ("Neheim", 4, 0),
        ("Hüsten", 3, 0),
        ("Oeventrop", 2, 0),
    ]
    assert "Rumbeck" not in [r[0] for r in rows[1:]]


def test_district_coverage_report_and_chart(city, kernteam_client):
    response = kernteam_client.get(reverse("kernteam_reports:district_coverage"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "<title" in html and "<desc" in html
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", html).group(1)
    assert "Neheim: 4" in desc and "Rumbeck: 5" in desc and "Uentrop: 1" in desc

    csv_response = kernteam_client.get(
        reverse("kernteam_reports:district_coverage"), {"export": "csv"}
    )
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(csv_response.streaming_content)
    assert raw.startswith("\ufeff".encode())  # German Excel reads UTF-8 only with a BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Stadtteil"
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Rumbeck"][1:] == ["5", "0", "1", "0", "nein"]
    assert by_name["Neheim"][-1] == "ja"


def test_items_per_stage_report(city, kernteam_client):
    counts = {stage: n for stage, _label, n in selectors.items_per_stage()}
    assert counts[ItemStage.IN_ANALYSIS] == 10
    assert counts[ItemStage.CAPTURED] == 5
    assert counts[ItemStage.IN_DEFINITION] == 1
    assert counts[ItemStage.CLOSED] == 1

    response = kernteam_client.get(
        reverse("kernteam_reports:items_per_stage"), {"kind": "opportunity"}
    )
    assert response.status_code == 200
    rows = {row.stage: row.items for row in response.context["object_list"]}
    assert rows[ItemStage.IN_DEFINITION] == 1
    assert rows[ItemStage.IN_ANALYSIS] == 0

    xlsx = kernteam_client.get(reverse("kernteam_reports:items_per_stage"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.title == str(response.context["page_title"])[:31]  # a German sheet name
    assert ("In Analyse", 10) in [row[:2] for row in sheet.iter_rows(values_only=True)]


def test_gaps_per_standard_report():
    quota = StandardFactory(title="Barrierefreie Haltestellen", target_value=Decimal("80"))
    limit = StandardFactory(
        title="Wartezeit", target_value=Decimal("10"), direction=Standard.Direction.AT_MOST
    )
    need_a = make_page(NeedPage, stage=ItemStage.IN_DEFINITION)
    need_b = make_page(NeedPage, stage=ItemStage.ALLIANCE_ACTIVE)
    need_c = make_page(NeedPage, stage=ItemStage.IN_ANALYSIS)
    make_gap(need_a, quota, actual="50")  # gap 30
    make_gap(need_b, quota, actual="70", remeasured_value=Decimal("85"))  # gap 10, closed
    make_gap(need_c, quota, actual="90")  # met: gap 0
    make_gap(need_a, limit, actual="25")  # gap 15
    service = make_page(ServicePage, stage=ServiceStage.DEFINED)
    ServiceItemLink.objects.create(service=service, item=need_b)

    rows = {row.standard.title: row for row in selectors.gaps_per_standard()}
    quota_row = rows["Barrierefreie Haltestellen"]
    assert quota_row.items == 3
    assert quota_row.gap_sum == Decimal("40")
    assert quota_row.open_gaps == 2
    assert (quota_row.gap_min, quota_row.gap_median, quota_row.gap_max) == (0, 10, 30)
    assert quota_row.addressed_by_service == 1
    assert quota_row.closed_by_remeasurement == 1
    assert rows["Wartezeit"].gap_sum == Decimal("15")


def test_partnership_balance_flags_alliances_that_are_not_mixed(kernteam_client):
    young, old = AgeGroupFactory(name="Jugendliche"), AgeGroupFactory(name="Senioren")
    mixed = make_page(AlliancePage, title="Gemischt", stage=AllianceStage.ACTIVE)
    add_member(mixed, person=PersonFactory(age_group=young))
    add_member(mixed, person=PersonFactory(age_group=old))
    add_member(mixed, organisation=OrganisationFactory(kind=Organisation.Kind.COMPANY))
    add_member(mixed, organisation=OrganisationFactory(kind=Organisation.Kind.PUBLIC_BODY))
    seniors = make_page(AlliancePage, title="Nur Senioren", stage=AllianceStage.ACTIVE)
    add_member(seniors, person=PersonFactory(age_group=old))
    add_member(seniors, person=PersonFactory(age_group=old))
    add_member(seniors, organisation=OrganisationFactory(kind=Organisation.Kind.ASSOCIATION))
    # A citizen without an age group is no second generation.
    unknown = make_page(AlliancePage, title="Ohne Altersangabe", stage=AllianceStage.FORMING)
    add_member(unknown, person=PersonFactory(age_group=old))
    add_member(unknown, person=PersonFactory(age_group=None))
    add_member(unknown, organisation=OrganisationFactory(kind=Organisation.Kind.COMPANY))

    alliances = AlliancePage.objects.order_by("title")
    rows = {row.alliance.title: row for row in selectors.partnership_balance(alliances)}
    assert (rows["Gemischt"].citizens, rows["Gemischt"].companies) == (2, 1)
    assert rows["Gemischt"].institutions == 1
    assert rows["Gemischt"].is_mixed
    assert rows["Nur Senioren"].by_age_group == {old.pk: 2}
    assert rows["Nur Senioren"].associations == 1
    assert not rows["Nur Senioren"].is_mixed
    assert rows["Ohne Altersangabe"].citizens == 2 and not rows["Ohne Altersangabe"].is_mixed
    # The rule in SQL (filter, chart) agrees with the rule on the loaded rows.
    assert set(alliances.filter(pk__in=selectors.mixed_alliances())) == {mixed}
    assert selectors.partnership_totals(alliances) == {
        "citizens": 6,
        "companies": 2,
        "institutions": 1,
        "associations": 1,
        "not_mixed": 2,
    }

    url = reverse("kernteam_reports:partnership_balance")
    response = kernteam_client.get(url, {"not_mixed": "true"})
    titles = [row.alliance.title for row in response.context["object_list"]]
    assert titles == ["Nur Senioren", "Ohne Altersangabe"]
    response = kernteam_client.get(url, {"not_mixed": "false", "stage": AllianceStage.ACTIVE})
    assert [row.alliance.title for row in response.context["object_list"]] == ["Gemischt"]
    # The chart counts the alliances shown, not the whole programme.
    chart = str(response.context["chart"])
    assert "Bürgerinnen und Bürger: 2; Unternehmen: 1; Institutionen: 1; Vereine: 0" in chart
    assert "Nicht gemischte Allianzen: 0" in chart
    xlsx = kernteam_client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    header, *data = list(sheet.iter_rows(values_only=True))
    assert header == (
        "Allianz",
        "Bürgerinnen und Bürger",
        "Unternehmen",
        "Institutionen",
        "Vereine",
        "Jugendliche",
        "Senioren",
        "Gemischt",
    )
    assert data == [
        ("Gemischt", 2, 1, 1, 0, 1, 1, "ja"),
        ("Nur Senioren", 2, 0, 0, 1, 0, 2, "nein"),
        ("Ohne Altersangabe", 2, 1, 0, 0, 0, 1, "nein"),
    ]


def test_services_without_active_alliance(kernteam_client):
    covered = make_page(ServicePage, title="Mit Allianz", stage=ServiceStage.DEFINED)
    forming = make_page(ServicePage, title="Nur Gründung", stage=ServiceStage.DEFINED)
    make_page(ServicePage, title="Entwurf", stage=ServiceStage.DRAFT)
    active = make_page(AlliancePage, stage=AllianceStage.ACTIVE)
    AllianceServiceLink.objects.create(alliance=active, service=covered)
    paused = make_page(AlliancePage, stage=AllianceStage.FORMING)
    AllianceServiceLink.objects.create(alliance=paused, service=forming)

    assert [s.title for s in selectors.services_without_active_alliance()] == ["Nur Gründung"]
    response = kernteam_client.get(reverse("kernteam_reports:services_without_alliance"))
    assert response.status_code == 200
    assert "Nur Gründung" in response.text and "Mit Allianz" not in response.text


@pytest.mark.parametrize(
    "name",
    [
        "items_per_stage",
        "gaps_per_standard",
        "district_coverage",
        "partnership_balance",
        "services_without_alliance",
    ],
)
def test_reports_are_for_the_kernteam_only(name, redaktion_user, kernteam_client):
    url = reverse(f"kernteam_reports:{name}")
    redaktion_client = Client()
    redaktion_client.force_login(redaktion_user)
    refused = redaktion_client.get(url, {"export": "xlsx"})
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))
    assert kernteam_client.get(url).status_code == 200
    assert kernteam_client.get(url, {"export": "xlsx"}).status_code == 200


def test_redaktion_dashboard_has_no_kernteam_panels(redaktion_client):
    html = redaktion_client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="kernteam-assigned-to-me-section"' in html
    assert "kernteam-blind-spots" not in html
    assert "kernteam-pipeline" not in html
