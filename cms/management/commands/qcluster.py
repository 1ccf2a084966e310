"""django-q2's `qcluster`, refusing to start with another signing key than the web's, and
stopping promptly on SIGTERM to its process group (what systemd sends)."""

import logging

from django.core.management.base import CommandError
from django_q.management.commands.qcluster import Command as QclusterCommand

from cms import keycheck

logger = logging.getLogger(__name__)


class Command(QclusterCommand):
    def handle(self, *args, **options):
        try:
            verified = keycheck.verify()
        except keycheck.SigningKeyMismatch as exc:
            logger.critical("qcluster refuses to start: %s", exc)
            raise CommandError(f"qcluster refuses to start: {exc}") from exc
        if not verified:
            logger.warning("No web process has written the signing-key check yet; starting.")
        super().handle(*args, **options)
