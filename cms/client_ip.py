"""The client's address, by one rule for every limit (API throttles and login lockout)."""

from rest_framework.settings import api_settings


def client_address(request) -> str:
    """`REMOTE_ADDR`, or behind `TRUSTED_PROXY_COUNT` proxies the address the outermost of
    them reports in `X-Forwarded-For`: DRF's `NUM_PROXIES` rule (`BaseThrottle.get_ident`),
    read from `META`, where DRF's `request.headers` first copies every header. Returns a
    string, as the proxy sent it; django-axes calls this (`AXES_CLIENT_IP_CALLABLE`)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    remote_addr = request.META.get("REMOTE_ADDR")
    proxies = api_settings.NUM_PROXIES
    if proxies is None:
        return "".join(forwarded.split()) if forwarded else remote_addr
    if proxies == 0 or forwarded is None:
        return remote_addr
    addresses = forwarded.split(",")
    return addresses[-min(proxies, len(addresses))].strip()
