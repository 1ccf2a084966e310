"""Who is told about a stage change or an overdue item, and the mails they get."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_q.tasks import async_task
from wagtail.models import Page

from workflows.models import SentReminder, StageRule, TransitionLog
from workflows.registry import stage_display, workflow_key, workflow_models

logger = logging.getLogger(__name__)


def queue_transition_notifications(log_id: int, *, assigned: bool) -> None:
    """Hand the mails to the task queue; a broker failure is logged, never raised."""
    try:
        async_task(
            "workflows.tasks.notify_stage_entered", log_id, task_name=f"stage-entered-{log_id}"
        )
        if assigned:
            async_task("workflows.tasks.notify_assigned", log_id, task_name=f"assigned-{log_id}")
    except Exception:
        logger.exception("Could not queue the notifications of transition log %s", log_id)


def _admin_url(page) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/pages/{page.pk}/edit/"


def _emails(users) -> list[str]:
    return sorted({user.email for user in users if user.email and user.is_active})


def stage_recipients(item, stage_key: str) -> list[str]:
    rule = StageRule.objects.filter(stage=stage_key).prefetch_related("notify_groups").first()
    users = []
    if (rule is None or rule.notify_assignee) and item.assignee_id:
        users.append(item.assignee)
    if rule is not None:
        users += get_user_model().objects.filter(groups__in=rule.notify_groups.all()).distinct()
    return _emails(users)


def _send(template: str, recipients: list[str], context: dict) -> int:
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"workflows/mail/{template}_subject.txt", context).strip()
        body = render_to_string(f"workflows/mail/{template}.txt", context)
    return send_mail(subject, body, None, recipients)


def send_stage_entered(log_id: int) -> int:
    entry = TransitionLog.objects.select_related("by").get(pk=log_id)
    item = Page.objects.get(pk=entry.page_id).specific
    key = f"{workflow_key(item)}:{entry.target}"
    return _send(
        "stage_entered",
        stage_recipients(item, key),
        {
            "item": item,
            "entry": entry,
            "stage": stage_display(type(item), entry.target),
            "source": stage_display(type(item), entry.source),
            "url": _admin_url(item),
        },
    )


def send_assigned(log_id: int) -> int:
    entry = TransitionLog.objects.get(pk=log_id)
    return send_assignee(entry.page_id)


def send_assignee(page_id: int) -> int:
    """Tell the item's current assignee that it is theirs now."""
    item = Page.objects.get(pk=page_id).specific
    if not item.assignee_id:
        return 0
    return _send(
        "assigned",
        _emails([item.assignee]),
        {"item": item, "stage": stage_display(type(item), item.stage), "url": _admin_url(item)},
    )


def send_reminders(*, now=None) -> int:
    """Remind about items overdue in their stage, once per item and reminder period."""
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
            for item in overdue.select_related("assignee").iterator():
                number = int((now - item.stage_changed_at) / period)
                _, created = SentReminder.objects.get_or_create(
                    page_id=item.pk, stage=stage, stage_since=item.stage_changed_at, period=number
                )
                if not created:
                    continue
                sent += _send(
                    "reminder",
                    stage_recipients(item, stage_key),
                    {
                        "item": item.specific,
                        "stage": stage_display(model, stage),
                        "days": (now - item.stage_changed_at).days,
                        "url": _admin_url(item),
                    },
                )
    return sent
