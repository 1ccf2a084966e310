"""Point 3: an active or closed need shows its result, the gap before and after
re-measurement (chart and table), and the services and alliances that delivered it."""

from datetime import date
from decimal import Decimal

import pytest

from alliances.models import AlliancePage, NeedPage, ServicePage
from alliances.stages import AllianceStage, ItemStage, ServiceStage
from tests.factories import StandardFactory, make_gap, make_page
from tests.factories.api import link_item, link_service, make_public, set_stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_need():
    need = make_public(NeedPage, title="Zu wenig Lesezeit", stage=ItemStage.CLOSED)
    NeedPage.objects.filter(pk=need.pk).update(
        outcome="Jedes Kind in Neheim hat jetzt eine Lesepatin oder einen Lesepaten."
    )
    standard = StandardFactory(title="Vorlesezeit pro Woche", target_value=Decimal(60), unit="min")
    make_gap(need, standard, actual="20", remeasured_value=Decimal(50),
             remeasured_on=date(2026, 6, 1))  # fmt: skip
    make_gap(need, StandardFactory(title="Bücher je Kind", target_value=Decimal(10), unit=""),
             actual="4")  # fmt: skip
    service = make_public(ServicePage, title="Vorlesen in Kitas", stage=ServiceStage.DEFINED)
    link_item(service, need)
    alliance = make_public(AlliancePage, title="Lesepaten Neheim", started_on=date(2024, 9, 1))
    link_service(alliance, service)
    hidden = make_page(AlliancePage, title="Lesekreis (Vorschlag)")
    set_stage(hidden, AllianceStage.PROPOSED)
    link_service(hidden, service)
    return NeedPage.objects.get(pk=need.pk)


def test_a_closed_need_shows_result_chart_table_and_who_delivered(client, closed_need):
    html = client.get(closed_need.url).text
    assert "Ergebnis" in html
    assert "Jedes Kind in Neheim hat jetzt eine Lesepatin" in html
    # The chart: only the re-measured gap, 40 min before and 10 min after.
    assert '<svg viewBox="0 0 460 72" role="img" aria-labelledby="gap-chart-title"' in html
    assert "vorher: 40 min" in html
    assert "nachher: 10 min" in html
    assert 'width="280"' in html and 'width="70"' in html
    # The table gives the same figures, and the row that was not re-measured.
    assert "<td>50 min, 01.06.2026</td><td>10 min</td>" in html
    assert '<th scope="row">Bücher je Kind</th>' in html
    assert "Erbracht von" in html
    assert '>Lesepaten Neheim</a> <span class="meta">(gegründet am 1. September 2024)' in html
    assert "Lesekreis (Vorschlag)" not in html
    assert ">Vorlesen in Kitas</a>" in html
    assert 'class="back-link" href="/bedarfslagen/"' in html


def test_a_need_in_analysis_shows_no_result_yet(client, closed_need):
    set_stage(closed_need, ItemStage.IN_ANALYSIS)
    html = client.get(closed_need.url).text
    assert "Jedes Kind in Neheim" not in html
    assert "<svg" not in html
    assert "Erbracht von" not in html
    assert "Vorlesezeit pro Woche" in html  # the gap table stays


def test_no_chart_before_anything_is_re_measured(client):
    need = make_public(NeedPage, title="Kein Schatten", stage=ItemStage.ALLIANCE_ACTIVE)
    make_gap(need, actual="3")
    html = client.get(need.url).text
    assert "<svg" not in html
    assert "Gap assessment" not in html and "Ist-Soll" in html
