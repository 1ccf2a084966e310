import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from alliances.models import AlliancePage, NeedPage
from alliances.stages import AllianceStage, ItemStage
from api.readmodel.models import PublicRecord
from api.webhooks import services
from api.webhooks.models import WebhookDelivery
from api.webhooks.tasks import deliver_due
from tests.factories import DistrictFactory, make_page
from workflows.signals import stage_changed

pytestmark = pytest.mark.django_db


def transition(page, target, *, transition="activate"):
    """What the transition runner does: compare-and-set the stage, signal, in one transaction."""
    source = page.stage
    with transaction.atomic():
        type(page).objects.filter(pk=page.pk, stage=source).update(stage=target)
        page.stage = target
        stage_changed.send(
            sender=type(page),
            instance=page,
            transition=transition,
            source=source,
            target=target,
            by=None,
            comment="",
        )


def test_publishing_a_public_alliance_delivers_a_signed_event(
    webhook_receiver, django_capture_on_commit_callbacks
):
    district = DistrictFactory(slug="neheim", name="Neheim")
    with django_capture_on_commit_callbacks(execute=True):
        alliance = make_page(AlliancePage, title="Lesepaten", stage=AllianceStage.FORMING)
        alliance.districts.set([district])

    assert webhook_receiver.rejected == 0
    assert webhook_receiver.types() == ["alliance.published"]
    message = webhook_receiver.received[0]
    payload = message["payload"]
    assert payload["data"]["slug"] == alliance.slug
    assert set(payload) == {"id", "type", "occurred_at", "data"}
    row = WebhookDelivery.objects.get()
    assert message["id"] == row.webhook_id
    assert row.status == WebhookDelivery.Status.DELIVERED
    assert row.last_status_code == 200
    assert row.attempts == 1


