"""Operations: health thresholds, the worker's signing-key check, qcluster on SIGTERM."""

import sqlite3
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from api.webhooks.models import WebhookDelivery, WebhookEndpoint
from cms import health, keycheck
from cms.models import WorkerHeartbeat
from tests.cms import processes

pytestmark = pytest.mark.django_db


def _delivery(endpoint, n, due):
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id=f"00000000-0000-0000-0000-{n:012d}",
        event_type="alliance.updated",
        payload={},
        next_attempt_at=due,
    )


def test_healthz_reports_heartbeat_backlogs_and_oldest_due_delivery(client, settings, monkeypatch):
    monkeypatch.setattr(health, "running_clusters", lambda: 1)  # a worker runs
    health.heartbeat()
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["worker"]["heartbeat_age_s"] < 60
    assert body["queue"]["backlog"] == 0
    assert body["outbox"] == {
        "backlog": 0,
        "by_outbox": {"mails": 0, "webhooks": 0},
        "oldest_due": None,
        "oldest_due_age_s": 0.0,
        "ok": True,
    }
    assert body["failing"] == []

    endpoint = WebhookEndpoint.objects.create(name="P", url="https://partner.example.org/h")
    now = timezone.now()
    _delivery(endpoint, 1, now - timedelta(seconds=60))
    _delivery(endpoint, 2, now + timedelta(hours=1))
    body = client.get("/healthz").json()
    assert body["outbox"]["backlog"] == 2
    assert 59 <= body["outbox"]["oldest_due_age_s"] < 70

    # Past each documented threshold: 503, naming what failed.
    settings.HEALTH_THRESHOLDS = {**settings.HEALTH_THRESHOLDS, "oldest_due_age": 30}
    response = client.get("/healthz")
    assert (response.status_code, response.json()["failing"]) == (503, ["outbox"])
    settings.HEALTH_THRESHOLDS = {
        **settings.HEALTH_THRESHOLDS,
        "oldest_due_age": 900,
        "outbox_backlog": 1,
    }
    assert client.get("/healthz").json()["failing"] == ["outbox"]
    settings.HEALTH_THRESHOLDS = {**settings.HEALTH_THRESHOLDS, "outbox_backlog": 1000}
    WorkerHeartbeat.objects.update(beat_at=now - timedelta(minutes=10))
    response = client.get("/healthz")
    assert (response.status_code, response.json()["failing"]) == (503, ["worker"])


def test_healthz_is_503_without_any_worker_heartbeat(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == {
        "last_heartbeat": None,
        "heartbeat_age_s": None,
        "ok": False,
    }


def _beat_ago(seconds: float) -> None:
    health.heartbeat()
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(seconds=seconds))


def test_no_running_worker_is_healthy_only_within_the_grace_after_the_last_heartbeat(
    client, settings, monkeypatch
):
    """A killed worker leaves no cluster stats (they expire after 3 s): /healthz fails once
    the grace after its last heartbeat has passed, not only after HEALTH_HEARTBEAT_MAX_AGE."""
    clusters = {"n": 0}
    monkeypatch.setattr(health, "running_clusters", lambda: clusters["n"])
    assert settings.HEALTH_THRESHOLDS["worker_grace"] == 2 * 60  # twice the heartbeat period
    assert settings.PERIODIC_JOBS["health: worker heartbeat"]["minutes"] == 1

    _beat_ago(30)  # a worker restarting: no cluster yet, a recent beat
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["queue"] | {"broker": None} == {
        "state": "no_worker",
        "clusters": 0,
        "broker": None,
        "backlog": 0,
        "ok": True,
    }
    assert response.json()["thresholds"]["worker_grace"] == 120

    _beat_ago(125)  # the grace has passed: not ok, long before the heartbeat's 300 s
    response = client.get("/healthz")
    body = response.json()
    assert (response.status_code, body["failing"]) == (503, ["worker", "queue"])
    assert body["queue"]["state"] == "no_worker"
    assert body["queue"]["ok"] is body["worker"]["ok"] is False

    clusters["n"] = 1  # a running but busy worker: its heartbeat's own limit applies
    assert client.get("/healthz").status_code == 200
    _beat_ago(310)
    assert client.get("/healthz").json()["failing"] == ["worker"]

    clusters["n"] = 0
    settings.HEALTH_THRESHOLDS = {**settings.HEALTH_THRESHOLDS, "worker_grace": 20}
    _beat_ago(25)
    assert client.get("/healthz").json()["failing"] == ["worker", "queue"]


