"""Personal data of the mail outbox: mails sent to a person (addresses, subject, text)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from cms import health, privacy
from cms.models import OutboundMail
from cms.privacy import PersonalData, Subject


def _mails(subject: Subject):
    return privacy.rows_naming(OutboundMail, subject, "to", match="json_string")


def _mail_row(mail: OutboundMail) -> dict:
    return {
        str(_("Purpose")): mail.get_purpose_display(),
        str(_("Subject")): mail.subject,
        str(_("Text")): privacy.without_token_links(mail.body),
        str(_("Status")): mail.get_status_display(),
        str(_("Queued")): privacy.moment(mail.created_at),
        str(_("Sent at")): privacy.moment(mail.sent_at),
    }


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
            fields=("to", "delivered_to", "subject", "body"),
            purpose=_("Receipts, double opt-in, notices and reminders by e-mail."),
            legal_basis=_("Art. 6 (1) a and e GDPR"),
            retention=_("Texts: %(mail_bodies)s days after sending; the address until erasure."),
            recipients=_("The addressee; the mail server of the city"),
            find=_mails,
            describe=_mail_row,
            purge=purge_mail_bodies,
            order=65,
            extra={"period": "mail_bodies"},
        )
    )
    health.register_outbox("mails", mail_backlog)
