from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value: timedelta | None) -> int:
    """A duration in whole minutes (rounded up: a lock of 90 s ends after 2 minutes)."""
    if not value:
        return 0
    return -(-int(value.total_seconds()) // 60)
