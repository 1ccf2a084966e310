"""One stream of visibility changes: one receiver set, "was public" from the read model's
record, exactly one partner event per change into or out of public, send-time re-check,
a cache bounded by expiries and keyed by origin, stale representations re-rendered."""

import importlib
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from alliances.models import AllianceIndexPage, AlliancePage, Consent, NeedPage, ServicePage
from api.readmodel import read, services
from api.readmodel.models import PublicRecord
from api.readmodel.tasks import catch_up, notice_clock
from api.webhooks.models import WebhookDelivery
from api.webhooks.tasks import deliver_due
from tests.factories import make_page
from tests.factories.api import make_public, refreshed
from workflows.signals import stage_changed

pytestmark = pytest.mark.django_db


def api_receivers(signal, *, except_sender=None) -> list[str]:
    return [
        receiver().__module__
        for (_receiver_id, sender_id), receiver, *_rest in signal.receivers
        if receiver() is not None
        and receiver().__module__.startswith("api")
        and (except_sender is None or sender_id != id(except_sender))
    ]


def test_one_receiver_per_signal_feeds_everything():
    for signal in (page_published, page_unpublished, post_page_move, stage_changed):
        assert api_receivers(signal) == ["api.readmodel.receivers"]
    for signal in (post_save, pre_delete):
        # Not a visibility change: a person's alerts consent withdrawn in the admin ends
        # the alert subscriptions of their address (api.alerts.services).
        assert set(api_receivers(signal, except_sender=Consent)) == {"api.readmodel.receivers"}
    assert set(api_receivers(post_save)) == {"api.readmodel.receivers", "api.alerts.services"}
    with pytest.raises(ImportError):
        importlib.import_module("api.signals")
    with pytest.raises(ImportError):
        importlib.import_module("api.webhooks.receivers")


def events(receiver):
    return [(row["payload"]["type"], row["payload"]["data"]["slug"]) for row in receiver.received]


def deliver(capture):
    with capture(execute=True):
        pass
    deliver_due()


@pytest.fixture
def public_alliance(webhook_receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_public(AlliancePage, title="Lesepaten")
    deliver_due()
    assert events(webhook_receiver) == [("alliance.published", page.slug)]
    webhook_receiver.received.clear()
    return page


def _restrict_page(page):
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")


def _restrict_ancestor(page):
    PageViewRestriction.objects.create(
        page=AllianceIndexPage.objects.get(), restriction_type="login"
    )


def _unpublish(page):
    page.unpublish()


def _pause_to_proposed(page):
    # a stage out of public as the runner reports it
    AlliancePage.objects.filter(pk=page.pk).update(stage="proposed")
    page.stage = "proposed"
    stage_changed.send(
        sender=AlliancePage, instance=page, transition="x", source="active", target="proposed",
        by=None, comment="",
    )  # fmt: skip


def _delete(page):
    page.delete()


def _move_under_restriction(page):
    other_index = make_page(AlliancePage, title="Elternseite")
    _restrict_page(other_index)
    AlliancePage.objects.get(pk=page.pk).move(other_index, pos="last-child")


def _expire_without_worker(page):
    AlliancePage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(seconds=1))
    notice_clock()  # the next sweep notices it


@pytest.mark.parametrize(
    "change",
    [
        _restrict_page,
        _restrict_ancestor,
        _unpublish,
        _pause_to_proposed,
        _delete,
        _move_under_restriction,
        _expire_without_worker,
    ],
)
def test_each_change_out_of_public_is_one_retraction(
    change, public_alliance, webhook_receiver, django_capture_on_commit_callbacks
):
    slug = public_alliance.slug
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        change(public_alliance)
    catch_up()  # a later sweep finds nothing more to say
    deliver(django_capture_on_commit_callbacks)
    assert events(webhook_receiver) == [("alliance.unpublished", slug)]


