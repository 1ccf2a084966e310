"""Alert subscriptions in the data-subject rights (issue 17): export, erasure, retention,
the record of processing activities, and the weekly job in the one registry."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from alliances.models import Consent
from alliances.models.consent import Channel, Purpose
from api.alerts import services
from api.alerts.models import AlertSubscription
from cms import privacy
from cms.retention import retention_apply
from cms.schedules import sync_periodic_jobs
from tests.factories import DistrictFactory, PersonFactory

pytestmark = pytest.mark.django_db

EMAIL = "erika@privat.example.org"


@pytest.fixture
def subscription():
    neheim = DistrictFactory(name="Neheim", slug="neheim")
    subscription = services.alert_subscribe(email=EMAIL, districts=[neheim])
    services.alert_confirm(subscription=subscription)
    return subscription


def test_the_export_lists_the_subscription_and_the_erasure_deletes_it(
    kernteam_client, subscription
):
    erika = PersonFactory(first_name="Erika", last_name="Muster", email=EMAIL.upper())
    url = reverse("person_privacy_export", args=[erika.pk])
    assert "Benachrichtigungen (Suchprofile)" in kernteam_client.get(url).text
    data = json.loads(kernteam_client.get(url, {"format": "json"}).content)
    [row] = {s["key"]: s["rows"] for s in data["sections"]}["alert_subscriptions"]
    assert row["E-Mail"] == EMAIL
    assert row["Stadtteile"] == "Neheim"
    assert row["Zweck"] == "Benachrichtigungen (Alerts)"
    assert row["Erteilt über"] == "Online-Formular"

    assert kernteam_client.post(reverse("person_privacy_erase", args=[erika.pk])).status_code == 302
    assert not AlertSubscription.objects.exists()


def test_retention_removes_unconfirmed_and_long_withdrawn_subscriptions(settings, subscription):
    now = timezone.now()
    neheim = subscription.districts.get()
    pending = services.alert_subscribe(email="jo@example.org", districts=[neheim])
    withdrawn = services.alert_subscribe(email="ann@example.org", districts=[neheim])
    services.alerts_withdraw("ann@example.org", now)
    AlertSubscription.objects.filter(pk=withdrawn.pk).update(  # a year and a day ago
        withdrawn_at=now - timedelta(days=366)
    )
    days = settings.RETENTION_DAYS["alerts_unconfirmed"]

    assert retention_apply(now=now)["alert_subscriptions"] == 1  # the withdrawn one
    assert set(AlertSubscription.objects.values_list("pk", flat=True)) == {
        subscription.pk,
        pending.pk,
    }
    later = now + timedelta(days=days, minutes=1)
    assert retention_apply(now=later)["alert_subscriptions"] == 1  # the unconfirmed one
    assert list(AlertSubscription.objects.all()) == [subscription]
    assert not AlertSubscription.objects.filter(pk=withdrawn.pk).exists()


def test_the_record_of_processing_activities_declares_the_subscriptions():
    [entry] = [e for e in privacy.processing_record() if e["key"] == "alert_subscriptions"]
    assert "E-Mail" in entry["fields"]
    assert entry["retention"].startswith("Unbestätigt: 7 Tage; widerrufen: 365 Tage")


def test_the_digest_is_a_weekly_job_of_the_one_registry():
    sync_periodic_jobs()
    schedule = Schedule.objects.get(name="alerts: weekly digest")
    assert schedule.func == "api.alerts.tasks.send_digests"
    assert schedule.schedule_type == Schedule.WEEKLY
    next_run = timezone.localtime(schedule.next_run)
    assert (next_run.weekday(), next_run.hour, next_run.minute) == (0, 7, 0)
    assert timezone.now() < next_run <= timezone.now() + timedelta(days=7)


def test_a_persons_alert_consent_withdrawn_in_the_admin_ends_the_address_s_alerts(
    subscription,
):
    erika = PersonFactory(first_name="Erika", email=EMAIL)
    consent = Consent.objects.create(person=erika, purpose=Purpose.ALERTS)
    consent.withdrawn_at, consent.withdrawn_via = timezone.now(), Channel.ADMIN
    consent.save()  # as the person's admin form saves its consent rows

    subscription.refresh_from_db()
    assert subscription.withdrawn_at == consent.withdrawn_at
    assert subscription.withdrawn_via == Channel.ADMIN
    # A consent given again later, by the person themselves, is theirs to keep.
    again = services.alert_subscribe(email=EMAIL, districts=subscription.districts.all())
    consent.save()
    again.refresh_from_db()
    assert again.withdrawn_at is None
