"""Who may be responsible for a page has one rule (`assignable_users`): the admin's forms offer
these users, and the workflow API, the runner and the assignee service refuse anyone else."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.workflow_testapp.factories import make_ticket, make_user
from tests.workflow_testapp.models import Ticket
from workflows.exceptions import AssigneeRefused, TransitionNotAllowed
from workflows.forms import AssigneeForm, TransitionForm
from workflows.models import TransitionLog
from workflows.permissions import assignable_users
from workflows.registry import transitions
from workflows.services import assignee_change, run_transition

pytestmark = pytest.mark.django_db

MAY_NOT_RUN = "Dieser Benutzer darf keine Schritte ausführen und kann deshalb nicht zuständig sein."
DEACTIVATED = "Dieser Benutzer ist deaktiviert und kann nicht zuständig sein."


@pytest.fixture
def people(runner, bystander):
    """One user of each kind, with whether the admin offers them as assignee."""
    return {
        "runner": (runner, True),
        "superuser": (make_user("root", is_superuser=True), True),
        "own permission": (_with_own_permission(make_user("uwe")), True),
        "editor without the permission": (bystander, False),
        "deactivated runner": (make_user("gone", runs=True, is_active=False), False),
    }


def _with_own_permission(user):
    from django.contrib.auth.models import Permission

    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="workflows", codename="run_transition")
    )
    return user


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _url(page):
    return f"/workflow-api/v1/pages/{page.pk}/transitions/"


def test_the_admin_forms_offer_exactly_the_assignable_users(people):
    offered = {user for user, allowed in people.values() if allowed}
    assert set(assignable_users()) == offered
    start = transitions(Ticket)["start"]
    for form in (AssigneeForm(), TransitionForm(spec=start)):
        choices = {value.instance for value, _label in form.fields["assignee"].choices if value}
        assert choices == offered


def test_the_api_accepts_whom_the_admin_offers_and_no_one_else(runner, people):
    for kind, (user, allowed) in people.items():
        ticket = make_ticket()
        response = _api(runner).post(
            _url(ticket), {"transition": "start", "assignee": user.pk}, format="json"
        )
        admin_form = TransitionForm({"assignee": str(user.pk)}, spec=transitions(Ticket)["start"])
        assert admin_form.is_valid() is allowed, kind
        ticket.refresh_from_db()
        if allowed:
            assert response.status_code == 200, (kind, response.json())
            assert (ticket.stage, ticket.assignee) == ("in_progress", user), kind
        else:
            assert response.status_code == 400, kind
            assert set(response.json()["errors"]) == {"assignee"}, kind
            assert (ticket.stage, ticket.assignee) == ("open", None), kind


def test_the_api_says_in_german_why_an_assignee_is_refused(runner, bystander):
    gone = make_user("gone", runs=True, is_active=False)
    ticket = make_ticket()
    expected = {
        bystander.pk: MAY_NOT_RUN,
        gone.pk: DEACTIVATED,
        # DRF's message, in the project's German
        999999: "Bitte wählen Sie einen vorhandenen Eintrag; „999999“ gibt es nicht.",
    }
    assignable = make_user("assignable", runs=True)
    # Arabic-Indic digits: the lookup read them as this user's id.
    other_digits = str(assignable.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    expected[other_digits] = "Bitte schreiben Sie Zahlen nur mit den Ziffern 0 bis 9."
    for user_id, message in expected.items():
        response = _api(runner).post(
            _url(ticket), {"transition": "start", "assignee": user_id}, format="json"
        )
        assert response.status_code == 400
        body = response.json()
        assert (body["status"], body["title"]) == (400, "Ungültige Anfrage")
        assert body["errors"] == {"assignee": [message]}
    assert not TransitionLog.objects.exists()


def test_the_admin_names_the_reason_for_a_crafted_assignee(runner_client, bystander):
    ticket = make_ticket()
    step = runner_client.post(
        reverse("stage_steps:transition", args=[ticket.pk, "start"]),
        {"assignee": bystander.pk},
    )
    change = runner_client.post(
        reverse("stage_steps:assignee", args=[ticket.pk]), {"assignee": bystander.pk}
    )
    for response in (step, change):
        assert response.status_code == 400
        assert MAY_NOT_RUN in response.content.decode()
    ticket.refresh_from_db()
    assert (ticket.stage, ticket.assignee) == ("open", None)


def test_the_runner_and_the_assignee_service_refuse_too(runner, bystander):
    """Whatever calls them: the rule holds below every form and API."""
    ticket = make_ticket()
    with pytest.raises(TransitionNotAllowed) as refused:
        run_transition(ticket, "start", by=runner, assignee=bystander)
    assert refused.value.reasons == [MAY_NOT_RUN]
    with pytest.raises(AssigneeRefused, match=MAY_NOT_RUN):
        assignee_change(ticket, assignee=bystander, by=runner)
    ticket.refresh_from_db()
    assert (ticket.stage, ticket.assignee) == ("open", None)
    assert not TransitionLog.objects.exists()
    assignee_change(ticket, assignee=None, by=runner)  # nobody stays possible
    assignee_change(ticket, assignee=runner, by=runner)
    assert Ticket.objects.get(pk=ticket.pk).assignee == runner


def test_a_comment_over_the_limit_is_refused_by_the_runner(runner):
    from workflows.models import COMMENT_MAX_LENGTH

    ticket = make_ticket()
    with pytest.raises(TransitionNotAllowed) as refused:
        run_transition(
            ticket, "start", by=runner, assignee=runner, comment="x" * (COMMENT_MAX_LENGTH + 1)
        )
    assert refused.value.reasons == [
        f"Bitte kürzen Sie den Kommentar auf höchstens {COMMENT_MAX_LENGTH} Zeichen."
    ]
    run_transition(ticket, "start", by=runner, assignee=runner, comment="x" * COMMENT_MAX_LENGTH)


@pytest.mark.parametrize("value", ["abc", "²", "9" * 30, "-1", "1.5", "999999"])
def test_any_other_assignee_value_is_a_400_in_the_admin_and_the_api(runner, client, value):
    ticket = make_ticket()
    client.force_login(runner)
    admin = client.post(
        reverse("stage_steps:transition", args=[ticket.pk, "start"]), {"assignee": value}
    )
    assert admin.status_code == 400
    change = client.post(reverse("stage_steps:assignee", args=[ticket.pk]), {"assignee": value})
    assert change.status_code == 400
    api = _api(runner).post(_url(ticket), {"transition": "start", "assignee": value}, format="json")
    assert api.status_code == 400
    assert set(api.json()["errors"]) == {"assignee"}
    assert not TransitionLog.objects.exists()


def test_what_the_step_form_requires_is_a_400_field_error_in_the_api_too(runner, runner_client):
    """The admin's step form refuses a missing assignee or reason as a form error (400); the
    API names the same field with the same sentence, instead of a 422."""
    ticket = make_ticket()
    admin = runner_client.post(reverse("stage_steps:transition", args=[ticket.pk, "start"]), {})
    assert admin.status_code == 400
    response = _api(runner).post(_url(ticket), {"transition": "start"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"assignee": ["Bitte wählen Sie aus, wer zuständig ist."]}
    run_transition(ticket, "start", by=runner, assignee=runner)
    for comment in ({}, {"comment": ""}, {"comment": "   "}):
        admin = runner_client.post(
            reverse("stage_steps:transition", args=[ticket.pk, "reopen"]), comment
        )
        assert admin.status_code == 400
        response = _api(runner).post(
            _url(ticket), {"transition": "reopen", **comment}, format="json"
        )
        assert response.status_code == 400, comment
        assert response.json()["errors"] == {"comment": ["Bitte geben Sie eine Begründung an."]}
    assert TransitionLog.objects.count() == 1
