"""The transition runner, on the test-only Ticket."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import PageLogEntry

from tests.workflow_testapp.factories import make_ticket, make_user
from tests.workflow_testapp.models import Ticket
from workflows.exceptions import StageConflict, TransitionNotAllowed, TransitionPermissionDenied
from workflows.models import TransitionLog
from workflows.services import run_transition
from workflows.signals import stage_changed

pytestmark = pytest.mark.django_db


def test_transition_writes_stage_log_and_history(runner, django_capture_on_commit_callbacks):
    ticket = make_ticket(title="Schulweg")
    with django_capture_on_commit_callbacks(execute=True):
        returned = run_transition(ticket, "start", by=runner, assignee=runner)
    assert returned is ticket
    ticket.refresh_from_db()
    assert ticket.stage == "in_progress"
    assert ticket.assignee == runner
    assert ticket.stage_changed_at is not None
    entry = TransitionLog.objects.get()
    assert (entry.page_id, entry.workflow, entry.transition, entry.source, entry.target) == (
        ticket.pk,
        "workflow_testapp.ticket",
        "start",
        "open",
        "in_progress",
    )
    assert entry.by == runner
    assert entry.cause == "person"
    history = PageLogEntry.objects.get(page=ticket, action="workflows.transition")
    assert history.user == runner
    assert history.data["target"] == "in_progress"


def test_history_view_shows_the_transition(runner, client):
    ticket = make_ticket()
    run_transition(ticket, "start", by=runner, assignee=runner)
    run_transition(ticket, "reopen", by=runner, comment="Doppelt erfasst")
    client.force_login(make_user("root", is_superuser=True))
    response = client.get(f"/admin/pages/{ticket.pk}/history/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Stufe geändert" in content
    assert "Doppelt erfasst" in content


def test_signal_is_sent_inside_the_transaction_with_its_contract(runner):
    ticket = make_ticket()
    received = []

    def receiver(**kwargs):
        received.append(kwargs)

    stage_changed.connect(receiver)
    try:
        run_transition(ticket, "start", by=runner, comment="Los", assignee=runner)
    finally:
        stage_changed.disconnect(receiver)
    [kwargs] = received
    assert kwargs["sender"] is Ticket
    assert kwargs["instance"] is ticket
    assert kwargs["transition"] == "start"
    assert (kwargs["source"], kwargs["target"]) == ("open", "in_progress")
    assert kwargs["by"] == runner
    assert kwargs["comment"] == "Los"


def test_without_the_permission_no_step_runs(bystander):
    ticket = make_ticket()
    with pytest.raises(TransitionPermissionDenied):
        run_transition(ticket, "start", by=bystander, assignee=bystander)
    ticket.refresh_from_db()
    assert ticket.stage == "open"
    assert not TransitionLog.objects.exists()


def test_superuser_and_system_may_run_transitions():
    root = make_user("root", is_superuser=True)
    ticket = make_ticket()
    run_transition(ticket, "start", by=root, assignee=root)
    run_transition(ticket, "reopen", by=None, comment="Neu bewertet")
    assert [e.cause for e in TransitionLog.objects.order_by("pk")] == ["person", "system"]


def test_missing_inputs_give_german_reasons(runner):
    ticket = make_ticket()
    with pytest.raises(TransitionNotAllowed) as assignee_missing:
        run_transition(ticket, "start", by=runner)
    run_transition(ticket, "start", by=runner, assignee=runner)
    with pytest.raises(TransitionNotAllowed) as reason_missing:
        run_transition(ticket, "reopen", by=runner, comment="  ")
    assert assignee_missing.value.reasons == ["Bitte wählen Sie aus, wer zuständig ist."]
    assert reason_missing.value.reasons == ["Bitte geben Sie eine Begründung an."]


def test_a_failing_guard_gives_its_reasons(runner):
    ticket = make_ticket()
    run_transition(ticket, "start", by=runner, assignee=runner)
    with pytest.raises(TransitionNotAllowed) as failure:
        run_transition(ticket, "finish", by=runner)
    assert failure.value.reasons == ["Es fehlt das Ergebnis."]
    assert failure.value.reasons[0].fix_url.endswith(f"/admin/pages/{ticket.pk}/edit/#id_result")


def test_transition_not_possible_from_this_stage(runner):
    ticket = make_ticket()
    with pytest.raises(TransitionNotAllowed) as failure:
        run_transition(ticket, "finish", by=runner)
    assert failure.value.reasons == ["Dieser Schritt ist in der Stufe „Offen“ nicht möglich."]
    with pytest.raises(TransitionNotAllowed) as unknown:
        run_transition(ticket, "fly", by=runner)
    assert unknown.value.reasons == ["Diesen Schritt gibt es nicht."]


def test_stale_instance_gets_a_conflict_with_the_current_stage(runner):
    ticket = make_ticket()
    stale = Ticket.objects.get(pk=ticket.pk)
    run_transition(ticket, "start", by=runner, assignee=runner)
    with pytest.raises(StageConflict) as conflict:
        run_transition(stale, "start", by=runner, assignee=runner)
    assert conflict.value.current == "in_progress"
    assert stale.stage == "open"  # the in-memory instance is left as it was
    assert stale.assignee_id is None
    assert TransitionLog.objects.count() == 1


def test_notifications_run_after_commit_and_a_mail_failure_keeps_the_transition(
    runner, django_capture_on_commit_callbacks, settings
):
    assignee = make_user("anna", runs=True)
    ticket = make_ticket(title="Treffpunkt")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run_transition(ticket, "start", by=runner, assignee=assignee)
    assert mail.outbox == []  # nothing is sent before commit
    for callback in callbacks:
        callback()
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Sie sind jetzt zuständig für „Treffpunkt“",
        "„Treffpunkt“ ist jetzt: In Arbeit",
    ]
    assert all(m.to == ["anna@example.org"] for m in mail.outbox)
    assert f"http://testserver/admin/pages/{ticket.pk}/edit/" in mail.outbox[0].body

    settings.EMAIL_BACKEND = "tests.workflows.test_runner.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        run_transition(ticket, "reopen", by=runner, comment="Pause")
    ticket.refresh_from_db()
    assert ticket.stage == "open"


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_stage_since_is_the_transition_time(runner):
    ticket = make_ticket()
    before = timezone.now()
    run_transition(ticket, "start", by=runner, assignee=runner)
    ticket.refresh_from_db()
    assert before <= ticket.stage_changed_at <= before + timedelta(seconds=5)
