"""Periodic tasks of the site itself (django-q2); scheduled through settings.PERIODIC_JOBS."""

from django.core.management import call_command


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
