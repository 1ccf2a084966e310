"""One registry of periodic jobs: settings.PERIODIC_JOBS, synced after every migrate."""

from importlib import import_module

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django_q.models import Schedule

from cms.schedules import sync_periodic_jobs

pytestmark = pytest.mark.django_db


def _ours():
    return {s.name: s for s in Schedule.objects.all()}


def test_migrate_creates_every_declared_job_once(settings):
    call_command("migrate", verbosity=0)
    call_command("migrate", verbosity=0)
    schedules = _ours()
    assert set(schedules) == set(settings.PERIODIC_JOBS)
    for name, job in settings.PERIODIC_JOBS.items():
        assert schedules[name].func == job["func"]
        assert Schedule.objects.filter(name=name).count() == 1


def test_every_declared_task_can_be_imported(settings):
    for job in settings.PERIODIC_JOBS.values():
        module, _, function = job["func"].rpartition(".")
        assert callable(getattr(import_module(module), function)), job["func"]


def test_a_changed_cadence_reaches_an_existing_database(settings):
    name = "webhooks: sweep due deliveries"
    sync_periodic_jobs()
    assert Schedule.objects.get(name=name).minutes == 1

    settings.PERIODIC_JOBS = {**settings.PERIODIC_JOBS, name: {**settings.PERIODIC_JOBS[name]}}
    settings.PERIODIC_JOBS[name]["minutes"] = 3
    assert sync_periodic_jobs()["updated"] == 1
    assert Schedule.objects.get(name=name).minutes == 3
    assert sync_periodic_jobs() == {"created": 0, "updated": 0, "removed": 0}


def test_a_daily_job_starts_at_its_local_time(settings):
    sync_periodic_jobs()
    schedule = Schedule.objects.get(name="workflows: daily reminders")
    assert schedule.schedule_type == Schedule.DAILY
    from django.utils import timezone

    next_run = timezone.localtime(schedule.next_run)
    assert (next_run.hour, next_run.minute) == (7, 0)
    assert next_run > timezone.now()


def test_retired_jobs_of_the_product_are_removed_and_foreign_ones_kept():
    Schedule.objects.create(name="old name", func="workflows.tasks.send_reminders")
    Schedule.objects.create(name="someone else's", func="thirdparty.tasks.cleanup")
    counts = sync_periodic_jobs()
    assert counts["removed"] == 1
    assert not Schedule.objects.filter(name="old name").exists()
    assert Schedule.objects.filter(name="someone else's").exists()


def test_a_job_without_cadence_is_a_configuration_error(settings):
    settings.PERIODIC_JOBS = {"broken": {"func": "cms.tasks.publish_scheduled"}}
    with pytest.raises(ImproperlyConfigured, match="broken"):
        sync_periodic_jobs()
