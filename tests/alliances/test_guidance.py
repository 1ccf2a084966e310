"""Issue 14: one workflow concept, guards that guide, no slips, credited cascades."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Workflow

from alliances.models import (
    AlliancePage,
    AllianceServiceLink,
    NeedPage,
    ServiceItemLink,
    ServicePage,
)
from tests.factories import (
    CompetenceFactory,
    OrganisationFactory,
    PersonFactory,
    add_member,
    make_page,
    needs,
)
from workflows.models import TransitionLog
from workflows.registry import stage_choices, transitions
from workflows.registry import workflow_models as all_workflow_models
from workflows.services import run_transition

pytestmark = pytest.mark.django_db


def workflow_models():
    """The domain's workflows (the test settings also install the engine's test model)."""
    return [model for model in all_workflow_models() if model._meta.app_label == "alliances"]


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


# One workflow concept


def test_wagtail_moderation_and_its_default_groups_are_gone(redaktion_client):
    assert settings.WAGTAIL_WORKFLOW_ENABLED is False
    assert not Workflow.objects.exists()
    assert set(Group.objects.values_list("name", flat=True)) == {"Kernteam", "Redaktion"}
    need = make_page(NeedPage)
    page = redaktion_client.get(reverse("wagtailadmin_pages:edit", args=[need.pk]))
    text = page.content.decode()
    assert "Moderators" not in text
    assert "einreichen" not in text.lower()


def test_rule_pickers_offer_only_the_programme_groups(admin_client):
    form = admin_client.get(reverse("transition_rules:add"))
    labels = _soup(form).get_text()
    assert "Moderators" not in labels and "Editors" not in labels
    assert "Kernteam" in labels and "Redaktion" in labels  # the picker is there


# No slips


def _weighty():
    return [
        (model, spec)
        for model in workflow_models()
        for spec in transitions(model).values()
        if spec.weighty
    ]


def test_weighty_steps_are_the_designed_ones_and_say_whether_they_can_be_undone():
    names = {(model._meta.model_name, spec.name) for model, spec in _weighty()}
    assert names == {
        ("itempage", "decline"),
        ("itempage", "close"),
        ("servicepage", "retire"),
        ("alliancepage", "conclude"),
    }
    for _model, spec in _weighty():
        assert spec.needs_comment
        assert spec.undo


def test_every_terminal_stage_has_a_way_back_or_is_announced_as_final():
    for model in workflow_models():
        specs = transitions(model).values()
        for stage, _label in stage_choices(model):
            leaves = any(stage in spec.sources for spec in specs)
            if leaves:
                continue
            into = [spec for spec in specs if stage in spec.targets]
            assert into, stage
            assert all(spec.weighty and spec.undo.startswith("Endgültig") for spec in into), stage


def test_labels_are_unambiguous_german():
    labels = {
        str(spec.label) for model in workflow_models() for spec in transitions(model).values()
    }
    assert "Einstellen" not in labels and "Beenden" not in labels
    assert "Leistung einstellen (außer Betrieb nehmen)" in labels
    assert "Allianz beenden (endgültig)" in labels


def test_a_weighty_step_needs_confirmation_and_a_reason(kernteam_client):
    need = make_page(NeedPage)
    url = reverse("stage_steps:transition", args=[need.pk, "decline"])
    page = _soup(kernteam_client.get(url))
    assert "Wieder öffnen" in page.select_one(".workflow-undo").get_text()
    assert page.select_one("button.no")  # styled as a weighty step, not a harmless one
    refused = kernteam_client.post(url, {"comment": "Kein Bedarf mehr"})
    assert refused.status_code == 400
    assert "Bitte bestätigen Sie diesen Schritt." in refused.content.decode()
    assert NeedPage.objects.get(pk=need.pk).stage == "captured"
    done = kernteam_client.post(url, {"comment": "Kein Bedarf mehr", "confirm": "on"})
    assert done.status_code == 302
    assert NeedPage.objects.get(pk=need.pk).stage == "declined"


def test_the_board_never_runs_a_weighty_step_in_one_click(kernteam_client, kernteam_user):
    service = make_page(ServicePage)
    ServicePage.objects.filter(pk=service.pk).update(stage="defined")
    board = _soup(kernteam_client.get(reverse("kernteam_board") + "?tab=services"))
    retire = reverse("stage_steps:transition", args=[service.pk, "retire"])
    assert not board.select(f'form[action="{retire}"]')
    link = board.select_one(f'a[href^="{retire}"]')
    assert link.get_text(strip=True) == "Leistung einstellen (außer Betrieb nehmen)"
    assert "no" in link["class"]


def test_a_retired_service_can_be_put_back_into_operation(kernteam_user):
    service = make_page(
        ServicePage, offer="Vorlesen", requirements=needs("Geduld", resources=["Raum"])
    )
    ServiceItemLink.objects.create(service=service, item=make_page(NeedPage))
    run_transition(service, "define", by=kernteam_user)
    run_transition(service, "retire", by=kernteam_user, comment="Pause")
    run_transition(service, "reinstate", by=kernteam_user, comment="Weiter geht's")
    assert ServicePage.objects.get(pk=service.pk).stage == "defined"


# Guards guide


def test_every_reason_at_once_each_linking_to_its_fix(kernteam_client, kernteam_user):
    alliance = make_page(AlliancePage)
    run_transition(alliance, "start_forming", by=kernteam_user)
    url = reverse("stage_steps:transition", args=[alliance.pk, "activate"])
    page = _soup(kernteam_client.get(url))
    items = page.select(".workflow-reasons li")
    assert len(items) == 5
    edit = reverse("wagtailadmin_pages:edit", args=[alliance.pk])
    for item in items:
        assert item.select_one("a.workflow-reasons__fix")["href"].startswith(edit + "#id_")
    # A missing comment does not hide the guards' reasons (they come all at once).
    need = make_page(NeedPage)
    run_transition(need, "start_analysis", by=kernteam_user, assignee=kernteam_user)
    posted = kernteam_client.post(
        reverse("stage_steps:transition", args=[need.pk, "complete_analysis"]), {}
    )
    assert len(_soup(posted).select(".workflow-reasons li")) == 2


def test_a_linked_draft_service_is_named_as_such(kernteam_user):
    need = make_page(NeedPage)
    NeedPage.objects.filter(pk=need.pk).update(stage="in_definition")
    need = NeedPage.objects.get(pk=need.pk)
    service = make_page(ServicePage, title="Vorlesepaten")
    ServiceItemLink.objects.create(service=service, item=need)
    from workflows.selectors import transition_reasons

    reasons = transition_reasons(need, "commit_services")
    assert reasons == [
        "Die verknüpfte Leistung „Vorlesepaten“ ist noch in der Stufe „Entwurf“ – "
        "definieren Sie sie zuerst."
    ]
    assert reasons[0].fix_url == reverse("wagtailadmin_pages:edit", args=[service.pk])


def test_a_guard_reading_the_published_version_names_the_unpublished_draft(
    kernteam_user, kernteam_client, post_edit_form
):
    service = make_page(ServicePage, offer="Vorlesen")
    ServiceItemLink.objects.create(service=service, item=make_page(NeedPage))
    service = ServicePage.objects.get(pk=service.pk)
    # Saved as a draft, not published: the guard cannot see it yet and says so.
    post_edit_form(
        kernteam_client,
        service,
        **{
            "requirements-TOTAL_FORMS": 1,
            "requirements-0-competence": CompetenceFactory(name="Geduld").pk,
            "requirements-0-quantity": 1,
            "requirements-0-essential": "on",
            "requirements-0-ORDER": 1,
        },
    )
    page = _soup(
        kernteam_client.get(reverse("stage_steps:transition", args=[service.pk, "define"]))
    )
    text = page.select_one(".workflow-reasons").get_text()
    assert "Es ist noch keine unverzichtbare Kompetenz aus dem Katalog gefordert." in text
    assert "Geprüft wird die veröffentlichte Fassung" in text
    assert "kim.kernteam" in text


def test_create_a_service_from_a_need(kernteam_client):
    need = make_page(NeedPage, title="Lesen lernen")
    edit = _soup(kernteam_client.get(reverse("wagtailadmin_pages:edit", args=[need.pk])))
    # A button of the edit form (a nested form would be dropped by the browser).
    action = edit.select_one("form#page-edit-form .workflow-stage__extra button[formaction]")
    assert action.get_text(strip=True).startswith("Leistung anlegen")
    assert action["formmethod"] == "post" and action["formtarget"] == "_blank"
    response = kernteam_client.post(action["formaction"])
    service = ServicePage.objects.get(item_links__item=need)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[service.pk])
    assert service.title == "Leistung für „Lesen lernen“"
    assert not service.live and service.stage == "draft"
    # The edit form (built from the latest revision) shows the link too.
    form = kernteam_client.get(response["Location"]).content.decode()
    assert f'name="item_links-0-item" value="{need.pk}"' in form.replace("\n", " ") or (
        "Lesen lernen" in form
    )


# Cascades credited to the person who caused them


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_cascade_is_listed_in_the_message_and_history_credited_to_its_cause(
    kernteam_client, kernteam_user
):
    # A real commit (as in production, no request-wide transaction): the cascade runs after
    # the alliance's step commits and before the view writes its message.
    need = make_page(NeedPage, title="Lesen lernen")
    NeedPage.objects.filter(pk=need.pk).update(stage="alliance_forming")
    service = make_page(ServicePage)
    ServicePage.objects.filter(pk=service.pk).update(stage="defined")
    ServiceItemLink.objects.create(service=service, item=need)
    alliance = make_page(AlliancePage, title="Lesepaten Neheim")
    AllianceServiceLink.objects.create(alliance=alliance, service=service)
    add_member(alliance, person=PersonFactory(), role="coordinator")
    add_member(alliance, organisation=OrganisationFactory())
    run_transition(alliance, "start_forming", by=kernteam_user)
    response = kernteam_client.post(
        reverse("stage_steps:transition", args=[alliance.pk, "activate"]), follow=True
    )
    message = " ".join(m.message for m in response.context["messages"])
    assert "Dadurch automatisch weitergesetzt: „Lesen lernen“ → Allianz aktiv." in message
    cascade = TransitionLog.objects.get(page=need, transition="activate")
    assert cascade.by == kernteam_user
    assert cascade.cause == "system"
    assert cascade.caused_by.page_id == alliance.pk
    history = kernteam_client.get(reverse("wagtailadmin_pages:history", args=[alliance.pk]))
    assert "Automatisch weitergesetzt: „Lesen lernen“ → Allianz aktiv" in history.content.decode()
    need_history = kernteam_client.get(reverse("wagtailadmin_pages:history", args=[need.pk]))
    assert "automatisch, ausgelöst durch einen Schritt bei „Lesepaten Neheim“" in (
        need_history.content.decode()
    )


def test_the_assignee_changes_without_a_transition(kernteam_client, kernteam_user):
    need = make_page(NeedPage)
    url = reverse("stage_steps:assignee", args=[need.pk])
    response = kernteam_client.post(url, {"assignee": kernteam_user.pk})
    assert response.status_code == 302
    need = NeedPage.objects.get(pk=need.pk)
    assert need.assignee == kernteam_user
    assert need.stage == "captured"
    assert not TransitionLog.objects.filter(page=need).exists()


def test_redaktion_may_not_change_the_assignee(redaktion_client):
    need = make_page(NeedPage)
    url = reverse("stage_steps:assignee", args=[need.pk])
    response = redaktion_client.post(url, {"assignee": ""})
    assert response.status_code == 302 and response["Location"] == "/admin/"  # refused
    assert (
        redaktion_client.get(reverse("wagtailadmin_pages:edit", args=[need.pk])).status_code == 200
    )
    assert (
        url
        not in redaktion_client.get(
            reverse("wagtailadmin_pages:edit", args=[need.pk])
        ).content.decode()
    )


# Dates


@pytest.mark.parametrize("typed", ["2026-11-18", "18.11.2026", "18.11.26"])
def test_a_date_is_read_as_germans_type_it(kernteam_client, post_edit_form, typed):
    alliance = make_page(AlliancePage)
    response = post_edit_form(kernteam_client, alliance, started_on=typed)
    assert response.status_code == 302
    revision = AlliancePage.objects.get(pk=alliance.pk).get_latest_revision_as_object()
    assert str(revision.started_on) == "2026-11-18"


def test_an_unreadable_date_is_refused_not_replaced(kernteam_client, post_edit_form):
    alliance = make_page(AlliancePage)
    response = post_edit_form(kernteam_client, alliance, started_on="18.13.2026")
    assert response.status_code == 200
    assert "Bitte geben Sie ein Datum wie 18.11.2026 ein" in response.content.decode()


def test_the_date_picker_never_overwrites_what_was_typed(kernteam_client):
    alliance = make_page(AlliancePage)
    page = kernteam_client.get(reverse("wagtailadmin_pages:edit", args=[alliance.pk]))
    assert '"validateOnBlur": false' in page.content.decode()
