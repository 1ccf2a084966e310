from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Website")

    def ready(self):
        from cms.localized_input import register_localized_fields
        from cms.tasks import ensure_schedule

        register_localized_fields()
        post_migrate.connect(ensure_schedule, sender=self, dispatch_uid="cms-schedules")
