from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test.utils import isolate_apps
from django_fsm import FSMField, can_proceed, transition
from django_fsm import TransitionNotAllowed as FSMTransitionNotAllowed

from alliances.models import (
    AlliancePage,
    AllianceServiceLink,
    NeedPage,
    OpportunityPage,
    ServiceItemLink,
    ServicePage,
)
from alliances.stages import ServiceStage
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    StandardFactory,
    add_member,
    make_gap,
    make_page,
    needs,
)
from workflows.exceptions import TransitionNotAllowed
from workflows.models import TransitionLog
from workflows.registry import transitions
from workflows.selectors import transition_reasons
from workflows.services import run_transition

pytestmark = pytest.mark.django_db


def _reasons(page, name, user, **params):
    with pytest.raises(TransitionNotAllowed) as failure:
        run_transition(page, name, by=user, **params)
    return failure.value.reasons


def test_the_declared_transitions_match_the_design():
    assert {n: (s.sources, s.targets) for n, s in transitions(NeedPage).items()} == {
        "start_analysis": (("captured",), ("in_analysis",)),
        "complete_analysis": (("in_analysis",), ("in_definition",)),
        "commit_services": (("in_definition",), ("alliance_forming",)),
        "activate": (("alliance_forming",), ("alliance_active",)),
        "close": (("alliance_active",), ("closed",)),
        "decline": (("captured", "in_analysis"), ("declined",)),
        "put_on_hold": (
            ("captured", "in_analysis", "in_definition", "alliance_forming"),
            ("on_hold",),
        ),
        "resume": (
            ("on_hold",),
            ("captured", "in_analysis", "in_definition", "alliance_forming"),
        ),
        "reopen": (("declined", "closed"), ("captured",)),
    }
    assert {n: (s.sources, s.targets) for n, s in transitions(ServicePage).items()} == {
        "define": (("draft",), ("defined",)),
        "retire": (("defined",), ("retired",)),
        "reinstate": (("retired",), ("defined",)),
    }
    assert {n: (s.sources, s.targets) for n, s in transitions(AlliancePage).items()} == {
        "start_forming": (("proposed",), ("forming",)),
        "activate": (("forming",), ("active",)),
        "pause": (("active",), ("paused",)),
        "resume": (("paused",), ("active",)),
        "conclude": (("active", "paused"), ("concluded",)),
    }


def test_need_analysis_needs_a_gap_against_a_standard_and_a_priority(kernteam_user):
    need = make_page(NeedPage)
    run_transition(need, "start_analysis", by=kernteam_user, assignee=kernteam_user)
    assert _reasons(need, "complete_analysis", kernteam_user) == [
        "Es fehlt eine Ist-Soll-Bewertung gegen einen Standard.",
        "Es ist noch keine Priorität gesetzt.",
    ]
    make_gap(need, StandardFactory(), actual="40")
    NeedPage.objects.filter(pk=need.pk).update(priority=3)
    need = NeedPage.objects.get(pk=need.pk)
    run_transition(need, "complete_analysis", by=kernteam_user)
    assert need.stage == "in_definition"


def test_opportunity_analysis_needs_a_linked_standard(kernteam_user):
    opportunity = make_page(OpportunityPage, priority=2)
    run_transition(opportunity, "start_analysis", by=kernteam_user, assignee=kernteam_user)
    assert _reasons(opportunity, "complete_analysis", kernteam_user) == [
        "Es ist noch kein Standard und kein Ziel verknüpft."
    ]


def test_service_definition_guard(kernteam_user):
    service = make_page(ServicePage, offer="")
    assert _reasons(service, "define", kernteam_user) == [
        "Es fehlt die Beschreibung, was die Leistung anbietet.",
        "Es ist noch keine Bedarfslage und keine Entwicklungschance verknüpft.",
        "Es ist noch keine unverzichtbare Kompetenz aus dem Katalog gefordert.",
    ]


def test_defining_a_service_needs_an_essential_competence_from_the_catalogue(kernteam_user):
    service = make_page(
        ServicePage,
        offer="Vorlesen",
        requirements=needs("Geduld", essential=False) + needs(resources=["Raum"]),
    )
    ServiceItemLink.objects.create(service=service, item=make_page(NeedPage))
    reasons = transition_reasons(service, "define")
    assert reasons == ["Es ist noch keine unverzichtbare Kompetenz aus dem Katalog gefordert."]
    assert reasons[0].fix_url.endswith(f"/pages/{service.pk}/edit/#id_requirements-FORMS")
    service.requirements.add(*needs("Vorlesen"))
    service.save()
    assert transition_reasons(service, "define") == []


