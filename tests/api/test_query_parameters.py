"""Every GET of the partner API takes only the query parameters its schema documents
(break test: `topics=` for `topic=` answered the whole list, `stage=junk&stage=forming`
the forming ones). An unknown parameter, or one that takes a single value given twice, is
a 400 naming it. The endpoints are read from the published schema, so a new one is covered
without editing this file; what the schema says is repeatable is what may be repeated."""

import re

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils import translation

from alliances.models import AlliancePage, NeedPage, OpportunityPage, ServicePage
from api.caching import response_cache_key
from api.readmodel import services as readmodel
from tests.factories import (
    AgeGroupFactory,
    CompetenceFactory,
    DistrictFactory,
    OrganisationFactory,
    ResourceFactory,
    StandardFactory,
    TopicFactory,
    add_member,
)
from tests.factories.api import link_item, link_service, make_public

pytestmark = pytest.mark.django_db

UNKNOWN_DE = "Unbekannter Parameter"
REPEATED_DE = "Mehrfach angegeben: Bitte geben Sie diesen Parameter nur einmal an."
NO_PARAMETERS_DE = "Unbekannter Parameter: Diese Adresse kennt keine Parameter."
# A valid value of every documented query parameter (slugs of the `programme` fixture).
VALID = {
    "stage": "all",
    "district": "neheim",
    "topic": "bildung",
    "age_group": "kinder",
    "organisation": "sportverein",
    "wanted_competence": "erste-hilfe",
    "service": "vorlesen",
    "need": "lesefoerderung",
    "opportunity": "leerstand",
    "alliance": "lesepaten",
    "q": "Lese",
    "updated_since": "2020-01-01T00:00:00Z",
    "ordering": "-updated",
    "page": "1",
    "page_size": "5",
    "period_from": "2020-01-01",
    "period_to": "2040-12-31",
}


@pytest.fixture
def client(settings):
    settings.API_THROTTLE_RATES = {"anonymous": "100000/min", "partner": "100000/min"}
    return Client(raise_request_exception=False)


@pytest.fixture
def programme():
    """One public page of every kind and one entry of every catalogue, linked."""
    district = DistrictFactory(slug="neheim", name="Neheim")
    topic = TopicFactory(slug="bildung", name="Bildung")
    age_group = AgeGroupFactory(slug="kinder", name="Kinder")
    CompetenceFactory(slug="erste-hilfe", name="Erste Hilfe")
    ResourceFactory()
    standard = StandardFactory()
    alliance = make_public(AlliancePage, title="Lesepaten", slug="lesepaten")
    alliance.districts.set([district])
    alliance.topics.set([topic])
    alliance.age_groups.set([age_group])
    alliance.save()  # parental relations are written on save
    service = make_public(ServicePage, title="Vorlesen", slug="vorlesen")
    need = make_public(NeedPage, title="Leseförderung", slug="lesefoerderung")
    opportunity = make_public(OpportunityPage, title="Leerstand", slug="leerstand")
    link_service(alliance, service)
    link_item(service, need)
    link_item(service, opportunity)
    add_member(alliance, organisation=OrganisationFactory(slug="sportverein"))
    return {"slug": {"alliances": alliance.slug, "services": service.slug}, "standard": standard}


def get_operations(client, programme) -> list[tuple[str, dict]]:
    """(path with an existing slug or id, {documented query parameter: its schema entry})
    of every GET in the published schema."""
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    operations = []
    for template, methods in schema["paths"].items():
        if "get" not in methods:
            continue
        prefix = template.split("/")[3]
        slug = programme["slug"].get(prefix) or {
            "needs": "lesefoerderung",
            "opportunities": "leerstand",
            "districts": "neheim",
            "topics": "bildung",
            "age-groups": "kinder",
            "competences": "erste-hilfe",
        }.get(prefix)
        path = template.replace("{id}", str(programme["standard"].pk))
        if "{slug}" in path:
            path = path.replace("{slug}", slug or _first_slug(client, prefix))
        parameters = {
            p["name"]: p for p in methods["get"].get("parameters", []) if p["in"] == "query"
        }
        operations.append((path, parameters))
    assert len(operations) >= 21, operations  # 10 lists, 10 details, impact
    return operations


