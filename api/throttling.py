"""Anonymous reads share a modest limit per address; a partner key raises it."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import PartnerAPIKey


def partner_key(request) -> PartnerAPIKey | None:
    return request.auth if isinstance(request.auth, PartnerAPIKey) else None


class ConfigurableRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        # Read at request time, so settings (and tests) can change the rates.
        return settings.API_THROTTLE_RATES[self.scope]


class AnonymousThrottle(ConfigurableRateThrottle):
    scope = "anonymous"

    def get_cache_key(self, request, view):
        if partner_key(request) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PartnerThrottle(ConfigurableRateThrottle):
    """Counted per key (a partner with two sites may hold two keys)."""

    scope = "partner"

    def get_cache_key(self, request, view):
        key = partner_key(request)
        if key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": key.prefix}
