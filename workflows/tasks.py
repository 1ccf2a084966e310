"""Thin django-q2 tasks: they take ids and call the notification services."""

from workflows import notifications


def send_reminders() -> int:
    return notifications.send_reminders()
