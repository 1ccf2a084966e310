"""Odd and hostile input gets a clear 4xx naming what is wrong, never a 5xx (issue 12)."""

import io
import json

import pytest
from django.test import Client

from alliances.models import AlliancePage, NeedPage
from api.filters import Q_MAX_LENGTH
from tests.factories import AgeGroupFactory, DistrictFactory, StandardFactory, TopicFactory
from tests.factories.api import make_public

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/alliances/", "/api/v1/services/", "/api/v1/needs/", "/api/v1/opportunities/"]


@pytest.fixture
def client(settings):
    settings.HANDIN_THROTTLE_RATE = "1000/min"
    return Client(raise_request_exception=False)


def errors_of(response, status=400) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json().get("errors", {})


@pytest.mark.parametrize("path", LISTS)
def test_search_input_is_words_not_query_syntax(client, path):
    make_public(AlliancePage, title="Lesekreis")
    for q in ['"', 'Lese"kreis', "a AND (b", "NEAR(x y)", "'; --", "*", "100%", "\\", "ü-ö_ß ^ {}"]:
        assert client.get(path, {"q": q}).status_code == 200, q


def test_search_finds_words_across_punctuation(client):
    reading = make_public(AlliancePage, title="Vorlesen im Quartier")
    found = client.get("/api/v1/alliances/", {"q": '"Vorlesen" (Quartier'}).json()["results"]
    assert [item["slug"] for item in found] == [reading.slug]


