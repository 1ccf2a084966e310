import json
import re

import pytest
from django.test import Client
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from alliances.models import AlliancePage, NeedPage, OpportunityPage, ServicePage
from api import exceptions, views
from tests.factories import (
    AgeGroupFactory,
    DistrictFactory,
    OrganisationFactory,
    PersonFactory,
    StandardFactory,
    TopicFactory,
    add_member,
)
from tests.factories.api import link_item, link_service, make_public

pytestmark = pytest.mark.django_db


def assert_error_shape(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert isinstance(body["detail"], str)
    return body


def test_unknown_slug_is_a_json_404(client):
    body = assert_error_shape(client.get("/api/v1/alliances/gibt-es-nicht/"), 404)
    assert set(body) == {"status", "title", "detail"}


def test_unknown_path_under_api_is_a_json_404(client):
    assert_error_shape(client.get("/api/v1/nothing-here/"), 404)
    assert_error_shape(client.get("/api/v2/"), 404)


def test_404_outside_the_api_stays_html(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_wrong_method_is_a_json_405(client):
    body = assert_error_shape(client.delete("/api/v1/alliances/"), 405)
    assert "DELETE" in body["detail"]


def test_errors_follow_accept_language(client):
    german = client.get("/api/v1/alliances/x/", HTTP_ACCEPT_LANGUAGE="de").json()
    english = client.get("/api/v1/alliances/x/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert german["title"] == "Nicht gefunden"
    assert english["title"] == "Not found"
    invalid = client.get("/api/v1/alliances/", {"district": "x"}, HTTP_ACCEPT_LANGUAGE="de")
    assert invalid.json()["errors"]["district"] == ["Diesen Eintrag gibt es nicht: „x“."]
    invalid = client.get("/api/v1/alliances/", {"district": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert invalid.json()["errors"]["district"] == ["There is no such entry: “x”."]


def test_unexpected_error_in_a_view_is_a_json_500(monkeypatch):
    def broken(self, request):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.AllianceViewSet, "list_body", broken)
    client = Client(raise_request_exception=False)
    body = assert_error_shape(client.get("/api/v1/alliances/"), 500)
    assert "boom" not in body["detail"]


def test_server_error_handler_answers_json_under_api(rf):
    response = exceptions.server_error(rf.get("/api/v1/alliances/"))
    assert response.status_code == 500
    assert json.loads(response.content)["status"] == 500
    assert exceptions.server_error(rf.get("/")).status_code == 500


def test_docs_are_served_without_scripts_or_third_party_assets(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.text
    assert "<script" not in html  # nothing the CSP could refuse
    assert "cdn" not in html.lower()
    assert 'href="/api/v1/schema/"' in html


def openapi(client) -> dict:
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_and_limited_to_v1(client):
    spec = openapi(client)
    validate(spec)
    assert spec["paths"]
    assert all(path.startswith("/api/v1/") for path in spec["paths"])
    alliance_params = {p["name"] for p in spec["paths"]["/api/v1/alliances/"]["get"]["parameters"]}
    assert {"stage", "district", "topic", "age_group", "q", "updated_since", "ordering"} <= (
        alliance_params
    )


def validate_against_schema(spec, path_template, response):
    operation = spec["paths"][path_template]["get"]
    content = operation["responses"][str(response.status_code)]["content"]
    schema = {**content["application/json"]["schema"], "components": spec["components"]}
    OAS31Validator(schema).validate(response.json())


def to_template(path: str, spec: dict) -> str:
    for template in spec["paths"]:
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            return template
    raise AssertionError(path)


def test_real_responses_match_the_schema(client):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Logo", file=get_test_image_file())
    alliance = make_public(AlliancePage, title="Lesepaten", image=image, stage="active")
    alliance.districts.set([DistrictFactory()])
    alliance.topics.set([TopicFactory()])
    alliance.age_groups.set([AgeGroupFactory()])
    alliance.body = [("paragraph", "<p>Hallo</p>")]
    alliance.save_revision().publish()
    service = make_public(ServicePage, title="Vorlesen")
    need = make_public(NeedPage, title="Leseförderung")
    opportunity = make_public(OpportunityPage, title="Leerstand")
    link_service(alliance, service)
    link_item(service, need)
    link_item(service, opportunity)
    add_member(alliance, organisation=OrganisationFactory(logo=image))
    add_member(alliance, person=PersonFactory(public_name_consent=True))
    add_member(alliance, person=PersonFactory())
    StandardFactory()

    spec = openapi(client)
    paths = [
        "/api/v1/alliances/",
        f"/api/v1/alliances/{alliance.slug}/",
        "/api/v1/services/",
        f"/api/v1/services/{service.slug}/",
        "/api/v1/needs/",
        f"/api/v1/needs/{need.slug}/",
        "/api/v1/opportunities/",
        f"/api/v1/opportunities/{opportunity.slug}/",
        "/api/v1/districts/",
        "/api/v1/topics/",
        "/api/v1/age-groups/",
        "/api/v1/standards/",
        "/api/v1/alliances/does-not-exist/",
        "/api/v1/alliances/?district=nowhere",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 400, 404), path
        validate_against_schema(spec, to_template(path.split("?")[0], spec), response)


def test_schema_tells_the_truth_about_parameters_and_bodies(client):
    """Slug filters: arrays of strings, described; a catalogue value is a string that says
    which list holds the values (not an enum of today's rows); every error answer in the
    one shape."""
    DistrictFactory()
    spec = openapi(client)
    parameters = {p["name"]: p for p in spec["paths"]["/api/v1/alliances/"]["get"]["parameters"]}
    for name in ("district", "topic", "age_group", "organisation", "service", "need"):
        assert parameters[name]["schema"]["items"]["type"] == "string", name
        assert parameters[name]["description"], name
    assert "enum" not in parameters["district"]["schema"]["items"]
    assert "/api/v1/districts/" in parameters["district"]["description"]
    assert "/api/v1/competences/" in parameters["wanted_competence"]["description"]
    schemas = spec["components"]["schemas"]
    submission = schemas["Submission"]["properties"]
    assert submission["district"]["type"] == "string"
    assert "enum" not in submission["district"]
    assert "/api/v1/districts/" in submission["district"]["description"]
    assert submission["topic"]["type"] == ["string", "null"]
    assert not [name for name in schemas if name.endswith("Enum") and "slug" in name.lower()]
    assert submission["website"]["maxLength"] == 0
    post = spec["paths"]["/api/v1/submissions/"]["post"]["responses"]
    assert {"201", "400", "401", "403", "404", "406", "413", "415", "429", "500"} <= set(post)
    assert post["429"]["headers"]["Retry-After"]["required"] is True
    get = spec["paths"]["/api/v1/alliances/"]["get"]["responses"]
    assert {"200", "304", "400", "404", "406", "429"} <= set(get)
    assert get["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


def test_schema_generates_without_warnings():
    """drf-spectacular's warnings would also fail `check --deploy` (its W001)."""
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache
    assert not GENERATOR_STATS._error_cache


def test_the_schema_does_not_change_with_the_catalogues():
    """The schema describes the API, not today's rows: with Arnsberg's districts, topics,
    age groups, competences and resources it is the same as on an empty database, and
    `check --deploy` (drf-spectacular's W001) stays clean. Enums of the rows warned
    "multiple names for the same choice set (DistrictEnum, TopicEnum)"."""
    from drf_spectacular.checks import schema_check
    from drf_spectacular.generators import SchemaGenerator

    from alliances.demo.seed import seed_catalogues

    def schema() -> str:
        generated = SchemaGenerator().get_schema(request=None, public=True)
        return json.dumps(generated, sort_keys=True, default=str)

    empty = schema()
    seed_catalogues()
    assert schema() == empty
    assert schema_check(None) == []


@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
def test_any_method_at_an_unknown_api_address_is_a_json_404(client, method):
    response = getattr(client, method)("/api/v1/items/null/transitions/")
    assert_error_shape(response, 404)


EMPTY = "Bitte geben Sie einen Wert an oder lassen Sie den Parameter weg."


def test_empty_parameter_values_are_a_400_naming_them(client):
    from api.views import AllianceViewSet

    names = [*AllianceViewSet.filterset_class.base_filters, "page", "page_size"]
    assert {"stage", "q", "district", "topic", "wanted_competence"} <= set(names)
    for name in names:
        response = client.get("/api/v1/alliances/", {name: ""})
        errors = assert_error_shape(response, 400)["errors"]
        assert set(errors) == {name}, name
        # One message, not the field's own complaint about "" beside it.
        assert errors[name] == [EMPTY], (name, errors[name])
    response = client.get("/api/v1/impact/", {"period_from": ""})
    assert set(assert_error_shape(response, 400)["errors"]) == {"period_from"}


def test_a_csrf_failure_in_the_apis_is_json():
    from django.contrib.auth import get_user_model

    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.create_user("sam", password="x" * 12))
    response = client.post("/workflow-api/v1/pages/2.4/transitions/", {})
    assert_error_shape(response, 404)  # the catch-all writes nothing: no CSRF check
    response = client.post("/workflow-api/v1/pages/1/transitions/", {})
    assert assert_error_shape(response, 403)["detail"]


def test_the_csrf_failure_view_answers_json_in_the_apis_only(rf):
    for path in ("/api/v1/submissions/", "/workflow-api/v1/pages/1/transitions/"):
        response = exceptions.csrf_failure(rf.post(path), reason="CSRF cookie not set.")
        assert response.status_code == 403
        assert json.loads(response.content)["status"] == 403
    page = exceptions.csrf_failure(rf.post("/mitmachen/"), reason="CSRF cookie not set.")
    assert page.status_code == 403
    assert page["Content-Type"].startswith("text/html")
