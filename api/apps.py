from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Partner interface")

    def ready(self):
        from corsheaders.signals import check_request_enabled

        from api import cors

        check_request_enabled.connect(cors.allow_api_cors, dispatch_uid="api-cors")
