"""A search term with nothing searchable in it (only emoji, punctuation or spaces) finds
nothing: on the site, in the partner API and in the admin alike. It answered the whole
list, as if no term had been given. An empty search field is still no search."""

import pytest

from alliances.models import AlliancePage
from tests.factories.api import make_public

pytestmark = pytest.mark.django_db

NOTHING_SEARCHABLE = ["😀", "!!", "„…“", "😀 ?", "-"]


@pytest.fixture
def alliance():
    return make_public(AlliancePage, title="Lesepaten Neheim")


@pytest.mark.parametrize("term", NOTHING_SEARCHABLE)
def test_the_site_finds_nothing(client, alliance, term):
    for path in ("/allianzen/", "/suche/"):
        response = client.get(path, {"q": term})
        assert response.status_code == 200
        assert "Lesepaten Neheim" not in response.text, path
    assert "Lesepaten Neheim" in client.get("/allianzen/", {"q": ""}).text
    assert "Lesepaten Neheim" in client.get("/allianzen/", {"q": "Lesepaten 😀"}).text


@pytest.mark.parametrize("term", [*NOTHING_SEARCHABLE, " "])
def test_the_api_finds_nothing(client, alliance, term):
    response = client.get("/api/v1/alliances/", {"q": term})
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert client.get("/api/v1/alliances/", {"q": "Lesepaten!"}).json()["count"] == 1


def test_the_api_schema_says_so(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    q = next(
        p for p in schema["paths"]["/api/v1/alliances/"]["get"]["parameters"] if p["name"] == "q"
    )
    assert "findet nichts" in q["description"]


@pytest.mark.parametrize("term", NOTHING_SEARCHABLE)
def test_the_admin_finds_nothing(admin_client, alliance, term):
    for path in ("/admin/pages/search/", f"/admin/pages/{alliance.get_parent().pk}/"):
        response = admin_client.get(path, {"q": term})
        assert response.status_code == 200
        assert "Lesepaten Neheim" not in response.text, path
    response = admin_client.get("/admin/pages/search/", {"q": "Lesepaten"})
    assert "Lesepaten Neheim" in response.text