@pytest.mark.parametrize("path", LISTS)
def test_long_search_is_a_400_naming_q(client, path):
    too_many_words = " ".join(["wort"] * 450)
    assert "q" in errors_of(client.get(path, {"q": too_many_words}))
    assert "q" in errors_of(client.get(path, {"q": "x" * (Q_MAX_LENGTH + 1)}))
    # The most words the limit lets through: 100 one-letter words.
    assert client.get(path, {"q": " ".join(["a"] * (Q_MAX_LENGTH // 2))}).status_code == 200


@pytest.mark.parametrize(
    "moment",
    [
        "0001-01-01T00:00:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59",
        "9999-12-31T23:59:59-12:00",
        "1899-12-31T23:59:59Z",
        "2026-13-01T00:00:00",
    ],
)
@pytest.mark.parametrize("path", LISTS)
def test_moments_out_of_range_are_a_400_naming_the_parameter(client, path, moment):
    assert "updated_since" in errors_of(client.get(path, {"updated_since": moment}))


@pytest.mark.parametrize(
    "moment",
    ["3859-06-01T17:46:49+23:36", "2026-01-01T00:00:00-23:59", "1900-01-01T00:00:00+14:00"],
)
def test_any_offset_rfc_3339_allows_is_answered(client, moment):
    """PostgreSQL takes offsets up to 15:59 only; the moment reaches it in UTC."""
    assert client.get("/api/v1/alliances/", {"updated_since": moment}).status_code == 200


def test_null_characters_are_a_400(client):
    assert "q" in errors_of(client.get("/api/v1/needs/", {"q": "a\x00b"}))
    assert "district" in errors_of(client.get("/api/v1/needs/", {"district": "\x00"}))
    assert "ordering" in errors_of(client.get("/api/v1/needs/", {"ordering": "\x00"}))
    errors_of(client.get("/api/v1/needs/%00/"))
    assert client.get("/allianzen/%00/").status_code == 400  # the site too


@pytest.mark.parametrize(
    ("path", "factory", "key"),
    [
        ("/api/v1/districts/", DistrictFactory, "slug"),
        ("/api/v1/topics/", TopicFactory, "slug"),
        ("/api/v1/age-groups/", AgeGroupFactory, "slug"),
        ("/api/v1/standards/", StandardFactory, "id"),
    ],
)
def test_catalogue_details_answer_by_their_key(client, path, factory, key):
    entry = factory()
    listed = {str(item[key]): item for item in client.get(path).json()}
    value = str(getattr(entry, "pk" if key == "id" else key))
    response = client.get(f"{path}{value}/")
    assert response.status_code == 200
    assert response.json() == listed[value]
    missing = "999999" if key == "id" else "gibt-es-nicht"
    body = client.get(f"{path}{missing}/").json()
    assert (
        body["status"] == 404
        and body["detail"] == "Unter dieser Adresse gibt es nichts. Bitte prüfen Sie die Adresse."
    )


def test_a_standard_id_beyond_64_bits_is_a_404(client):
    assert client.get("/api/v1/standards/99999999999999999999/").status_code == 404
    assert client.get(f"/api/v1/standards/{2**63 - 1}/").status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/schema/"])
def test_options_on_the_schema_and_its_docs(client, path):
    response = client.options(path)
    assert response.status_code == 200
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/impact/"])
def test_an_error_before_the_view_allows_what_its_answers_allow(client, path):
    """A NUL in a parameter's name is refused before the view runs; its 400 names the
    same methods as the view's own answers, HEAD included (a break test found it left
    out on views that are no viewset)."""
    refused = client.get(f"{path}?x%00=1")
    assert refused.status_code == 400
    assert refused["Allow"] == client.get(path)["Allow"]
    assert "HEAD" in refused["Allow"].split(", ")


# Hand-ins ---------------------------------------------------------------------------------


def post_json(client, body: str, path="/api/v1/submissions/"):
    return client.post(path, body, content_type="application/json")


@pytest.fixture
def alliance(db):
    return make_public(AlliancePage, title="Lesepaten")


@pytest.mark.parametrize(
    "body",
    [
        "[" * 8000,  # unbalanced
        "[" * 8000 + "]" * 8000,
        "{" + '"a":{' * 2500 + "}" * 2501,
        '{"title": ' + "[" * 5000 + "]" * 5000 + "}",
        '{"contact": ' + '{"name":' * 1500 + "1" + "}" * 1501,
        "[]",
        '"text"',
        "null",
        "1e999",
        "NaN",
        "1" * 5000,
        '{"kind": {"a": 1}, "title": [1], "district": {}, "contact": [], "consent": 1e999}',
        "\xff\xfe",
        "",
    ],
)
def test_any_json_body_within_the_limit_is_at_worst_a_400(client, alliance, body):
    for path in ("/api/v1/submissions/", f"/api/v1/alliances/{alliance.slug}/interest/"):
        response = post_json(client, body, path)
        assert response.status_code == 400, (body[:40], response.content[:200])
        assert response.json()["status"] == 400


def test_the_largest_valid_hand_in_is_within_the_limit(client, settings):
    """Every character at its longest JSON spelling (a surrogate pair of escapes): the
    size limit never turns a body the schema allows into a 413."""
    from tests.factories import DistrictFactory

    district = DistrictFactory()
    face = "\U0001f600"
    body = {
        "kind": "need",
        "title": face * 120,
        "description": face * 4000,
        "district": district.slug,
        "website": "",
        # A phone number is digits and a few separators (item 16): its longest valid form.
        "contact": {
            "name": face * 200,
            "phone": "+49 ( 2932 ) / 201 - 23 - 45 - 6 / ( 7 )",
            "consent": True,
        },
    }
    data = json.dumps(body, ensure_ascii=True)
    assert len(data) > 50_000
    response = client.post("/api/v1/submissions/", data, content_type="application/json")
    assert response.status_code == 201, response.content


def test_a_body_over_the_limit_is_a_413(client, settings):
    body = json.dumps({"title": "x" * settings.HANDIN_MAX_BYTES})
    response = post_json(client, body)
    assert response.status_code == 413
    assert response.json()["status"] == 413


def post_chunked(client, body: bytes):
    """As a de-chunking server (gunicorn) hands a chunked body on: no Content-Length, the
    body to be read from wsgi.input up to its end."""
    return client.generic(
        "POST",
        "/api/v1/submissions/",
        b"",
        CONTENT_TYPE="application/json",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": io.BytesIO(body), "wsgi.input_terminated": True},
    )


def test_chunked_bodies_count_against_the_size_limit(client, settings):
    district = DistrictFactory()
    too_large = json.dumps({"title": "x" * (settings.HANDIN_MAX_BYTES + 10)}).encode()
    assert post_chunked(client, too_large).status_code == 413
    valid = {
        "kind": "need",
        "title": "Ein Bedarf im Quartier",
        "description": "Es fehlt ein Treffpunkt für ältere Menschen im Quartier.",
        "district": district.slug,
    }
    response = post_chunked(client, json.dumps(valid).encode())
    assert response.status_code == 201, response.content
    assert NeedPage.objects.filter(title="Ein Bedarf im Quartier").exists()


def test_a_content_length_that_is_no_number_is_a_400(client):
    response = client.generic(
        "POST",
        "/api/v1/submissions/",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH="zwölf",
    )
    assert response.status_code == 400
