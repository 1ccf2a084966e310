import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from api.webhooks import services
from api.webhooks.models import WebhookDelivery, WebhookEndpoint


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_never_claim_the_same_row():
    endpoint = WebhookEndpoint.objects.create(
        name="x", url="http://127.0.0.1:8399/h", events=["alliance.published"]
    )
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint,
            event_id=uuid.uuid4(),
            event_type="alliance.published",
            payload={},
            next_attempt_at=timezone.now(),
        )
        for _ in range(60)
    )
    claimed: dict[int, list] = {0: [], 1: []}
    barrier = threading.Barrier(2)

    def worker(number):
        try:
            barrier.wait()
            while rows := services.deliveries_claim(limit=7):
                claimed[number].extend(row.pk for row in rows)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not set(claimed[0]) & set(claimed[1])
    assert len(claimed[0]) + len(claimed[1]) == 60
