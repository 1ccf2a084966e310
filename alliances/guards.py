"""Guards of the three state machines: each returns the reasons a transition cannot run.

They read only the item and its relations, so the models can reference them directly.
"""

from django.utils.translation import gettext as _

from alliances.stages import AllianceStage, ItemStage, ServiceStage


def analysis_complete(item, params) -> list[str]:
    reasons = []
    gaps = list(item.gap_assessments.select_related("standard"))
    if item.specific_class.needs_gap_assessment:
        if not any(g.actual_value is not None and g.effective_target is not None for g in gaps):
            reasons.append(_("A gap assessment against a standard is missing."))
    elif not gaps:
        reasons.append(_("No standard or goal is linked yet."))
    if not item.priority:
        reasons.append(_("No priority has been set."))
    return reasons


def services_committed(item, params) -> list[str]:
    if not item.service_links.filter(service__stage=ServiceStage.DEFINED).exists():
        return [_("No linked service is defined yet.")]
    return []


def alliance_delivers(item, params) -> list[str]:
    if not item.service_links.filter(
        service__alliance_links__alliance__stage=AllianceStage.ACTIVE
    ).exists():
        return [_("No linked service is delivered by an active alliance yet.")]
    return []


def outcome_recorded(item, params) -> list[str]:
    reasons = []
    if not item.outcome.strip():
        reasons.append(_("The outcome has not been recorded."))
    if item.gap_assessments.filter(remeasured_value__isnull=True).exists():
        reasons.append(_("Not every gap assessment has been re-measured."))
    return reasons


def service_complete(service, params) -> list[str]:
    reasons = []
    if not service.offer.strip():
        reasons.append(_("The description of what the service offers is missing."))
    if not service.item_links.exists():
        reasons.append(_("No need or opportunity is linked yet."))
    if not service.required_competences.strip():
        reasons.append(_("The required competences are missing."))
    if not service.required_resources.strip():
        reasons.append(_("The required resources are missing."))
    return reasons


def alliance_ready(alliance, params) -> list[str]:
    reasons = []
    if not alliance.service_links.filter(service__stage=ServiceStage.DEFINED).exists():
        reasons.append(_("The alliance delivers no defined service yet."))
    members = list(alliance.memberships.values_list("person_id", "organisation_id", "role"))
    if len(members) < 2:
        reasons.append(_("An alliance needs at least two members."))
    if not any(person for person, _org, _role in members):
        reasons.append(_("At least one citizen must be a member."))
    if not any(org for _person, org, _role in members):
        reasons.append(_("At least one organisation must be a member."))
    if not any(role == "coordinator" for _person, _org, role in members):
        reasons.append(_("The alliance has no coordinator yet."))
    return reasons


def impact_reported(alliance, params) -> list[str]:
    if not alliance.impact_report.strip():
        return [_("The impact report is missing.")]
    return []


def activate_linked_items(alliance_id: int) -> None:
    """Cascade: items waiting for this alliance advance, through the runner, as the system."""
    from alliances.models import AlliancePage, ItemPage
    from workflows.exceptions import TransitionError
    from workflows.services import run_transition

    alliance = AlliancePage.objects.get(pk=alliance_id)
    items = ItemPage.objects.filter(
        stage=ItemStage.ALLIANCE_FORMING,
        service_links__service__alliance_links__alliance=alliance,
    ).distinct()
    for item in items:
        try:
            run_transition(
                item.specific,
                "activate",
                by=None,
                comment=_("Alliance “%(title)s” is active.") % {"title": alliance.title},
            )
        except TransitionError:
            continue  # someone moved it meanwhile; the item keeps the stage they chose
