"""Read-only endpoints of the partner API v1: thin viewsets over `api.selectors`."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, viewsets

from api import filters, selectors, serializers
from api.pagination import ApiPagination


class PublicReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and detail (by slug) of one kind of public page."""

    lookup_field = "slug"
    lookup_value_regex = "[^/]+"  # Wagtail slugs may be Unicode
    pagination_class = ApiPagination
    filter_backends = [DjangoFilterBackend]
    list_queryset = staticmethod(lambda: None)
    detail_queryset = staticmethod(lambda: None)
    list_serializer_class = serializers.serializers.Serializer
    detail_serializer_class = serializers.serializers.Serializer

    def get_queryset(self):
        if self.action == "retrieve":
            return self.detail_queryset()
        return self.list_queryset()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return self.detail_serializer_class
        return self.list_serializer_class


class AllianceViewSet(PublicReadViewSet):
    """Arnsberg Alliances: project-based organisations of equal partners."""

    list_queryset = staticmethod(selectors.alliance_list_queryset)
    detail_queryset = staticmethod(selectors.alliance_detail_queryset)
    list_serializer_class = serializers.AllianceListSerializer
    detail_serializer_class = serializers.AllianceDetailSerializer
    filterset_class = filters.AllianceFilterSet


class ServiceViewSet(PublicReadViewSet):
    """Services: defined voluntary services that meet needs or use opportunities."""

    list_queryset = staticmethod(selectors.service_list_queryset)
    detail_queryset = staticmethod(selectors.service_detail_queryset)
    list_serializer_class = serializers.ServiceListSerializer
    detail_serializer_class = serializers.ServiceDetailSerializer
    filterset_class = filters.ServiceFilterSet


class NeedViewSet(PublicReadViewSet):
    """Needs of people in the city, once the Kernteam has taken them up."""

    list_queryset = staticmethod(selectors.need_list_queryset)
    detail_queryset = staticmethod(selectors.need_detail_queryset)
    list_serializer_class = serializers.NeedListSerializer
    detail_serializer_class = serializers.NeedDetailSerializer
    filterset_class = filters.NeedFilterSet


class OpportunityViewSet(PublicReadViewSet):
    """Development opportunities of the city, once the Kernteam has taken them up."""

    list_queryset = staticmethod(selectors.opportunity_list_queryset)
    detail_queryset = staticmethod(selectors.opportunity_detail_queryset)
    list_serializer_class = serializers.OpportunityListSerializer
    detail_serializer_class = serializers.OpportunityDetailSerializer
    filterset_class = filters.OpportunityFilterSet


class CatalogueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    pagination_class = None


class DistrictViewSet(CatalogueViewSet):
    """The districts (Stadtteile) of Arnsberg."""

    serializer_class = serializers.DistrictSerializer

    def get_queryset(self):
        return selectors.district_queryset()


class TopicViewSet(CatalogueViewSet):
    """Topics (Themenfelder)."""

    serializer_class = serializers.TopicSerializer

    def get_queryset(self):
        return selectors.topic_queryset()


class AgeGroupViewSet(CatalogueViewSet):
    """Age groups (Generationen)."""

    serializer_class = serializers.AgeGroupSerializer

    def get_queryset(self):
        return selectors.age_group_queryset()


class StandardViewSet(CatalogueViewSet):
    """Standards and goals that needs and opportunities are measured against."""

    serializer_class = serializers.StandardSerializer

    def get_queryset(self):
        return selectors.standard_queryset()
