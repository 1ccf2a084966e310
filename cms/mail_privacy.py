"""Personal data of the mail outbox: mails sent to a person (addresses, subject, text)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Min, Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from cms import health, privacy
from cms.models import OutboundMail
from cms.privacy import PersonalData, Subject


def _mails(subject: Subject):
    if not subject.emails:
        return OutboundMail.objects.none()
    query = Q()
    for email in subject.emails:
        query |= Q(as_text__icontains=f'"{email}"')
    return OutboundMail.objects.annotate(as_text=Cast("to", TextField())).filter(query)


def _mail_rows(subject: Subject) -> list[dict]:
    return [
        {
            str(_("Purpose")): mail.get_purpose_display(),
            str(_("Subject")): mail.subject,
            str(_("Text")): mail.body,
            str(_("Status")): mail.get_status_display(),
            str(_("Queued")): mail.created_at.isoformat(),
            str(_("Sent at")): mail.sent_at.isoformat() if mail.sent_at else "",
        }
        for mail in _mails(subject)
    ]


def _mail_erase(subject: Subject) -> int:
    deleted, _counts = OutboundMail.objects.filter(
        pk__in=list(_mails(subject).values_list("pk", flat=True))
    ).delete()
    return deleted


def purge_mail_bodies(now) -> int:
    """Texts of sent or failed mails after the period; the row (who, when, why) stays."""
    cutoff = now - timedelta(days=settings.RETENTION_DAYS["mail_bodies"])
    return (
        OutboundMail.objects.exclude(status=OutboundMail.Status.PENDING)
        .filter(created_at__lt=cutoff)
        .exclude(body="")
        .update(body="")
    )


def mail_backlog() -> health.Backlog:
    pending = OutboundMail.objects.filter(status=OutboundMail.Status.PENDING)
    summary = pending.aggregate(oldest=Min("next_attempt_at"))
    return health.Backlog(count=pending.count(), oldest_due=summary["oldest"])


def register() -> None:
    privacy.register(
        PersonalData(
            key="mails",
            label=_("Mails sent"),
            model=OutboundMail,
            fields=("to", "subject", "body"),
            purpose=_("Receipts, double opt-in, notices and reminders by e-mail."),
            legal_basis=_("Art. 6 (1) a and e GDPR"),
            retention=_("Texts: %(mail_bodies)s days after sending; the address until erasure."),
            recipients=_("The addressee; the mail server of the city"),
            collect=_mail_rows,
            erase=_mail_erase,
            purge=purge_mail_bodies,
            order=65,
            extra={"period": "mail_bodies"},
        )
    )
    health.register_outbox("mails", mail_backlog)
