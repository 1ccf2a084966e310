"""The report "Ist-Soll-Differenzen je Standard" sums in the database what a loop over the
assessments with `Standard.shortfall` and `statistics.median` gives, in a fixed number of
queries however many assessments there are."""

import io
from decimal import Decimal
from statistics import median

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.demo.scale import seed_scale
from alliances.models import GapAssessment, NeedPage, ServiceItemLink, ServicePage, Standard
from alliances.reports import selectors
from alliances.stages import ServiceStage
from tests.factories import StandardFactory, make_gap, make_page

pytestmark = pytest.mark.django_db

# The standards, the grouped sums, the addressed, the re-measured, the middle ones (median).
QUERIES = 5


def _looped(standard: Standard) -> dict:
    """The figures as a loop over the assessments computes them (the former report)."""
    addressed = set(
        ServiceItemLink.objects.filter(service__stage=ServiceStage.DEFINED).values_list(
            "item_id", flat=True
        )
    )
    gaps, items, open_gaps, addressed_count, closed = [], set(), 0, 0, 0
    for assessment in standard.gap_assessments.all():
        target = assessment.effective_target
        gap = standard.shortfall(assessment.actual_value, target)
        gaps.append(gap)
        items.add(assessment.item_id)
        open_gaps += gap > 0
        addressed_count += assessment.item_id in addressed
        remeasured = assessment.remeasured_value
        closed += gap > 0 and remeasured is not None and not standard.shortfall(remeasured, target)
    return {
        "items": len(items),
        "gap_sum": sum(gaps, Decimal(0)),
        "spread": (min(gaps), median(gaps), max(gaps)) if gaps else (None, None, None),
        "open_gaps": open_gaps,
        "addressed": addressed_count,
        "closed": closed,
    }


def _reported(row) -> dict:
    return {
        "items": row.items,
        "gap_sum": row.gap_sum,
        "spread": (row.gap_min, row.gap_median, row.gap_max),
        "open_gaps": row.open_gaps,
        "addressed": row.addressed_by_service,
        "closed": row.closed_by_remeasurement,
    }


def _assessments(standard, actual_values, **fields):
    for actual in actual_values:
        make_gap(make_page(NeedPage), standard, actual=actual, **fields)


def test_the_figures_are_those_of_a_loop_over_the_assessments():
    quota = StandardFactory(title="Quote", target_value=Decimal("80.50"))
    wait = StandardFactory(
        title="Wartezeit", target_value=Decimal("10"), direction=Standard.Direction.AT_MOST
    )
    StandardFactory(title="Noch ohne Bewertung")
    # An even number (the median averages the middle two), a target met exactly, decimals.
    _assessments(quota, ["50.25", "80.50", "90", "12.10", "79.99", "80.49"])
    _assessments(quota, ["70"], target_value=Decimal("75"), remeasured_value=Decimal("76"))
    _assessments(quota, ["70"], remeasured_value=Decimal("71"))  # re-measured, still short
    _assessments(wait, ["25", "10", "9.5"])  # odd
    need = make_page(NeedPage)
    make_gap(need, wait, actual="13")
    make_gap(need, wait, actual="14")  # the same item twice: one item, two gaps
    service = make_page(ServicePage, stage=ServiceStage.DEFINED)
    ServiceItemLink.objects.create(service=service, item=need)
    draft = make_page(ServicePage, stage=ServiceStage.DRAFT)  # does not address
    ServiceItemLink.objects.create(service=draft, item=GapAssessment.objects.first().item)

    rows = {row.standard.title: row for row in selectors.gaps_per_standard()}
    for standard in Standard.objects.all():
        assert _reported(rows[standard.title]) == _looped(standard), standard.title
    assert rows["Quote"].gap_median == Decimal("2.755")  # (0.51 + 5.00) / 2
    assert rows["Quote"].closed_by_remeasurement == 1
    assert rows["Wartezeit"].items == 4 and rows["Wartezeit"].addressed_by_service == 2
    assert rows["Noch ohne Bewertung"].gap_median is None


def test_the_report_costs_the_same_queries_for_more_assessments(kernteam_client):
    standard = StandardFactory(title="Quote", target_value=Decimal("80"))
    _assessments(standard, ["10", "20"])
    url = reverse("kernteam_reports:gaps_per_standard")
    kernteam_client.get(url)
    with CaptureQueriesContext(connection) as few_view:
        assert kernteam_client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as few:
        selectors.gaps_per_standard()

    for number in range(3):
        _assessments(StandardFactory(title=f"Standard {number}"), [str(n) for n in range(15)])
    with CaptureQueriesContext(connection) as many_view:
        response = kernteam_client.get(url)
    with CaptureQueriesContext(connection) as many:
        rows = selectors.gaps_per_standard()
    assert len(few) == len(many) == QUERIES
    assert len(few_view) == len(many_view)
    assert "Standard 2" in response.content.decode()
    assert sum(row.items for row in rows) == 2 + 3 * 15


def test_the_stored_gaps_follow_the_standard_and_the_bulk_writers():
    quota = StandardFactory(title="Quote", target_value=Decimal("80"))
    _assessments(quota, ["50", "79.5", "95"])
    _assessments(quota, ["60"], target_value=Decimal("65"))
    quota.target_value = Decimal("90")  # the standard's target and direction change
    quota.direction = Standard.Direction.AT_MOST
    quota.save()
    [row] = selectors.gaps_per_standard()
    assert _reported(row) == _looped(quota)
    assert row.gap_sum == Decimal("5")  # only 95 exceeds "at most 90"; 60 is under 65

    call_command("seed_demo", stdout=io.StringIO())
    seed_scale(20, progress=lambda line: None)  # bulk_create, no save()
    assert all(a.stored_gap == a.gap for a in GapAssessment.objects.select_related("standard"))
    rows = {row.standard.pk: row for row in selectors.gaps_per_standard()}
    for standard in Standard.objects.all():
        assert _reported(rows[standard.pk]) == _looped(standard), standard.title
