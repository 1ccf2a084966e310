"""The one registry of periodic jobs (django-q2 schedules).

Every periodic job of the product is declared in `settings.PERIODIC_JOBS`; after each
`migrate` this module creates or updates the matching django-q2 `Schedule` rows, so a
changed cadence reaches existing databases, and removes schedules of the product's own
tasks that are no longer declared. A job is a mapping of:

- ``func``: dotted path of the task (a module-level function taking no arguments);
- ``minutes`` (run every N minutes), ``daily_at`` ("HH:MM", local time) or ``weekly_at``
  ("mon 07:00": an English weekday's first three letters and a local time).
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

# Tasks of these packages belong to the product; only their schedules are ever removed.
PRODUCT_PACKAGES = ("cms.", "workflows.", "alliances.", "api.")


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _next_daily_run(at: str, now: datetime) -> datetime:
    hours, minutes = (int(part) for part in at.split(":"))
    local_now = timezone.localtime(now)
    candidate = local_now.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    if candidate <= local_now:
        candidate += timedelta(days=1)
    return candidate


def _next_weekly_run(at: str, now: datetime) -> datetime:
    """The next "mon 07:00" after `now`, local time. Raises ValueError if malformed."""
    day, _sep, clock = at.partition(" ")
    weekday = WEEKDAYS.index(day.lower())  # ValueError on an unknown day
    time.fromisoformat(clock)
    candidate = _next_daily_run(clock, now)
    return candidate + timedelta(days=(weekday - candidate.weekday()) % 7)


def _next_run(job: dict, now: datetime) -> datetime:
    if "weekly_at" in job:
        return _next_weekly_run(job["weekly_at"], now)
    if "daily_at" in job:
        return _next_daily_run(job["daily_at"], now)
    return now


def _schedule_fields(name: str, job: dict) -> dict:
    from django_q.models import Schedule

    if "minutes" in job:
        return {"schedule_type": Schedule.MINUTES, "minutes": int(job["minutes"])}
    if "daily_at" in job:
        time.fromisoformat(job["daily_at"])  # ValueError on a malformed time
        return {"schedule_type": Schedule.DAILY, "minutes": None}
    if "weekly_at" in job:
        _next_weekly_run(job["weekly_at"], timezone.now())  # ValueError if malformed
        return {"schedule_type": Schedule.WEEKLY, "minutes": None}
    raise ImproperlyConfigured(
        f"PERIODIC_JOBS[{name!r}] needs 'minutes', 'daily_at' or 'weekly_at'."
    )


def sync_periodic_jobs(**kwargs) -> dict[str, int]:
    """Make django-q2's schedules match `settings.PERIODIC_JOBS` (idempotent).

    Returns ``{"created": n, "updated": n, "removed": n}``. Raises ImproperlyConfigured for
    a job without a cadence. Connected to `post_migrate`.
    """
    from django_q.models import Schedule

    counts = {"created": 0, "updated": 0, "removed": 0}
    now = timezone.now()
    jobs = settings.PERIODIC_JOBS
    for name, job in jobs.items():
        fields = {"func": job["func"], "repeats": -1, **_schedule_fields(name, job)}
        schedule = Schedule.objects.filter(name=name).first()
        if schedule is None:
            Schedule.objects.create(name=name, next_run=_next_run(job, now), **fields)
            counts["created"] += 1
            continue
        changed = {key: value for key, value in fields.items() if getattr(schedule, key) != value}
        if ("daily_at" in job or "weekly_at" in job) and (
            "schedule_type" in changed or "func" in changed
        ):
            changed["next_run"] = _next_run(job, now)
        if changed:
            Schedule.objects.filter(pk=schedule.pk).update(**changed)
            counts["updated"] += 1
    stale = Schedule.objects.exclude(name__in=list(jobs)).filter(
        func__regex=r"^(" + "|".join(p.replace(".", r"\.") for p in PRODUCT_PACKAGES) + ")"
    )
    counts["removed"], _ = stale.delete()
    return counts
