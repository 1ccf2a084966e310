from django.conf import settings

from api.throttling import FixedWindowThrottle


class HandinThrottle(FixedWindowThrottle):
    """A strict per-client limit on hand-ins (anonymous ones are the norm), with or without
    a partner key."""

    scope = "handins"

    def get_rate(self) -> str | None:
        return settings.HANDIN_THROTTLE_RATE
