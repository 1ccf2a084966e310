"""Break test: a POST or PUT to an address that only reads was a 403 about a missing CSRF
token (the check ran before the view). Every GET-only route is `cms.methods.read_only`
(or, for the API pages, their views' equivalent): 405 with `Allow`, CSRF or not."""

import json

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLResolver, get_resolver
from wagtail.documents import get_document_model

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

# Every route outside the admin and the two APIs' DRF views, with an
# address to try. `True`: only reads; `False`: takes a POST (a form, a button), and
# then only for the reason given.
SITE_ROUTES = {
    "healthz": ("/healthz", True),
    "robots.txt": ("/robots.txt", True),
    "suche/": ("/suche/", True),
    "stadtteile/": ("/stadtteile/", True),
    "sitemap.xml": ("/sitemap.xml", True),
    "sitemap-<section>.xml": ("/sitemap-pages.xml", True),
    "embed/alliances/": ("/embed/alliances/", True),
    "embed/alliances.js": ("/embed/alliances.js", True),
    "embed/frame.js": ("/embed/frame.js", True),
    "embed/theme.css": ("/embed/theme.css", True),
    "open-data/": ("/open-data/", True),
    "open-data/<str:name>": ("/open-data/alliances.csv", True),
    "mitmachen/": ("/mitmachen/", True),
    "mitmachen/melden/danke/": ("/mitmachen/melden/danke/", True),
    "mitmachen/allianz/<str:slug>/danke/": ("/mitmachen/allianz/x/danke/", True),
    "mitmachen/benachrichtigungen/danke/": ("/mitmachen/benachrichtigungen/danke/", True),
    "api/v1/docs/": ("/api/v1/docs/", True),
    "workflow-api/v1/docs/": ("/workflow-api/v1/docs/", True),
    # Forms and buttons.
    "mitmachen/melden/": ("/mitmachen/melden/", False),
    "mitmachen/allianz/<str:slug>/": ("/mitmachen/allianz/x/", False),
    "mitmachen/benachrichtigungen/": ("/mitmachen/benachrichtigungen/", False),
    "mitmachen/benachrichtigungen/bestaetigen/<str:token>/": (None, False),
    "interest/confirm/<str:token>/": (None, False),
    "einladung/<str:token>/": (None, False),
    "widerruf/<str:token>/": (None, False),
    # Wagtail: its password and login forms, and every page (a form page takes a POST).
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": (
        None,
        False,
    ),
    "_util/login/": (None, False),
    # Wagtail's documents: a file (GET only), and the password form of a restricted one.
    "documents/^(\\d+)/(.*)$": ("/documents/1/plan.pdf", True),
    "documents/authenticate_with_password/<int:restriction_id>/": (None, False),
    "^((?:[\\w\\-]+/)*)$": (None, False),
}
SKIPPED_PREFIXES = ("admin/",)


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def _is_drf(callback) -> bool:
    return hasattr(callback, "cls") or getattr(callback, "__module__", "").startswith(
        "drf_spectacular"
    )


def test_every_route_is_listed_and_the_read_only_ones_are_marked():
    found = {
        route: callback
        for route, callback in _routes(get_resolver().url_patterns)
        if not route.startswith(SKIPPED_PREFIXES) and not _is_drf(callback)
    }
    # The APIs' catch-alls (JSON 404 for any method) and the moved workflow addresses.
    apis_own = {"unknown_address", "moved_page_transitions"}
    found = {r: c for r, c in found.items() if c.__name__ not in apis_own}
    assert set(found) == set(SITE_ROUTES), "a new route: list it in SITE_ROUTES"
    for route, callback in found.items():
        read_only = SITE_ROUTES[route][1]
        assert getattr(callback, "read_only", False) is read_only, route
        if read_only:
            assert getattr(callback, "csrf_exempt", False), route


READ_ONLY = [address for address, read_only in SITE_ROUTES.values() if read_only]


@pytest.mark.parametrize("address", READ_ONLY)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_another_method_than_get_is_a_405_with_allow_even_without_a_csrf_token(method, address):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(address, "x=1", content_type="text/plain")
    assert response.status_code == 405, response.content[:300]
    allowed = {name.strip() for name in response["Allow"].split(",")}
    assert {"GET", "HEAD"} <= allowed
    assert not allowed & {"POST", "PUT", "PATCH", "DELETE"}


@pytest.mark.parametrize("address", ["/api/v1/docs/", "/workflow-api/v1/docs/"])
def test_the_api_documentation_answers_the_apis_json_405(address):
    response = Client(enforce_csrf_checks=True).post(address)
    body = json.loads(response.content)
    assert response.status_code == 405
    assert body["status"] == 405 and "POST" in body["detail"]


@pytest.mark.parametrize(
    "address", ["/api/v1/", "/api/v1/schema/", "/api/v1/alliances/", "/api/v1/impact/"]
)
def test_the_apis_read_only_endpoints_answer_405_too(address):
    response = Client(enforce_csrf_checks=True).post(address, {})
    assert response.status_code == 405
    assert "POST" not in response["Allow"]


@pytest.mark.parametrize("address", [a for a in READ_ONLY if "docs" not in a])
def test_get_still_answers(client, address):
    assert client.get(address).status_code != 405
    assert client.head(address).status_code != 405


def test_a_document_is_served_and_refuses_a_post_with_405(client, settings):
    # The tests' in-memory storage has no file on disk to send: the storage's URL it is.
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    document = get_document_model().objects.create(
        title="Plan", file=ContentFile(b"%PDF-1.4 plan", name="plan.pdf")
    )
    assert client.get(document.url)["Location"] == document.file.url
    response = Client(enforce_csrf_checks=True).post(document.url, {"x": "1"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


SITE_405 = [a for a in READ_ONLY if not a.startswith(("/api/", "/workflow-api/", "/embed/"))]


@pytest.mark.parametrize("address", SITE_405)
def test_the_sites_405_says_in_german_which_methods_the_address_takes(address):
    """Break test: the 405 had an empty body; now the site's short German page."""
    response = Client(enforce_csrf_checks=True).put(address, "x=1", content_type="text/plain")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "<h1>Methode nicht erlaubt</h1>" in text
    assert (
        f"Diese Adresse nimmt die Methode PUT nicht an; sie beantwortet {response['Allow']}."
        in text
    )


def test_the_admins_405_is_a_german_page_too(admin_client):
    response = admin_client.get("/admin/offene-daten/schreiben/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    text = response.content.decode()
    assert "Methode nicht erlaubt" in text
    assert "Diese Adresse nimmt die Methode GET nicht an; sie beantwortet POST." in text
