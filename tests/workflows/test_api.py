"""The workflow API: its own prefix, authentication, permission, throttle, error handler and
schema; its former addresses (under the partner prefix, and under items/) redirect for one
release."""

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.workflow_testapp.factories import make_ticket, make_user
from tests.workflow_testapp.models import Ticket
from workflows.models import TransitionLog
from workflows.services import run_transition

pytestmark = pytest.mark.django_db


def _url(page):
    return f"/workflow-api/v1/pages/{page.pk}/transitions/"


@pytest.fixture
def api(runner):
    client = APIClient()
    token = Token.objects.create(user=runner)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_anonymous_gets_401():
    ticket = make_ticket()
    response = APIClient().get(_url(ticket))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["status"] == 401
    response = APIClient().post(_url(ticket), {"transition": "start"}, format="json")
    assert response.status_code == 401


def test_without_the_permission_403(bystander):
    ticket = make_ticket()
    client = APIClient()
    client.force_authenticate(bystander)
    assert client.get(_url(ticket)).status_code == 403
    response = client.post(_url(ticket), {"transition": "reopen", "comment": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["title"] == "Nicht erlaubt"


def test_superuser_gets_in():
    client = APIClient()
    client.force_authenticate(make_user("root", is_superuser=True))
    assert client.get(_url(make_ticket())).status_code == 200


def test_lists_runnable_transitions_with_guard_state(api, runner):
    ticket = make_ticket()
    run_transition(ticket, "start", by=runner, assignee=runner)
    body = api.get(_url(ticket)).json()
    assert (body["stage"], body["stage_label"]) == ("in_progress", "In Arbeit")
    assert body["assignee"] == runner.pk
    by_name = {t["name"]: t for t in body["transitions"]}
    assert set(by_name) == {"finish", "reopen"}
    assert by_name["finish"]["possible"] is False
    assert by_name["finish"]["reasons"] == ["Es fehlt das Ergebnis."]
    assert by_name["reopen"]["needs_comment"] is True


def test_post_runs_the_transition(api, runner):
    ticket = make_ticket()
    response = api.post(
        _url(ticket),
        {"transition": "start", "assignee": runner.pk, "comment": "Los"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["stage"] == "in_progress"
    entry = TransitionLog.objects.get()
    assert (entry.by, entry.comment) == (runner, "Los")


def test_guard_failure_is_422_with_reasons(api, runner):
    ticket = make_ticket()
    run_transition(ticket, "start", by=runner, assignee=runner)
    response = api.post(_url(ticket), {"transition": "finish"}, format="json")
    assert response.status_code == 422
    body = response.json()
    assert body["reasons"] == ["Es fehlt das Ergebnis."]
    assert (body["status"], body["title"]) == (422, "Schritt nicht möglich")


def test_conflict_is_409_with_the_current_stage(api, runner, monkeypatch):
    ticket = make_ticket()
    run_transition(ticket, "start", by=runner, assignee=runner)
    from workflows import api as api_module

    real = api_module.run_transition

    def someone_else_first(page, name, **kwargs):
        run_transition(Ticket.objects.get(pk=page.pk), "reopen", by=None, comment="x")
        return real(page, name, **kwargs)

    monkeypatch.setattr(api_module, "run_transition", someone_else_first)
    response = api.post(_url(ticket), {"transition": "reopen", "comment": "y"}, format="json")
    assert response.status_code == 409
    assert (response.json()["stage"], response.json()["stage_label"]) == ("open", "Offen")
    assert response.json()["status"] == 409


def test_bad_input_is_400_with_field_messages(api):
    ticket = make_ticket()
    response = api.post(_url(ticket), {"transition": "fly", "assignee": 99999}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"transition", "assignee"}
    assert api.post(_url(ticket), {}, format="json").json()["errors"]["transition"]
    missing = api.get("/workflow-api/v1/pages/999999/transitions/")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Es gibt keine Seite mit dieser ID in einem Workflow."


def test_an_unknown_address_under_the_prefix_is_a_json_404():
    response = APIClient().get("/workflow-api/v1/nothing/here/")
    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "title": "Nicht gefunden",
        "detail": "Unter dieser Adresse gibt es nichts. Bitte prüfen Sie die Adresse.",
    }


def test_a_page_without_a_workflow_is_404(api):
    from wagtail.models import Site

    home = Site.objects.get(is_default_site=True).root_page
    assert api.get(_url(home)).status_code == 404


def test_session_login_works_and_checks_csrf(runner):
    ticket = make_ticket()
    client = Client(enforce_csrf_checks=True)
    client.force_login(runner)
    assert client.get(_url(ticket)).status_code == 200
    body = {"transition": "start", "assignee": runner.pk}
    response = client.post(_url(ticket), body, content_type="application/json")
    assert response.status_code == 403  # no CSRF token: a session alone does not write
    assert "CSRF" in response.json()["detail"]
    assert not TransitionLog.objects.exists()


def test_its_own_throttle_per_user(api, settings):
    """The workflow API's rate, not the partner API's (which stays unlimited here)."""
    settings.WORKFLOW_API_THROTTLE_RATE = "2/min"
    settings.API_THROTTLE_RATES = {"anonymous": "1/min", "partner": "1/min"}
    cache.clear()
    ticket = make_ticket()
    assert [api.get(_url(ticket)).status_code for _ in range(3)] == [200, 200, 429]
    response = api.get(_url(ticket))
    assert response.json()["status"] == 429
    assert int(response["Retry-After"]) > 0
    cache.clear()


# Both former addresses point straight at the new one: no redirect leads to another.
FORMER_ADDRESSES = [
    "/api/v1/items/{id}/transitions/",  # under the partner prefix
    "/workflow-api/v1/items/{id}/transitions/",  # when the engine called a page an "item"
]


@pytest.mark.parametrize("former", FORMER_ADDRESSES)
def test_a_former_address_redirects_every_method_with_308_to_the_new_one(api, runner, former):
    ticket = make_ticket()
    old = former.format(id=ticket.pk)
    response = api.get(old + "?x=1")
    assert response.status_code == 308
    assert response["Location"] == _url(ticket) + "?x=1"
    for method in ("post", "put", "patch", "delete", "options"):
        response = getattr(api, method)(old)
        assert (response.status_code, response["Location"]) == (308, _url(ticket)), method
    body = {"transition": "start", "assignee": runner.pk}
    response = api.post(old, body, format="json", follow=True)
    assert response.redirect_chain == [(_url(ticket), 308)]  # one hop, to the new address
    assert response.status_code == 200
    assert response.json()["stage"] == "in_progress"  # the POST body survived


def test_its_own_schema_lists_the_new_address_once():
    from drf_spectacular.generators import SchemaGenerator

    partner = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert not any("/transitions/" in path or "workflow-api" in path for path in partner)

    client = APIClient()
    assert client.get("/workflow-api/v1/schema/").status_code == 401
    client.force_authenticate(make_user("rosa", runs=True))
    response = client.get("/workflow-api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert list(paths) == ["/workflow-api/v1/pages/{page_id}/transitions/"]
    assert set(paths["/workflow-api/v1/pages/{page_id}/transitions/"]) == {"get", "post"}


def test_unknown_or_inapplicable_parameters_are_named(api, runner):
    ticket = make_ticket()
    body = {"transition": "reopen", "comment": "Doppelt", "assignee": runner.pk}
    run_transition(ticket, "start", by=runner, assignee=runner)
    response = api.post(_url(ticket), body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"assignee"}
    response = api.post(_url(ticket), {**body, "priority": 1, "reason": "x"}, format="json")
    assert set(response.json()["errors"]) == {"assignee", "priority", "reason"}
    assert TransitionLog.objects.count() == 1


def test_a_comment_has_a_length_limit(api):
    from workflows.models import COMMENT_MAX_LENGTH

    ticket = make_ticket()
    comment = "x" * (COMMENT_MAX_LENGTH + 1)
    response = api.post(_url(ticket), {"transition": "reopen", "comment": comment}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"comment"}


@pytest.mark.parametrize("body", ["[]", '"start"', "[" * 5000, '{"transition": ["start"]}'])
def test_any_json_is_at_worst_a_400(api, body):
    ticket = make_ticket()
    response = api.generic("POST", _url(ticket), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["status"] == 400


def test_an_unknown_step_or_field_is_told_what_there_is(api, runner):
    from workflows.registry import transitions

    ticket = make_ticket()
    steps = ", ".join(sorted(transitions(Ticket)))
    for wrong in [5, "fly"]:
        response = api.post(_url(ticket), {"transition": wrong}, format="json")
        assert response.json()["errors"]["transition"] == [
            f"Diesen Schritt gibt es nicht. Möglich sind für diese Seite: {steps}."
        ]
    body = {"transition": "start", "assignee": runner.pk, "coment": "Los", "extra": 1}
    errors = api.post(_url(ticket), body, format="json").json()["errors"]
    assert errors == {
        "coment": [
            "Unbekanntes Feld. Meinten Sie „comment“? Möglich sind: assignee, comment, transition."
        ],
        "extra": ["Unbekanntes Feld. Möglich sind: assignee, comment, transition."],
    }
