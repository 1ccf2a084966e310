"""Invitations from the matching panel ("Einladen"): a mail with a double opt-in link.

The Kernteam invites a person whom the matching suggests for what an alliance lacks. The
mail is an outbox row in the invitation's transaction; the link is signed, expires after
INVITATION_VALID_DAYS and works once. Accepting creates a confirmed interest sign-up for
the alliance, marked as invited, with the consent it was given on (wording, time, link).
The Wagtail audit log records both steps on the alliance without personal data.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_admin_base_url
from wagtail.log_actions import log

from alliances.matching import wanted_by_alliance
from alliances.models import AlliancePage, Person
from alliances.models.consent import Purpose, has_active_consent
from alliances.stages import ALLIANCE_JOINABLE_STAGES
from api.handins import mails
from api.handins.models import InterestSignup, Invitation
from cms.mailing import queue_mail, render_text
from cms.models import OutboundMail

SALT = "api.handins.invitation"
INVITE_ACTION = "handins.invitation_sent"
ACCEPT_ACTION = "handins.invitation_accepted"
INVITING_STAGES = ALLIANCE_JOINABLE_STAGES


class InvitationRefused(Exception):
    """Why an invitation cannot be sent, in words for the Kernteam (str(exc))."""


class InvalidInvitation(Exception):
    """A link that cannot be used; `reason` is "invalid", "expired", "used" or "closed"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def invitation_token(*, invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=SALT)


def invitation_from_token(*, token: str) -> Invitation:
    """The open invitation a token names.

    Raises InvalidInvitation: "invalid" (broken, tampered, unknown), "expired" (older than
    INVITATION_VALID_DAYS), "used" (accepted before), "closed" (withdrawn, or the alliance
    no longer looks for people).
    """
    try:
        pk = signing.loads(token, salt=SALT, max_age=timedelta(days=settings.INVITATION_VALID_DAYS))
        invitation = Invitation.objects.select_related("alliance", "person").get(pk=pk)
    except signing.SignatureExpired as exc:
        raise InvalidInvitation("expired") from exc
    except (signing.BadSignature, Invitation.DoesNotExist, TypeError, ValueError) as exc:
        raise InvalidInvitation("invalid") from exc
    if invitation.accepted_at:
        raise InvalidInvitation("used")
    if invitation.withdrawn_at or invitation.alliance.stage not in INVITING_STAGES:
        raise InvalidInvitation("closed")
    return invitation


def entry_names(invitation: Invitation) -> list[str]:
    return [e.name for e in (*invitation.competences.all(), *invitation.resources.all())]


def consent_wording(invitation: Invitation) -> str:
    """What the person agrees to by accepting (shown on the page, stored with the consent)."""
    return _(
        "I would like to join “%(alliance)s” with %(entries)s. The alliance and the "
        "Kernteam may store my name, e-mail address and this offer to contact me about it. "
        "I can withdraw this at any time."
    ) % {"alliance": invitation.alliance.title, "entries": ", ".join(entry_names(invitation))}


