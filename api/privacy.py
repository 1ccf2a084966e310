"""Personal data of the partner interface: interest sign-ups, alert subscriptions and
webhook delivery bodies."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from api.alerts.models import AlertSubscription
from api.alerts.services import alerts_purge, alerts_withdraw
from api.handins.invitations import invitations_withdraw
from api.handins.models import InterestSignup, Invitation
from api.models import Partner
from api.webhooks.models import WebhookDelivery
from cms import privacy, withdrawal
from cms.privacy import (
    LEGAL_BASIS_CONSENT,
    RECIPIENTS_KERNTEAM,
    PersonalData,
    Subject,
    moment,
    names,
)
from cms.withdrawal import Withdrawal


def _signups(subject: Subject):
    found = privacy.rows_naming(InterestSignup, subject, "email")
    return found.select_related("alliance", "age_group").prefetch_related(
        "offered_competences", "offered_resources"
    )


def _invitations(subject: Subject):
    ids = {subject.person_id, *subject.person_ids} - {None}
    return (
        Invitation.objects.filter(person_id__in=ids)
        .select_related("alliance")
        .prefetch_related("competences", "resources")
    )


def _invitation_row(i: Invitation) -> dict:
    return {
        str(_("Alliance")): i.alliance.title,
        str(_("Competences")): names(i.competences.all()),
        str(_("Resources")): names(i.resources.all()),
        str(_("Invited on")): moment(i.created_at),
        str(_("Accepted on")): moment(i.accepted_at),
        str(_("Consent given")): i.consent_text,
        str(_("Withdrawn on")): moment(i.withdrawn_at),
    }


def purge_invitations(now) -> int:
    """Invitations (and the consent wording they record) as long as a confirmed sign-up."""
    cutoff = now - timedelta(days=settings.RETENTION_DAYS["interest_confirmed"])
    deleted, _counts = Invitation.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _signup_row(s: InterestSignup) -> dict:
    return {
        str(_("Alliance")): s.alliance.title,
        str(_("Name")): s.name,
        str(_("E-mail")): s.email,
        str(_("Age group")): str(s.age_group or ""),
        str(_("Message")): s.message,
        str(_("Competences offered")): names(s.offered_competences.all()),
        str(_("Resources offered")): names(s.offered_resources.all()),
        str(_("Consent given")): moment(s.consent_at),
        str(_("Signed up")): moment(s.created_at),
        str(_("Confirmed")): moment(s.confirmed_at),
    }


def _subscriptions(subject: Subject):
    found = privacy.rows_naming(AlertSubscription, subject, "email")
    return found.prefetch_related("districts", "topics", "competences")


def _subscription_row(s: AlertSubscription) -> dict:
    return {
        str(_("E-mail")): s.email,
        str(_("Districts")): names(s.districts.all()),
        str(_("Topics")): names(s.topics.all()),
        str(_("Competences")): names(s.competences.all()),
        str(_("Purpose")): str(AlertSubscription.PURPOSE.label),
        str(_("Consent given")): moment(s.consent_given_at),
        str(_("Given through")): s.get_consent_given_via_display(),
        str(_("Confirmed")): moment(s.confirmed_at),
        str(_("Withdrawn on")): moment(s.withdrawn_at),
        str(_("Withdrawn through")): s.get_withdrawn_via_display(),
        str(_("Last digest")): moment(s.last_sent_at),
    }


def signups_withdraw(email: str, when) -> int:
    """A withdrawn consent ends the sign-up: it is deleted (the alliance was told, if at all,
    when it was confirmed)."""
    deleted, _counts = InterestSignup.objects.filter(email__iexact=email).delete()
    return deleted


def purge_signups(now) -> int:
    """Unconfirmed sign-ups after the confirmation period, confirmed ones after theirs."""
    days = settings.RETENTION_DAYS
    unconfirmed = Q(
        confirmed_at__isnull=True,
        created_at__lt=now - timedelta(days=days["interest_unconfirmed"]),
    )
    confirmed = Q(confirmed_at__lt=now - timedelta(days=days["interest_confirmed"]))
    deleted, _counts = InterestSignup.objects.filter(unconfirmed | confirmed).delete()
    return deleted


def purge_delivery_bodies(now) -> int:
    """Bodies of finished webhook deliveries (they may name members who agreed to it)."""
    cutoff = now - timedelta(days=settings.RETENTION_DAYS["delivery_bodies"])
    return (
        WebhookDelivery.objects.exclude(status=WebhookDelivery.Status.PENDING)
        .filter(created_at__lt=cutoff)
        .exclude(payload={})
        .update(payload={})
    )


def _partners(subject: Subject):
    return privacy.rows_naming(Partner, subject, "contact_email")


def _partner_rows(subject: Subject) -> list[dict]:
    return [
        {
            str(_("Partner")): p.name,
            str(_("Contact person")): p.contact_name,
            str(_("Contact e-mail")): p.contact_email,
        }
        for p in _partners(subject)
    ]


def _partner_erase(subject: Subject) -> int:
    # The partner stays (its keys and endpoints); the Kernteam enters a new contact address.
    return _partners(subject).update(contact_name="")


def _no_deliveries(subject: Subject):
    """Bodies name members only with consent, never by address: nothing to find by it."""
    return WebhookDelivery.objects.none()


def register() -> None:
    withdrawal.register(
        Withdrawal(
            key="alert_subscriptions",
            label=_("You receive no more alerts about new alliances and what they look for."),
            withdraw=alerts_withdraw,
            order=40,
        )
    )
    withdrawal.register(
        Withdrawal(
            key="interest_signups",
            label=_("Your sign-ups of interest in joining an alliance are deleted."),
            withdraw=signups_withdraw,
            order=50,
        )
    )
    withdrawal.register(
        Withdrawal(
            key="invitations",
            label=_("Open invitations to join an alliance can no longer be accepted."),
            withdraw=invitations_withdraw,
            order=55,
        )
    )
    privacy.register(
        PersonalData(
            key="partner_contacts",
            label=_("Contact persons of partners"),
            model=Partner,
            fields=("contact_name", "contact_email"),
            purpose=_("Reaching a partner website about its API key and webhooks."),
            legal_basis=_("Art. 6 (1) b and e GDPR"),
            retention=_("As long as the partner is registered."),
            recipients=RECIPIENTS_KERNTEAM,
            collect=_partner_rows,
            erase=_partner_erase,
            order=60,
        )
    )
    privacy.register(
        PersonalData(
            key="interest_signups",
            label=_("Interest in joining"),
            model=InterestSignup,
            fields=(
                "name",
                "email",
                "age_group",
                "message",
                "offered_competences",
                "offered_resources",
                "consent_at",
            ),
            purpose=_("Passing a wish to join on to the alliance (double opt-in)."),
            legal_basis=LEGAL_BASIS_CONSENT,
            retention=_(
                "Unconfirmed: %(interest_unconfirmed)s days; confirmed: "
                "%(interest_confirmed)s days after confirmation."
            ),
            recipients=_("The alliance's contact address; the Kernteam"),
            find=_signups,
            describe=_signup_row,
            purge=purge_signups,
            order=50,
            extra={"period": "interest_confirmed"},
        )
    )
    privacy.register(
        PersonalData(
            key="invitations",
            label=_("Invitations"),
            model=Invitation,
            fields=("person", "competences", "resources", "accepted_at", "consent_text"),
            purpose=_(
                "Inviting a citizen who agreed to be contacted to an alliance that needs what "
                "they offer; the consent they accept it with."
            ),
            legal_basis=LEGAL_BASIS_CONSENT,
            retention=_("%(interest_confirmed)s days after the invitation."),
            recipients=RECIPIENTS_KERNTEAM,
            find=_invitations,
            describe=_invitation_row,
            purge=purge_invitations,
            order=52,
            extra={"period": "interest_confirmed"},
        )
    )
    privacy.register(
        PersonalData(
            key="alert_subscriptions",
            label=_("Alert subscriptions"),
            model=AlertSubscription,
            fields=(
                "email",
                "districts",
                "topics",
                "competences",
                "consent_given_at",
                "consent_given_via",
                "withdrawn_at",
            ),
            purpose=_(
                "A weekly e-mail about new alliances and what they look for, in the chosen "
                "districts, topics or competences (double opt-in)."
            ),
            legal_basis=LEGAL_BASIS_CONSENT,
            retention=_(
                "Unconfirmed: %(alerts_unconfirmed)s days; withdrawn: %(alerts_withdrawn)s "
                "days after the withdrawal (proof of consent)."
            ),
            recipients=_("The subscriber; the Kernteam"),
            find=_subscriptions,
            describe=_subscription_row,
            purge=alerts_purge,
            order=55,
            extra={"period": "alerts_unconfirmed"},
        )
    )
    privacy.register(
        PersonalData(
            key="webhook_deliveries",
            label=_("Webhook deliveries"),
            model=WebhookDelivery,
            fields=("payload",),
            purpose=_("Telling partner websites about public changes (names only with consent)."),
            legal_basis=_("Art. 6 (1) a and e GDPR"),
            retention=_("Bodies: %(delivery_bodies)s days after delivery."),
            recipients=_("Partner websites registered by the Kernteam"),
            find=_no_deliveries,
            describe=dict,
            purge=purge_delivery_bodies,
            order=70,
            extra={"period": "delivery_bodies"},
        )
    )
