from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _fill_read_model(**kwargs) -> None:
    """A database from before the read model gets its records after migrate."""
    from api.readmodel.services import fill_if_empty

    fill_if_empty()


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Partner interface")

    def ready(self):
        from corsheaders.signals import check_request_enabled

        from alliances.matching import register_source
        from alliances.models import Consent
        from api import cors, privacy
        from api.alerts.services import person_alert_consent_saved
        from api.handins.matching import signup_offerers
        from api.readmodel import receivers
        from api.webhooks import health as webhook_health
        from cms import health

        # The one set of receivers: read model, webhooks, cache in order (api.stream).
        receivers.connect()
        post_migrate.connect(_fill_read_model, sender=self, dispatch_uid="api-read-model")
        check_request_enabled.connect(cors.allow_api_cors, dispatch_uid="api-cors")
        privacy.register()
        # A person's alerts consent withdrawn in the admin ends their address's alerts.
        post_save.connect(person_alert_consent_saved, sender=Consent, dispatch_uid="api-alerts")
        register_source(signup_offerers)  # confirmed sign-ups are candidates too
        health.register_outbox("webhooks", webhook_health.backlog)
