from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import PageLogEntry

from alliances.models import NeedPage
from tests.factories import UserFactory, make_page
from workflows.exceptions import StageConflict, TransitionNotAllowed, TransitionPermissionDenied
from workflows.models import TransitionLog
from workflows.services import run_transition
from workflows.signals import stage_changed

pytestmark = pytest.mark.django_db


def test_transition_writes_stage_log_and_history(kernteam_user, django_capture_on_commit_callbacks):
    need = make_page(NeedPage, title="Schulweg Hüsten")
    with django_capture_on_commit_callbacks(execute=True):
        returned = run_transition(need, "start_analysis", by=kernteam_user, assignee=kernteam_user)
    assert returned is need
    need.refresh_from_db()
    assert need.stage == "in_analysis"
    assert need.assignee == kernteam_user
    assert need.stage_changed_at is not None
    entry = TransitionLog.objects.get()
    assert (entry.page_id, entry.transition, entry.source, entry.target) == (
        need.pk,
        "start_analysis",
        "captured",
        "in_analysis",
    )
    assert entry.by == kernteam_user
    assert entry.cause == "person"
    history = PageLogEntry.objects.get(page=need, action="workflows.transition")
    assert history.user == kernteam_user
    assert history.data["target"] == "in_analysis"


def test_history_view_shows_the_transition(kernteam_user, client, django_user_model):
    need = make_page(NeedPage)
    run_transition(need, "decline", by=kernteam_user, comment="Doppelt erfasst")
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    response = client.get(f"/admin/pages/{need.pk}/history/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Stufe geändert" in content
    assert "Doppelt erfasst" in content


def test_signal_is_sent_inside_the_transaction_with_its_contract(kernteam_user):
    need = make_page(NeedPage)
    received = []

    def receiver(**kwargs):
        received.append(kwargs)

    stage_changed.connect(receiver)
    try:
        run_transition(need, "decline", by=kernteam_user, comment="Kein Bedarf")
    finally:
        stage_changed.disconnect(receiver)
    [kwargs] = received
    assert kwargs["sender"] is NeedPage
    assert kwargs["instance"] is need
    assert kwargs["transition"] == "decline"
    assert (kwargs["source"], kwargs["target"]) == ("captured", "declined")
    assert kwargs["by"] == kernteam_user
    assert kwargs["comment"] == "Kein Bedarf"


def test_redaktion_may_not_run_transitions(redaktion_user):
    need = make_page(NeedPage)
    with pytest.raises(TransitionPermissionDenied):
        run_transition(need, "decline", by=redaktion_user, comment="x")
    need.refresh_from_db()
    assert need.stage == "captured"
    assert not TransitionLog.objects.exists()


def test_superuser_and_system_may_run_transitions(django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    need = make_page(NeedPage)
    run_transition(need, "decline", by=root, comment="x")
    run_transition(need, "reopen", by=None, comment="Neu bewertet")
    assert [e.cause for e in TransitionLog.objects.order_by("pk")] == ["person", "system"]


def test_missing_inputs_give_german_reasons(kernteam_user):
    need = make_page(NeedPage)
    with pytest.raises(TransitionNotAllowed) as assignee_missing:
        run_transition(need, "start_analysis", by=kernteam_user)
    with pytest.raises(TransitionNotAllowed) as reason_missing:
        run_transition(need, "decline", by=kernteam_user, comment="  ")
    assert assignee_missing.value.reasons == ["Bitte wählen Sie aus, wer zuständig ist."]
    assert reason_missing.value.reasons == ["Bitte geben Sie eine Begründung an."]


def test_transition_not_possible_from_this_stage(kernteam_user):
    need = make_page(NeedPage)
    with pytest.raises(TransitionNotAllowed) as failure:
        run_transition(need, "close", by=kernteam_user)
    assert failure.value.reasons == ["Dieser Schritt ist in der Stufe „Erfasst“ nicht möglich."]


def test_stale_instance_gets_a_conflict_with_the_current_stage(kernteam_user):
    need = make_page(NeedPage)
    stale = NeedPage.objects.get(pk=need.pk)
    run_transition(need, "decline", by=kernteam_user, comment="x")
    with pytest.raises(StageConflict) as conflict:
        run_transition(stale, "put_on_hold", by=kernteam_user, comment="y")
    assert conflict.value.current == "declined"
    assert stale.stage == "captured"  # the in-memory instance is left as it was
    assert stale.on_hold_from == ""
    assert TransitionLog.objects.count() == 1


def test_resume_returns_to_the_stage_it_was_put_on_hold_from(kernteam_user):
    need = make_page(NeedPage)
    run_transition(need, "start_analysis", by=kernteam_user, assignee=kernteam_user)
    run_transition(need, "put_on_hold", by=kernteam_user, comment="Warten auf Zahlen")
    need.refresh_from_db()
    assert (need.stage, need.on_hold_from) == ("on_hold", "in_analysis")
    run_transition(need, "resume", by=kernteam_user)
    need.refresh_from_db()
    assert (need.stage, need.on_hold_from) == ("in_analysis", "")


def test_notifications_run_after_commit_and_a_mail_failure_keeps_the_transition(
    kernteam_user, django_capture_on_commit_callbacks, settings
):
    assignee = UserFactory(username="anna", groups=["Kernteam"])
    need = make_page(NeedPage, title="Treffpunkt Oeventrop")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run_transition(need, "start_analysis", by=kernteam_user, assignee=assignee)
    assert mail.outbox == []  # nothing is sent before commit
    for callback in callbacks:
        callback()
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Sie sind jetzt zuständig für „Treffpunkt Oeventrop“",
        "„Treffpunkt Oeventrop“ ist jetzt: In Analyse",
    ]
    assert all(m.to == ["anna@stadt.example.org"] for m in mail.outbox)
    assert f"http://testserver/admin/pages/{need.pk}/edit/" in mail.outbox[0].body

    settings.EMAIL_BACKEND = "tests.workflows.test_runner.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        run_transition(need, "put_on_hold", by=kernteam_user, comment="Pause")
    need.refresh_from_db()
    assert need.stage == "on_hold"


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_stage_since_is_the_transition_time(kernteam_user):
    need = make_page(NeedPage)
    before = timezone.now()
    run_transition(need, "decline", by=kernteam_user, comment="x")
    need.refresh_from_db()
    assert before <= need.stage_changed_at <= before + timedelta(seconds=5)
