import pytest
from django.urls import reverse
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from api.models import Partner, PartnerAPIKey
from api.permissions import PartnerKeyFromAllowedOrigin

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


def test_anonymous_reads_are_throttled_with_retry_after(client, settings):
    settings.API_THROTTLE_RATES = {"anonymous": "2/hour", "partner": "100/hour"}
    ip = {"REMOTE_ADDR": "192.0.2.17"}
    assert client.get("/api/v1/districts/", **ip).status_code == 200
    assert client.get("/api/v1/districts/", **ip).status_code == 200
    response = client.get("/api/v1/districts/", **ip)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["status"] == 429


def test_a_key_raises_the_limit(client, settings, partner_key):
    settings.API_THROTTLE_RATES = {"anonymous": "1/hour", "partner": "5/hour"}
    ip = {"REMOTE_ADDR": "192.0.2.18"}
    client.get("/api/v1/districts/", **ip)
    assert client.get("/api/v1/districts/", **ip).status_code == 429
    for _ in range(5):
        assert client.get("/api/v1/districts/", HTTP_X_API_KEY=partner_key, **ip).status_code == 200
    assert client.get("/api/v1/districts/", HTTP_X_API_KEY=partner_key, **ip).status_code == 429


class WriteView(APIView):
    permission_classes = [PartnerKeyFromAllowedOrigin]

    def get(self, request):
        return Response({"ok": True})

    def post(self, request):
        return Response({"partner": request.auth.partner.name}, status=201)


@pytest.mark.parametrize(
    ("with_key", "origin", "status"),
    [
        (False, "https://www.bv-neheim.example.org", 401),
        (True, "https://evil.example.org", 403),
        (True, None, 403),
        (True, "https://www.bv-neheim.example.org", 201),
        (True, "https://app.example.org", 201),
    ],
)
def test_writes_need_a_key_and_an_allowed_origin(partner_key, with_key, origin, status):
    headers = {}
    if with_key:
        headers["HTTP_X_API_KEY"] = partner_key
    if origin:
        headers["HTTP_ORIGIN"] = origin
    request = APIRequestFactory().post("/api/v1/test/", {}, format="json", **headers)
    response = WriteView.as_view()(request)
    assert response.status_code == status
    if status != 201:
        assert response.data["status"] == status
    read = WriteView.as_view()(APIRequestFactory().get("/api/v1/test/"))
    assert read.status_code == 200


def test_cors_reads_from_anywhere_writes_only_from_partner_origins(client, partner):
    read = client.get("/api/v1/districts/", HTTP_ORIGIN="https://anyone.example.org")
    assert read["Access-Control-Allow-Origin"] == "https://anyone.example.org"
    assert "Access-Control-Allow-Credentials" not in read
    preflight = client.options(
        "/api/v1/alliances/",
        HTTP_ORIGIN="https://anyone.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in preflight
    partner_preflight = client.options(
        "/api/v1/alliances/",
        HTTP_ORIGIN="https://www.bv-neheim.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert partner_preflight["Access-Control-Allow-Origin"] == "https://www.bv-neheim.example.org"


def test_admin_creates_a_key_shows_it_once_and_stores_only_its_hash(admin_client, partner):
    add_url = reverse("partnerapikey:add")
    response = admin_client.post(
        add_url, {"partner": partner.pk, "name": "Website", "expiry_date": ""}, follow=True
    )
    assert response.status_code == 200
    api_key = PartnerAPIKey.objects.get(partner=partner)
    shown = [str(m) for m in response.context["messages"]]
    key = next(m for m in shown if api_key.prefix in m).split(": ", 1)[1].split(" ")[0]
    assert PartnerAPIKey.objects.get_from_key(key) == api_key
    assert key not in (api_key.id, api_key.hashed_key)
    again = admin_client.get(reverse("partnerapikey:edit", args=[api_key.pk]))
    assert key not in again.text
