"""The SSRF guard judges IPv6 that embeds IPv4 by the embedded address, and a delivery
connects to exactly the address that was checked (issue 12)."""

import ipaddress
import socket

import pytest

from alliances.models import AlliancePage
from alliances.stages import AllianceStage
from api.webhooks import services, ssrf
from api.webhooks.models import WebhookDelivery
from tests.factories import make_page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:10.0.0.1",
        "::127.0.0.1",  # IPv4-compatible
        "::169.254.169.254",
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
        "64:ff9b::7f00:1",  # NAT64 (well-known prefix) of 127.0.0.1
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b:1::c0a8:101",  # NAT64 (local-use prefix) of 192.168.1.1
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
        "2001:0:a9fe:a9fe::1",  # Teredo, server 169.254.169.254
        "::1",
        "fe80::1",
        "fc00::1",
    ],
)
def test_embedded_non_public_ipv4_is_refused(address):
    assert not ssrf.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address",
    [
        "::ffff:93.184.216.34",
        "2002:5db8:d822::1",  # 6to4 of 93.184.216.34
        "64:ff9b::5db8:d822",  # NAT64 of 93.184.216.34
        "2606:4700:4700::1111",
        "93.184.216.34",
    ],
)
def test_public_addresses_pass(address):
    assert ssrf.is_public(ipaddress.ip_address(address))


def _resolver(answers):
    """A getaddrinfo that answers each call with the next address, and counts."""
    calls = []

    def getaddrinfo(host, port, *args, **kwargs):
        address = answers[min(len(calls), len(answers) - 1)]
        calls.append(host)
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    return getaddrinfo, calls


def test_a_name_resolving_to_embedded_loopback_is_refused(monkeypatch, settings):
    settings.WEBHOOK_ALLOWED_HOSTS = []
    getaddrinfo, _calls = _resolver(["64:ff9b::7f00:1"])
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(ssrf.UnsafeURL):
        ssrf.check_url("https://hooks.example.org/x")


def test_delivery_connects_to_the_checked_address(monkeypatch, settings, webhook_receiver):
    """DNS rebinding: the second answer would be another address; there is none."""
    port = webhook_receiver.port
    settings.WEBHOOK_ALLOWED_HOSTS = ["receiver.test"]
    settings.WEBHOOK_TIMEOUT = 3
    endpoint = webhook_receiver.endpoint
    endpoint.url = f"http://receiver.test:{port}/hooks"
    endpoint.save()
    # First answer: the receiver; any later one: an address where nothing listens.
    getaddrinfo, calls = _resolver(["127.0.0.1", "127.0.0.2"])
    real_getaddrinfo = socket.getaddrinfo

    def only_our_name(host, *args, **kwargs):
        if host == "receiver.test":
            return getaddrinfo(host, *args, **kwargs)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", only_our_name)
    make_page(AlliancePage, stage=AllianceStage.ACTIVE)
    row = WebhookDelivery.objects.filter(endpoint=endpoint).first()
    services.delivery_attempt(delivery=row)
    assert row.status == WebhookDelivery.Status.DELIVERED, row.last_error
    assert calls == ["receiver.test"]
    assert webhook_receiver.received[-1]["headers"]["host"] == f"receiver.test:{port}"
