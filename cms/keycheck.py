"""Do the task workers sign with the web's SECRET_KEY? django-q2 signs every task with it
and silently drops a task whose signature does not verify, so a worker started with
another key would lose all work. The web process signs a value into the database (on
`migrate` and when the WSGI application loads); `qcluster` verifies it before starting
and refuses, loudly, when it does not verify."""

import logging

from django.core import signing
from django.db import DatabaseError
from django.utils import timezone

logger = logging.getLogger(__name__)

NAME = "secret_key"
SALT = "cms.keycheck"


class SigningKeyMismatch(Exception):
    """The worker's SECRET_KEY is not the one the web process signs with."""


def publish() -> None:
    from cms.models import SigningKeyCheck

    SigningKeyCheck.objects.update_or_create(
        name=NAME,
        defaults={
            "token": signing.dumps("allianzen", salt=SALT),
            "written_at": timezone.now(),
        },
    )


def publish_quietly() -> None:
    """At web start-up: a database not reachable yet must not stop the web process."""
    try:
        publish()
    except DatabaseError:
        logger.warning("Signing-key check not written: database not reachable", exc_info=True)


def verify() -> bool:
    """True when the web's value verifies, False when no web process wrote one yet.

    Raises SigningKeyMismatch when it does not verify.
    """
    from cms.models import SigningKeyCheck

    check = SigningKeyCheck.objects.filter(name=NAME).first()
    if check is None:
        return False
    try:
        signing.loads(check.token, salt=SALT)
    except signing.BadSignature as exc:
        raise SigningKeyMismatch(
            "This worker's DJANGO_SECRET_KEY differs from the web process's "
            f"(its check was written {check.written_at:%Y-%m-%d %H:%M:%S %Z}). Tasks signed "
            "by the web would be dropped: start the worker with the same key."
        ) from exc
    return True
