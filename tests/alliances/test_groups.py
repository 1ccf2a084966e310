"""The domain owns its groups: the Kernteam runs steps by the engine's permission, the
Redaktion does not; `api` and `cms` grant nothing to a group they would have to name."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse

from alliances.board import may_see_board
from alliances.models import NeedPage
from api.handins.mails import kernteam_emails
from tests.factories import UserFactory, make_page
from workflows.exceptions import TransitionPermissionDenied
from workflows.models import TransitionLog
from workflows.services import run_transition

pytestmark = pytest.mark.django_db

INTEGRATION = {
    "api.add_webhookendpoint",
    "api.change_webhookendpoint",
    "api.delete_webhookendpoint",
    "api.view_webhookendpoint",
    "api.change_webhookdelivery",
    "api.view_webhookdelivery",
    "api.delete_interestsignup",
    "api.view_interestsignup",
}


def _perms(group_name) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=group_name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_kernteam_runs_steps_redaktion_does_not(kernteam_user, redaktion_user):
    assert kernteam_user.has_perm("workflows.run_transition")
    assert not redaktion_user.has_perm("workflows.run_transition")
    assert may_see_board(kernteam_user) and not may_see_board(redaktion_user)
    kernteam = _perms("Kernteam")
    assert {"workflows.run_transition", "cms.view_outboundmail"} | INTEGRATION <= kernteam
    assert not ({"workflows.run_transition"} | INTEGRATION) & _perms("Redaktion")


def test_hand_ins_are_told_to_who_runs_the_workflow(kernteam_user, redaktion_user):
    UserFactory(username="root", is_superuser=True)
    assert kernteam_emails() == [kernteam_user.email]


def test_redaktion_sees_the_stage_but_runs_no_step(redaktion_client, redaktion_user):
    need = make_page(NeedPage)
    with pytest.raises(TransitionPermissionDenied):
        run_transition(need, "decline", by=redaktion_user, comment="x")
    response = redaktion_client.get(reverse("wagtailadmin_pages:edit", args=[need.pk]))
    panel = BeautifulSoup(response.content, "html.parser").select_one("[data-workflow-stage]")
    assert "Erfasst" in panel.get_text()
    assert panel.select("a.button") == []
    step = reverse("stage_steps:transition", args=[need.pk, "decline"])
    assert redaktion_client.post(step, {"comment": "x", "confirm": "on"})["Location"] == "/admin/"
    assert NeedPage.objects.get(pk=need.pk).stage == "captured"
    assert not TransitionLog.objects.exists()


def test_kernteam_runs_a_step_in_the_admin(kernteam_client, kernteam_user):
    need = make_page(NeedPage)
    step = reverse("stage_steps:transition", args=[need.pk, "start_analysis"])
    assert kernteam_client.post(step, {"assignee": kernteam_user.pk}).status_code == 302
    assert NeedPage.objects.get(pk=need.pk).stage == "in_analysis"


def test_an_index_with_every_page_of_its_kind_is_not_unpublished_by_one_click(
    kernteam_user, redaktion_user, admin_client
):
    """Unpublishing, deleting, moving or copying an index would take thousands of pages
    along (and announce each to every partner): a superuser's decision only."""
    from django.test import Client

    from alliances.models import AllianceIndexPage, AlliancePage

    make_page(AlliancePage, title="Eine Allianz")
    index = AllianceIndexPage.objects.get()
    clients = []
    for user in (kernteam_user, redaktion_user):
        clients.append(Client())
        clients[-1].force_login(user)
    for action in ("unpublish", "delete", "move", "copy"):
        url = reverse(f"wagtailadmin_pages:{action}", args=[index.pk])
        for client in clients:
            response = client.get(url)
            assert response.status_code in (302, 403), (action, response.status_code)
            assert response.status_code == 403 or response.url == reverse("wagtailadmin_home")
        assert admin_client.get(url).status_code == 200, action
    index.refresh_from_db()
    assert index.live
