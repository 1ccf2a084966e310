"""Retry-After in every form RFC 9110 allows, and attempts that always count."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from alliances.models import AlliancePage
from alliances.stages import AllianceStage
from api.webhooks import services
from api.webhooks.models import WebhookDelivery
from api.webhooks.tasks import deliver_due
from tests.factories import make_page

pytestmark = pytest.mark.django_db

FORMS = {
    "delay-seconds": lambda when: "3600",
    "IMF-fixdate": lambda when: when.strftime("%a, %d %b %Y %H:%M:%S GMT"),
    "RFC 850": lambda when: when.strftime("%A, %d-%b-%y %H:%M:%S GMT"),
    "asctime": lambda when: when.strftime("%a %b %e %H:%M:%S %Y"),
    "-0000": lambda when: when.strftime("%a, %d %b %Y %H:%M:%S -0000"),
    "+0100": lambda when: (when + timedelta(hours=1)).strftime("%a, %d %b %Y %H:%M:%S +0100"),
}


def in_an_hour(form: str) -> str:
    return FORMS[form](datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1))


@pytest.mark.parametrize("form", FORMS)
def test_every_rfc_9110_form_gives_the_wait(form):
    assert 3590 <= services.retry_after_seconds(in_an_hour(form)) <= 3600


@pytest.mark.parametrize(
    "value", ["", "  ", "soon", "-5", "1.5", "३६००", "Sun Nov 31 25:99:00 2026", "Mon, 99 Foo"]
)
def test_a_malformed_value_is_ignored(value):
    assert services.retry_after_seconds(value) is None


def test_a_date_in_the_past_means_now():
    assert services.retry_after_seconds("Sun Nov  6 08:49:37 1994") == 0


def test_an_asctime_retry_after_counts_the_attempt_and_waits(
    webhook_receiver, django_capture_on_commit_callbacks
):
    webhook_receiver.responses = [(503, {"Retry-After": in_an_hour("asctime")})]
    with django_capture_on_commit_callbacks(execute=True):
        make_page(AlliancePage, stage=AllianceStage.ACTIVE)
    row = WebhookDelivery.objects.get()
    assert (row.status, row.attempts, row.last_status_code) == ("pending", 1, 503)
    assert row.next_attempt_at - timezone.now() > timedelta(minutes=59)


def test_a_crash_while_delivering_still_counts_and_the_batch_goes_on(
    webhook_receiver, django_capture_on_commit_callbacks
):
    webhook_receiver.stop()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            make_page(AlliancePage, stage=AllianceStage.ACTIVE)
    webhook_receiver.start()
    WebhookDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    first = WebhookDelivery.objects.order_by("created_at").first()
    real_send = services._send

    def send(*, delivery):
        if delivery.pk == first.pk:
            raise RuntimeError("something nobody expected")
        return real_send(delivery=delivery)

    with mock.patch.object(services, "_send", send):
        assert deliver_due() == 3
    statuses = dict(WebhookDelivery.objects.values_list("pk", "status"))
    assert statuses.pop(first.pk) == "pending"
    assert set(statuses.values()) == {"delivered"}
    first.refresh_from_db()
    assert first.attempts == 2 and first.next_attempt_at > timezone.now()


def test_the_attempt_limit_applies_even_when_every_attempt_crashes(webhook_receiver):
    from api.webhooks.models import WebhookEndpoint

    endpoint = WebhookEndpoint.objects.get()
    row = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id="00000000-0000-0000-0000-000000000001",
        # A retraction: never withheld by the send-time visibility check, always attempted.
        event_type="alliance.unpublished",
        payload={},
        next_attempt_at=timezone.now(),
    )
    with mock.patch.object(services, "_send", side_effect=RuntimeError("boom")):
        for _ in range(services.MAX_ATTEMPTS + 3):
            # time passes: the wait is over and the crashed worker's lease has expired
            WebhookDelivery.objects.filter(status="pending").update(
                next_attempt_at=timezone.now() - timedelta(seconds=1), claimed_until=None
            )
            deliver_due()
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", services.MAX_ATTEMPTS)
    assert webhook_receiver.received == []
