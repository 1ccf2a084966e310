"""The mail outbox: every mail that matters is a row written with its cause, sent by a sweeper.

`queue_mail` is called inside the transaction of the change that causes the mail, so the
mail exists exactly when the change does. Every mail goes to each recipient separately,
with a link to withdraw their consents (`cms.withdrawal`) in its footer and header. The
task queue is only woken after commit; the scheduled sweep (every minute) sends whatever a
lost wake-up or a dead worker left behind.
"""

import hashlib
import logging
import random
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation

from cms.models import OutboundMail
from cms.withdrawal import withdrawal_url

logger = logging.getLogger(__name__)

# Waits before attempt 2, 3, …: doubling from one minute, capped at six hours; about 1½ days.
BACKOFF_BASE = 60
BACKOFF_CAP = 6 * 60 * 60
MAX_ATTEMPTS = 10
SWEEP_BATCH = 50


def render_text(template_name: str, context: dict) -> str:
    """Render a plain-text mail template in the site language, without HTML escaping.

    A mail is not HTML: "Jung & Alt" and "O'Neill" must arrive as written.
    """
    template = get_template(template_name).template  # the Django engine's own Template
    with translation.override(settings.LANGUAGE_CODE):
        return template.render(Context(context, autoescape=False))


def queue_mail(
    *, key: str, to: list[str], subject: str, body: str, purpose: str, from_email: str = ""
) -> OutboundMail:
    """Write the mail into the outbox (once per `key`) and wake the sender after commit.

    Call it inside the transaction of the mail's cause. A second call with the same key
    returns the existing row and queues nothing new. `from_email`: DEFAULT_FROM_EMAIL if
    empty.

    Raises ValueError when `to` is empty.
    """
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        raise ValueError("A mail needs at least one recipient.")
    defaults = {
        "to": recipients,
        "subject": " ".join(subject.split())[:255],
        "body": body.strip() + "\n",
        "purpose": purpose,
        "from_email": from_email,
        "next_attempt_at": timezone.now(),
    }
    try:
        with transaction.atomic():
            mail, created = OutboundMail.objects.get_or_create(key=key, defaults=defaults)
    except IntegrityError:  # the same key committed by a concurrent transaction
        mail, created = OutboundMail.objects.get(key=key), False
    if created:
        transaction.on_commit(_wake, robust=True)
    return mail


def _wake() -> None:
    """Ask a worker to send now; if the broker is down, the scheduled sweep sends later."""
    from django_q.tasks import async_task

    try:
        async_task("cms.tasks.send_due_mails", task_name="mail-send", group="mail")
    except Exception:
        logger.exception("Could not wake the mail sender; the scheduled sweep will send")


def backoff_seconds(*, attempts: int) -> float:
    """The wait after the `attempts`-th failed try: doubling, capped, ±20 % jitter."""
    nominal = min(BACKOFF_BASE * 2 ** (attempts - 1), BACKOFF_CAP)
    return nominal * random.uniform(0.8, 1.2)  # noqa: S311 (jitter, not security)


def mails_claim(*, limit: int = SWEEP_BATCH) -> list[OutboundMail]:
    """Lease due rows to this worker and count the attempt before anything is sent.

    A worker that dies while sending leaves a counted attempt and a lease that expires,
    so the row is tried again later and the attempt limit still applies.
    """
    now = timezone.now()
    with transaction.atomic():
        due = (
            OutboundMail.objects.filter(
                status=OutboundMail.Status.PENDING, next_attempt_at__lte=now
            )
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .order_by("next_attempt_at")
        )
        rows = list(due.select_for_update(skip_locked=True)[:limit])
        ids = [row.pk for row in rows]
        lease = now + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)
        OutboundMail.objects.filter(pk__in=ids).update(
            attempts=F("attempts") + 1, claimed_until=lease
        )
    for row in rows:
        row.attempts += 1
        row.claimed_until = lease
    return rows


def lease_renewed(*, mail: OutboundMail) -> bool:
    """Just before sending a row of a claimed batch: renew this worker's lease. False if the
    lease ran out and another worker claimed the row meanwhile (theirs to send)."""
    lease = timezone.now() + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)
    renewed = OutboundMail.objects.filter(
        pk=mail.pk, status=OutboundMail.Status.PENDING, claimed_until=mail.claimed_until
    ).update(claimed_until=lease)
    if renewed:
        mail.claimed_until = lease
        mail.refresh_from_db(fields=["delivered_to"])
    return bool(renewed)


def _message_id(mail: OutboundMail, address: str) -> str:
    """The same Message-ID on every try, so a mail server or reader can drop a duplicate."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    digest = hashlib.sha256(f"{mail.key}\n{address}".encode()).hexdigest()[:24]
    return f"<outbox.{mail.pk}.{digest}@{domain}>"


def message_for(mail: OutboundMail, address: str) -> EmailMessage:
    """The mail as `address` receives it: the outbox text with that recipient's own link
    to withdraw their consents, and the same link as RFC 8058 one-click header."""
    url = withdrawal_url(address)
    footer = render_text("cms/mail/withdrawal_footer.txt", {"url": url}).strip()
    return EmailMessage(
        subject=mail.subject,
        body=f"{mail.body.rstrip()}\n\n-- \n{footer}\n",
        from_email=mail.from_email or None,
        to=[address],
        headers={
            "Message-ID": _message_id(mail, address),
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def mail_send(*, mail: OutboundMail) -> OutboundMail:
    """Try one claimed row once and record the outcome; never raises for a failed send.

    Each recipient gets their own message (their own withdrawal link; nobody sees the other
    addresses); who has it is recorded after each, so a retry sends only to the rest.
    """
    now = timezone.now()
    if mail.attempts > MAX_ATTEMPTS:  # its last try died with its worker
        mail.status, mail.next_attempt_at = OutboundMail.Status.FAILED, None
        mail.claimed_until = None
        mail.save(update_fields=["status", "next_attempt_at", "claimed_until"])
        return mail
    try:
        for address in mail.to:
            if address in mail.delivered_to:
                continue
            message_for(mail, address).send()
            mail.delivered_to = [*mail.delivered_to, address]
            mail.save(update_fields=["delivered_to"])
    except Exception as exc:  # SMTP, network or backend: recorded, and the batch goes on
        logger.warning("Mail %s not sent (attempt %s): %r", mail.pk, mail.attempts, exc)
        mail.last_error = f"{type(exc).__name__}: {exc}"[:300]
        if mail.attempts >= MAX_ATTEMPTS:
            mail.status, mail.next_attempt_at = OutboundMail.Status.FAILED, None
        else:
            mail.next_attempt_at = now + timedelta(seconds=backoff_seconds(attempts=mail.attempts))
    else:
        mail.status, mail.sent_at, mail.next_attempt_at = OutboundMail.Status.SENT, now, None
        mail.last_error = ""
    mail.claimed_until = None
    mail.save(update_fields=["status", "sent_at", "next_attempt_at", "last_error", "claimed_until"])
    return mail


def mails_send_due() -> int:
    """Send every due row; returns how many were tried."""
    count = 0
    while rows := mails_claim():
        for row in rows:
            if lease_renewed(mail=row):
                mail_send(mail=row)
                count += 1
    return count
