from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Partner interface")

    def ready(self):
        from corsheaders.signals import check_request_enabled

        from api import cors, privacy, signals
        from api.readmodel import receivers as readmodel_receivers
        from api.webhooks import health as webhook_health
        from api.webhooks import receivers
        from api.webhooks.schedules import ensure_schedules
        from cms import health

        # The read model first: receivers after it (webhooks) read it.
        readmodel_receivers.connect()
        receivers.connect()
        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="api-schedules")
        check_request_enabled.connect(cors.allow_api_cors, dispatch_uid="api-cors")
        signals.connect()
        privacy.register()
        health.register_outbox("webhooks", webhook_health.backlog)
