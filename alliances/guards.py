"""Guards of the three state machines: each returns every reason a transition cannot run.

They read only the page (need, opportunity, service or alliance) and its relations (the
published version: the runner notes an unpublished draft), so the models can reference
them directly. Each reason says where it
is fixed (`Reason`: the page and the field or inline panel), so the admin links there.
"""

from django.utils.translation import gettext as _

from alliances.matching import wanted_by_alliance
from alliances.roles import MembershipRole
from alliances.stages import AllianceStage, ServiceStage
from workflows.reasons import Reason, field_anchor, inline_anchor


def analysis_complete(item, params) -> list[str]:
    reasons = []
    gaps = list(item.gap_assessments.select_related("standard"))
    if item.specific_class.needs_gap_assessment:
        if not any(g.actual_value is not None and g.effective_target is not None for g in gaps):
            reasons.append(
                Reason(
                    _("A gap assessment against a standard is missing."),
                    page_id=item.pk,
                    anchor=inline_anchor("gap_assessments"),
                )
            )
    elif not gaps:
        reasons.append(
            Reason(
                _("No standard or goal is linked yet."),
                page_id=item.pk,
                anchor=inline_anchor("gap_assessments"),
            )
        )
    if not item.priority:
        reasons.append(
            Reason(_("No priority has been set."), page_id=item.pk, anchor=field_anchor("priority"))
        )
    return reasons


def services_committed(item, params) -> list[str]:
    links = list(item.service_links.select_related("service"))
    if any(link.service.stage == ServiceStage.DEFINED for link in links):
        return []
    if not links:
        return [Reason(_("No service is linked yet."), page_id=item.pk)]
    # Name each linked service and why it does not count yet.
    return [
        Reason(
            _("The linked service “%(title)s” is still in the stage “%(stage)s”; define it first.")
            % {"title": link.service.title, "stage": ServiceStage(link.service.stage).label},
            page_id=link.service_id,
        )
        for link in links
    ]


def alliance_delivers(item, params) -> list[str]:
    if not item.service_links.filter(
        service__alliance_links__alliance__stage=AllianceStage.ACTIVE
    ).exists():
        link = item.service_links.order_by("pk").first()
        return [
            Reason(
                _("No linked service is delivered by an active alliance yet."),
                page_id=link.service_id if link else item.pk,
            )
        ]
    return []


def outcome_recorded(item, params) -> list[str]:
    reasons = []
    if not item.outcome.strip():
        reasons.append(
            Reason(
                _("The outcome has not been recorded."),
                page_id=item.pk,
                anchor=field_anchor("outcome"),
            )
        )
    if item.gap_assessments.filter(remeasured_value__isnull=True).exists():
        reasons.append(
            Reason(
                _("Not every gap assessment has been re-measured."),
                page_id=item.pk,
                anchor=inline_anchor("gap_assessments"),
            )
        )
    return reasons


def service_complete(service, params) -> list[str]:
    def reason(text, anchor):
        return Reason(text, page_id=service.pk, anchor=anchor)

    reasons = []
    if not service.offer.strip():
        reasons.append(
            reason(_("The description of what the service offers is missing."), "id_offer")
        )
    if not service.item_links.exists():
        reasons.append(
            reason(_("No need or opportunity is linked yet."), inline_anchor("item_links"))
        )
    if not service.requirements.filter(competence__isnull=False, essential=True).exists():
        reasons.append(
            reason(
                _("No essential competence from the catalogue is required yet."),
                inline_anchor("requirements"),
            )
        )
    return reasons


def alliance_ready(alliance, params) -> list[str]:
    def reason(text, anchor):
        return Reason(text, page_id=alliance.pk, anchor=anchor)

    reasons = []
    links = list(alliance.service_links.select_related("service"))
    if not any(link.service.stage == ServiceStage.DEFINED for link in links):
        if not links:
            reasons.append(
                reason(
                    _("The alliance delivers no defined service yet."),
                    inline_anchor("service_links"),
                )
            )
        for link in links:
            reasons.append(
                Reason(
                    _("The service “%(title)s” is still in the stage “%(stage)s”; define it first.")
                    % {
                        "title": link.service.title,
                        "stage": ServiceStage(link.service.stage).label,
                    },
                    page_id=link.service_id,
                )
            )
    members = list(alliance.memberships.values_list("person_id", "organisation_id", "role"))
    members_anchor = inline_anchor("memberships")
    if len(members) < 2:
        reasons.append(reason(_("An alliance needs at least two members."), members_anchor))
    if not any(person for person, _org, _role in members):
        reasons.append(reason(_("At least one citizen must be a member."), members_anchor))
    if not any(org for _person, org, _role in members):
        reasons.append(reason(_("At least one organisation must be a member."), members_anchor))
    if not any(role == MembershipRole.COORDINATOR for _person, _org, role in members):
        reasons.append(reason(_("The alliance has no coordinator yet."), members_anchor))
    return reasons


def essential_requirements_covered(alliance, params) -> list[str]:
    """Essential requirements of the alliance's services that no member covers yet.

    A note by default; a blocking reason where the activation's transition rule says so.
    """
    return [
        Reason(
            _(
                "Essential and not covered by any member yet: %(name)s (%(count)d needed). "
                "“Matching supporters” on this page suggests who could bring it."
            )
            % {"name": need.name, "count": need.needed},
            page_id=alliance.pk,
            anchor=inline_anchor("memberships"),
        )
        for need in wanted_by_alliance([alliance.pk]).get(alliance.pk, [])
        if need.essential and not need.covered
    ]


def impact_reported(alliance, params) -> list[str]:
    """At least one impact report (Wirkungsbericht)."""
    if alliance.impact_reports.exists():
        return []
    return [
        Reason(
            _("The impact report is missing."),
            page_id=alliance.pk,
            anchor=inline_anchor("impact_reports"),
        )
    ]
