"""Periodic django-q2 schedules of the partner interface, created idempotently after migrate."""

SCHEDULES = {
    # name: (function, minutes)
    "webhooks: sweep due deliveries": ("api.webhooks.tasks.deliver_due", 1),
    "hand-ins: delete unconfirmed sign-ups": ("api.handins.tasks.purge_unconfirmed", 60),
    # Normally done right after each change; this catches up after a lost task or signal.
    "read model: render what is missing": ("api.readmodel.tasks.catch_up", 5),
}


def ensure_schedules(**kwargs) -> None:
    from django_q.models import Schedule

    from api.readmodel.services import fill_if_empty

    fill_if_empty()

    for name, (func, minutes) in SCHEDULES.items():
        Schedule.objects.update_or_create(
            name=name,
            defaults={"func": func, "schedule_type": Schedule.MINUTES, "minutes": minutes},
        )
