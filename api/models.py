"""Partners and their API keys (stored hashed); models of the sub-packages are imported here
so Django finds them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey

from api.alerts.models import AlertSubscription
from api.handins.models import InterestSignup
from api.readmodel.models import PublicCount, PublicMention, PublicRecord
from api.webhooks.models import WebhookDelivery, WebhookEndpoint

__all__ = [
    "AlertSubscription",
    "InterestSignup",
    "Partner",
    "PartnerAPIKey",
    "PublicCount",
    "PublicMention",
    "PublicRecord",
    "WebhookDelivery",
    "WebhookEndpoint",
]


class Partner(models.Model):
    name = models.CharField(_("Name"), max_length=200)
    contact_name = models.CharField(_("Contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("Contact e-mail"))
    allowed_origins = models.TextField(
        _("Allowed origins"),
        blank=True,
        help_text=_(
            "One origin per line, e.g. https://www.verein.example.org. Writing through the "
            "API is only accepted from these origins."
        ),
    )
    is_active = models.BooleanField(_("Active"), default=True)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Partner")
        verbose_name_plural = _("Partners")

    def __str__(self):
        return self.name

    @property
    def origin_list(self) -> list[str]:
        return [
            line.strip().rstrip("/") for line in self.allowed_origins.splitlines() if line.strip()
        ]

    def allows_origin(self, origin: str | None) -> bool:
        return bool(origin) and origin.rstrip("/") in self.origin_list


class PartnerAPIKey(AbstractAPIKey):
    """A partner's key; only its prefix and hash are stored, the key is shown once."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("Partner"), on_delete=models.CASCADE, related_name="api_keys"
    )

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("Partner API key")
        verbose_name_plural = _("Partner API keys")
