"""django-q2 tasks of alerts (their mails go through the outbox, see api.alerts.mails)."""

from api.alerts import services


def send_digests() -> int:
    """The weekly digest (PERIODIC_JOBS "alerts: weekly digest")."""
    return services.alert_digests_send()
