"""Refuse webhook URLs that point into our own network (SSRF), and connect to exactly the
address that was checked: a second DNS lookup could answer differently (DNS rebinding)."""

import ipaddress
import socket
from urllib.parse import urlsplit, urlunsplit

import requests
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from requests.adapters import HTTPAdapter

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# IPv6 prefixes that carry an IPv4 address in their last 32 bits: NAT64 (RFC 6052's
# well-known prefix and RFC 8215's local-use one).
NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated, still routed by some stacks


class UnsafeURL(Exception):
    """The URL may not be called; the message says why, for the admin form and the log."""


def embedded_ipv4(address: Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address stands for: IPv4-mapped, IPv4-compatible, 6to4,
    Teredo (server and client) and NAT64. Empty for an ordinary IPv6 or an IPv4 address."""
    if address.version == 4:
        return []
    found = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    if address in IPV4_COMPATIBLE and int(address) > 1:  # not :: nor ::1
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    if any(address in network for network in NAT64):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def is_public(address: Address) -> bool:
    """Globally routable and unicast; an address that embeds IPv4 is judged by that."""
    if embedded := embedded_ipv4(address):
        return all(is_public(inner) for inner in embedded)
    return address.is_global and not address.is_multicast


def check_url(url: str) -> str:
    """The address to connect to for `url`, looked up once; raise UnsafeURL unless `url` is
    http(s) and every address of its host is public.

    Hosts named in WEBHOOK_ALLOWED_HOSTS may resolve to any address (tests, an intranet
    receiver); they too are connected to at the address looked up here.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeURL(_("Only http and https URLs are allowed."))
    if settings.WEBHOOK_REQUIRE_HTTPS and parts.scheme != "https":
        raise UnsafeURL(_("The URL must use HTTPS."))
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise UnsafeURL(_("The URL has no host.")) from exc
    if not host:
        raise UnsafeURL(_("The URL has no host."))
    if parts.username or parts.password:
        raise UnsafeURL(_("The URL must not contain credentials."))
    default_port = 443 if parts.scheme == "https" else 80
    try:
        infos = socket.getaddrinfo(host, port or default_port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeURL(_("The host name cannot be resolved.")) from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not addresses:
        raise UnsafeURL(_("The host name cannot be resolved."))
    if host.lower() not in {allowed.lower() for allowed in settings.WEBHOOK_ALLOWED_HOSTS}:
        for address in addresses:
            if not is_public(address):
                raise UnsafeURL(
                    _("The host resolves to a non-public address (%(address)s).")
                    % {"address": address}
                )
    return str(addresses[0])


class PinnedAddressAdapter(HTTPAdapter):
    """TLS for the URL's host name (SNI and certificate check) on a connection to the
    checked address: the URL given to requests names the address itself."""

    def __init__(self, hostname: str, **kwargs):
        self.hostname = hostname
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["server_hostname"] = self.hostname
        kwargs["assert_hostname"] = self.hostname
        super().init_poolmanager(*args, **kwargs)


def post(url: str, *, address: str, headers: dict, **kwargs) -> requests.Response:
    """POST to `url` over a connection to `address` (from check_url), never following a
    redirect (it could lead into our network)."""
    parts = urlsplit(url)
    literal = f"[{address}]" if ":" in address else address
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    host_header = parts.netloc.rsplit("@", 1)[-1]
    with requests.Session() as session:
        session.trust_env = False  # no proxy from the environment between check and connect
        session.mount("https://", PinnedAddressAdapter(parts.hostname))
        return session.post(
            pinned, headers={**headers, "host": host_header}, allow_redirects=False, **kwargs
        )
