"""The APIs' addresses answer in their JSON shape, the site with its German pages (break
test, item 18): the API root lists the endpoints, an unknown address under either API is
a JSON 404, a NUL character is the site's 400 page or the API's JSON 400."""

import pytest
from django.test import Client

from api.root import LISTS
from api.urls import router

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(settings):
    settings.API_THROTTLE_RATES = {"anonymous": "100000/min", "partner": "100000/min"}
    return Client(raise_request_exception=False)


def test_the_api_root_lists_every_endpoint_in_german(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    assert body["docs"] == "http://testserver/api/v1/docs/"
    urls = {endpoint["url"]: endpoint["description"] for endpoint in body["endpoints"]}
    assert urls["http://testserver/api/v1/alliances/"] == "Allianzen auflisten"
    assert "http://testserver/api/v1/submissions/" in urls
    for endpoint in body["endpoints"]:
        if endpoint["method"] == "GET":
            assert client.get(endpoint["url"]).status_code == 200, endpoint


def test_the_api_root_knows_every_list_of_the_router():
    assert set(LISTS) == {prefix for prefix, _viewset, _basename in router.registry}


def test_the_api_root_in_english_when_asked(client):
    body = client.get("/api/v1/", headers={"Accept-Language": "en"}).json()
    assert {
        "method": "GET",
        "url": "http://testserver/api/v1/alliances/",
        "description": "List the alliances",
    } in body["endpoints"]


@pytest.mark.parametrize(
    "path",
    [
        "/workflow-api/v1/",
        "/workflow-api/v1/nope/",
        "/workflow-api/v1/pages/abc/transitions/",
        "/workflow-api/",
        "/workflow-api/v2/pages/",
        "/api/v1/nope/",
        "/api/v2/",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_api_address_is_a_json_404(client, path, method):
    response = getattr(client, method)(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert (body["status"], body["title"]) == (404, "Nicht gefunden")
    assert body["detail"] == "Unter dieser Adresse gibt es nichts. Bitte prüfen Sie die Adresse."


def test_a_nul_character_on_the_site_is_the_german_400_page(client):
    response = client.get("/allianzen/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<h1>Ungültige Anfrage</h1>" in html
    assert "Bitte entfernen Sie das Nullzeichen (NUL) aus Ihrer Eingabe." in html
    assert 'href="/"' in html  # a way back, in the site's layout
    assert '<a href="/">Zur Startseite</a>' in html
    assert 'lang="de"' in html


@pytest.mark.parametrize("path", ["/api/v1/alliances/", "/workflow-api/v1/"])
def test_a_nul_character_in_an_api_is_json_naming_the_parameter(client, path):
    response = client.get(path, {"q": "a\x00b"})
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == {"q": ["Bitte entfernen Sie das Nullzeichen (NUL) aus Ihrer Eingabe."]}


def test_a_nul_character_is_a_400_in_the_shape_of_the_apis_other_parameter_errors(client):
    """The same keys and `detail` as a 400 naming an unknown parameter; only the message
    in `errors` says what is wrong."""
    other = client.get("/api/v1/alliances/", {"gibtsnicht": "1"}).json()
    nul = client.get("/api/v1/alliances/", {"gibtsnicht": "a\x00b"}).json()
    assert set(nul) == set(other) == {"status", "title", "detail", "errors"}
    assert (
        nul["detail"]
        == other["detail"]
        == "Bitte prüfen Sie die unter „errors“ genannten Parameter."
    )
    assert nul["errors"] == {
        "gibtsnicht": ["Bitte entfernen Sie das Nullzeichen (NUL) aus Ihrer Eingabe."]
    }


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_nul_character_in_the_admin_is_the_admins_german_400_page(
    client, signed_in, kernteam_user
):
    """Not the site's page with its menu inside the admin (the tester's /admin/groups/)."""
    if signed_in:
        client.force_login(kernteam_user)
    response = client.get("/admin/groups/", {"q": "\x00"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "page404__text-container" in html  # the admin's layout, as Wagtail's 404
    assert "wagtailadmin/css/core.css" in html
    assert "Ungültige Anfrage" in html
    assert "Bitte entfernen Sie das Nullzeichen (NUL) aus Ihrer Eingabe." in html
    assert "Zur Startseite der Verwaltung" in html and 'href="/admin/"' in html
    assert '<a href="/">Zur Startseite</a>' not in html  # the site's ways on
    assert 'lang="de"' in html


@pytest.mark.parametrize(
    ("path", "json"),
    [("/api/v1/alliances/", True), ("/allianzen/", False), ("/admin/groups/", False)],
)
def test_a_nul_character_in_a_parameter_name_is_named_readably(client, path, json):
    """`a\\x00b` (escaped), not "?" or "ab", in the JSON 400 and on the pages alike."""
    response = client.get(f"{path}?a%00b=1&q=x%00")
    assert response.status_code == 400
    if json:
        assert response.json()["errors"] == {
            "a\\x00b": ["Bitte entfernen Sie das Nullzeichen (NUL) aus Ihrer Eingabe."],
            "q": ["Bitte entfernen Sie das Nullzeichen (NUL) aus Ihrer Eingabe."],
        }
    else:
        html = response.content.decode()
        assert "<code>a\\x00b</code>" in html
        assert "<code>q</code>" in html
