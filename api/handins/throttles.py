from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class HandinThrottle(SimpleRateThrottle):
    """A strict per-client limit on hand-ins (anonymous ones are the norm)."""

    scope = "handins"

    def get_rate(self):
        return settings.HANDIN_THROTTLE_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
