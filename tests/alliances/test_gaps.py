from decimal import Decimal

import pytest

from alliances.models import NeedPage, Standard
from tests.factories import StandardFactory, make_gap, make_page

pytestmark = pytest.mark.django_db


def test_gap_at_least_standard():
    need = make_page(NeedPage)
    standard = StandardFactory(target_value=Decimal("85"), unit="%")
    gap = make_gap(need, standard, actual="71")
    assert gap.effective_target == Decimal("85")
    assert gap.effective_unit == "%"
    assert gap.gap == Decimal("14")
    assert gap.relative_gap == Decimal("0.165")


def test_gap_at_most_standard_and_met_target():
    need = make_page(NeedPage)
    waiting = StandardFactory(
        target_value=Decimal("6"), unit="Wochen", direction=Standard.Direction.AT_MOST
    )
    assert make_gap(need, waiting, actual="14").gap == Decimal("8")
    assert make_gap(need, waiting, actual="4").gap == Decimal("0")


def test_own_target_overrides_standard_and_remeasurement():
    need = make_page(NeedPage)
    gap = make_gap(
        need,
        StandardFactory(target_value=Decimal("100")),
        actual="40",
        target_value=Decimal("60"),
        remeasured_value=Decimal("55"),
    )
    assert gap.gap == Decimal("20")
    assert gap.remeasured_gap == Decimal("5")


def test_item_relative_gap_is_mean_of_assessments():
    need = make_page(NeedPage)
    assert need.relative_gap is None
    make_gap(need, StandardFactory(target_value=Decimal("100")), actual="50")  # 0.5
    make_gap(need, StandardFactory(target_value=Decimal("10")), actual="10")  # met: 0
    assert NeedPage.objects.get(pk=need.pk).relative_gap == Decimal("0.250")