def test_alliance_activation_guard(kernteam_user):
    alliance = make_page(AlliancePage)
    run_transition(alliance, "start_forming", by=kernteam_user)
    assert _reasons(alliance, "activate", kernteam_user) == [
        "Die Allianz erbringt noch keine definierte Leistung.",
        "Eine Allianz braucht mindestens zwei Mitglieder.",
        "Mindestens eine Bürgerin oder ein Bürger muss Mitglied sein.",
        "Mindestens eine Organisation muss Mitglied sein.",
        "Die Allianz hat noch keine Koordination.",
    ]


def test_conclude_needs_an_impact_report_and_close_needs_outcome_and_remeasurement(
    kernteam_user,
):
    alliance = make_page(AlliancePage)
    AlliancePage.objects.filter(pk=alliance.pk).update(stage="paused")
    alliance = AlliancePage.objects.get(pk=alliance.pk)
    assert _reasons(alliance, "conclude", kernteam_user, comment="Ziel erreicht") == [
        "Der Wirkungsbericht fehlt."
    ]

    need = make_page(NeedPage)
    NeedPage.objects.filter(pk=need.pk).update(stage="alliance_active")
    need = NeedPage.objects.get(pk=need.pk)
    make_gap(need)
    assert _reasons(need, "close", kernteam_user, comment="Erledigt") == [
        "Das Ergebnis ist noch nicht festgehalten.",
        "Noch nicht jede Ist-Soll-Bewertung wurde neu gemessen.",
    ]


def test_reopen_needs_a_reason(kernteam_user):
    need = make_page(NeedPage)
    run_transition(need, "decline", by=kernteam_user, comment="Kein Bedarf")
    assert _reasons(need, "reopen", kernteam_user) == ["Bitte geben Sie eine Begründung an."]


def _need_waiting_for_alliance(user, title="Lesen lernen"):
    need = make_page(NeedPage, title=title, priority=3)
    make_gap(need, StandardFactory(), actual="40")
    run_transition(need, "start_analysis", by=user, assignee=user)
    run_transition(need, "complete_analysis", by=user)
    service = make_page(
        ServicePage,
        offer="Vorlesen",
        requirements=needs("Geduld", resources=["Raum"]),
    )
    ServiceItemLink.objects.create(service=service, item=need)
    run_transition(service, "define", by=user)
    run_transition(need, "commit_services", by=user)
    return need, service


def test_alliance_activation_cascades_to_waiting_items(
    kernteam_user, django_capture_on_commit_callbacks
):
    need, service = _need_waiting_for_alliance(kernteam_user)
    other, _service = _need_waiting_for_alliance(kernteam_user, title="Unbeteiligt")
    alliance = make_page(AlliancePage, title="Lesepaten Neheim")
    AllianceServiceLink.objects.create(alliance=alliance, service=service)
    add_member(alliance, person=PersonFactory(), role="coordinator")
    add_member(alliance, organisation=OrganisationFactory())
    run_transition(alliance, "start_forming", by=kernteam_user)
    with django_capture_on_commit_callbacks(execute=True):
        run_transition(alliance, "activate", by=kernteam_user)
    need.refresh_from_db()
    other.refresh_from_db()
    assert need.stage == "alliance_active"
    assert other.stage == "alliance_forming"
    cascade = TransitionLog.objects.get(page=need, transition="activate")
    assert cascade.cause == "system"  # automatic, credited to whoever activated the alliance
    assert cascade.by == kernteam_user
    assert "Lesepaten Neheim" in cascade.comment
    assert mail.outbox  # the assignee hears of it
    assert Decimal(need.gap_assessments.get().actual_value) == Decimal("40")


def test_resume_returns_to_the_stage_it_was_put_on_hold_from(kernteam_user):
    need = make_page(NeedPage)
    run_transition(need, "start_analysis", by=kernteam_user, assignee=kernteam_user)
    run_transition(need, "put_on_hold", by=kernteam_user, comment="Warten auf Zahlen")
    need.refresh_from_db()
    assert (need.stage, need.on_hold_from) == ("on_hold", "in_analysis")
    run_transition(need, "resume", by=kernteam_user)
    need.refresh_from_db()
    assert (need.stage, need.on_hold_from) == ("in_analysis", "")


def test_guards_are_django_fsm_conditions_so_can_proceed_sees_them():
    service = make_page(ServicePage, offer="")
    assert transitions(ServicePage)["define"].guards
    assert not can_proceed(service.define)
    with pytest.raises(FSMTransitionNotAllowed):
        service.define()  # the declared method itself refuses, not only the engine
    assert service.stage == ServiceStage.DRAFT


@isolate_apps("alliances")
def test_a_guard_hidden_in_custom_is_refused_loudly():
    class Sketch(models.Model):  # noqa: DJ008
        stage = FSMField(default="a")

        class Meta:
            app_label = "alliances"

        @transition(field=stage, source="a", target="b", custom={"guard": lambda item, p: []})
        def go(self):
            pass

    with pytest.raises(ImproperlyConfigured, match="conditions=\\[Guard"):
        transitions(Sketch)
