"""The client's address, by one rule for every limit (API throttles and login lockout)."""

from rest_framework.throttling import BaseThrottle


def client_address(request) -> str:
    """`REMOTE_ADDR`, or behind `TRUSTED_PROXY_COUNT` proxies the address the outermost of
    them reports in `X-Forwarded-For` (DRF's `NUM_PROXIES` rule). Returns a string, as the
    proxy sent it; django-axes calls this (`AXES_CLIENT_IP_CALLABLE`)."""
    return BaseThrottle().get_ident(request)
