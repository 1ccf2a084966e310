import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_q.models import Schedule

from cms import mailing
from cms.mailing import queue_mail
from cms.models import OutboundMail
from cms.tasks import send_due_mails
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]


def _queue(key="k-1", to=("anna@stadt.example.org",), **change):
    fields = {
        "key": key,
        "to": list(to),
        "subject": "Betreff",
        "body": "Text",
        "purpose": OutboundMail.Purpose.REMINDER,
        **change,
    }
    return queue_mail(**fields)


class BrokenBackend:
    """An SMTP server that refuses every mail (or only those to `refuse`)."""

    refuse = None

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        for message in messages:
            if self.refuse is None or self.refuse in message.to:
                raise ConnectionRefusedError("mail server down")
            mail.outbox.append(message)
        return len(messages)


class RefuseOne(BrokenBackend):
    refuse = "bad@stadt.example.org"


def _due_now():
    OutboundMail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_a_queued_mail_is_sent_after_commit_once_with_a_stable_message_id(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        row = _queue()
        assert mail.outbox == []  # nothing before commit
    [message] = mail.outbox
    assert (message.to, message.subject) == (["anna@stadt.example.org"], "Betreff")
    assert message.body.startswith("Text\n\n-- \n")  # the withdrawal footer follows
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboundMail.Status.SENT, 1)
    assert row.sent_at is not None
    assert re.fullmatch(
        r"<outbox\.\d+\.[0-9a-f]{24}@arnsberg\.de>", message.extra_headers["Message-ID"]
    )


def test_the_same_key_is_one_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _queue(key="reminder:7")
        second = _queue(key="reminder:7", subject="anders")
    assert first.pk == second.pk
    assert OutboundMail.objects.count() == 1
    assert send_due_mails() == 0
    assert len(mail.outbox) == 1


def test_a_rolled_back_cause_leaves_no_mail(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _queue()
        raise RuntimeError("the cause fails")
    assert not OutboundMail.objects.exists()
    assert mail.outbox == []


def test_a_mail_needs_a_recipient():
    with pytest.raises(ValueError):
        _queue(to=["", " "])


def test_smtp_failure_is_retried_with_backoff_until_it_is_sent(settings):
    settings.EMAIL_BACKEND = "tests.cms.test_mail_outbox.BrokenBackend"
    row = _queue()
    before = timezone.now()
    assert send_due_mails() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboundMail.Status.PENDING, 1)
    assert row.last_error == "ConnectionRefusedError: mail server down"
    wait = (row.next_attempt_at - before).total_seconds()
    assert 0.8 * 60 - 1 <= wait <= 1.2 * 60 + 1
    assert send_due_mails() == 0  # not due yet: the sweep leaves it alone

    _due_now()
    assert send_due_mails() == 1
    row.refresh_from_db()
    second_wait = (row.next_attempt_at - timezone.now()).total_seconds()
    assert row.attempts == 2 and second_wait > 0.8 * 120 - 2  # the wait doubles

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _due_now()
    assert send_due_mails() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (OutboundMail.Status.SENT, 3, "")
    assert len(mail.outbox) == 1


def test_the_attempt_limit_ends_in_failed(settings):
    settings.EMAIL_BACKEND = "tests.cms.test_mail_outbox.BrokenBackend"
    row = _queue()
    for _ in range(mailing.MAX_ATTEMPTS):
        _due_now()
        send_due_mails()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboundMail.Status.FAILED, mailing.MAX_ATTEMPTS)
    assert row.next_attempt_at is None
    _due_now()
    assert send_due_mails() == 0


def test_a_worker_that_died_while_sending_counts_the_attempt(settings):
    row = _queue()
    [claimed] = mailing.mails_claim()  # the worker claims, then dies before sending
    row.refresh_from_db()
    assert row.attempts == 1
    assert send_due_mails() == 0  # its lease still holds
    OutboundMail.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert send_due_mails() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboundMail.Status.SENT, 2)
    assert claimed.pk == row.pk


def test_a_slow_worker_whose_lease_ran_out_does_not_send_a_second_time():
    row = _queue()
    [slow] = mailing.mails_claim()  # a worker claims a batch and is still busy with others
    OutboundMail.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert send_due_mails() == 1  # another worker claims the row after the lease and sends it
    assert mailing.lease_renewed(mail=slow) is False  # the slow one skips it
    row.refresh_from_db()
    assert (row.status, len(mail.outbox)) == (OutboundMail.Status.SENT, 1)


