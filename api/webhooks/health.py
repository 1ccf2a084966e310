"""The webhook outbox's backlog for /healthz."""

from django.db.models import Min

from api.webhooks.models import WebhookDelivery
from cms.health import Backlog


def backlog() -> Backlog:
    pending = WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING)
    summary = pending.aggregate(oldest=Min("next_attempt_at"))
    return Backlog(count=pending.count(), oldest_due=summary["oldest"])
