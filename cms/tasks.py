"""Periodic tasks of the site itself (django-q2)."""

from django.core.management import call_command


def publish_scheduled() -> None:
    """Publish what editors scheduled to go live and unpublish what has expired.

    Wagtail leaves this to a cron job calling `publish_scheduled`; the task worker runs it
    every minute instead, so go-live dates work without one.
    """
    call_command("publish_scheduled", verbosity=0)
