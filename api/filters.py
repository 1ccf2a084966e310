"""Query parameters of the list endpoints. An unknown value is a 400 naming the parameter."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from alliances.models import (
    AgeGroup,
    AlliancePage,
    AllianceServiceLink,
    District,
    Membership,
    NeedPage,
    OpportunityPage,
    Organisation,
    ServiceItemLink,
    ServicePage,
    Topic,
)
from alliances.stages import (
    ALLIANCE_PUBLIC_STAGES,
    ITEM_PUBLIC_STAGES,
    SERVICE_PUBLIC_STAGES,
    AllianceStage,
    ItemStage,
    ServiceStage,
)

ALL_STAGES = "all"


def stage_filter(stages, public: frozenset, default: str) -> django_filters.ChoiceFilter:
    """The public stages in pipeline order, and `all`."""
    choices = [(s.value, s.label) for s in stages if s in public]
    return django_filters.ChoiceFilter(
        method="filter_stage",
        choices=[*choices, (ALL_STAGES, _("every public stage"))],
        help_text=f"One public stage, or `all`. Default: {default}.",
    )


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """One or more slugs (repeat the parameter); every one must exist and be public."""


def slugs(model, help_text: str, queryset=None) -> SlugsFilter:
    return SlugsFilter(
        queryset=queryset if queryset is not None else model.objects.all(),
        to_field_name="slug",
        method="filter_related",
        help_text=help_text,
    )


def public_pages(model):
    # A callable, so that every request sees the pages public at that moment.
    return lambda request: model.objects.publicly_visible()


class ProgrammePageFilterSet(django_filters.FilterSet):
    """Filters every kind of programme page has."""

    default_stage: str = ALL_STAGES

    stage = None  # each subclass lists its public stages
    district = slugs(District, "District slug; repeat the parameter for several (any of).")
    topic = slugs(Topic, "Topic slug; repeat the parameter for several (any of).")
    age_group = slugs(AgeGroup, "Age group slug; repeat the parameter for several (any of).")
    q = django_filters.CharFilter(
        method="filter_search", help_text="Full-text search in title, summary and content."
    )
    updated_since = django_filters.IsoDateTimeFilter(
        method="filter_updated_since",
        help_text="Only what was published or changed stage at or after this ISO 8601 moment.",
    )
    ordering = django_filters.OrderingFilter(
        fields=(("title", "title"), ("updated_at", "updated")),
        help_text="title, updated; prefix with - for descending. Default: title.",
    )

    # Which related rows link a page to the values of a filter: (model, page field, value field).
    links: dict = {}

    class Meta:
        fields: list = []

    def filter_stage(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset if value == ALL_STAGES else queryset.filter(stage=value)

    def filter_related(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        if name in self.links:
            model, page_field, value_field = self.links[name]
            pks = model.objects.filter(**{f"{value_field}__in": value}).values(page_field)
            return queryset.filter(pk__in=pks)
        # The page's own classification (districts, topics, age groups).
        field = {"district": "districts", "topic": "topics", "age_group": "age_groups"}[name]
        pks = queryset.model.objects.filter(**{f"{field}__in": value}).values("pk")
        return queryset.filter(pk__in=pks)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        results = queryset.model.objects.all().search(
            value, operator="and", order_by_relevance=False
        )
        # The database backends give a queryset: search and filter in one SQL statement.
        matches = (
            results.get_queryset().values("pk")
            if hasattr(results, "get_queryset")
            else [page.pk for page in results]
        )
        return queryset.filter(pk__in=matches)

    def filter_updated_since(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(Q(last_published_at__gte=value) | Q(stage_changed_at__gte=value))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.form.cleaned_data.get("stage"):
            self.form.cleaned_data["stage"] = self.default_stage
        if not self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by("title", "pk")
        return super().filter_queryset(queryset)


class AllianceFilterSet(ProgrammePageFilterSet):
    default_stage = AllianceStage.ACTIVE

    stage = stage_filter(AllianceStage, ALLIANCE_PUBLIC_STAGES, AllianceStage.ACTIVE)

    organisation = slugs(Organisation, "Alliances with this member organisation (slug).")
    service = slugs(
        ServicePage,
        "Alliances delivering this service (slug).",
        queryset=public_pages(ServicePage),
    )
    need = slugs(
        NeedPage,
        "Alliances delivering a service that meets this need (slug).",
        queryset=public_pages(NeedPage),
    )
    opportunity = slugs(
        OpportunityPage,
        "Alliances delivering a service that uses this opportunity (slug).",
        queryset=public_pages(OpportunityPage),
    )
    ordering = django_filters.OrderingFilter(
        fields=(("title", "title"), ("updated_at", "updated"), ("started_on", "started")),
        help_text="title, updated, started; prefix with - for descending. Default: title.",
    )

    links = {
        "organisation": (Membership, "alliance_id", "organisation"),
        "service": (AllianceServiceLink, "alliance_id", "service"),
        "need": (AllianceServiceLink, "alliance_id", "service__item_links__item"),
        "opportunity": (AllianceServiceLink, "alliance_id", "service__item_links__item"),
    }

    class Meta:
        model = AlliancePage
        fields: list = []


class ServiceFilterSet(ProgrammePageFilterSet):
    stage = stage_filter(ServiceStage, SERVICE_PUBLIC_STAGES, ALL_STAGES)
    organisation = slugs(
        Organisation, "Services delivered by an alliance this organisation is a member of."
    )
    alliance = slugs(
        AlliancePage,
        "Services delivered by this alliance (slug).",
        queryset=public_pages(AlliancePage),
    )
    need = slugs(NeedPage, "Services that meet this need (slug).", queryset=public_pages(NeedPage))
    opportunity = slugs(
        OpportunityPage,
        "Services that use this opportunity (slug).",
        queryset=public_pages(OpportunityPage),
    )

    links = {
        "organisation": (AllianceServiceLink, "service_id", "alliance__memberships__organisation"),
        "alliance": (AllianceServiceLink, "service_id", "alliance"),
        "need": (ServiceItemLink, "service_id", "item"),
        "opportunity": (ServiceItemLink, "service_id", "item"),
    }

    class Meta:
        model = ServicePage
        fields: list = []


class ItemFilterSet(ProgrammePageFilterSet):
    # An item on hold is public when the stage it was put on hold from is.
    stage = stage_filter(ItemStage, ITEM_PUBLIC_STAGES | {ItemStage.ON_HOLD}, ALL_STAGES)
    service = slugs(
        ServicePage,
        "Met or used by this service (slug).",
        queryset=public_pages(ServicePage),
    )
    alliance = slugs(
        AlliancePage,
        "Met or used by a service this alliance delivers (slug).",
        queryset=public_pages(AlliancePage),
    )
    organisation = slugs(
        Organisation,
        "Met or used by a service of an alliance this organisation is a member of.",
    )

    links = {
        "service": (ServiceItemLink, "item_id", "service"),
        "alliance": (ServiceItemLink, "item_id", "service__alliance_links__alliance"),
        "organisation": (
            ServiceItemLink,
            "item_id",
            "service__alliance_links__alliance__memberships__organisation",
        ),
    }


class NeedFilterSet(ItemFilterSet):
    class Meta:
        model = NeedPage
        fields: list = []


class OpportunityFilterSet(ItemFilterSet):
    class Meta:
        model = OpportunityPage
        fields: list = []
