"""Withdrawal of consent by a link in every mail (DSGVO Art. 7 (3), RFC 8058 one-click).

Every mail the outbox sends carries, per recipient, a signed link to a page that withdraws
every consent stored for that address. What a withdrawal stops lives in the apps: each
registers a `Withdrawal` in its `AppConfig.ready()` (persons' consents, interest sign-ups,
alert subscriptions …), so imports stay one way (apps → cms) and every app's mails get
the same link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

SALT = "cms.withdrawal"


@dataclass(frozen=True)
class Withdrawal:
    """One kind of consent tied to an e-mail address.

    `label` says what withdrawing stops, in words for the page ("Ihr Name wird nicht mehr
    öffentlich gezeigt."); `withdraw(email, when)` withdraws it for that address and
    returns how many consents it withdrew.
    """

    key: str
    label: str
    withdraw: Callable[[str, datetime], int]
    order: int = 100


_REGISTRY: dict[str, Withdrawal] = {}


def register(entry: Withdrawal) -> None:
    _REGISTRY[entry.key] = entry


def registry() -> list[Withdrawal]:
    return sorted(_REGISTRY.values(), key=lambda e: (e.order, e.key))


def normalise(email: str) -> str:
    return email.strip().lower()


def token_for(email: str) -> str:
    return signing.dumps(normalise(email), salt=SALT, compress=True)


def email_from(token: str) -> str:
    """The address a token was made for. Raises signing.BadSignature if it was not ours."""
    email = signing.loads(token, salt=SALT)
    if not isinstance(email, str) or "@" not in email:
        raise signing.BadSignature("not an address")
    return email


def withdrawal_url(email: str) -> str:
    path = reverse("withdrawal", args=[token_for(email)])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@transaction.atomic
def consents_withdraw(*, email: str) -> dict[str, int]:
    """Withdraw every consent stored for `email`, in one transaction: {key: how many}.

    Each app's handler writes through its models, so the change reaches every channel
    (read model, caches, webhooks) in this transaction. Withdrawing twice is harmless.
    """
    now = timezone.now()
    return {entry.key: entry.withdraw(normalise(email), now) for entry in registry()}
