"""The daily open data export (django-q2), created idempotently after migrations."""

from datetime import timedelta

from django.utils import timezone

from alliances.opendata.services import open_data_generate

SCHEDULE_NAME = "open-data-daily"
TASK = "alliances.opendata.tasks.generate_open_data"


def generate_open_data() -> dict[str, int]:
    return open_data_generate()


def ensure_open_data_schedule(**kwargs) -> None:
    """post_migrate receiver: one daily schedule, found by name (never duplicated)."""
    from django_q.models import Schedule

    tomorrow_early = (timezone.localtime() + timedelta(days=1)).replace(
        hour=3, minute=30, second=0, microsecond=0
    )
    Schedule.objects.get_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "func": TASK,
            "schedule_type": Schedule.DAILY,
            "next_run": tomorrow_early,
            "repeats": -1,
        },
    )