def test_one_refused_mail_never_stops_the_batch(settings):
    settings.EMAIL_BACKEND = "tests.cms.test_mail_outbox.RefuseOne"
    _queue(key="a", to=["bad@stadt.example.org"])
    _queue(key="b", to=["gut@stadt.example.org"])
    _queue(key="c", to=["auch.gut@stadt.example.org"])
    assert send_due_mails() == 3
    statuses = dict(OutboundMail.objects.values_list("key", "status"))
    assert statuses == {"a": "pending", "b": "sent", "c": "sent"}
    assert len(mail.outbox) == 2


def test_the_sweep_is_a_schedule_every_minute():
    schedule = Schedule.objects.get(name="mail: send due mails")
    assert (schedule.func, schedule.schedule_type, schedule.minutes) == (
        "cms.tasks.send_due_mails",
        Schedule.MINUTES,
        1,
    )


def test_killed_between_commit_and_queue_the_hand_in_mail_still_goes_out_once(
    client, kernteam_user, django_capture_on_commit_callbacks, monkeypatch
):
    """The process dies right after the hand-in commits, before the queue is woken."""
    cache.clear()
    DistrictFactory(slug="neheim", name="Neheim")

    def killed():
        raise SystemExit("killed after commit")

    monkeypatch.setattr(mailing, "_wake", killed)
    payload = {
        "kind": "need",
        "title": "Jung & Alt im Café",
        "description": "Ein Treffpunkt für O'Neill und alle anderen.",
        "district": "neheim",
    }
    with pytest.raises(SystemExit), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/submissions/", payload, content_type="application/json")
        assert response.status_code == 201
    assert mail.outbox == []  # nothing was sent: the worker was never woken
    row = OutboundMail.objects.get()
    assert (row.purpose, row.status) == (OutboundMail.Purpose.SUBMISSION_RECEIPT, "pending")

    assert send_due_mails() == 1  # the scheduled sweep
    assert send_due_mails() == 0  # and again: nothing twice
    [message] = mail.outbox
    assert message.to == [kernteam_user.email]
    assert "Jung & Alt im Café" in message.body
    row.refresh_from_db()
    assert row.status == OutboundMail.Status.SENT


def test_plain_text_mails_are_not_html_escaped(
    client, kernteam_user, django_capture_on_commit_callbacks
):
    cache.clear()
    DistrictFactory(slug="neheim", name="Neheim")
    payload = {
        "kind": "need",
        "title": "Jung & Alt <gemeinsam>",
        "description": 'Idee von O\'Neill: "Kaffee" & Kuchen.',
        "district": "neheim",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/api/v1/submissions/", payload, content_type="application/json")
    [message] = mail.outbox
    text = message.subject + message.body
    assert "Jung & Alt <gemeinsam>" in text
    assert "O'Neill" in text
    assert "&amp;" not in text and "&#x27;" not in text and "&lt;" not in text


def test_only_the_outbox_sends_mail():
    """Every mail of the product goes through cms.mailing: no direct send elsewhere."""
    direct = re.compile(r"\b(send_mail|send_mass_mail|EmailMessage|EmailMultiAlternatives)\(")
    offenders = [
        str(path.relative_to(PROJECT))
        for app in ("cms", "workflows", "alliances", "api")
        for path in (PROJECT / app).rglob("*.py")
        if path.name != "mailing.py" and direct.search(path.read_text())
    ]
    assert offenders == []


def test_kernteam_sees_the_outbox_read_only(kernteam_client, redaktion_user):
    _queue(subject="Erinnerung: Jung & Alt")
    row = OutboundMail.objects.get()
    index = kernteam_client.get("/admin/mail_outbox/")
    assert index.status_code == 200
    html = index.content.decode()
    assert "Erinnerung: Jung &amp; Alt" in html
    assert "Wartet auf Versand" in html
    inspect = kernteam_client.get(f"/admin/mail_outbox/inspect/{row.pk}/")
    assert inspect.status_code == 200
    assert "anna@stadt.example.org" in inspect.content.decode()
    assert kernteam_client.get(f"/admin/mail_outbox/edit/{row.pk}/").status_code in (302, 403)
    assert kernteam_client.get("/admin/mail_outbox/new/").status_code in (302, 403, 404)
    redaktion = Client()
    redaktion.force_login(redaktion_user)
    assert redaktion.get("/admin/mail_outbox/").status_code == 302
