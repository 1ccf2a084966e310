"""Pages that promise background work say so when no worker has been seen for longer than
the grace (HEALTH_THRESHOLDS["worker_grace"]), instead of promising progress."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from alliances.models import ImportRun
from cms import health
from cms.mailing import queue_mail
from cms.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db

IMPORT_WAITS = "Kein Hintergrunddienst aktiv – der Import wartet, bis er wieder läuft."
MAILS_WAIT = "Kein Hintergrunddienst aktiv – wartende Mails werden erst versendet,"


@pytest.fixture
def worker(monkeypatch):
    """Fakes the worker's signals: running clusters and the age of the last heartbeat."""

    class Worker:
        clusters = 0

        def beat_ago(self, seconds):
            health.heartbeat()
            WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(seconds=seconds))

    fake = Worker()
    monkeypatch.setattr(health, "running_clusters", lambda: fake.clusters)
    return fake


def _queued_run():
    run = ImportRun(file_name="liste.csv", status=ImportRun.Status.QUEUED, valid=1)
    run.file.save("liste.csv", ContentFile(b"title\nA\n"), save=False)
    run.save()
    return run


def test_the_import_progress_says_when_no_worker_runs(kernteam_client, worker):
    run = _queued_run()
    url = f"/admin/import/{run.pk}/fortschritt/"
    worker.beat_ago(30)  # within the grace: a restart, the usual promise
    html = kernteam_client.get(url).content.decode()
    assert "der Import läuft weiter" in html
    assert IMPORT_WAITS not in html

    worker.beat_ago(600)
    html = kernteam_client.get(url).content.decode()
    assert IMPORT_WAITS in html
    assert "der Import läuft weiter" not in html

    worker.clusters = 1  # a busy worker whose heartbeat is late is still a worker
    assert IMPORT_WAITS not in kernteam_client.get(url).content.decode()
    worker.clusters = 0
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.DONE)
    assert IMPORT_WAITS not in kernteam_client.get(url).content.decode()  # nothing waits


def test_the_mail_outbox_says_when_no_worker_sends(kernteam_client, worker):
    worker.beat_ago(600)
    assert MAILS_WAIT not in kernteam_client.get("/admin/mail_outbox/").content.decode()
    queue_mail(key="t:1", to=["a@example.org"], subject="Hallo", body="Text", purpose="reminder")
    assert MAILS_WAIT in kernteam_client.get("/admin/mail_outbox/").content.decode()
    worker.beat_ago(30)
    assert MAILS_WAIT not in kernteam_client.get("/admin/mail_outbox/").content.decode()


def test_the_dashboard_says_when_no_worker_runs(redaktion_client, worker):
    """Every editor: scheduled publishing waits for the worker too."""
    worker.beat_ago(30)
    assert "Kein Hintergrunddienst aktiv" not in redaktion_client.get("/admin/").content.decode()
    worker.beat_ago(600)
    html = redaktion_client.get("/admin/").content.decode()
    assert "Kein Hintergrunddienst aktiv" in html
    assert "Zuletzt gesehen:" in html
    WorkerHeartbeat.objects.all().delete()
    assert "Er wurde noch nie gesehen." in redaktion_client.get("/admin/").content.decode()


def test_the_webhook_deliveries_say_when_no_worker_sends(kernteam_client, worker):
    from api.webhooks.models import WebhookDelivery, WebhookEndpoint

    waits = "Kein Hintergrunddienst aktiv – ausstehende Zustellungen werden erst versendet,"
    worker.beat_ago(600)
    assert waits not in kernteam_client.get("/admin/webhookdelivery/").content.decode()
    endpoint = WebhookEndpoint.objects.create(name="P", url="https://partner.example.org/h")
    WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id="00000000-0000-0000-0000-000000000001",
        event_type="alliance.updated",
        payload={},
        next_attempt_at=timezone.now(),
    )
    assert waits in kernteam_client.get("/admin/webhookdelivery/").content.decode()
    worker.clusters = 1
    assert waits not in kernteam_client.get("/admin/webhookdelivery/").content.decode()


@pytest.mark.usefixtures("fresh_caches")
def test_no_answer_to_a_sign_up_says_the_mail_was_sent_already(client, worker, settings):
    """The confirmation mail waits in the outbox until a worker sends it: "Wir haben Ihnen
    eine E-Mail geschickt" was untrue while none runs, "wir schicken" is true either way."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from alliances.models import AlliancePage
    from alliances.stages import AllianceStage
    from tests.api.handins.test_handin_limit import ENDPOINTS
    from tests.factories import DistrictFactory, make_page

    settings.HANDIN_THROTTLE_RATE = "1000/min"
    DistrictFactory(slug="neheim", name="Neheim")
    alliance = make_page(AlliancePage, title="Lesepaten", stage=AllianceStage.ACTIVE)
    worker.beat_ago(600)
    answers = []
    for name in ("interest", "alerts"):
        url, body, created = ENDPOINTS[name]
        response = client.post(url(alliance), body(1), content_type="application/json")
        assert response.status_code == created, response.content
        answers.append(response.json()["detail"])
    with translation.override("de"):
        answers.append(render_to_string("alerts/subscribe_thanks.html", {"confirm_days": 7}))
        answers.append(render_to_string("participation/join_thanks.html", {"alliance": alliance}))
    for answer in answers:
        assert "geschickt haben" not in answer and "haben Ihnen eine E-Mail" not in answer
        assert "wir Ihnen schicken" in answer or "Wir schicken Ihnen" in answer, answer
