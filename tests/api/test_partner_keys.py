import secrets

import pytest

from api.models import Partner, PartnerAPIKey

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    return Partner.objects.create(
        name="Bürgerverein Neheim",
        contact_email="web@bv-neheim.example.org",
        allowed_origins="https://www.bv-neheim.example.org\nhttps://app.example.org/",
    )


@pytest.fixture
def partner_key(partner):
    api_key, key = PartnerAPIKey.objects.create_key(partner=partner, name="Website")
    return key


def test_key_is_stored_hashed(partner, partner_key):
    stored = PartnerAPIKey.objects.get(partner=partner)
    assert partner_key not in (stored.id, stored.hashed_key)
    assert stored.is_valid(partner_key)


@pytest.mark.parametrize("header", ["HTTP_AUTHORIZATION", "HTTP_X_API_KEY"])
def test_valid_key_is_accepted_in_either_header(client, partner_key, header):
    value = f"Api-Key {partner_key}" if header == "HTTP_AUTHORIZATION" else partner_key
    assert client.get("/api/v1/alliances/", **{header: value}).status_code == 200


def test_invalid_or_revoked_key_is_a_401_in_the_error_shape(client, partner, partner_key):
    response = client.get("/api/v1/alliances/", HTTP_X_API_KEY="abc.def")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert response.json()["status"] == 401
    PartnerAPIKey.objects.filter(partner=partner).update(revoked=True)
    assert client.get("/api/v1/alliances/", HTTP_X_API_KEY=partner_key).status_code == 401


def test_inactive_partner_key_is_refused(client, partner, partner_key):
    Partner.objects.filter(pk=partner.pk).update(is_active=False)
    assert client.get("/api/v1/alliances/", HTTP_X_API_KEY=partner_key).status_code == 401


def _fresh_address() -> str:
    """A client address no earlier run counted: with Redis the throttle's counters outlive
    the test database (fixed windows of an hour)."""
    return f"2001:db8:{secrets.randbelow(0xFFFF):x}:{secrets.randbelow(0xFFFF):x}::7"


def test_anonymous_reads_are_throttled_with_retry_after(client, settings):
    settings.API_THROTTLE_RATES = {"anonymous": "2/hour", "partner": "100/hour"}
    ip = {"REMOTE_ADDR": _fresh_address()}
    assert client.get("/api/v1/districts/", **ip).status_code == 200
    assert client.get("/api/v1/districts/", **ip).status_code == 200
    response = client.get("/api/v1/districts/", **ip)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["status"] == 429


def test_a_key_raises_the_limit(client, settings, partner_key):
    settings.API_THROTTLE_RATES = {"anonymous": "1/hour", "partner": "5/hour"}
    ip = {"REMOTE_ADDR": _fresh_address()}
    client.get("/api/v1/districts/", **ip)
    assert client.get("/api/v1/districts/", **ip).status_code == 429
    for _ in range(5):
        assert client.get("/api/v1/districts/", HTTP_X_API_KEY=partner_key, **ip).status_code == 200
    assert client.get("/api/v1/districts/", HTTP_X_API_KEY=partner_key, **ip).status_code == 429
