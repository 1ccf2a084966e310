"""Periodic tasks of the site itself (django-q2)."""

from django.core.management import call_command

PUBLISH_SCHEDULE = "wagtail: scheduled publishing"


def publish_scheduled() -> None:
    """Publish what editors scheduled to go live and unpublish what has expired.

    Wagtail leaves this to a cron job calling `publish_scheduled`; the task worker runs it
    every minute instead, so go-live dates work without one.
    """
    call_command("publish_scheduled", verbosity=0)


def ensure_schedule(**kwargs) -> None:
    from django_q.models import Schedule

    from cms import health, keycheck, retention

    retention.ensure_schedule()
    health.ensure_schedule()
    keycheck.publish()  # migrate runs with the web's settings

    Schedule.objects.update_or_create(
        name=PUBLISH_SCHEDULE,
        defaults={
            "func": "cms.tasks.publish_scheduled",
            "schedule_type": Schedule.MINUTES,
            "minutes": 1,
        },
    )