def _first_slug(client, prefix: str) -> str:
    return client.get(f"/api/v1/{prefix}/").json()[0]["slug"]


def repeatable(parameter: dict) -> bool:
    """What the schema says: a list of values, one per repetition of the parameter."""
    return parameter["schema"].get("type") == "array" and parameter.get("explode", True)


def accepted_in(message: str) -> set[str]:
    return set(re.search(r"Möglich sind: (.*)\.$", message).group(1).split(", "))


def test_every_get_refuses_an_unknown_parameter_naming_it_and_what_it_takes(client, programme):
    for path, documented in get_operations(client, programme):
        response = client.get(path, {"since": "2024-01-01"})
        assert response.status_code == 400, (path, response.content)
        body = response.json()
        assert body["status"] == 400
        assert list(body["errors"]) == ["since"], path
        [message] = body["errors"]["since"]
        assert message.startswith(UNKNOWN_DE), (path, message)
        if documented:
            # The message lists exactly what the schema documents.
            assert accepted_in(message) == set(documented), path
        else:
            assert message == NO_PARAMETERS_DE, path


def test_every_documented_parameter_still_answers(client, programme):
    """Known parameters with valid values, one at a time, and the two conventions."""
    for path, documented in get_operations(client, programme):
        for name in documented:
            response = client.get(path, {name: VALID[name]})
            assert response.status_code == 200, (path, name, response.content)
        for convention in ({"_": "1718000000000"}, {"format": "json"}):
            response = client.get(path, convention)
            assert response.status_code == 200, (path, convention, response.content)


def test_a_single_value_given_twice_is_a_400_and_a_repeatable_one_answers(client, programme):
    for path, documented in get_operations(client, programme):
        for name, parameter in documented.items():
            response = client.get(path, {name: [VALID[name], VALID[name]]})
            if repeatable(parameter):
                assert response.status_code == 200, (path, name, response.content)
            else:
                assert response.status_code == 400, (path, name, response.content)
                assert response.json()["errors"] == {name: [REPEATED_DE]}, (path, name)
        response = client.get(path, {"format": ["json", "json"]})
        assert response.json()["errors"] == {"format": [REPEATED_DE]}, path


def test_the_break_tests_requests(client, programme):
    forming = make_public(AlliancePage, title="Im Werden", stage="forming")
    response = client.get("/api/v1/alliances/?stage=junk&stage=forming")
    assert response.status_code == 400
    assert response.json()["errors"] == {"stage": [REPEATED_DE]}
    response = client.get("/api/v1/alliances/", {"topics": "bildung"})
    assert response.status_code == 400
    [message] = response.json()["errors"]["topics"]
    assert message.startswith("Unbekannter Parameter. Meinten Sie „topic“? Möglich sind: ")
    # The filters still work as documented.
    answer = client.get("/api/v1/alliances/", {"stage": "forming"}).json()
    assert [entry["slug"] for entry in answer["results"]] == [forming.slug]
    districts = client.get("/api/v1/alliances/?district=neheim&district=neheim&stage=all")
    assert [entry["slug"] for entry in districts.json()["results"]] == ["lesepaten"]


