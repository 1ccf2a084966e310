"""The signed link of an interest sign-up's double opt-in."""

from datetime import timedelta

from django.conf import settings
from django.core import signing

from api.handins.models import InterestSignup

CONFIRM_SALT = "api.handins.interest-confirm"


class InvalidConfirmation(Exception):
    """The confirmation link is broken or older than INTEREST_CONFIRM_DAYS."""


def interest_token(*, signup: InterestSignup) -> str:
    """The token of the sign-up's confirmation link (signed with SECRET_KEY)."""
    return signing.dumps(signup.pk, salt=CONFIRM_SALT)


def interest_from_token(*, token: str) -> InterestSignup:
    """The sign-up a token names. Raises InvalidConfirmation for a broken or expired one."""
    max_age = timedelta(days=settings.INTEREST_CONFIRM_DAYS)
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
        return InterestSignup.objects.select_related("alliance").get(pk=pk)
    except (signing.BadSignature, InterestSignup.DoesNotExist) as exc:
        raise InvalidConfirmation from exc
