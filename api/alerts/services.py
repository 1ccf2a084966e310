"""Alerts: subscribe (double opt-in), confirm, withdraw, purge, and the weekly digest."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from alliances.models.consent import Channel, Purpose
from api.alerts import digest, mails
from api.alerts.models import AlertSubscription
from cms.withdrawal import normalise


def alert_subscribe(
    *, email: str, districts=(), topics=(), competences=(), via: str = Channel.FORM
) -> AlertSubscription:
    """Store a pending subscription with its consent (purpose ALERTS, now, `via`) and queue
    its double opt-in mail, in one transaction.

    An address has one pending subscription: subscribing again before confirming replaces
    its choice and consent, and only the newest link confirms. Confirmed subscriptions of
    the address are left as they are. Raises ValueError if nothing is chosen.
    """
    if not (districts or topics or competences):
        raise ValueError("An alert subscription needs a district, topic or competence.")
    email = normalise(email)
    now = timezone.now()
    with transaction.atomic():
        pending = AlertSubscription.objects.filter(
            email=email, confirmed_at__isnull=True, withdrawn_at__isnull=True
        )
        subscription = pending.select_for_update().first()
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = AlertSubscription.objects.create(
                        email=email, consent_given_at=now, consent_given_via=via
                    )
            except IntegrityError:  # a concurrent request created it: take theirs
                subscription = pending.select_for_update().get()
        subscription.consent_given_at, subscription.consent_given_via = now, via
        subscription.save(update_fields=["consent_given_at", "consent_given_via"])
        subscription.districts.set(districts)
        subscription.topics.set(topics)
        subscription.competences.set(competences)
        mails.queue_confirmation(subscription=subscription)
    return subscription


def alert_confirm(*, subscription: AlertSubscription) -> bool:
    """Confirm once. What is public and matching now counts as known, so the first digest
    tells only what is new from here on. False if confirmed or withdrawn before."""
    known = digest.matching(digest.Criteria.of(subscription), digest.public_alliances())
    with transaction.atomic():
        updated = AlertSubscription.objects.filter(
            pk=subscription.pk, confirmed_at__isnull=True, withdrawn_at__isnull=True
        ).update(confirmed_at=timezone.now(), seen=sorted(known))
    return bool(updated)


def alerts_withdraw(email: str, when: datetime, *, via: str = Channel.LINK) -> int:
    """Every subscription of the address given before `when` ends, pending ones too
    (registered with `cms.withdrawal`); the row keeps when the consent was given and
    withdrawn. Returns how many subscriptions ended."""
    return AlertSubscription.objects.filter(
        email=normalise(email), withdrawn_at__isnull=True, consent_given_at__lte=when
    ).update(withdrawn_at=when, withdrawn_via=via)


def person_alert_consent_saved(*, instance, **kwargs) -> None:
    """A person's consent for alerts withdrawn in the admin (or by any channel) ends the
    subscriptions of their address too, in the same transaction (`post_save` of
    `alliances.Consent`)."""
    if instance.purpose != Purpose.ALERTS or instance.withdrawn_at is None:
        return
    email = instance.person.email
    if email:
        alerts_withdraw(email, instance.withdrawn_at, via=instance.withdrawn_via or Channel.ADMIN)


def alerts_purge(now: datetime) -> int:
    """Unconfirmed subscriptions after ALERT_CONFIRM_DAYS, withdrawn ones after
    RETENTION_DAYS["alerts_withdrawn"]; returns how many rows were deleted."""
    days = settings.RETENTION_DAYS
    unconfirmed = Q(
        confirmed_at__isnull=True,
        created_at__lt=now - timedelta(days=days["alerts_unconfirmed"]),
    )
    withdrawn = Q(withdrawn_at__lt=now - timedelta(days=days["alerts_withdrawn"]))
    _total, counts = AlertSubscription.objects.filter(unconfirmed | withdrawn).delete()
    return counts.get(AlertSubscription._meta.label, 0)  # not the rows of its choices


def week_start(now: datetime) -> datetime:
    """Monday 00:00 of the calendar week of `now`, local time (Europe/Berlin)."""
    local = timezone.localtime(now)
    monday = local - timedelta(days=local.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0)


def digest_for_address(*, email: str, now: datetime, alliances: dict) -> bool:
    """Queue this week's digest of `email` if none went out this calendar week and
    something public and new matches one of its subscriptions. True if a mail was queued.

    The address's subscriptions are locked (in primary-key order) while it is decided, and
    the outbox key is one an address and week: two workers never both send.
    """
    start = week_start(now)
    with transaction.atomic():
        rows = list(
            AlertSubscription.objects.receiving()
            .filter(email=email)
            .select_for_update()
            .order_by("pk")
        )
        if not rows or any(row.last_sent_at and row.last_sent_at >= start for row in rows):
            return False
        new: dict[str, tuple] = {}
        for row in rows:
            current = digest.matching(digest.Criteria.of(row), alliances)
            seen = set(row.seen)
            new.update({key: item for key, item in current.items() if key not in seen})
            row.seen = sorted(current)
        if new:
            new_alliances = [a for key, (a, need) in new.items() if need is None]
            wanted = [(a, need) for key, (a, need) in new.items() if need is not None]
            mails.queue_digest(
                email=email,
                week_start=start,
                alliances=sorted(new_alliances, key=lambda a: a.title),
                wanted=sorted(wanted, key=lambda pair: (pair[0].title, pair[1].name)),
            )
            for row in rows:
                row.last_sent_at = now
        for row in rows:
            row.save(update_fields=["seen", "last_sent_at"])
    return bool(new)


def alert_digests_send(*, now: datetime | None = None) -> int:
    """The weekly job: one digest for each confirmed address that has news; returns how
    many mails were queued. An empty digest is not sent."""
    now = now or timezone.now()
    emails = (
        AlertSubscription.objects.receiving()
        .filter(Q(last_sent_at__isnull=True) | Q(last_sent_at__lt=week_start(now)))
        .values_list("email", flat=True)
        .distinct()
        .order_by("email")
    )
    emails = list(emails)
    if not emails:
        return 0
    alliances = digest.public_alliances()
    return sum(digest_for_address(email=email, now=now, alliances=alliances) for email in emails)
