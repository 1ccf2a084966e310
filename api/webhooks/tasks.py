"""django-q2 tasks: they only wake the delivery; the rows are the truth."""

from api.webhooks import services


def deliver_due() -> int:
    return services.deliveries_process_due()