def test_a_broker_that_cannot_be_asked_counts_as_no_running_worker(monkeypatch):
    def unreachable():
        raise ConnectionError("broker down")

    monkeypatch.setattr(health, "running_clusters", unreachable)
    _beat_ago(200)
    assert health.worker_presence().absent
    _beat_ago(10)
    assert not health.worker_presence().absent


def test_queue_backlog_past_its_threshold_is_503(client, settings):
    from django_q.tasks import async_task

    health.heartbeat()
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": False}
    from django_q.conf import Conf

    Conf.SYNC = False
    try:
        async_task("cms.health.heartbeat")
        async_task("cms.health.heartbeat")
    finally:
        Conf.SYNC = True
    settings.HEALTH_THRESHOLDS = {**settings.HEALTH_THRESHOLDS, "queue_backlog": 1}
    response = client.get("/healthz")
    assert response.json()["queue"]["backlog"] == 2
    assert (response.status_code, response.json()["failing"]) == (503, ["queue"])


def test_the_web_signs_the_key_check_and_a_worker_with_its_key_verifies_it():
    assert keycheck.verify() is True  # written by migrate (post_migrate), as in production
    from django.test import override_settings

    with (
        override_settings(SECRET_KEY="another-key-entirely"),
        pytest.raises(keycheck.SigningKeyMismatch),
    ):
        keycheck.verify()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_with_another_signing_key_refuses_to_start_loudly(tmp_path):
    keycheck.publish()
    env = processes.environment(
        processes.database_url(tmp_path), DJANGO_SECRET_KEY="not-the-web-key-at-all"
    )
    log = tmp_path / "qcluster.log"
    worker = processes.manage("qcluster", env=env, log=log)
    try:
        assert worker.wait(timeout=120) != 0
    finally:
        processes.kill_group(worker)
    output = log.read_text()
    assert "qcluster refuses to start" in output
    assert "DJANGO_SECRET_KEY differs" in output


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_qcluster_stops_within_10_seconds_on_sigterm_to_its_process_group(tmp_path):
    keycheck.publish()
    env = processes.environment(processes.database_url(tmp_path))
    log = tmp_path / "qcluster.log"
    worker = processes.manage("qcluster", env=env, log=log)
    try:
        processes.wait_for(
            # a scheduled task processed ("wurde verarbeitet": the log speaks German)
            lambda: "verarbeitet" in log.read_text() or worker.poll() is not None,
            timeout=120,
            what=lambda: f"the cluster to run: {log.read_text()[-3000:]}",
        )
        assert worker.poll() is None, log.read_text()
        seconds = processes.stop_group(worker, timeout=30)
    finally:
        processes.kill_group(worker)
    assert seconds < 10, (seconds, log.read_text()[-2000:])
    assert worker.returncode is not None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_starting_worker_beats_at_once_not_at_the_schedules_next_turn(tmp_path):
    from django_q.models import Schedule

    keycheck.publish()
    Schedule.objects.all().delete()  # only the start can beat
    WorkerHeartbeat.objects.all().delete()
    db_url = processes.database_url(tmp_path)
    log = tmp_path / "qcluster.log"
    worker = processes.manage("qcluster", env=processes.environment(db_url), log=log)

    def beats():
        if connection.vendor != "sqlite":  # the worker writes into the test database
            return WorkerHeartbeat.objects.exists()
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:  # into its copy
            return db.execute("SELECT count(*) FROM cms_workerheartbeat").fetchone()[0]

    try:
        processes.wait_for(beats, timeout=60, what=lambda: log.read_text()[-2000:])
    finally:
        processes.stop_group(worker, timeout=30)
