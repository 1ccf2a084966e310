"""Who is told about a stage change or an overdue page, and the mails they get."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.utils import get_admin_base_url

from cms.mailing import queue_mail, render_text
from cms.models import OutboundMail
from workflows.models import SentReminder, StageRule, TransitionLog
from workflows.registry import stage_display, workflow_key, workflow_models

Purpose = OutboundMail.Purpose


def queue_transition_notifications(*, page, entry: TransitionLog, assigned: bool) -> int:
    """Write the mails of a transition into the outbox; call inside its transaction."""
    queued = queue_stage_entered(page=page, entry=entry)
    if assigned:
        queued += queue_assigned(page=page, entry=entry)
    return queued


def _admin_url(page) -> str:
    return get_admin_base_url() + reverse("wagtailadmin_pages:edit", args=[page.pk])


def _emails(users) -> list[str]:
    return sorted({user.email for user in users if user.email and user.is_active})


def stage_recipients(page, stage_key: str) -> list[str]:
    rule = StageRule.objects.filter(stage=stage_key).prefetch_related("notify_groups").first()
    users = []
    if (rule is None or rule.notify_assignee) and page.assignee_id:
        users.append(page.assignee)
    if rule is not None:
        users += get_user_model().objects.filter(groups__in=rule.notify_groups.all()).distinct()
    return _emails(users)


def _queue(template: str, recipients: list[str], context: dict, *, key: str, purpose) -> int:
    """Queue one mail (0 when nobody is to be told); the outbox sends it after commit."""
    if not recipients:
        return 0
    subject = render_text(f"workflows/mail/{template}_subject.txt", context)
    body = render_text(f"workflows/mail/{template}.txt", context)
    queue_mail(key=key, to=recipients, subject=subject, body=body, purpose=purpose)
    return 1


def queue_stage_entered(*, page, entry: TransitionLog) -> int:
    stage_key = f"{workflow_key(page)}:{entry.target}"
    return _queue(
        "stage_entered",
        stage_recipients(page, stage_key),
        {
            "page": page,
            "entry": entry,
            "stage": stage_display(type(page), entry.target),
            "source": stage_display(type(page), entry.source),
            "url": _admin_url(page),
        },
        key=f"stage-entered:{entry.pk}",
        purpose=Purpose.STAGE_ENTERED,
    )


def queue_assigned(*, page, entry: TransitionLog) -> int:
    if not page.assignee_id:
        return 0
    return _queue(
        "assigned",
        _emails([page.assignee]),
        {"page": page, "stage": stage_display(type(page), page.stage), "url": _admin_url(page)},
        key=f"assigned:{entry.pk}",
        purpose=Purpose.ASSIGNED,
    )


def send_reminders(*, now=None) -> int:
    """Remind about pages overdue in their stage, once per page and reminder period.

    The reminder's record and its mail are written together; returns how many were queued.
    """
    now = now or timezone.now()
    sent = 0
    rules = StageRule.objects.filter(reminder_days__gt=0).prefetch_related("notify_groups")
    by_key = {rule.stage: rule for rule in rules}
    for model in workflow_models():
        key = workflow_key(model)
        for stage_key, rule in by_key.items():
            workflow, _, stage = stage_key.partition(":")
            if workflow != key:
                continue
            period = timedelta(days=rule.reminder_days)
            overdue = model.objects.filter(stage=stage, stage_changed_at__lte=now - period)
            for page in overdue.select_related("assignee").iterator():
                number = int((now - page.stage_changed_at) / period)
                with transaction.atomic():
                    reminder, created = SentReminder.objects.get_or_create(
                        page_id=page.pk,
                        stage=stage,
                        stage_since=page.stage_changed_at,
                        period=number,
                    )
                    if not created:
                        continue
                    sent += _queue(
                        "reminder",
                        stage_recipients(page, stage_key),
                        {
                            "page": page.specific,
                            "stage": stage_display(model, stage),
                            "days": (now - page.stage_changed_at).days,
                            "url": _admin_url(page),
                        },
                        key=f"reminder:{reminder.pk}",
                        purpose=Purpose.REMINDER,
                    )
    return sent


def queue_assignee_changed(*, page, key: str) -> int:
    """The assignment mail when the assignee is changed without a step (in its transaction)."""
    if not page.assignee_id:
        return 0
    return _queue(
        "assigned",
        _emails([page.assignee]),
        {"page": page, "stage": stage_display(type(page), page.stage), "url": _admin_url(page)},
        key=key,
        purpose=Purpose.ASSIGNED,
    )
