"""Hand-ins from outside: captured needs and opportunities, and sign-ups with double opt-in."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from alliances.models import AgeGroup, AlliancePage, District, ItemPage, Topic
from alliances.services import Contact, item_capture
from api.handins.models import InterestSignup

CONFIRM_SALT = "api.handins.interest-confirm"


class InvalidConfirmation(Exception):
    """The confirmation link is broken or older than INTEREST_CONFIRM_DAYS."""


def submission_create(
    *,
    kind: str,
    title: str,
    description: str,
    district: District,
    topic: Topic | None = None,
    contact: dict | None = None,
    channel: str = ItemPage.Channel.PARTNER_WEBSITE,
    partner_note: str = "",
) -> ItemPage:
    """A captured, unpublished need or opportunity; the Kernteam hears of it after commit."""
    from api.handins import tasks

    with transaction.atomic():
        page = item_capture(
            kind=kind,
            title=title,
            description=description,
            channel=channel,
            districts=[district],
            topics=[topic] if topic else [],
            contact=Contact(
                name=contact["name"],
                email=contact.get("email", ""),
                phone=contact.get("phone", ""),
            )
            if contact
            else None,
            reporter_note=partner_note,
        )
        transaction.on_commit(lambda: tasks.enqueue("notify_kernteam_of_submission", page.pk))
    return page


def interest_create(
    *,
    alliance: AlliancePage,
    name: str,
    email: str,
    age_group: AgeGroup | None = None,
    message: str = "",
) -> InterestSignup:
    """Store a sign-up and send the double opt-in mail after commit."""
    from api.handins import tasks

    with transaction.atomic():
        signup = InterestSignup.objects.create(
            alliance=alliance,
            name=name,
            email=email,
            age_group=age_group,
            message=message,
            consent_at=timezone.now(),
        )
        transaction.on_commit(lambda: tasks.enqueue("send_interest_confirmation", signup.pk))
    return signup


def interest_token(*, signup: InterestSignup) -> str:
    return signing.dumps(signup.pk, salt=CONFIRM_SALT)


def interest_from_token(*, token: str) -> InterestSignup:
    max_age = timedelta(days=settings.INTEREST_CONFIRM_DAYS)
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
        return InterestSignup.objects.select_related("alliance").get(pk=pk)
    except (signing.BadSignature, InterestSignup.DoesNotExist) as exc:
        raise InvalidConfirmation from exc


def interest_confirm(*, signup: InterestSignup) -> bool:
    """Confirm once; the coordinator is told after commit. False if it was confirmed before."""
    from api.handins import tasks

    with transaction.atomic():
        updated = InterestSignup.objects.filter(pk=signup.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        if updated:
            transaction.on_commit(lambda: tasks.enqueue("notify_coordinator", signup.pk))
    return bool(updated)


def interests_purge_unconfirmed() -> int:
    cutoff = timezone.now() - timedelta(days=settings.INTEREST_CONFIRM_DAYS)
    deleted, _ = InterestSignup.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted
