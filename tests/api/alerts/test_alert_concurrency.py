"""Workers building the week's digests at once queue one mail an address (PostgreSQL,
where the row lock is real)."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection

from alliances.models import AlliancePage
from api.alerts import services
from api.alerts.models import AlertSubscription
from cms.models import OutboundMail
from tests.factories import DistrictFactory
from tests.factories.api import make_public

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MONDAY = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)


@pytest.mark.postgres
def test_four_workers_at_once_queue_one_digest_an_address():
    neheim = DistrictFactory(name="Neheim", slug="neheim")
    for email in ("erika@privat.example.org", "jo@privat.example.org"):
        subscription = services.alert_subscribe(email=email, districts=[neheim])
        assert services.alert_confirm(subscription=subscription)
    alliance = make_public(AlliancePage, title="Lesepaten Neheim")
    alliance.districts.set([neheim])
    alliance.save_revision().publish()

    barrier = threading.Barrier(4)
    queued, errors = [], []

    def worker():
        try:
            barrier.wait()
            queued.append(services.alert_digests_send(now=MONDAY))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(queued) == 2  # one an address, whichever worker got it
    digests = OutboundMail.objects.filter(key__startswith="alert-digest:")
    assert sorted(mail.to[0] for mail in digests) == [
        "erika@privat.example.org",
        "jo@privat.example.org",
    ]
    assert not AlertSubscription.objects.filter(last_sent_at__isnull=True).exists()
