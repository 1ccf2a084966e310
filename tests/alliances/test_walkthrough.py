"""Done when: a captured need reaches an active alliance entirely through the admin."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from alliances.models import (
    AllianceIndexPage,
    AlliancePage,
    NeedPage,
    ServiceIndexPage,
    ServicePage,
)
from tests.factories import (
    CompetenceFactory,
    OrganisationFactory,
    PersonFactory,
    ResourceFactory,
    StandardFactory,
    make_page,
)
from workflows.models import TransitionLog

pytestmark = pytest.mark.django_db


def _step(client, page, name, **data):
    url = reverse("stage_steps:transition", args=[page.pk, name])
    response = client.post(url, data)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(
        ".workflow-reasons li, .error-message"
    )
    return type(page).objects.get(pk=page.pk)


def _ok(response):
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(
        ".error-message, .help-critical"
    )


def test_captured_need_to_active_alliance_in_the_admin(
    kernteam_client,
    kernteam_user,
    post_edit_form,
    post_add_form,
    django_capture_on_commit_callbacks,
):
    standard = StandardFactory(title="Betreuungsquote U3")
    person = PersonFactory()
    organisation = OrganisationFactory(name="Caritas Arnsberg")
    need = make_page(NeedPage, title="Betreuung für Kleinkinder in Hüsten")
    assert need.stage == "captured"

    # Analysis: assign, assess the gap against a standard, set the priority.
    need = _step(kernteam_client, need, "start_analysis", assignee=kernteam_user.pk)
    _ok(
        post_edit_form(
            kernteam_client,
            need,
            publish=True,
            priority=3,
            **{
                "gap_assessments-TOTAL_FORMS": 1,
                "gap_assessments-0-standard": standard.pk,
                "gap_assessments-0-actual_value": "42",
                "gap_assessments-0-measured_on": "2026-03-01",
                "gap_assessments-0-source": "Jugendhilfeplanung",
                "gap_assessments-0-ORDER": 1,
            },
        )
    )
    need = _step(kernteam_client, need, "complete_analysis")
    assert need.stage == "in_definition"

    # Definition: a service that meets the need, defined.
    qualification = CompetenceFactory(name="Pädagogische Qualifikation")
    rooms = ResourceFactory(name="Räume")
    _ok(
        post_add_form(
            kernteam_client,
            ServicePage,
            ServiceIndexPage.objects.get(),
            publish=True,
            title="Tagespflege im Quartier",
            slug="tagespflege",
            summary="Tagesmütter und -väter im Stadtteil.",
            offer="Betreuung von Kindern unter drei Jahren.",
            **{
                "requirements-TOTAL_FORMS": 2,
                "requirements-0-competence": qualification.pk,
                "requirements-0-quantity": 2,
                "requirements-0-essential": "on",
                "requirements-0-ORDER": 1,
                "requirements-1-resource": rooms.pk,
                "requirements-1-quantity": 1,
                "requirements-1-ORDER": 2,
                "item_links-TOTAL_FORMS": 1,
                "item_links-0-item": need.pk,
                "item_links-0-ORDER": 1,
            },
        )
    )
    service = ServicePage.objects.get(slug="tagespflege")
    service = _step(kernteam_client, service, "define")
    need = _step(kernteam_client, need, "commit_services")
    assert need.stage == "alliance_forming"

    # Alliance: members, coordinator, the service; forming, then active.
    _ok(
        post_add_form(
            kernteam_client,
            AlliancePage,
            AllianceIndexPage.objects.get(),
            publish=True,
            title="Allianz Kleine Hüstener",
            slug="kleine-huestener",
            summary="Eltern, Tagespflege und Caritas.",
            purpose="Betreuung für alle Kleinkinder im Stadtteil.",
            **{
                "service_links-TOTAL_FORMS": 1,
                "service_links-0-service": service.pk,
                "service_links-0-ORDER": 1,
                "memberships-TOTAL_FORMS": 2,
                "memberships-0-person": person.pk,
                "memberships-0-role": "coordinator",
                "memberships-0-competences": qualification.pk,
                "memberships-0-ORDER": 1,
                "memberships-1-organisation": organisation.pk,
                "memberships-1-role": "member",
                "memberships-1-ORDER": 2,
            },
        )
    )
    alliance = AlliancePage.objects.get(slug="kleine-huestener")
    coordinator = alliance.memberships.get(person=person)
    assert list(coordinator.competences.all()) == [qualification]
    assert [(r.entry, r.quantity, r.essential) for r in service.requirements.all()] == [
        (qualification, 2, True),
        (rooms, 1, False),
    ]
    alliance = _step(kernteam_client, alliance, "start_forming")
    with django_capture_on_commit_callbacks(execute=True):  # the cascade runs after commit
        alliance = _step(kernteam_client, alliance, "activate")
    assert alliance.stage == "active"

    need = NeedPage.objects.get(pk=need.pk)
    assert need.stage == "alliance_active"
    assert list(
        TransitionLog.objects.filter(page_id=need.pk)
        .order_by("created_at", "pk")
        .values_list("transition", "cause")
    ) == [
        ("start_analysis", "person"),
        ("complete_analysis", "person"),
        ("commit_services", "person"),
        ("activate", "system"),
    ]
    board = BeautifulSoup(
        kernteam_client.get("/admin/kernteam/board/").content, "html.parser"
    ).select_one('section[data-stage="alliance_active"]')
    assert board.select_one(f'article[data-page="{need.pk}"]') is not None
    history = kernteam_client.get(reverse("wagtailadmin_pages:history", args=[need.pk]))
    assert history.content.decode().count("Stufe geändert") >= 4
