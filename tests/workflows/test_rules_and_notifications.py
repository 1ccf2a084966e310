from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from alliances.models import ItemPage, NeedPage
from cms.tasks import send_due_mails
from tests.factories import UserFactory, make_page
from workflows.exceptions import TransitionPermissionDenied
from workflows.models import SentReminder, StageRule, TransitionRule
from workflows.notifications import send_reminders
from workflows.services import run_transition

pytestmark = pytest.mark.django_db


def test_kernteam_changes_who_may_run_a_step_in_the_admin_with_immediate_effect(
    kernteam_client, kernteam_user, redaktion_user
):
    need = make_page(NeedPage)
    redaktion = Group.objects.get(name="Redaktion")
    form = kernteam_client.get("/admin/transition_rules/new/")
    assert form.status_code == 200
    assert "Bedarfslagen und Entwicklungschancen: Ablehnen" in form.content.decode()
    response = kernteam_client.post(
        "/admin/transition_rules/new/",
        {"transition": "alliances.itempage.decline", "groups": [redaktion.pk]},
    )
    assert response.status_code == 302
    # Redaktion now may decline, and the Kernteam (not in the rule) may not.
    with pytest.raises(TransitionPermissionDenied):
        run_transition(need, "decline", by=kernteam_user, comment="x")
    run_transition(need, "decline", by=redaktion_user, comment="Kein Bedarf")
    assert NeedPage.objects.get(pk=need.pk).stage == "declined"
    # Other steps keep the default: Kernteam only.
    with pytest.raises(TransitionPermissionDenied):
        run_transition(need, "reopen", by=redaktion_user, comment="x")


def test_rule_form_rejects_unknown_steps(kernteam_client):
    response = kernteam_client.post(
        "/admin/transition_rules/new/", {"transition": "alliances.itempage.fly"}
    )
    assert response.status_code == 200
    assert not TransitionRule.objects.exists()


def test_redaktion_cannot_edit_rules(redaktion_client):
    response = redaktion_client.get("/admin/transition_rules/")
    assert response.status_code == 302


def test_stage_rule_in_admin_notifies_groups_on_entry(
    kernteam_client, kernteam_user, django_capture_on_commit_callbacks
):
    colleague = UserFactory(username="carla", groups=["Kernteam"])
    kernteam = Group.objects.get(name="Kernteam")
    response = kernteam_client.post(
        "/admin/stage_rules/new/",
        {
            "stage": "alliances.itempage:declined",
            "reminder_days": "",
            "notify_groups": [kernteam.pk],
        },
    )
    assert response.status_code == 302
    rule = StageRule.objects.get()
    assert rule.notify_assignee is False  # unchecked box
    need = make_page(NeedPage, title="Bolzplatz")
    with django_capture_on_commit_callbacks(execute=True):
        run_transition(need, "decline", by=kernteam_user, comment="Gibt es schon")
    [message] = mail.outbox
    assert sorted(message.to) == sorted([colleague.email, kernteam_user.email])
    assert message.subject == "„Bolzplatz“ ist jetzt: Abgelehnt"
    assert "Gibt es schon" in message.body
    assert f"http://testserver/admin/pages/{need.pk}/edit/" in message.body


def test_reminders_once_per_item_and_period(kernteam_user):
    StageRule.objects.create(stage="alliances.itempage:in_analysis", reminder_days=7)
    need = make_page(NeedPage, title="Spielstraße")
    fresh = make_page(NeedPage, title="Frisch")
    run_transition(need, "start_analysis", by=kernteam_user, assignee=kernteam_user)
    run_transition(fresh, "start_analysis", by=kernteam_user, assignee=kernteam_user)
    send_due_mails()  # the transitions' own mails
    mail.outbox.clear()
    since = timezone.now() - timedelta(days=8)
    ItemPage.objects.filter(pk=need.pk).update(stage_changed_at=since)

    assert send_reminders() == 1
    assert send_reminders() == 0  # same day: not again
    assert send_reminders(now=timezone.now() + timedelta(days=3)) == 0  # same period
    assert send_reminders(now=timezone.now() + timedelta(days=6)) == 1  # next period
    assert mail.outbox == []  # queued in the outbox with their records, sent by the sweep
    assert send_due_mails() == 2
    assert [m.subject for m in mail.outbox] == ["Erinnerung: „Spielstraße“ ist überfällig"] * 2
    assert "seit 8 Tagen in der Stufe „In Analyse“" in mail.outbox[0].body
    assert SentReminder.objects.filter(page_id=need.pk).count() == 2


def test_reminder_task_runs_through_django_q(kernteam_user):
    from django_q.tasks import async_task, result

    StageRule.objects.create(stage="alliances.itempage:in_analysis", reminder_days=1)
    need = make_page(NeedPage)
    run_transition(need, "start_analysis", by=kernteam_user, assignee=kernteam_user)
    ItemPage.objects.filter(pk=need.pk).update(stage_changed_at=timezone.now() - timedelta(days=2))
    task_id = async_task("workflows.tasks.send_reminders")
    assert result(task_id) == 1
