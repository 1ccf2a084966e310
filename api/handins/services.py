"""Hand-ins from outside: captured needs and opportunities, and sign-ups with double opt-in."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from alliances.capture import Contact, item_capture
from alliances.models import AgeGroup, AlliancePage, District, ItemPage, Topic
from alliances.models.consent import Channel
from alliances.stages import ALLIANCE_JOINABLE_STAGES
from api.handins import mails
from api.handins.models import InterestSignup


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
    """A captured, unpublished need or opportunity; the Kernteam's mail is in the outbox."""
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
                consent_via=Channel.API,
            )
            if contact
            else None,
            reporter_note=partner_note,
        )
        mails.queue_submission_receipt(page=page)
    return page


# A sign-up repeated within this time sends no second mail (interest_create).
REPEAT_SIGNUP_WINDOW = timedelta(days=30)


class AllianceClosed(Exception):
    """The alliance takes no sign-ups now (paused or concluded: AlliancePage.takes_sign_ups)."""


def _lock_takes_sign_ups(alliance_id: int) -> bool:
    """Lock the alliance's row for the rest of the transaction (sign-ups for one alliance
    take turns, and a stage change waits for them) and say whether it takes sign-ups."""
    stage = (
        AlliancePage.objects.select_for_update(of=("self",))
        .filter(pk=alliance_id)
        .values_list("stage", flat=True)
        .first()
    )
    return stage in ALLIANCE_JOINABLE_STAGES


def interest_create(
    *,
    alliance: AlliancePage,
    name: str,
    email: str,
    age_group: AgeGroup | None = None,
    message: str = "",
    competences=(),
    resources=(),
) -> InterestSignup:
    """Store a sign-up, what the person offers and its double opt-in mail, in one transaction.

    A repeat, the same address (any case) for the same alliance while an earlier sign-up
    of the last REPEAT_SIGNUP_WINDOW is pending or confirmed, stores and mails nothing
    and returns that earlier sign-up: the caller answers as for a new one, so nobody
    learns who signed up, and nobody can fill another person's inbox through the form.

    Raises AllianceClosed, storing and mailing nothing, when the alliance takes no sign-ups.
    """
    with transaction.atomic():
        # Sign-ups for one alliance take turns (the page's row, for the milliseconds of
        # this transaction), so two at once cannot both find no earlier one.
        if not _lock_takes_sign_ups(alliance.pk):
            raise AllianceClosed
        earlier = (
            InterestSignup.objects.filter(
                alliance=alliance,
                email__iexact=email,
                created_at__gte=timezone.now() - REPEAT_SIGNUP_WINDOW,
            )
            .order_by("-created_at")
            .first()
        )
        if earlier is not None:
            return earlier
        signup = InterestSignup.objects.create(
            alliance=alliance,
            name=name,
            email=email,
            age_group=age_group,
            message=message,
            consent_at=timezone.now(),
        )
        signup.offered_competences.set(competences)
        signup.offered_resources.set(resources)
        mails.queue_interest_confirmation(signup=signup)
    return signup


def interest_confirm(*, signup: InterestSignup) -> bool:
    """Confirm once and queue the coordinator's mail with it. False if confirmed before.

    Raises AllianceClosed, confirming and telling nobody, when the alliance stopped taking
    sign-ups between the sign-up and its confirmation."""
    with transaction.atomic():
        if not _lock_takes_sign_ups(signup.alliance_id):
            pending = InterestSignup.objects.filter(pk=signup.pk, confirmed_at__isnull=True)
            if pending.exists():
                raise AllianceClosed
            return False
        updated = InterestSignup.objects.filter(pk=signup.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        if updated:
            mails.queue_coordinator_notice(signup=signup)
    return bool(updated)


def interests_purge_unconfirmed() -> int:
    cutoff = timezone.now() - timedelta(days=settings.INTEREST_CONFIRM_DAYS)
    deleted, _ = InterestSignup.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted
