from datetime import UTC, datetime, timedelta

import pytest

from alliances.models import NeedPage, ServicePage
from tests.factories import make_page
from workflows.models import TransitionLog
from workflows.selectors import lead_times

pytestmark = pytest.mark.django_db

START = datetime(2026, 1, 1, tzinfo=UTC)


def _history(page, *stays):
    """Log rows entering captured, then in_analysis after each stay (days), …"""
    at = START
    stages = ["captured", "in_analysis", "in_definition", "alliance_forming"]
    for position, days in enumerate([0, *stays]):
        at += timedelta(days=days)
        TransitionLog.objects.create(
            page=page,
            workflow="alliances.itempage",
            transition="t",
            source=stages[position - 1] if position else "",
            target=stages[position],
            cause="system",
            created_at=at,
        )


def test_lead_times_per_stage_median_and_p90(django_assert_num_queries):
    for stays in [(1, 10), (2, 20), (3, 30), (4, 40), (5, 50)]:
        _history(make_page(NeedPage), *stays)
    _history(make_page(ServicePage))  # another workflow's rows are not counted
    TransitionLog.objects.filter(
        workflow="alliances.itempage", page__in=ServicePage.objects.all()
    ).update(workflow="alliances.servicepage")
    with django_assert_num_queries(1):
        result = lead_times(NeedPage)
    assert result["captured"] == {"count": 5, "median": 3.0, "p90": 4.6}
    assert result["in_analysis"] == {"count": 5, "median": 30.0, "p90": 46.0}
    assert "in_definition" not in result  # still there: no completed stay yet
