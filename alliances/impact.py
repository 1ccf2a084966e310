"""Reads of the published impact: per alliance, and aggregated per district and topic.

Only publicly visible alliances count; their impact reports are the published ones (inlines
of the live page). The aggregates credit alliances, never individuals.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from alliances.models.alliance import AlliancePage
from alliances.models.catalogues import District, Topic
from alliances.models.impact import ImpactReport
from alliances.search import REPEATED_FILTER
from cms.form_input import SubmittedInputMixin
from cms.numbers import AsciiModelChoiceField


@dataclass
class ImpactGroup:
    """Impact summed over the alliances of one district or topic."""

    key: object
    people_reached: int = 0
    volunteer_hours: Decimal = Decimal(0)
    report_count: int = 0
    alliances: list = field(default_factory=list)

    def add(self, report: ImpactReport) -> None:
        self.people_reached += report.people_reached
        self.volunteer_hours += report.volunteer_hours
        self.report_count += 1
        if report.alliance not in self.alliances:
            self.alliances.append(report.alliance)


@dataclass
class ImpactSummary:
    reports: list
    people_reached: int
    volunteer_hours: Decimal
    alliance_count: int
    by_district: list
    by_topic: list


def public_impact_reports(
    *,
    district: District | None = None,
    topic: Topic | None = None,
    period_from: date | None = None,
    period_to: date | None = None,
):
    """Impact reports of publicly visible alliances, optionally filtered.

    The period filter keeps reports whose period overlaps [period_from, period_to].
    """
    alliances = AlliancePage.objects.publicly_visible()
    if district is not None:
        alliances = alliances.filter(districts=district)
    if topic is not None:
        alliances = alliances.filter(topics=topic)
    reports = ImpactReport.objects.filter(alliance__in=alliances.values("pk"))
    if period_from is not None:
        reports = reports.filter(period_end__gte=period_from)
    if period_to is not None:
        reports = reports.filter(period_start__lte=period_to)
    return (
        reports.select_related("alliance")
        .prefetch_related("alliance__districts", "alliance__topics")
        .order_by("-period_end", "alliance__title", "pk")
    )


def _groups(reports, attribute: str) -> list[ImpactGroup]:
    groups: dict[int, ImpactGroup] = {}
    for report in reports:
        for key in getattr(report.alliance, attribute).all():
            groups.setdefault(key.pk, ImpactGroup(key=key)).add(report)
    for group in groups.values():
        group.alliances.sort(key=lambda alliance: alliance.title)
    return sorted(groups.values(), key=lambda g: (-g.people_reached, str(g.key)))


def impact_summary(**filters) -> ImpactSummary:
    """Totals and the per-district / per-topic breakdown of the published impact."""
    reports = list(public_impact_reports(**filters))
    return ImpactSummary(
        reports=reports,
        people_reached=sum(r.people_reached for r in reports),
        volunteer_hours=sum((r.volunteer_hours for r in reports), Decimal(0)),
        alliance_count=len({r.alliance_id for r in reports}),
        by_district=_groups(reports, "districts"),
        by_topic=_groups(reports, "topics"),
    )


class ImpactFilterForm(SubmittedInputMixin, forms.Form):
    """District and topic of the "Wirkung" page, from its address; one given twice is
    named, not the last one taken."""

    repeated_message = REPEATED_FILTER

    district = AsciiModelChoiceField(
        queryset=District.objects.all(),
        required=False,
        to_field_name="slug",
        label=_("District"),
        empty_label=_("All districts"),
    )
    topic = AsciiModelChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        to_field_name="slug",
        label=_("Topic"),
        empty_label=_("All topics"),
    )
