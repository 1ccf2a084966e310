"""The low-code rules (who may run a step, reminders, who is told), on the test Ticket."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from cms.tasks import send_due_mails
from tests.workflow_testapp.factories import make_ticket, make_user
from tests.workflow_testapp.models import Ticket
from workflows.exceptions import TransitionPermissionDenied
from workflows.models import SentReminder, StageRule, TransitionRule
from workflows.notifications import send_reminders
from workflows.services import run_transition

pytestmark = pytest.mark.django_db


def test_a_rule_in_the_admin_changes_who_may_run_a_step_at_once(admin_client, runner):
    ticket = make_ticket()
    reviewers = Group.objects.create(name="Prüfung")
    reviewer = make_user("paul", groups=[reviewers])
    form = admin_client.get("/admin/transition_rules/new/")
    assert form.status_code == 200
    assert "Vorgänge: Beginnen" in form.content.decode()  # every workflow's steps
    response = admin_client.post(
        "/admin/transition_rules/new/",
        {"transition": "workflow_testapp.ticket.start", "groups": [reviewers.pk]},
    )
    assert response.status_code == 302
    # The rule's group now may start, and the permission's holder (not in the rule) may not.
    with pytest.raises(TransitionPermissionDenied):
        run_transition(ticket, "start", by=runner, assignee=runner)
    run_transition(ticket, "start", by=reviewer, assignee=runner)
    assert Ticket.objects.get(pk=ticket.pk).stage == "in_progress"
    # Other steps keep the default: the permission's holders only.
    with pytest.raises(TransitionPermissionDenied):
        run_transition(ticket, "reopen", by=reviewer, comment="x")
    run_transition(ticket, "reopen", by=runner, comment="x")


def test_rule_form_rejects_unknown_steps(admin_client):
    response = admin_client.post(
        "/admin/transition_rules/new/", {"transition": "workflow_testapp.ticket.fly"}
    )
    assert response.status_code == 200
    assert not TransitionRule.objects.exists()


def test_without_the_model_permissions_no_rule_editing(bystander_client):
    assert bystander_client.get("/admin/transition_rules/").status_code == 302
    assert bystander_client.get("/admin/stage_rules/").status_code == 302


def test_stage_rule_in_admin_notifies_groups_on_entry(
    admin_client, runner, django_capture_on_commit_callbacks
):
    watchers = Group.objects.create(name="Beobachtung")
    colleague = make_user("carla", groups=[watchers])
    make_user("gone", groups=[watchers], is_active=False)
    response = admin_client.post(
        "/admin/stage_rules/new/",
        {
            "stage": "workflow_testapp.ticket:open",
            "reminder_days": "",
            "notify_groups": [watchers.pk],
        },
    )
    assert response.status_code == 302
    rule = StageRule.objects.get()
    assert rule.notify_assignee is False  # unchecked box
    ticket = make_ticket(title="Bolzplatz")
    run_transition(ticket, "start", by=runner, assignee=runner)
    send_due_mails()  # the assignment's own mail
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run_transition(ticket, "reopen", by=runner, comment="Gibt es schon")
    [message] = mail.outbox
    assert message.to == [colleague.email]
    assert message.subject == "„Bolzplatz“ ist jetzt: Offen"
    assert "Gibt es schon" in message.body
    assert f"http://testserver/admin/pages/{ticket.pk}/edit/" in message.body


def test_reminders_once_per_page_and_period(runner):
    StageRule.objects.create(stage="workflow_testapp.ticket:in_progress", reminder_days=7)
    ticket = make_ticket(title="Spielstraße")
    fresh = make_ticket(title="Frisch")
    run_transition(ticket, "start", by=runner, assignee=runner)
    run_transition(fresh, "start", by=runner, assignee=runner)
    send_due_mails()  # the transitions' own mails
    mail.outbox.clear()
    since = timezone.now() - timedelta(days=8)
    Ticket.objects.filter(pk=ticket.pk).update(stage_changed_at=since)

    assert send_reminders() == 1
    assert send_reminders() == 0  # same day: not again
    assert send_reminders(now=timezone.now() + timedelta(days=3)) == 0  # same period
    assert send_reminders(now=timezone.now() + timedelta(days=6)) == 1  # next period
    assert mail.outbox == []  # queued in the outbox with their records, sent by the sweep
    assert send_due_mails() == 2
    assert [m.subject for m in mail.outbox] == ["Erinnerung: „Spielstraße“ ist überfällig"] * 2
    assert "seit 8 Tagen in der Stufe „In Arbeit“" in mail.outbox[0].body
    assert SentReminder.objects.filter(page_id=ticket.pk).count() == 2


def test_reminder_task_runs_through_django_q(runner):
    from django_q.tasks import async_task, result

    StageRule.objects.create(stage="workflow_testapp.ticket:in_progress", reminder_days=1)
    ticket = make_ticket()
    run_transition(ticket, "start", by=runner, assignee=runner)
    Ticket.objects.filter(pk=ticket.pk).update(stage_changed_at=timezone.now() - timedelta(days=2))
    task_id = async_task("workflows.tasks.send_reminders")
    assert result(task_id) == 1
