"""Refuse webhook URLs that point into our own network (SSRF)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _


class UnsafeURL(Exception):
    """The URL may not be called; the message says why, for the admin form and the log."""


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def check_url(url: str) -> None:
    """Raise UnsafeURL unless `url` is http(s) and every address of its host is public.

    Hosts named in WEBHOOK_ALLOWED_HOSTS are let through (tests, an intranet receiver).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeURL(_("Only http and https URLs are allowed."))
    if settings.WEBHOOK_REQUIRE_HTTPS and parts.scheme != "https":
        raise UnsafeURL(_("The URL must use HTTPS."))
    host = parts.hostname
    if not host:
        raise UnsafeURL(_("The URL has no host."))
    if parts.username or parts.password:
        raise UnsafeURL(_("The URL must not contain credentials."))
    if host.lower() in {h.lower() for h in settings.WEBHOOK_ALLOWED_HOSTS}:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeURL(_("The host name cannot be resolved.")) from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not _is_public(address):
            raise UnsafeURL(
                _("The host resolves to a non-public address (%(address)s).") % {"address": address}
            )
