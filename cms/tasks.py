"""Periodic tasks of the site itself (django-q2)."""

from django.core.management import call_command

PUBLISH_SCHEDULE = "wagtail: scheduled publishing"
MAIL_SCHEDULE = "mail: send due mails"

SCHEDULES = {
    # name: (function, minutes)
    PUBLISH_SCHEDULE: ("cms.tasks.publish_scheduled", 1),
    # Normally woken right after each commit; this catches up after a lost wake-up or worker.
    MAIL_SCHEDULE: ("cms.tasks.send_due_mails", 1),
}


def publish_scheduled() -> None:
    """Publish what editors scheduled to go live and unpublish what has expired.

    Wagtail leaves this to a cron job calling `publish_scheduled`; the task worker runs it
    every minute instead, so go-live dates work without one.
    """
    call_command("publish_scheduled", verbosity=0)


def send_due_mails() -> int:
    """Send the mail outbox's due rows (woken after commit, and swept every minute)."""
    from cms.mailing import mails_send_due

    return mails_send_due()


def ensure_schedule(**kwargs) -> None:
    from django_q.models import Schedule

    for name, (func, minutes) in SCHEDULES.items():
        Schedule.objects.update_or_create(
            name=name,
            defaults={"func": func, "schedule_type": Schedule.MINUTES, "minutes": minutes},
        )
