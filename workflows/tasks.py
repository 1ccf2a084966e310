"""Thin django-q2 tasks: they take ids and call the notification services."""

from workflows import notifications


def notify_stage_entered(log_id: int) -> int:
    return notifications.send_stage_entered(log_id)


def notify_assigned(log_id: int) -> int:
    return notifications.send_assigned(log_id)


def notify_assignee(page_id: int) -> int:
    return notifications.send_assignee(page_id)


def send_reminders() -> int:
    return notifications.send_reminders()
