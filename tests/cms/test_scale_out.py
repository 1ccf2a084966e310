"""Many processes at once, as production runs them: two gunicorn web processes and two
django-q2 clusters on PostgreSQL and Redis (issue 17, point 6).

Writes go through one web process, reads through the other, at once and without waiting:
API, embed and site agree. Every webhook (to a loopback receiver) and every mail (to a
loopback SMTP server) arrives exactly once; a worker killed in the middle of a batch loses
nothing; a cluster stops within 10 s on SIGTERM to its process group; a worker with another
signing key than the web's refuses to start. Every wait is bounded; every process is
stopped in `finally`.
"""

import time
from collections import Counter

import pytest
import redis
import requests
from django.conf import settings
from django.db import connection
from rest_framework.authtoken.models import Token

from alliances.models import AlliancePage, NeedPage
from alliances.stages import AllianceStage, ItemStage
from api.webhooks.models import Event, WebhookDelivery, WebhookEndpoint
from cms import keycheck
from cms.models import OutboundMail
from tests.api.receiver import Receiver
from tests.cms import processes
from tests.cms.smtp_sink import SmtpSink
from tests.factories import make_page

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PORTS = range(8170, 8180)  # this project's ports on the shared development machine
LEASE = 6  # OUTBOX_CLAIM_SECONDS of the workers: a killed worker's rows return after this
# Seconds between the outboxes' periodic sweeps, which send what a dead worker left behind.
SWEEP = 60 * max(
    settings.PERIODIC_JOBS[name]["minutes"]
    for name in ("webhooks: sweep due deliveries", "mail: send due mails")
)
ENDPOINTS = 8  # partner endpoints: each event is that many deliveries
REDIS_PREFIXES = ("allianzen:*", "django_q:allianzen:*")


