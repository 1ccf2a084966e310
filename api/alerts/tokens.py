"""The signed confirmation link of an alert subscription: expiring and single-use."""

from datetime import timedelta

from django.conf import settings
from django.core import signing

from api.alerts.models import AlertSubscription

CONFIRM_SALT = "api.alerts.confirm"


class InvalidConfirmation(Exception):
    """The link is broken, older than ALERT_CONFIRM_DAYS, replaced by a newer one, or the
    subscription is gone or withdrawn."""


class UsedConfirmation(InvalidConfirmation):
    """The link was used before (the subscription is confirmed)."""


def confirm_token(*, subscription: AlertSubscription) -> str:
    """Signed with SECRET_KEY; names the subscription and the moment of its consent, so
    subscribing again (a new consent) makes older links invalid."""
    stamp = subscription.consent_given_at.isoformat()
    return signing.dumps([subscription.pk, stamp], salt=CONFIRM_SALT)


def subscription_from_token(*, token: str) -> AlertSubscription:
    """The pending subscription a token names.

    Raises UsedConfirmation once it is confirmed, InvalidConfirmation for anything else.
    """
    max_age = timedelta(days=settings.ALERT_CONFIRM_DAYS)
    try:
        pk, stamp = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
        subscription = AlertSubscription.objects.get(pk=pk, withdrawn_at__isnull=True)
    except (signing.BadSignature, ValueError, TypeError, AlertSubscription.DoesNotExist) as exc:
        raise InvalidConfirmation from exc
    if subscription.consent_given_at.isoformat() != stamp:
        raise InvalidConfirmation
    if subscription.confirmed_at is not None:
        raise UsedConfirmation
    return subscription
