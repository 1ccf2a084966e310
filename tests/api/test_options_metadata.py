"""OPTIONS names and describes every view of both APIs in German (English on request), as
the documentation does; DRF's default is the class name ("Alliance List") and the
English docstring."""

import pytest
from django.test import Client
from django.urls import get_resolver, resolve
from rest_framework.views import get_view_name

from api.docs import PlainOptionsMixin
from tests.workflow_testapp.factories import make_ticket, make_user

pytestmark = pytest.mark.django_db

CATALOGUES = ["districts", "topics", "age-groups", "competences", "resources", "standards"]
PAGES = ["alliances", "services", "needs", "opportunities"]
PARTNER_PATHS = [
    "/api/v1/",
    "/api/v1/impact/",
    "/api/v1/submissions/",
    "/api/v1/alerts/",
    "/api/v1/alliances/lesepaten/interest/",
    *[f"/api/v1/{name}/" for name in PAGES + CATALOGUES],
    *[f"/api/v1/{name}/ein-kurzname/" for name in PAGES + CATALOGUES[:-1]],
    "/api/v1/standards/1/",
]


def _api_view_classes() -> set[type]:
    """Every DRF view mounted under /api/ or /workflow-api/ (the schema views answer
    OPTIONS without a body)."""
    found = set()

    def walk(resolver, prefix):
        for pattern in resolver.url_patterns:
            path = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                walk(pattern, path)
                continue
            view_class = getattr(pattern.callback, "cls", None)
            if (
                view_class is not None
                and path.startswith(("api/", "workflow-api/"))
                and not issubclass(view_class, PlainOptionsMixin)
                and "Spectacular" not in view_class.__name__
            ):
                found.add(view_class)

    walk(get_resolver(), "")
    return found


def _options(client, path, language):
    response = client.options(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, (path, response.content)
    return response.json()


def _check(client, path, view_class) -> dict:
    german = _options(client, path, "de")
    default = get_view_name(view_class(detail=path.count("/") > 4, suffix=None))
    assert german["name"] and german["name"] != default, path
    assert german["description"] and german["description"] != (view_class.__doc__ or "").strip()
    return german


def test_options_of_every_api_view_is_german():
    client = Client()
    ticket = make_ticket()
    runner = Client()
    runner.force_login(make_user("rosa.runner", runs=True))
    workflow_path = f"/workflow-api/v1/pages/{ticket.pk}/transitions/"
    covered = set()
    for path in PARTNER_PATHS:
        view_class = resolve(path).func.cls
        german, english = _check(client, path, view_class), _options(client, path, "en")
        assert german["name"] != english["name"], path  # translated, not English in both
        assert german["description"] != english["description"], path
        covered.add(view_class)
    # The workflow API speaks German only.
    german = _check(runner, workflow_path, resolve(workflow_path).func.cls)
    assert german["name"] == "Stufe und mögliche Schritte einer Seite"
    assert german["description"].startswith("Jeder Schritt mit der Angabe")
    covered.add(resolve(workflow_path).func.cls)
    assert _api_view_classes() <= covered


def test_the_alliance_list_is_named_in_german():
    body = Client().options("/api/v1/alliances/").json()
    assert body["name"] == "Allianzen auflisten"
    assert body["description"].startswith("Arnsberger Allianzen: projektbezogene")


@pytest.mark.parametrize("path", [p for p in PARTNER_PATHS if p.count("/") == 5])
def test_options_on_a_detail_describes_the_detail_as_its_schema_does(path):
    """The detail's summary and description (the retrieve operation's), not the list's."""
    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    prefix = path.split("/")[3]
    template = "/api/v1/standards/{id}/" if prefix == "standards" else f"/api/v1/{prefix}/{{slug}}/"
    operation = schema["paths"][template]["get"]
    listing = schema["paths"][f"/api/v1/{prefix}/"]["get"]
    body = Client().options(path).json()
    assert body["name"] == operation["summary"] != listing["summary"]
    assert body["description"] == operation["description"]
    assert "Liste" not in body["description"]


def test_the_alliance_detail_is_described_as_one_alliance():
    body = Client().options("/api/v1/alliances/lesepaten/").json()
    assert body["name"] == "Eine Allianz"
    assert body["description"].startswith("Eine Arnsberger Allianz")
