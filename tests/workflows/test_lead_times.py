from datetime import UTC, datetime, timedelta

import pytest

from tests.workflow_testapp.factories import make_ticket
from tests.workflow_testapp.models import Ticket
from workflows.models import TransitionLog
from workflows.selectors import lead_times

pytestmark = pytest.mark.django_db

START = datetime(2026, 1, 1, tzinfo=UTC)


def _history(page, *stays, workflow="workflow_testapp.ticket"):
    """Log rows entering open, then in_progress after each stay (days), …"""
    at = START
    stages = ["open", "in_progress", "done"]
    for position, days in enumerate([0, *stays]):
        at += timedelta(days=days)
        TransitionLog.objects.create(
            page=page,
            workflow=workflow,
            transition="t",
            source=stages[position - 1] if position else "",
            target=stages[position],
            cause="system",
            created_at=at,
        )


def test_lead_times_per_stage_median_and_p90(django_assert_num_queries):
    for stays in [(1, 10), (2, 20), (3, 30), (4, 40), (5, 50)]:
        _history(make_ticket(), *stays)
    _history(make_ticket(), 100, workflow="other.workflow")  # another workflow's rows
    with django_assert_num_queries(1):
        result = lead_times(Ticket)
    assert result["open"] == {"count": 5, "median": 3.0, "p90": 4.6}
    assert result["in_progress"] == {"count": 5, "median": 30.0, "p90": 46.0}
    assert "done" not in result  # still there: no completed stay yet
