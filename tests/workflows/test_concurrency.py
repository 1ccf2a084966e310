import threading

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection

from alliances.models import NeedPage
from tests.factories import make_page
from workflows.exceptions import StageConflict, TransitionNotAllowed
from workflows.models import StageRule, TransitionLog
from workflows.services import run_transition

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.postgres
def test_eight_threads_running_the_same_transition_give_one_success(kernteam_user):
    need = make_page(NeedPage, title="Gleichzeitig")
    rule = StageRule.objects.create(stage="alliances.itempage:declined", notify_assignee=False)
    rule.notify_groups.add(Group.objects.get(name="Kernteam"))
    barrier = threading.Barrier(8)
    outcomes = []

    def attempt():
        try:
            item = NeedPage.objects.get(pk=need.pk)
            barrier.wait()
            run_transition(item, "decline", by=kernteam_user, comment="Doppelt erfasst")
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
    assert TransitionLog.objects.filter(page_id=need.pk).count() == 1
    assert NeedPage.objects.get(pk=need.pk).stage == "declined"
    assert [m.to for m in mail.outbox] == [[kernteam_user.email]]
