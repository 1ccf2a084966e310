"""The hand-in limit (HANDIN_THROTTLE_RATE, one counter per client shared by the API's
three hand-in endpoints and the site's three forms) counts only hand-ins that passed their
checks. A preflight, a wrong method, an unreadable, oversized or wrongly typed body and
input with mistakes spend none of it, so nobody behind the same address (a city hall's
NAT, a school) can lock the others out of the forms. Floods of such requests meet the
API's general anonymous limit instead."""

import pytest

from alliances.models import NeedPage
from api.alerts.models import AlertSubscription
from api.handins.models import InterestSignup
from tests.factories import DistrictFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

LIMIT = 3


@pytest.fixture(autouse=True)
def _strict_limit(settings):
    settings.HANDIN_THROTTLE_RATE = f"{LIMIT}/hour"


@pytest.fixture
def district():
    return DistrictFactory(slug="neheim", name="Neheim")


def submission(n: int) -> dict:
    return {
        "kind": "need",
        "title": f"Einkaufshilfe {n}",
        "description": "Viele ältere Menschen in Neheim kommen nicht allein zum Einkaufen.",
        "district": "neheim",
    }


def interest(n: int) -> dict:
    return {"name": f"Jan Jung {n}", "email": f"jan{n}@privat.example.org", "consent": True}


def alert(n: int) -> dict:
    return {"email": f"erika{n}@privat.example.org", "districts": ["neheim"], "consent": True}


ENDPOINTS = {
    "submissions": (lambda alliance: "/api/v1/submissions/", submission, 201),
    "interest": (lambda alliance: f"/api/v1/alliances/{alliance.slug}/interest/", interest, 202),
    "alerts": (lambda alliance: "/api/v1/alerts/", alert, 202),
}


# A mistake every endpoint refuses: each takes a district or needs consent, not both.
MISTAKE = {"district": "gibt-es-nicht", "districts": ["gibt-es-nicht"], "consent": False}


def stored() -> int:
    return (
        NeedPage.objects.count()
        + InterestSignup.objects.count()
        + AlertSubscription.objects.count()
    )


def junk(client, url: str, valid: dict, max_bytes: int) -> list[int]:
    """One of each request that must not count: the status codes they got."""
    preflight = {
        "HTTP_ORIGIN": "https://fremd.example",
        "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "POST",
        "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "content-type",
    }
    responses = [
        client.options(url),
        client.options(url, **preflight),
        client.get(url),  # 405
        client.put(url, valid, content_type="application/json"),  # 405
        client.post(url, valid, content_type="application/json", HTTP_ACCEPT="text/csv"),
        client.post(url, '{"kind":', content_type="application/json"),  # cannot be parsed
        client.post(url, "kind=need", content_type="text/plain"),  # 415
        client.post(
            url, {**valid, "padding": "x" * max_bytes}, content_type="application/json"
        ),  # 413
        client.post(url, {}, content_type="application/json"),  # 400: fields missing
        client.post(url, {**valid, **MISTAKE}, content_type="application/json"),  # 400
    ]
    return [response.status_code for response in responses]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_requests_that_are_refused_or_prepare_spend_nothing_of_the_limit(
    client, settings, district, alliance, endpoint
):
    address, valid, accepted = ENDPOINTS[endpoint]
    url = address(alliance)
    for _ in range(LIMIT + 1):
        codes = junk(client, url, valid(0), settings.HANDIN_MAX_BYTES)
        assert 429 not in codes
        assert {405, 406, 413, 415, 400} <= set(codes)
    assert stored() == 0
    codes = [
        client.post(url, valid(n), content_type="application/json").status_code
        for n in range(LIMIT + 1)
    ]
    assert codes == [accepted] * LIMIT + [429]  # the limit itself still holds


def test_the_site_forms_still_work_after_api_junk(client, settings, district, alliance):
    for endpoint in ENDPOINTS.values():
        address, valid, _accepted = endpoint
        for _ in range(LIMIT + 1):
            junk(client, address(alliance), valid(0), settings.HANDIN_MAX_BYTES)
    for _ in range(10):
        assert client.get("/api/v1/submissions/").status_code == 405

    subscribed = client.post(
        "/mitmachen/benachrichtigungen/",
        {"email": "erika@privat.example.org", "districts": ["neheim"], "consent": "on"},
    )
    assert subscribed.status_code == 302
    joined = client.post(
        f"/mitmachen/allianz/{alliance.slug}/",
        {"name": "Jan Jung", "email": "jan@privat.example.org", "consent": "on"},
    )
    assert joined.status_code == 302
    reported = client.post(
        "/mitmachen/melden/",
        {
            "kind": "need",
            "title": "Ein Treffpunkt fehlt",
            "description": "Im Quartier fehlt ein Treffpunkt für ältere Menschen.",
            "district": "neheim",
        },
    )
    assert reported.status_code == 302
    assert stored() == 3
    # All three counted: the next valid hand-in, from the API, is over the limit.
    over = client.post("/api/v1/alerts/", alert(1), content_type="application/json")
    assert over.status_code == 429
    assert int(over["Retry-After"]) > 0
    assert stored() == 3


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_hand_in_over_the_limit_stores_nothing(client, district, alliance, endpoint):
    address, valid, accepted = ENDPOINTS[endpoint]
    for n in range(LIMIT):
        response = client.post(address(alliance), valid(n), content_type="application/json")
        assert response.status_code == accepted
    before = stored()
    over = client.post(address(alliance), valid(LIMIT), content_type="application/json")
    assert over.status_code == 429
    assert 0 < int(over["Retry-After"]) <= 3600
    assert over.json()["title"] == "Zu viele Anfragen"
    assert stored() == before


def test_a_flood_of_invalid_requests_meets_the_general_anonymous_limit(
    client, settings, district, alliance
):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anonymous": "5/min"}
    codes = [client.get("/api/v1/submissions/").status_code for _ in range(7)]
    assert codes == [405] * 5 + [429] * 2
    # That limit is the API's general one, not the hand-in budget: the site's forms
    # (which the API's general limit does not cover) still take a hand-in.
    subscribed = client.post(
        "/mitmachen/benachrichtigungen/",
        {"email": "erika@privat.example.org", "districts": ["neheim"], "consent": "on"},
    )
    assert subscribed.status_code == 302
