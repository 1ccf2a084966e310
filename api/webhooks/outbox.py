"""The webhook outbox: one row per endpoint and event, written in the change's transaction
(docs/ARCHITECTURE.md, "The outboxes"). Sending is `api.webhooks.services`."""

import uuid

from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from api.webhooks.models import WebhookDelivery, WebhookEndpoint


def webhook_event_emit(*, event_type: str, data: dict, endpoints=None, page_id=None) -> int:
    """Write one outbox row per active endpoint that wants `event_type`; wake delivery on commit.

    Call inside the transaction of the change, so a rollback leaves no row behind.
    `endpoints`: the active endpoints, when the caller has them already; `page_id`: the
    page the event is about (its visibility is checked again when the row is sent).
    """
    if endpoints is None:
        endpoints = WebhookEndpoint.objects.filter(is_active=True)
    endpoints = [endpoint for endpoint in endpoints if event_type in endpoint.events]
    if not endpoints:
        return 0
    event_id = uuid.uuid4()
    payload = {
        "id": str(event_id),
        "type": event_type,
        "occurred_at": timezone.now().isoformat(),
        "data": data,
    }
    now = timezone.now()
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint,
            event_id=event_id,
            event_type=event_type,
            payload=payload,
            page_id=page_id,
            next_attempt_at=now,
        )
        for endpoint in endpoints
    )
    transaction.on_commit(wake)
    return len(endpoints)


def wake() -> None:
    """Ask a worker to send what is due now (the minute sweep sends it otherwise)."""
    async_task("api.webhooks.tasks.deliver_due", task_name="webhooks-deliver", group="webhooks")
