"""Filters of the Kernteam reports (django-filter, as Wagtail's own reports use)."""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

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

KIND_MODELS = {"need": NeedPage, "opportunity": OpportunityPage}


class YesNoRadioSelect(BooleanRadioSelect):
    """Wagtail's All/Yes/No radio buttons, which hand any other value on to the field
    (Wagtail's and Django's widgets read it as "not given")."""

    def value_from_datadict(self, data, files, name):
        answer = super().value_from_datadict(data, files, name)
        return data.get(name) if answer is None else answer


class YesNoField(forms.NullBooleanField):
    """Yes, no, or not given; anything else is an error. Read as "not given", a value
    such as `blind_spots=junk` showed, and exported, every row as if unfiltered."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        answer = super().to_python(value)
        if answer is None:
            raise ValidationError(_("Please choose yes or no."), code="invalid")
        return answer

    def has_changed(self, initial, data):
        try:
            return super().has_changed(initial, data)
        except ValidationError:  # as Django's other fields see a value that is not valid
            return True


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter as Wagtail's own listings show it (All, Yes, No), strict."""

    field_class = YesNoField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", YesNoRadioSelect)
        super().__init__(*args, **kwargs)


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
