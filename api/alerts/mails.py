"""The mails of alerts, written into the outbox inside the transaction of their cause."""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.utils import get_admin_base_url

from api.alerts.models import AlertSubscription
from api.alerts.tokens import confirm_token
from cms.mailing import queue_mail, render_text
from cms.models import OutboundMail


def _queue(*, key: str, template: str, context: dict, to: str) -> OutboundMail:
    """The template's first line is the subject."""
    subject, _sep, body = render_text(template, context).strip().partition("\n")
    return queue_mail(
        key=key, to=[to], subject=subject, body=body, purpose=OutboundMail.Purpose.ALERT
    )


def selection_text(subscription: AlertSubscription) -> dict[str, str]:
    """The chosen districts, topics and competences as German lists (empty: any)."""
    return {
        name: ", ".join(sorted(entry.name for entry in getattr(subscription, name).all()))
        for name in ("districts", "topics", "competences")
    }


def queue_confirmation(*, subscription: AlertSubscription) -> OutboundMail:
    """The double opt-in mail; one a consent (subscribing again sends a new link)."""
    url = reverse("participation:alerts-confirm", args=[confirm_token(subscription=subscription)])
    valid_until = subscription.consent_given_at + timedelta(days=settings.ALERT_CONFIRM_DAYS)
    context = {
        "confirm_url": get_admin_base_url() + url,
        "valid_until": timezone.localtime(valid_until),
        **selection_text(subscription),
    }
    stamp = int(subscription.consent_given_at.timestamp())
    return _queue(
        key=f"alert-confirm:{subscription.pk}:{stamp}",
        template="alerts/mail/confirm.txt",
        context=context,
        to=subscription.email,
    )


def digest_key(*, email: str, week_start: datetime) -> str:
    """One key an address and calendar week: the outbox keeps one row a key, so even two
    workers that both got past the row lock queue a single mail."""
    digest = hashlib.sha256(email.encode()).hexdigest()[:24]
    year, week, _day = week_start.isocalendar()
    return f"alert-digest:{digest}:{year}-W{week:02d}"


def queue_digest(
    *, email: str, week_start: datetime, alliances: list, wanted: list
) -> OutboundMail:
    """The week's digest: `alliances` (digest.PublicAlliance) and `wanted` ((alliance,
    Need) pairs), in German, with the date of the week's Monday."""
    context = {"week_start": week_start, "alliances": alliances, "wanted": wanted}
    return _queue(
        key=digest_key(email=email, week_start=week_start),
        template="alerts/mail/digest.txt",
        context=context,
        to=email,
    )
