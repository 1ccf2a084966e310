import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from alliances.models import NeedPage
from tests.factories import make_page
from workflows.models import TransitionLog
from workflows.services import run_transition

pytestmark = pytest.mark.django_db


def _url(page):
    return f"/api/v1/items/{page.pk}/transitions/"


@pytest.fixture
def api(kernteam_user):
    client = APIClient()
    token = Token.objects.create(user=kernteam_user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_anonymous_gets_401():
    need = make_page(NeedPage)
    response = APIClient().get(_url(need))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert APIClient().post(_url(need), {"transition": "decline"}, format="json").status_code == 401


def test_redaktion_gets_403(redaktion_user):
    need = make_page(NeedPage)
    client = APIClient()
    client.force_authenticate(redaktion_user)
    assert client.get(_url(need)).status_code == 403
    response = client.post(_url(need), {"transition": "decline", "comment": "x"}, format="json")
    assert response.status_code == 403


def test_lists_runnable_transitions_with_guard_state(api, kernteam_user):
    need = make_page(NeedPage)
    run_transition(need, "start_analysis", by=kernteam_user, assignee=kernteam_user)
    body = api.get(_url(need)).json()
    assert (body["stage"], body["stage_label"]) == ("in_analysis", "In Analyse")
    by_name = {t["name"]: t for t in body["transitions"]}
    assert set(by_name) == {"complete_analysis", "decline", "put_on_hold"}
    assert by_name["complete_analysis"]["possible"] is False
    assert (
        "Es fehlt eine Ist-Soll-Bewertung gegen einen Standard."
        in (by_name["complete_analysis"]["reasons"])
    )
    assert by_name["decline"]["needs_comment"] is True


def test_post_runs_the_transition(api, kernteam_user):
    need = make_page(NeedPage)
    response = api.post(
        _url(need),
        {"transition": "start_analysis", "assignee": kernteam_user.pk, "comment": "Los"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["stage"] == "in_analysis"
    entry = TransitionLog.objects.get()
    assert (entry.by, entry.comment) == (kernteam_user, "Los")


def test_guard_failure_is_422_with_reasons(api):
    need = make_page(NeedPage)
    response = api.post(_url(need), {"transition": "decline"}, format="json")
    assert response.status_code == 422
    assert response.json()["reasons"] == ["Bitte geben Sie eine Begründung an."]
    assert response.json()["status"] == 422  # the API's one error shape


def test_conflict_is_409_with_the_current_stage(api, monkeypatch):
    need = make_page(NeedPage)
    from workflows import api as api_module

    real = api_module.run_transition

    def someone_else_first(item, name, **kwargs):
        run_transition(NeedPage.objects.get(pk=item.pk), "decline", by=None, comment="x")
        return real(item, name, **kwargs)

    monkeypatch.setattr(api_module, "run_transition", someone_else_first)
    response = api.post(_url(need), {"transition": "put_on_hold", "comment": "y"}, format="json")
    assert response.status_code == 409
    assert response.json()["stage"] == "declined"
    assert response.json()["status"] == 409


def test_bad_input_is_400_with_field_messages(api):
    need = make_page(NeedPage)
    response = api.post(_url(need), {"transition": "fly", "assignee": 99999}, format="json")
    assert response.status_code == 400
    # The partner API's one error shape (api.exceptions) applies under /api/ too.
    assert set(response.json()["errors"]) == {"transition", "assignee"}
    assert api.post(_url(need), {}, format="json").json()["errors"]["transition"]
    assert api.get("/api/v1/items/999999/transitions/").status_code == 404


def test_session_login_works_too(kernteam_client):
    need = make_page(NeedPage)
    assert kernteam_client.get(_url(need)).status_code == 200


def test_not_in_the_partner_schema():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert not any("/transitions/" in path for path in paths)


def test_unknown_or_inapplicable_parameters_are_named(api, kernteam_user):
    need = make_page(NeedPage)
    body = {"transition": "decline", "comment": "Doppelt", "assignee": kernteam_user.pk}
    response = api.post(_url(need), body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"assignee"}
    response = api.post(_url(need), {**body, "priority": 1, "reason": "x"}, format="json")
    assert set(response.json()["errors"]) == {"assignee", "priority", "reason"}
    assert not TransitionLog.objects.exists()


def test_a_comment_has_a_length_limit(api):
    from workflows.models import COMMENT_MAX_LENGTH

    need = make_page(NeedPage)
    comment = "x" * (COMMENT_MAX_LENGTH + 1)
    response = api.post(_url(need), {"transition": "decline", "comment": comment}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"comment"}


@pytest.mark.parametrize("body", ["[]", '"decline"', "[" * 5000, '{"transition": ["decline"]}'])
def test_any_json_is_at_worst_a_400(api, body):
    need = make_page(NeedPage)
    response = api.generic("POST", _url(need), body, content_type="application/json")
    assert response.status_code == 400