def test_restriction_removed_and_go_live_reached_are_one_publication_each(
    public_alliance, webhook_receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _restrict_page(public_alliance)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.filter(page=public_alliance).delete()
    deliver(django_capture_on_commit_callbacks)
    assert [kind for kind, _slug in events(webhook_receiver)] == [
        "alliance.unpublished",
        "alliance.published",
    ]
    webhook_receiver.received.clear()

    service = make_public(ServicePage, title="Spaeter")
    webhook_receiver.received.clear()
    WebhookDelivery.objects.all().delete()
    ServicePage.objects.filter(pk=service.pk).update(go_live_at=timezone.now() + timedelta(hours=1))
    refreshed(service)
    deliver(django_capture_on_commit_callbacks)
    assert events(webhook_receiver) == [("service.unpublished", service.slug)]
    ServicePage.objects.filter(pk=service.pk).update(
        go_live_at=timezone.now() - timedelta(seconds=1)
    )
    assert notice_clock() == 1
    assert notice_clock() == 0  # once
    deliver(django_capture_on_commit_callbacks)
    assert events(webhook_receiver)[1:] == [("service.published", service.slug)]


def test_was_public_comes_from_the_read_model_even_for_pages_from_before(
    webhook_receiver, django_capture_on_commit_callbacks
):
    # Written past every signal (as demo data, bulk writes and every page at rollout were):
    need = make_page(NeedPage, title="Alt")
    NeedPage.objects.filter(pk=need.pk).update(stage="in_analysis")
    PublicRecord.objects.filter(pk=need.pk).update(public=True)  # what the backfill records
    WebhookDelivery.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        NeedPage.objects.get(pk=need.pk).unpublish()
    deliver_due()
    assert events(webhook_receiver) == [("need.unpublished", need.slug)]


def test_a_queued_event_for_a_page_no_longer_public_is_withheld_and_retracted(
    webhook_receiver, django_capture_on_commit_callbacks
):
    webhook_receiver.stop()  # the worker cannot deliver for now
    with django_capture_on_commit_callbacks(execute=True):
        page = make_public(AlliancePage, title="Bald weg")
    deliver_due()
    webhook_receiver.start()
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    # Expires while queued; no worker noticed it yet.
    AlliancePage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        deliver_due()
    deliver_due()
    assert events(webhook_receiver) == [("alliance.unpublished", page.slug)]
    published = WebhookDelivery.objects.get(event_type="alliance.published")
    assert published.status == WebhookDelivery.Status.WITHHELD


# The response cache -------------------------------------------------------------------------


@pytest.fixture
def response_cache(settings):
    settings.API_RESPONSE_CACHE_TIMEOUT = 600


def test_no_cached_answer_outlives_an_expiry(client, response_cache):
    page = make_public(AlliancePage, title="Kurzlebig")
    AlliancePage.objects.filter(pk=page.pk).update(expire_at=timezone.now() + timedelta(seconds=2))
    refreshed(page)
    assert [a["slug"] for a in client.get("/api/v1/alliances/").json()["results"]] == [page.slug]
    time.sleep(2.5)
    assert client.get("/api/v1/alliances/").json()["results"] == []
    assert client.get(f"/api/v1/alliances/{page.slug}/").status_code == 404


@pytest.mark.parametrize("cached", [True, False])
def test_an_expiry_moves_last_modified_before_the_schedule_notices_it(client, settings, cached):
    """Between an expiry and the schedule's next run the answers change by the clock
    alone: a client revalidating with the Last-Modified it was given gets the new answer,
    not a 304, and no shared cache was told to keep the old one past the expiry."""
    settings.API_RESPONSE_CACHE_TIMEOUT = 600 if cached else 0
    settings.API_CACHE_MAX_AGE = 120
    page = make_public(AlliancePage, title="Kurzlebig")
    expiry = timezone.now() + timedelta(seconds=3)
    AlliancePage.objects.filter(pk=page.pk).update(expire_at=expiry)
    refreshed(page)
    time.sleep(1.05 - time.time() % 1)  # the change's second is over: Last-Modified given
    first = client.get("/api/v1/alliances/")
    assert [a["slug"] for a in first.json()["results"]] == [page.slug]
    assert 0 <= int(first["Cache-Control"].removeprefix("public, max-age=")) <= 3
    detail = client.get(f"/api/v1/alliances/{page.slug}/")
    assert 0 <= int(detail["Cache-Control"].removeprefix("public, max-age=")) <= 3
    since = first["Last-Modified"]
    assert client.get("/api/v1/alliances/", HTTP_IF_MODIFIED_SINCE=since).status_code == 304

    time.sleep(max(expiry.timestamp() - time.time(), 0) + 0.2)  # notice_clock has not run
    after = client.get("/api/v1/alliances/", HTTP_IF_MODIFIED_SINCE=since)
    assert after.status_code == 200
    assert after.json()["results"] == []
    assert after["Cache-Control"] == "public, max-age=120"
    time.sleep(1.05 - time.time() % 1)
    settled = client.get("/api/v1/alliances/")
    assert settled["Last-Modified"] != since
    again = client.get("/api/v1/alliances/", HTTP_IF_MODIFIED_SINCE=settled["Last-Modified"])
    assert again.status_code == 304


def test_the_cache_key_covers_scheme_and_host(client, response_cache, settings):
    settings.ALLOWED_HOSTS = ["*"]
    page = make_public(AlliancePage, title="Zwei Adressen")
    first = client.get(f"/api/v1/alliances/{page.slug}/", HTTP_HOST="a.example").json()
    second = client.get(f"/api/v1/alliances/{page.slug}/", HTTP_HOST="b.example").json()
    assert first["api_url"].startswith("http://a.example/")
    assert second["api_url"].startswith("http://b.example/")


# Serializer version -------------------------------------------------------------------------


def test_representations_from_older_serializers_are_rendered_again(client, monkeypatch):
    page = make_public(AlliancePage, title="Versioniert")
    client.get(f"/api/v1/alliances/{page.slug}/")
    services.render_pending()
    PublicRecord.objects.filter(pk=page.pk).update(
        rendered_with="old", detail_de='{"stale":true}', card_de='{"stale":true}'
    )
    stale = PublicRecord.objects.exclude(rendered_with=services.SERIALIZER_VERSION)
    assert list(stale.values_list("pk", flat=True)) == [page.pk]
    assert "stale" not in client.get(f"/api/v1/alliances/{page.slug}/").text
    assert "stale" not in client.get("/api/v1/alliances/").text
    record = PublicRecord.objects.get(pk=page.pk)
    assert record.rendered_with == services.SERIALIZER_VERSION
    # A deploy with another serializer: the schedule re-renders, no command needed.
    monkeypatch.setattr(services, "SERIALIZER_VERSION", "next")
    monkeypatch.setattr(read, "SERIALIZER_VERSION", "next")
    assert services.render_pending() == 2  # card and detail
    assert PublicRecord.objects.get(pk=page.pk).rendered_with == "next"
