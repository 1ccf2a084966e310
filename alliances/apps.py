from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    name = "alliances"
    verbose_name = _("Arnsberg Alliances")

    def ready(self):
        from alliances import demand, privacy, visibility
        from alliances.opendata.tasks import generate_if_missing

        privacy.register()
        visibility.connect()
        demand.connect()

        # The report's demand table is filled after migrate (not by its migration, which
        # would then depend on today's models).
        post_migrate.connect(demand.fill_if_empty, sender=self, dispatch_uid="demand-fill")
        # Open data exists from day one: written after the first migrate, then by the job
        # "open data: follow public changes" (api.readmodel.tasks.follow_open_data).
        post_migrate.connect(generate_if_missing, sender=self, dispatch_uid="open-data-day-one")