def test_republishing_is_an_update_and_unpublishing_is_announced(
    webhook_receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alliance = make_page(AlliancePage, stage=AllianceStage.ACTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        alliance.title = "Neuer Titel"
        alliance.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        alliance.unpublish()

    assert webhook_receiver.types() == [
        "alliance.published",
        "alliance.updated",
        "alliance.unpublished",
    ]
    assert webhook_receiver.received[1]["payload"]["data"]["title"] == "Neuer Titel"
    assert webhook_receiver.received[2]["payload"]["data"] == {
        "id": alliance.pk,
        "slug": alliance.slug,
    }


def test_deleting_a_public_alliance_is_announced_and_leaves_no_trace(
    webhook_receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alliance = make_page(AlliancePage, stage=AllianceStage.ACTIVE)
    page_id, slug = alliance.pk, alliance.slug
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        alliance.delete()

    assert webhook_receiver.types() == ["alliance.published", "alliance.unpublished"]
    assert webhook_receiver.received[1]["payload"]["data"] == {"id": page_id, "slug": slug}
    assert not PublicRecord.objects.filter(page_id=page_id).exists()


def test_an_alliance_becoming_active_reaches_the_receiver_within_seconds(
    webhook_receiver, django_capture_on_commit_callbacks
):
    alliance = make_page(AlliancePage, stage=AllianceStage.FORMING)
    WebhookDelivery.objects.all().delete()  # its alliance.published event: not under test

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        transition(alliance, AllianceStage.ACTIVE)
    elapsed = time.monotonic() - started

    assert webhook_receiver.types() == ["alliance.stage_changed"]
    data = webhook_receiver.received[0]["payload"]["data"]
    assert (data["stage"]["value"], data["previous_stage"]) == ("active", "forming")
    assert elapsed < 3


def test_a_need_leaving_captured_is_announced_once_public(
    webhook_receiver, django_capture_on_commit_callbacks
):
    need = make_page(NeedPage)  # live, but captured: not public
    assert webhook_receiver.received == []
    with django_capture_on_commit_callbacks(execute=True):
        transition(need, ItemStage.IN_ANALYSIS, transition="start_analysis")
    # Into public: one event, `published`, that says which stage it came from.
    assert webhook_receiver.types() == ["need.published"]
    assert webhook_receiver.received[0]["payload"]["data"]["previous_stage"] == "captured"


def test_receiver_down_then_up_gets_each_event_exactly_once(
    webhook_receiver, django_capture_on_commit_callbacks
):
    webhook_receiver.stop()
    with django_capture_on_commit_callbacks(execute=True):
        make_page(AlliancePage, stage=AllianceStage.ACTIVE)
        make_page(AlliancePage, stage=AllianceStage.FORMING)
    rows = list(WebhookDelivery.objects.all())
    assert {row.status for row in rows} == {WebhookDelivery.Status.PENDING}
    assert all(row.attempts == 1 and row.next_attempt_at > timezone.now() for row in rows)
    assert deliver_due() == 0  # not due yet

    webhook_receiver.start()
    WebhookDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert deliver_due() == 2
    assert deliver_due() == 0

    assert sorted(webhook_receiver.ids()) == sorted(row.webhook_id for row in rows)
    assert len(set(webhook_receiver.ids())) == 2
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_a_retry_carries_the_same_webhook_id_and_honours_retry_after(
    webhook_receiver, django_capture_on_commit_callbacks
):
    webhook_receiver.responses = [(503, {"Retry-After": "3600"})]
    with django_capture_on_commit_callbacks(execute=True):
        make_page(AlliancePage, stage=AllianceStage.ACTIVE)
    row = WebhookDelivery.objects.get()
    assert row.status == WebhookDelivery.Status.PENDING
    assert row.last_status_code == 503
    assert row.next_attempt_at - timezone.now() > timedelta(minutes=59)

    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    deliver_due()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (WebhookDelivery.Status.DELIVERED, 2)
    assert webhook_receiver.ids() == [row.webhook_id]


def test_a_rolled_back_change_sends_nothing(webhook_receiver, django_capture_on_commit_callbacks):
    alliance = make_page(AlliancePage, stage=AllianceStage.FORMING)
    WebhookDelivery.objects.all().delete()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        transition(alliance, AllianceStage.ACTIVE)
        raise RuntimeError("the transition failed after the signal")
    assert callbacks == []
    assert not WebhookDelivery.objects.exists()
    assert webhook_receiver.received == []


def test_a_draft_or_a_non_public_stage_sends_nothing(
    webhook_receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_page(AlliancePage, publish=False, stage=AllianceStage.ACTIVE)
        make_page(AlliancePage, stage=AllianceStage.PROPOSED)
        make_page(NeedPage)
    assert not WebhookDelivery.objects.exists()
    assert webhook_receiver.received == []


def test_410_disables_the_endpoint(webhook_receiver, django_capture_on_commit_callbacks):
    webhook_receiver.responses = [(410, {})]
    with django_capture_on_commit_callbacks(execute=True):
        make_page(AlliancePage, stage=AllianceStage.ACTIVE)
    webhook_receiver.endpoint.refresh_from_db()
    assert webhook_receiver.endpoint.is_active is False
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.FAILED
    with django_capture_on_commit_callbacks(execute=True):
        make_page(AlliancePage, stage=AllianceStage.ACTIVE)
    assert WebhookDelivery.objects.count() == 1


def test_a_redirect_is_not_followed(django_capture_on_commit_callbacks, webhook_receiver):
    webhook_receiver.responses = [(302, {"Location": "http://169.254.169.254/latest"})]
    with django_capture_on_commit_callbacks(execute=True):
        make_page(AlliancePage, stage=AllianceStage.ACTIVE)
    row = WebhookDelivery.objects.get()
    assert (row.status, row.last_status_code) == (WebhookDelivery.Status.PENDING, 302)
    assert row.last_error == "redirect not followed"


def test_endpoints_only_get_the_events_they_asked_for(
    webhook_receiver, django_capture_on_commit_callbacks
):
    webhook_receiver.endpoint.events = ["service.published"]
    webhook_receiver.endpoint.save()
    with django_capture_on_commit_callbacks(execute=True):
        make_page(AlliancePage, stage=AllianceStage.ACTIVE)
    assert not WebhookDelivery.objects.exists()


def test_a_claimed_row_is_not_claimed_again(webhook_receiver):
    webhook_receiver.stop()
    make_page(AlliancePage, stage=AllianceStage.ACTIVE)
    first = services.deliveries_claim()
    assert len(first) == 1
    assert services.deliveries_claim() == []


def test_a_slow_worker_whose_lease_ran_out_does_not_deliver_a_second_time(webhook_receiver):
    make_page(AlliancePage, stage=AllianceStage.ACTIVE)
    WebhookDelivery.objects.update(status=WebhookDelivery.Status.PENDING, delivered_at=None)
    webhook_receiver.received.clear()
    [slow] = services.deliveries_claim()
    WebhookDelivery.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert deliver_due() == 1  # another worker, after the lease ran out
    assert services.lease_renewed(delivery=slow) is False
    assert len(webhook_receiver.received) == 1


def test_backoff_spreads_retries_over_about_a_day():
    nominal = sum(
        min(services.BACKOFF_BASE * 2 ** (n - 1), services.BACKOFF_CAP)
        for n in range(1, services.MAX_ATTEMPTS)
    )
    assert timedelta(hours=20) < timedelta(seconds=nominal) < timedelta(hours=32)
    waits = {round(services.backoff_seconds(attempts=3)) for _ in range(50)}
    assert len(waits) > 1  # jitter
    assert all(96 <= wait <= 144 for wait in waits)


def test_retry_after_accepts_seconds_and_dates():
    assert services.retry_after_seconds("120") == 120
    assert services.retry_after_seconds(None) is None
    assert services.retry_after_seconds("nonsense") is None
    assert services.retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0


def test_the_payload_is_the_api_representation(
    client, webhook_receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alliance = make_page(AlliancePage, title="Lesepaten", stage=AllianceStage.ACTIVE)
    api = client.get(f"/api/v1/alliances/{alliance.slug}/").json()
    assert webhook_receiver.received[0]["payload"]["data"] == api


def test_the_transition_runner_triggers_a_signed_stage_event(
    kernteam_user, webhook_receiver, django_capture_on_commit_callbacks
):
    from workflows.services import run_transition

    need = make_page(NeedPage, title="Hausaufgabenhilfe")
    with django_capture_on_commit_callbacks(execute=True):
        run_transition(need, "start_analysis", by=kernteam_user, assignee=kernteam_user)

    assert webhook_receiver.types() == ["need.published"]  # into public: one event
    data = webhook_receiver.received[0]["payload"]["data"]
    assert (data["slug"], data["stage"]["value"], data["previous_stage"]) == (
        need.slug,
        "in_analysis",
        "captured",
    )


def test_an_endpoint_belongs_to_a_partner():
    from api.models import Partner
    from api.webhooks.models import WebhookEndpoint

    partner = Partner.objects.create(name="Schule am Ruhrtal", contact_email="it@example.org")
    endpoint = WebhookEndpoint.objects.create(
        name="Schulwebsite", partner=partner, url="https://schule.example.org/hooks", events=[]
    )
    assert list(partner.webhook_endpoints.all()) == [endpoint]