def invitation_send(*, alliance: AlliancePage, person_id: int, by) -> Invitation:
    """Invite a person to the alliance for the missing entries they offer; the mail is in
    the outbox and the audit log has the step, all in one transaction.

    Raises InvitationRefused when the alliance is not forming or active, the person has no
    active contact consent (checked now, not when the panel was drawn) or no address, is a
    member already, was invited to this alliance within INVITATION_REPEAT_DAYS, or offers
    nothing the alliance still needs.
    """
    with transaction.atomic():
        # Locked: two Kernteam members clicking at once send one invitation.
        person = Person.objects.select_for_update().filter(pk=person_id).first()
        if person is None:
            raise InvitationRefused(_("This person no longer exists."))
        if alliance.stage not in INVITING_STAGES:
            raise InvitationRefused(_("Only forming or active alliances invite supporters."))
        if not Person.objects.filter(has_active_consent(Purpose.CONTACT), pk=person.pk).exists():
            raise InvitationRefused(
                _("%(name)s has not agreed to be contacted: no invitation was sent.")
                % {"name": person}
            )
        if not person.email:
            raise InvitationRefused(
                _("%(name)s has no e-mail address: no invitation was sent.") % {"name": person}
            )
        if alliance.memberships.filter(person=person).exists():
            raise InvitationRefused(_("%(name)s is a member already.") % {"name": person})
        since = timezone.now() - timedelta(days=settings.INVITATION_REPEAT_DAYS)
        earlier = Invitation.objects.filter(
            alliance=alliance, person=person, created_at__gte=since
        ).first()
        if earlier:
            raise InvitationRefused(
                _(
                    "%(name)s was invited to this alliance on %(date)s already; a new "
                    "invitation is possible after %(days)s days."
                )
                % {
                    "name": person,
                    "date": formats.date_format(timezone.localtime(earlier.created_at)),
                    "days": settings.INVITATION_REPEAT_DAYS,
                }
            )
        missing = wanted_by_alliance([alliance.pk]).get(alliance.pk, [])
        competences = {n.entry_id for n in missing if n.kind == "competence"}
        competences &= set(person.offered_competences.values_list("pk", flat=True))
        resources = {n.entry_id for n in missing if n.kind == "resource"}
        resources &= set(person.offered_resources.values_list("pk", flat=True))
        if not competences and not resources:
            raise InvitationRefused(
                _("%(name)s offers nothing this alliance still needs.") % {"name": person}
            )
        invitation = Invitation.objects.create(alliance=alliance, person=person, invited_by=by)
        invitation.competences.set(competences)
        invitation.resources.set(resources)
        _queue_mail(invitation)
        log(
            instance=alliance,
            action=INVITE_ACTION,
            user=by,
            data={"invitation": invitation.pk, "entries": sorted(entry_names(invitation))},
        )
    return invitation


def _queue_mail(invitation: Invitation) -> OutboundMail:
    path = reverse("handins:invitation", args=[invitation_token(invitation=invitation)])
    context = {
        "invitation": invitation,
        "entries": entry_names(invitation),
        "accept_url": get_admin_base_url() + path,
        "days": settings.INVITATION_VALID_DAYS,
    }
    subject, _sep, body = (
        render_text("handins/mail/invitation.txt", context).strip().partition("\n")
    )
    return queue_mail(
        key=f"invitation:{invitation.pk}",
        to=[invitation.person.email],
        subject=subject,
        body=body,
        purpose=OutboundMail.Purpose.INVITATION,
    )


def invitation_accept(*, invitation: Invitation) -> InterestSignup:
    """Accept once: a confirmed sign-up for the alliance with what the person was invited
    for, the consent recorded on the invitation, the coordinator told (outbox).

    Raises InvalidInvitation("used") when it was accepted meanwhile.
    """
    now = timezone.now()
    wording = consent_wording(invitation)
    with transaction.atomic():
        updated = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, withdrawn_at__isnull=True
        ).update(accepted_at=now, consent_text=wording)
        if not updated:
            raise InvalidInvitation("used")
        person = invitation.person
        signup = InterestSignup.objects.create(
            alliance=invitation.alliance,
            name=str(person),
            email=person.email,
            age_group_id=person.age_group_id,
            message=_("Accepted an invitation of the Kernteam."),
            consent_at=now,
            confirmed_at=now,
        )
        signup.offered_competences.set(invitation.competences.all())
        signup.offered_resources.set(invitation.resources.all())
        Invitation.objects.filter(pk=invitation.pk).update(signup=signup)
        mails.queue_coordinator_notice(signup=signup)
        log(
            instance=invitation.alliance,
            action=ACCEPT_ACTION,
            user=None,
            data={"invitation": invitation.pk},
        )
    invitation.accepted_at, invitation.consent_text, invitation.signup = now, wording, signup
    return signup


def invitations_withdraw(email: str, when) -> int:
    """The withdrawal link: open invitations to this address can no longer be accepted."""
    return Invitation.objects.filter(
        person__email__iexact=email, accepted_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=when)
