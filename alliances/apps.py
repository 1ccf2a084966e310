from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    name = "alliances"
    verbose_name = _("Arnsberg Alliances")

    def ready(self):
        from django.db.models.signals import post_migrate

        from alliances import privacy
        from alliances.opendata.tasks import ensure_open_data_schedule

        privacy.register()

        post_migrate.connect(
            ensure_open_data_schedule, sender=self, dispatch_uid="alliances_open_data_schedule"
        )
