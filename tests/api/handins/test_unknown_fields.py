"""Every POST body of the partner API takes only its own fields: an unknown one (a
partner's typo, "emial") is a 400 naming it, „Unbekanntes Feld. Meinten Sie „email“?
Möglich sind: …“ (the fields there are, as an unknown query parameter is told), beside
any other mistake, and nothing is stored. It was dropped silently, and with it what was
meant."""

import re

import pytest

from tests.api.handins.test_handin_limit import ENDPOINTS, stored
from tests.factories import DistrictFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

UNKNOWN_MESSAGE = re.compile(
    r"Unbekanntes Feld\. (Meinten Sie „\w+“\? )?Möglich sind: (\w+, )*\w+\."
)


class Unknown:
    """Equal to the messages of an unknown field: one, listing the fields there are."""

    def __eq__(self, messages):
        return len(messages) == 1 and bool(UNKNOWN_MESSAGE.fullmatch(messages[0]))


UNKNOWN = Unknown()


@pytest.fixture(autouse=True)
def district():
    return DistrictFactory(slug="neheim", name="Neheim")


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_walk_covers_every_post_of_the_schema(client, alliance):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    posts = {path for path, item in schema["paths"].items() if "post" in item}
    walked = {url(alliance).replace(alliance.slug, "{slug}") for url, _b, _c in ENDPOINTS.values()}
    assert posts == walked


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_an_unknown_field_is_a_400_naming_it_and_stores_nothing(client, alliance, endpoint):
    url, body, created = ENDPOINTS[endpoint]
    response = _post(client, url(alliance), {**body(1), "emial": "x@example.org", "Name": "Jan"})
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {"emial": UNKNOWN, "Name": UNKNOWN}
    # Beside the other mistakes, each under its own key.
    response = _post(client, url(alliance), {"emial": "x@example.org"})
    errors = response.json()["errors"]
    assert errors["emial"] == UNKNOWN
    assert len(errors) > 1
    assert stored() == 0
    assert _post(client, url(alliance), body(2)).status_code == created


def test_an_unknown_field_of_the_contact_is_named_inside_it(client):
    url, body, _created = ENDPOINTS["submissions"]
    contact = {"name": "Greta", "email": "greta@example.org", "consent": True, "telefon": "1"}
    response = _post(client, url(None), {**body(1), "contact": contact})
    assert response.status_code == 400
    assert response.json()["errors"] == {"contact": {"telefon": UNKNOWN}}
    (message,) = response.json()["errors"]["contact"]["telefon"]
    names = message.rpartition("Möglich sind: ")[2].rstrip(".").split(", ")
    assert {"name", "email", "phone", "consent"} <= set(names)
    assert stored() == 0


def test_the_schema_says_no_other_field(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    for path, item in schema["paths"].items():
        if "post" not in item:
            continue
        ref = item["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        body = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert body["additionalProperties"] is False, path
    assert schema["components"]["schemas"]["HandinContact"]["additionalProperties"] is False


def test_a_typo_is_told_the_field_it_likely_meant(client, alliance):
    url, body, _created = ENDPOINTS["submissions"]
    response = _post(client, url(alliance), {**body(1), "extra": 1, "titel": "x"})
    errors = response.json()["errors"]
    assert errors["titel"][0].startswith("Unbekanntes Feld. Meinten Sie „title“? Möglich sind: ")
    assert errors["extra"][0].startswith("Unbekanntes Feld. Möglich sind: ")
    assert "title" in errors["extra"][0]
