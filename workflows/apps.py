from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

REMINDER_SCHEDULE = "workflows: daily reminders"


def ensure_reminder_schedule(**kwargs) -> None:
    """Create the daily reminder schedule once; re-running migrate leaves it alone."""
    from django_q.models import Schedule

    Schedule.objects.get_or_create(
        name=REMINDER_SCHEDULE,
        defaults={"func": "workflows.tasks.send_reminders", "schedule_type": Schedule.DAILY},
    )


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Workflow")

    def ready(self):
        post_migrate.connect(ensure_reminder_schedule, sender=self)
