"""Every list of the partner API checks its paging parameters alike (break test, item 7):
a malformed value is a 400 naming the parameter, a page past the end a German 404 naming
`page`. The lists are the router's, so a new one is covered without editing this file."""

import pytest
from django.test import Client

from alliances.models import AlliancePage
from api.urls import router
from tests.factories import DistrictFactory
from tests.factories.api import make_public

pytestmark = pytest.mark.django_db

LISTS = [f"/api/v1/{prefix}/" for prefix, _viewset, _basename in router.registry]

BAD = [
    ("page", "abc"),
    ("page", "0"),
    ("page", "-1"),
    ("page", "1e2"),
    ("page", "1.0"),
    ("page", " 1"),
    ("page", "１"),  # full-width digit one
    ("page", "١"),  # Arabic-Indic digit one
    ("page", ""),
    ("page_size", "0"),
    ("page_size", "101"),
    ("page_size", "abc"),
    ("page_size", "9" * 20),
    ("page_size", "9" * 5000),  # more digits than Python converts
    ("page_size", ""),
    ("limit", "10"),
    ("offset", "0"),
]


@pytest.fixture
def client(settings):
    settings.API_THROTTLE_RATES = {"anonymous": "100000/min", "partner": "100000/min"}
    return Client(raise_request_exception=False)


def test_the_lists_are_all_there():
    assert {"alliances", "needs", "opportunities", "services", "districts", "topics"} <= {
        prefix for prefix, _viewset, _basename in router.registry
    }
    assert {"age-groups", "standards", "competences", "resources"} <= {
        prefix for prefix, _viewset, _basename in router.registry
    }


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(("name", "value"), BAD)
def test_a_bad_paging_value_is_a_400_naming_it(client, path, name, value):
    response = client.get(path, {name: value})
    assert response.status_code == 400, response.content
    body = response.json()
    assert list(body["errors"]) == [name]
    message = body["errors"][name][0]
    assert message.startswith(("Bitte", "Diese API")), message


@pytest.mark.parametrize("path", LISTS)
def test_good_paging_values_answer(client, path):
    make_public(AlliancePage, title="Lesepaten")
    DistrictFactory(slug="neheim", name="Neheim")
    for query in [{}, {"page": "1"}, {"page": "last"}, {"page_size": "1"}, {"page_size": "100"}]:
        assert client.get(path, query).status_code == 200, (path, query)


@pytest.mark.parametrize("path", LISTS)
def test_a_page_past_the_end_is_a_german_404_naming_page(client, path):
    response = client.get(path, {"page": "99999"})
    assert response.status_code == 404
    assert response.json()["detail"] == (
        "Die Seite 99999 gibt es nicht (Parameter „page“): die Liste hat weniger Seiten."
    )


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("page", ["2147483648", "9" * 20, "9" * 5000])
def test_a_page_beyond_every_list_is_the_404_of_a_page_past_the_end(client, path, page):
    """A whole number is a page number however large: no list has that page (it was the
    400 of "a whole number from 1", and a 500 past 4,300 digits)."""
    for query in [{"page": page}, {"page": page, "q": "Lese"}, {"page": page, "page_size": "1"}]:
        if "q" in query and path.rstrip("/").rsplit("/", 1)[-1] not in FILTERED:
            continue
        response = client.get(path, query)
        assert response.status_code == 404, (query, response.content[:200])
        assert response.json()["detail"] == (
            "Eine Seite mit dieser Nummer gibt es nicht (Parameter „page“): die Liste hat "
            "weniger Seiten."
        )


FILTERED = {"alliances", "services", "needs", "opportunities"}


def test_a_search_list_checks_paging_too(client):
    """Filtered lists take another path to their page (paginate_keys)."""
    response = client.get("/api/v1/alliances/", {"q": "Lese", "page": "abc"})
    assert list(response.json()["errors"]) == ["page"]
    response = client.get("/api/v1/alliances/", {"q": "Lese", "page": "99999"})
    assert response.status_code == 404
