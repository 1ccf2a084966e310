import threading

import pytest
from django.core import mail
from django.db import connection

from tests.workflow_testapp.factories import make_ticket, make_user, runners_group
from tests.workflow_testapp.models import Ticket
from workflows.exceptions import StageConflict, TransitionNotAllowed
from workflows.models import StageRule, TransitionLog
from workflows.services import run_transition

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.postgres
def test_eight_threads_running_the_same_transition_give_one_success():
    runner = make_user("rosa", runs=True)
    ticket = make_ticket(title="Gleichzeitig")
    rule = StageRule.objects.create(
        stage="workflow_testapp.ticket:in_progress", notify_assignee=False
    )
    rule.notify_groups.add(runners_group())
    barrier = threading.Barrier(8)
    outcomes = []

    def attempt():
        try:
            fresh = Ticket.objects.get(pk=ticket.pk)
            barrier.wait()
            run_transition(fresh, "start", by=runner, assignee=runner)
            outcomes.append("ok")
        except (StageConflict, TransitionNotAllowed) as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("ok") == 1
    assert len(outcomes) == 8
    assert set(outcomes) <= {"ok", "StageConflict", "TransitionNotAllowed"}
    assert TransitionLog.objects.filter(page_id=ticket.pk).count() == 1
    assert Ticket.objects.get(pk=ticket.pk).stage == "in_progress"
    stage_mails = [m for m in mail.outbox if "ist jetzt" in m.subject]
    assert [m.to for m in stage_mails] == [[runner.email]]
