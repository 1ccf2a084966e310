"""A permission, not a group name, decides who runs steps (on the test-only Ticket)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission

from tests.workflow_testapp.factories import make_ticket, make_user
from tests.workflow_testapp.models import Ticket
from workflows.exceptions import TransitionPermissionDenied
from workflows.models import TransitionRule
from workflows.permissions import (
    assignable_users,
    may_change_assignee,
    permitted_transitions,
    workflow_users,
)
from workflows.services import run_transition

pytestmark = pytest.mark.django_db

ALL = {"start", "finish", "reopen"}


def _run_permission():
    return Permission.objects.get(content_type__app_label="workflows", codename="run_transition")


def test_the_permission_through_a_group_runs_every_step_without_a_rule():
    runner = make_user("rosa", runs=True)
    assert permitted_transitions(runner, Ticket) == ALL
    assert may_change_assignee(runner)
    ticket = make_ticket()
    run_transition(ticket, "start", by=runner, assignee=runner)
    assert ticket.stage == "in_progress"


def test_the_permission_of_the_user_alone_is_enough():
    user = make_user("uwe")
    user.user_permissions.add(_run_permission())
    assert permitted_transitions(user, Ticket) == ALL


def test_a_group_name_gives_nothing_without_the_permission():
    # The engine names no group: a group called like the domain's core team is just a name.
    named = Group.objects.create(name="Schrittmacher")
    user = make_user("nina", groups=[named])
    assert permitted_transitions(user, Ticket) == set()
    assert not may_change_assignee(user)
    with pytest.raises(TransitionPermissionDenied):
        run_transition(make_ticket(), "start", by=user, assignee=user)


def test_superusers_and_the_system_run_every_step_inactive_users_none():
    root = make_user("root", is_superuser=True)
    assert permitted_transitions(root, Ticket) == ALL
    assert permitted_transitions(None, Ticket) == ALL
    gone = make_user("gone", runs=True, is_active=False)
    assert permitted_transitions(gone, Ticket) == set()


def test_a_rule_narrows_one_step_to_its_groups():
    runner = make_user("rosa", runs=True)
    reviewers = Group.objects.create(name="Prüfung")
    reviewer = make_user("paul", groups=[reviewers])
    rule = TransitionRule.objects.create(transition="workflow_testapp.ticket.finish")
    rule.groups.add(reviewers)
    assert permitted_transitions(runner, Ticket) == {"start", "reopen"}
    assert permitted_transitions(reviewer, Ticket) == {"finish"}


def test_assignees_are_the_active_holders_of_the_permission():
    runner = make_user("rosa", runs=True)
    make_user("nina")
    make_user("gone", runs=True, is_active=False)
    root = make_user("root", is_superuser=True)
    holders = {runner, root}
    assert set(assignable_users()) >= holders
    assert not {u.username for u in assignable_users()} & {"nina", "gone"}
    assert runner in workflow_users(include_superusers=False)
    assert root not in workflow_users(include_superusers=False)


def test_the_group_editor_offers_the_permission(admin_client):
    response = admin_client.get("/admin/groups/new/")
    assert response.status_code == 200
    form = BeautifulSoup(response.content, "html.parser")
    assert form.select_one(f'input[name="permissions"][value="{_run_permission().pk}"]')