def test_several_problems_are_named_at_once_in_english_too(client, programme):
    response = client.get(
        "/api/v1/needs/?since=1&limit=5&q=a&q=b&page=x", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"since", "limit", "q", "page"}
    # No near name: `since` is not `updated_since` or `service`.
    assert errors["since"][0].startswith("Unknown parameter. Accepted: age_group, alliance, ")
    assert errors["limit"] == ["This API pages with “page” and “page_size”."]
    assert errors["q"] == ["Given more than once: please give this parameter only once."]
    assert errors["page"] == ["Please give a page number: a whole number from 1."]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("x=1", "x"),
        ("lang=de&lang=en", "lang"),
        ("format=xml", "format"),
        ("format=json&format=yaml", "format"),
    ],
)
def test_the_schema_takes_format_and_lang_only(client, query, name):
    response = client.get(f"/api/v1/schema/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"  # the error shape, not YAML
    assert list(response.json()["errors"]) == [name]


def test_the_schema_and_the_root_answer_what_they_take(client):
    assert client.get("/api/v1/schema/?format=json&lang=en&_=1").status_code == 200
    assert client.get("/api/v1/schema/?lang=de").status_code == 200
    assert client.get("/api/v1/?_=1").status_code == 200
    response = client.get("/api/v1/?page=2")
    assert response.json()["errors"] == {"page": [NO_PARAMETERS_DE]}


def test_a_format_there_is_not_is_a_400_naming_it(client, programme):
    for path in ("/api/v1/alliances/", "/api/v1/districts/", "/api/v1/impact/"):
        response = client.get(path, {"format": "xml"}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400, path
        assert response.json()["errors"] == {
            "format": ["There is no such format here. Available: json."]
        }


@pytest.fixture
def response_cache(settings):
    settings.API_RESPONSE_CACHE_TIMEOUT = 600


def _key(query: str) -> str:
    request = RequestFactory().get(f"/api/v1/alliances/?{query}")
    with translation.override("de"):
        return response_cache_key(request, tier="anonymous")


def test_a_cached_answer_never_answers_an_unknown_or_repeated_parameter(
    client, programme, response_cache
):
    assert client.get("/api/v1/alliances/?stage=all").status_code == 200
    entry = cache.get(_key("stage=all"))
    assert entry is not None  # the fast path has an answer for this query
    # Even an answer planted under the unknown parameter's own key is not served.
    cache.set(_key("stage=all&since=1"), entry)
    for query in ("stage=all&since=1", "stage=all&stage=all", "stage=junk&stage=all"):
        for _attempt in range(2):
            response = client.get(f"/api/v1/alliances/?{query}")
            assert response.status_code == 400, (query, response.content)
    # A refusal is never kept: nothing for the fast path to answer next time.
    assert cache.get(_key("stage=all&stage=all")) is None
    assert cache.get(_key("stage=junk&stage=all")) is None
    # Repeatable parameters are cached and served as before.
    query = "stage=all&district=neheim&district=neheim"
    assert client.get(f"/api/v1/alliances/?{query}").status_code == 200
    assert cache.get(_key(query)) is not None
    assert client.get(f"/api/v1/alliances/?{query}").status_code == 200


def test_the_cache_buster_is_answered_fresh(client, programme, response_cache):
    """`_` passes and is never answered from, or kept in, the response cache."""
    page = AlliancePage.objects.get(slug="lesepaten")
    assert client.get("/api/v1/alliances/").status_code == 200
    AlliancePage.objects.filter(pk=page.pk).update(title="Umbenannt")
    readmodel.page_changed([page.pk])  # the read model is told, the cache is not: stale

    def titles(query):
        return [e["title"] for e in client.get(f"/api/v1/alliances/?{query}").json()["results"]]

    assert titles("") == ["Lesepaten"]
    assert titles("_=1718000000000") == ["Umbenannt"]
    assert cache.get(_key("_=1718000000000")) is None


def test_a_catalogue_list_takes_its_paging_only(client, programme):
    assert client.get("/api/v1/districts/?page=1&page_size=5").status_code == 200
    response = client.get("/api/v1/districts/", {"q": "Neh"})
    assert response.json()["errors"] == {
        "q": ["Unbekannter Parameter. Möglich sind: page, page_size."]
    }


# The embed's frame (an HTML page): what the loader sends, and nothing else.
EMBED = "/embed/alliances/"


def test_the_embed_names_an_unknown_or_repeated_parameter(client, programme):
    response = client.get(EMBED, {"stadtteil": "neheim"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "stadtteil: Unbekannter Parameter. Meinten Sie" not in text  # no near name
    assert "stadtteil: Unbekannter Parameter. Möglich sind: accent, age_group, district" in text
    response = client.get(EMBED, {"districts": "neheim"})
    assert "districts: Unbekannter Parameter. Meinten Sie „district“?" in response.content.decode()
    response = client.get(f"{EMBED}?district=neheim&district=neheim")
    assert response.status_code == 400
    assert f"district: {REPEATED_DE}" in response.content.decode()


def test_the_embed_answers_what_the_loader_sends(client, programme):
    query = {
        "view": "alliances",
        "district": "neheim",
        "topic": "bildung",
        "age_group": "kinder",
        "limit": "3",
        "lang": "en",
        "theme": "dark",
        "links": "blank",
        "origin": "https://verein.example",
        "_": "1",
    }
    response = client.get(EMBED, query)
    assert response.status_code == 200, response.content
    assert "Lesepaten" in response.content.decode()
