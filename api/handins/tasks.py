"""django-q2 tasks of hand-ins (their mails go through the outbox, see api.handins.mails)."""

from api.handins import services


def purge_unconfirmed() -> int:
    return services.interests_purge_unconfirmed()
