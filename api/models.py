"""Models of the api app live in sub-packages; Django finds them through this module."""

from api.handins.models import InterestSignup
from api.webhooks.models import PublicSubject, WebhookDelivery, WebhookEndpoint

__all__ = ["InterestSignup", "PublicSubject", "WebhookDelivery", "WebhookEndpoint"]
