"""Filters of the Kernteam reports (django-filter, as Wagtail's own reports use)."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from alliances.models import (
    AlliancePage,
    District,
    ItemPage,
    NeedPage,
    OpportunityPage,
    ServicePage,
    Standard,
    Topic,
)
from alliances.reports import selectors
from alliances.stages import AllianceStage
from cms.filters import YesNoFilter

KIND_MODELS = {"need": NeedPage, "opportunity": OpportunityPage}


class ItemStageFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=[("need", _("Needs")), ("opportunity", _("Opportunities"))],
        method="filter_kind",
        empty_label=_("Needs and opportunities"),
    )
    districts = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=District.objects.all(), empty_label=_("All districts")
    )
    topics = django_filters.ModelChoiceFilter(
        label=_("Topic"), queryset=Topic.objects.all(), empty_label=_("All topics")
    )

    class Meta:
        model = ItemPage
        fields = ["kind", "districts", "topics"]

    def filter_kind(self, queryset, name, value):
        content_type = ContentType.objects.get_for_model(KIND_MODELS[value])
        return queryset.filter(content_type=content_type)


class StandardGapFilterSet(WagtailFilterSet):
    class Meta:
        model = Standard
        fields = ["kind"]


class DistrictCoverageFilterSet(WagtailFilterSet):
    blind_spots = YesNoFilter(
        label=_("Only blind spots (open needs or opportunities, no active alliance)"),
        method="filter_blind_spots",
    )

    class Meta:
        model = District
        fields = ["blind_spots"]

    def filter_blind_spots(self, queryset, name, value):
        blind = [district.pk for district in selectors.blind_spots()]
        return queryset.filter(pk__in=blind) if value else queryset.exclude(pk__in=blind)


class PartnershipFilterSet(WagtailFilterSet):
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=AllianceStage.choices, empty_label=_("All stages")
    )
    not_mixed = YesNoFilter(label=_("Only alliances that are not mixed"), method="filter_not_mixed")

    class Meta:
        model = AlliancePage
        fields = ["stage", "not_mixed"]

    def filter_not_mixed(self, queryset, name, value):
        mixed = selectors.mixed_alliances()
        return queryset.exclude(pk__in=mixed) if value else queryset.filter(pk__in=mixed)


class ServiceFilterSet(WagtailFilterSet):
    districts = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=District.objects.all(), empty_label=_("All districts")
    )

    class Meta:
        model = ServicePage
        fields = ["districts"]