def _require_postgres_and_redis():
    """Selected without PostgreSQL or Redis, the test fails loudly instead of passing."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.fail(
            "test_scale_out needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); it runs "
            "in CI's PostgreSQL run (.ci/run)"
        )


def _clear_redis():
    client = redis.Redis.from_url(settings.REDIS_URL)
    for pattern in REDIS_PREFIXES:
        keys = list(client.scan_iter(match=pattern, count=1000))
        if keys:
            client.delete(*keys)


class Stack:
    """The processes of the test, each in its own process group, logs in tmp_path."""

    def __init__(self, tmp_path, env):
        self.tmp_path, self.env = tmp_path, env
        self.processes: dict[str, object] = {}

    def web(self, name: str, port: int):
        log = self.tmp_path / f"{name}.log"
        self.processes[name] = processes.gunicorn(port, env=self.env, log=log)
        return f"http://127.0.0.1:{port}"

    def worker(self, name: str, **env):
        log = self.tmp_path / f"{name}.log"
        self.processes[name] = processes.manage("qcluster", env={**self.env, **env}, log=log)
        return self.processes[name]

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text(errors="replace")

    def wait_running(self, name: str, timeout: float = 90):
        process = self.processes[name]
        processes.wait_for(
            lambda: "läuft" in self.log(name) or process.poll() is not None,
            timeout=timeout,
            what=lambda: f"{name} to run: {self.log(name)[-2000:]}",
        )
        assert process.poll() is None, self.log(name)[-3000:]

    def wait_web(self, name: str, base: str, timeout: float = 90):
        def answers():
            assert self.processes[name].poll() is None, self.log(name)[-3000:]
            try:
                return requests.get(f"{base}/healthz", timeout=2).status_code in (200, 503)
            except requests.RequestException:
                return False

        processes.wait_for(answers, timeout=timeout, what=lambda: f"{name}: {self.log(name)}")

    def stop_all(self):
        for process in self.processes.values():
            processes.kill_group(process)


def _transition(base, token, page, name, **data):
    response = requests.post(
        f"{base}/workflow-api/v1/pages/{page.pk}/transitions/",
        json={"transition": name, **data},
        headers={"Authorization": f"Token {token}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return response


def _sign_up(base, alliance, n):
    response = requests.post(
        f"{base}/api/v1/alliances/{alliance.slug}/interest/",
        json={"name": f"Person {n}", "email": f"person{n}@privat.example.org", "consent": True},
        timeout=30,
    )
    assert response.status_code in (201, 202), response.text


def _public_everywhere(base, page, resource) -> dict[str, bool]:
    """What one web process answers now, with nothing cached by the test."""
    api = requests.get(f"{base}/api/v1/{resource}/{page.slug}/", timeout=30).status_code
    site = requests.get(f"{base}{page.url}", timeout=30).status_code
    answers = {"api": api == 200, "site": site == 200}
    assert api in (200, 404) and site in (200, 404), (api, site)
    if resource == "alliances":
        embed = requests.get(
            f"{base}/embed/alliances/?lang=de&theme=light&links=top&limit=50", timeout=30
        ).text
        answers["embed"] = page.title in embed
    return answers


def _outboxes_done(since_mails: set, since_deliveries: set):
    """Every mail sent and every delivery delivered, or withheld: a `published` event whose
    page left public before it was sent is not sent (api.webhooks.events.withheld)."""
    mails = OutboundMail.objects.exclude(pk__in=since_mails)
    hooks = WebhookDelivery.objects.exclude(pk__in=since_deliveries)
    return (
        not mails.exclude(status=OutboundMail.Status.SENT).exists()
        and not hooks.filter(status=WebhookDelivery.Status.PENDING).exists()
        and not hooks.filter(status=WebhookDelivery.Status.FAILED).exists()
    )


def _delivered_ids(since: set) -> set[str]:
    delivered = WebhookDelivery.objects.exclude(pk__in=since).filter(
        status=WebhookDelivery.Status.DELIVERED
    )
    return {d.webhook_id for d in delivered}


def _expected_message_ids(since: set) -> set[str]:
    from cms.mailing import message_for

    return {
        message_for(mail, address).extra_headers["Message-ID"]
        for mail in OutboundMail.objects.exclude(pk__in=since)
        for address in mail.to
    }


def test_two_web_processes_and_two_workers_agree_and_deliver_exactly_once(tmp_path, kernteam_user):
    _require_postgres_and_redis()
    started = time.monotonic()
    _clear_redis()
    keycheck.publish()
    need = make_page(NeedPage, title="Treffpunkt für Jung und Alt", stage=ItemStage.CAPTURED)
    later = make_page(NeedPage, title="Mittagstisch in Neheim", stage=ItemStage.CAPTURED)
    third = make_page(NeedPage, title="Bank am Marktplatz", stage=ItemStage.CAPTURED)
    alliance = make_page(AlliancePage, title="Lesepaten Hüsten", stage=AllianceStage.PROPOSED)
    kernteam_user.email = "kernteam@stadt.example.org"
    kernteam_user.save()
    token = Token.objects.create(user=kernteam_user).key
    receiver, sink = Receiver().start(), SmtpSink().start()
    secret = "whsec_" + "c2NhbGUtb3V0LXRlc3Qtc2VjcmV0LTAxMjM0NTY3ODk="
    for n in range(ENDPOINTS):
        WebhookEndpoint.objects.create(
            name=f"Partner {n}", url=receiver.url, events=list(Event.values), secret=secret
        )
    receiver.secret = secret
    before_mails = set(OutboundMail.objects.values_list("pk", flat=True))
    before_hooks = set(WebhookDelivery.objects.values_list("pk", flat=True))

    port_a = processes.free_port(PORTS)
    port_b = processes.free_port(range(port_a + 1, PORTS.stop))
    env = processes.environment(
        processes.database_url(tmp_path),
        REDIS_URL=settings.REDIS_URL,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=sink.port,
        WEBHOOK_ALLOWED_HOSTS="127.0.0.1",
        OUTBOX_CLAIM_SECONDS=LEASE,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        HANDIN_THROTTLE_RATE="1000/hour",  # every sign-up comes from 127.0.0.1 here
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port_a}",
    )
    stack = Stack(tmp_path, env)
    try:
        a, b = stack.web("web-a", port_a), stack.web("web-b", port_b)
        stack.worker("worker-a")
        stack.worker("worker-b")
        for name, base in (("web-a", a), ("web-b", b)):
            stack.wait_web(name, base)
        stack.wait_running("worker-a")
        stack.wait_running("worker-b")

        # 1. Write through one, read through the other, at once: they agree everywhere.
        assert set(_public_everywhere(b, alliance, "alliances").values()) == {False}
        _transition(a, token, alliance, "start_forming")
        assert _public_everywhere(b, alliance, "alliances") == {
            "api": True, "site": True, "embed": True,
        }  # fmt: skip
        assert _public_everywhere(a, alliance, "alliances")["embed"] is True
        assert _public_everywhere(a, need, "needs") == {"api": False, "site": False}
        _transition(b, token, need, "start_analysis", assignee=kernteam_user.pk)
        assert _public_everywhere(a, need, "needs") == {"api": True, "site": True}
        _transition(a, token, need, "decline", comment="Gibt es schon")
        assert _public_everywhere(b, need, "needs") == {"api": False, "site": False}
        for n in range(6):  # sign-ups through both: double opt-in mails
            _sign_up(a if n % 2 else b, alliance, n)

        processes.wait_for(
            lambda: _outboxes_done(before_mails, before_hooks),
            timeout=40,
            what=lambda: f"every mail and webhook: {stack.log('worker-a')[-1500:]}",
        )
        time.sleep(0.5)  # a duplicate would arrive within this
        sent_ids = Counter(sink.message_ids())
        assert set(sent_ids) == _expected_message_ids(before_mails)
        assert set(sent_ids.values()) == {1}, sent_ids
        assert len(sent_ids) >= 6  # the opt-ins, and the Kernteam's notices
        # alliance published, need published, need unpublished: each to every endpoint
        assert WebhookDelivery.objects.exclude(pk__in=before_hooks).count() == 3 * ENDPOINTS
        received = Counter(receiver.ids())
        assert set(received) == _delivered_ids(before_hooks)
        assert set(received.values()) == {1}, received

        # 2. SIGTERM to a cluster's process group: it stops within 10 s.
        seconds = processes.stop_group(stack.processes["worker-b"], timeout=30)
        assert seconds < 10, (seconds, stack.log("worker-b")[-2000:])

        # 3. A worker killed in the middle of a batch loses nothing.
        receiver.delay = 0.3
        before_batch = set(WebhookDelivery.objects.values_list("pk", flat=True))
        batch_mails = set(OutboundMail.objects.values_list("pk", flat=True))
        _transition(a, token, later, "start_analysis", assignee=kernteam_user.pk)  # public now
        for n in range(6, 10):
            _sign_up(a, alliance, n)
        processes.wait_for(
            lambda: len(receiver.received) >= len(received) + 2,
            timeout=30,
            what="the batch to be under way",
        )
        processes.kill_group(stack.processes["worker-a"])
        stack.worker("worker-c")  # the replacement, as systemd's Restart=always starts it
        wrong_key = stack.worker("worker-wrong-key", DJANGO_SECRET_KEY="not-the-web-key-at-all")
        stack.wait_running("worker-c")
        time.sleep(LEASE)  # the killed worker's lease runs out
        _transition(b, token, third, "start_analysis", assignee=kernteam_user.pk)  # wakes it
        processes.wait_for(  # the wake-up sends them, else the minute sweep does
            lambda: _outboxes_done(batch_mails, before_batch),
            timeout=SWEEP + 30,
            what=lambda: f"the batch after the kill: {stack.log('worker-c')[-1500:]}",
        )
        batch = WebhookDelivery.objects.exclude(pk__in=before_batch)
        assert batch.count() == 2 * ENDPOINTS
        assert set(batch.values_list("status", flat=True)) == {"delivered"}  # nothing lost
        received = Counter(receiver.ids())
        assert _delivered_ids(before_batch) <= set(received)
        # At most what the killed cluster's two workers had in flight arrives twice.
        assert sum(count - 1 for count in received.values()) <= 2, received
        sent_ids = Counter(sink.message_ids())
        assert _expected_message_ids(batch_mails) <= set(sent_ids)
        assert sum(count - 1 for count in sent_ids.values()) <= 2

        # 4. A worker whose signing key differs from the web's refuses to start, loudly.
        assert wrong_key.wait(timeout=60) != 0
        assert "qcluster refuses to start" in stack.log("worker-wrong-key")
    finally:
        stack.stop_all()
        receiver.stop()
        sink.stop()
        _clear_redis()
    assert time.monotonic() - started < 240  # about 40 s on an idle machine


@pytest.mark.parametrize("cache", ["database cache", "Redis"])
def test_what_a_web_process_keeps_in_memory_leaves_it_at_once(tmp_path, kernteam_user, cache):
    """The API's anonymous answers are kept in each web process's memory (api.process_cache).
    A change through one process is never answered stale by the other, read at once after
    the change's answer: the signal (NOTIFY beside the database cache on PostgreSQL,
    publish/subscribe beside Redis) has reached it. A read of the shared cache vouches for
    minutes here, so nothing else could have told b."""
    _require_postgres_and_redis()
    _clear_redis()
    need = make_page(NeedPage, title="Treffpunkt für Jung und Alt", stage=ItemStage.CAPTURED)
    token = Token.objects.create(user=kernteam_user).key
    port_a = processes.free_port(PORTS)
    port_b = processes.free_port(range(port_a + 1, PORTS.stop))
    env = processes.environment(
        processes.database_url(tmp_path),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        API_THROTTLE_ANONYMOUS="100000/min",
        # A read of the shared cache vouches for minutes: only the signal can tell b.
        API_PROCESS_CACHE_TRUST_SECONDS="300",
        **({"REDIS_URL": settings.REDIS_URL} if cache == "Redis" else {}),
    )
    stack = Stack(tmp_path, env)

    def listed_by_b() -> bool:
        """Whether b lists the need, asked often enough to answer from its memory."""
        answers = set()
        for _ in range(8):
            response = requests.get(f"{b}/api/v1/needs/?page_size=50", timeout=30)
            assert response.status_code == 200, response.text
            answers.add(need.title in {item["title"] for item in response.json()["results"]})
        assert len(answers) == 1, answers
        return answers.pop()

    try:
        a, b = stack.web("web-a", port_a), stack.web("web-b", port_b)
        for name, base in (("web-a", a), ("web-b", b)):
            stack.wait_web(name, base)
        for _ in range(3):
            assert listed_by_b() is False
            _transition(a, token, need, "start_analysis", assignee=kernteam_user.pk)
            assert listed_by_b() is True  # at once, no waiting
            _transition(a, token, need, "decline", comment="Gibt es schon")
            assert listed_by_b() is False
            _transition(a, token, need, "reopen", comment="Neu bewertet")
    finally:
        stack.stop_all()
        _clear_redis()
