"""Cockpit figures that come from the workflow: lead times, overdue, recent transitions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alliances.models import NeedPage, ServicePage
from alliances.reports import selectors
from alliances.stages import ItemStage, ServiceStage
from tests.factories import UserFactory, make_page
from workflows.models import StageRule, TransitionLog

pytestmark = pytest.mark.django_db


def _log(page, source, target, at, by=None):
    return TransitionLog.objects.create(
        page=page,
        workflow="alliances.itempage",
        transition="t",
        source=source,
        target=target,
        cause="person" if by else "system",
        by=by,
        created_at=at,
    )


def _stage_since(page, days_ago):
    NeedPage.objects.filter(pk=page.pk).update(
        stage_changed_at=timezone.now() - timedelta(days=days_ago)
    )


def test_items_per_stage_report_has_lead_times_and_overdue_counts(kernteam_client):
    now = timezone.now()
    for days in (2, 4, 10):
        need = make_page(NeedPage, stage=ItemStage.IN_ANALYSIS)
        _log(need, "", "captured", now - timedelta(days=30))
        _log(need, "captured", "in_analysis", now - timedelta(days=30 - days))
    StageRule.objects.create(stage="alliances.itempage:in_analysis", reminder_days=14)
    _stage_since(NeedPage.objects.first(), 20)  # one of the three waits too long
    _stage_since(NeedPage.objects.last(), 3)

    response = kernteam_client.get(reverse("kernteam_reports:items_per_stage"))
    assert response.status_code == 200
    rows = {row.stage: row for row in response.context["object_list"]}
    assert (rows["captured"].median_days, rows["captured"].p90_days) == (4.0, 8.8)
    assert rows["captured"].completed_stays == 3
    assert rows["in_analysis"].items == 3
    assert rows["in_analysis"].overdue == 1
    assert rows["captured"].overdue is None  # no reminder period for that stage

    csv_response = kernteam_client.get(
        reverse("kernteam_reports:items_per_stage"), {"export": "csv"}
    )
    # German Excel's CSV: BOM and semicolons (cms.exports)
    lines = b"".join(csv_response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Stufe;Vorgänge;Überfällig")
    assert "In Analyse;3;1;;;0" in lines


def test_assigned_to_me_lists_overdue_first(kernteam_user):
    StageRule.objects.create(stage="alliances.itempage:in_analysis", reminder_days=7)
    fresh = make_page(NeedPage, title="Frisch", stage=ItemStage.IN_ANALYSIS, assignee=kernteam_user)
    _stage_since(fresh, 1)
    late = make_page(NeedPage, title="Spät", stage=ItemStage.IN_ANALYSIS, assignee=kernteam_user)
    _stage_since(late, 9)
    service = make_page(
        ServicePage, title="Leistung", stage=ServiceStage.DRAFT, assignee=kernteam_user
    )
    ServicePage.objects.filter(pk=service.pk).update(
        stage_changed_at=timezone.now() - timedelta(days=5)
    )
    make_page(NeedPage, title="Fremd", stage=ItemStage.IN_ANALYSIS, assignee=UserFactory())

    pages = selectors.assigned_to(kernteam_user)
    assert [p.title for p in pages] == ["Spät", "Leistung", "Frisch"]
    assert [p.is_overdue for p in pages] == [True, False, False]


def test_dashboard_shows_transitions_of_the_last_7_days(kernteam_client, kernteam_user):
    now = timezone.now()
    recent = make_page(NeedPage, title="Neu analysiert", stage=ItemStage.IN_ANALYSIS)
    _log(recent, "captured", "in_analysis", now - timedelta(days=2), by=kernteam_user)
    old = make_page(NeedPage, title="Lange her", stage=ItemStage.IN_ANALYSIS)
    _log(old, "captured", "in_analysis", now - timedelta(days=8))

    rows = selectors.recent_transitions(days=7)
    assert [(r.log.page.title, r.source_label, r.target_label) for r in rows] == [
        ("Neu analysiert", "Erfasst", "In Analyse")
    ]
    html = kernteam_client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html[html.index('id="kernteam-transitions-section"') :]
    panel = panel[: panel.index("</section>")]
    assert "Neu analysiert" in panel and "Lange her" not in panel
