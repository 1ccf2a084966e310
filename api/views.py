"""Read-only endpoints of the partner API v1.

Pages are answered from the read model (`api.readmodel`): the serializers named here
describe the representations (and the OpenAPI schema) and render them when pages change.
"""

from django.http import Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound

from api import filters, selectors, serializers
from api.caching import CachedReadMixin, cached_json
from api.pagination import (
    MAX_PAGE,
    MAX_PAGE_SIZE,
    PAGE,
    PAGE_SIZE,
    ApiPagination,
    check_paging,
    requested_page,
)
from api.parameters import DRF_CONVENTIONS, CheckedQueryMixin
from api.readmodel import read
from api.readmodel.models import Kind, PublicRecord
from api.readmodel.services import public_count


def documented(list_summary, retrieve_summary, description, retrieve_description=None):
    """The schema's (translatable) summaries of a viewset's list and detail, and what it
    holds (the detail's own description where the list's speaks of the list); the
    documentation page and OPTIONS show them in German and English."""
    return extend_schema_view(
        list=extend_schema(summary=list_summary, description=description),
        retrieve=extend_schema(
            summary=retrieve_summary, description=retrieve_description or description
        ),
    )


class RecordFilterBackend(DjangoFilterBackend):
    """The filter sets are declared for the page models and filter their read model."""

    def get_filterset_class(self, view, queryset=None):
        return view.filterset_class

    def valid_filterset(self, request, view):
        """The view's filter set with the request's parameters, validated (else the 400
        naming them, as when filtering), having filtered nothing: for a list whose query
        the read model writes out from its stage and ordering."""
        filterset = self.get_filterset(request, PublicRecord.objects.all(), view)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return filterset


class PublicReadViewSet(
    CheckedQueryMixin,
    CachedReadMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """List and detail (by slug) of one kind of public page."""

    kind: str = ""
    lookup_field = "slug"
    lookup_value_regex = r"[^/\x00]+"  # Wagtail slugs may be Unicode; NUL is a 400
    pagination_class = ApiPagination
    filter_backends = [RecordFilterBackend]
    list_serializer_class = serializers.serializers.Serializer
    detail_serializer_class = serializers.serializers.Serializer

    def get_queryset(self):
        return PublicRecord.objects.visible(self.kind)

    def accepted_query_parameters(self) -> frozenset:
        # The same names the response cache keeps answers for: the filters and the paging.
        return self.known_query_parameters()

    def repeatable_query_parameters(self) -> frozenset:
        return self.filterset_class.repeatable_parameters()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return self.detail_serializer_class
        return self.list_serializer_class

    def list(self, request, *args, **kwargs):
        check_paging(request.query_params)
        return cached_json(request, lambda: self.list_body(request), self.known_query_parameters())

    def retrieve(self, request, *args, **kwargs):
        return cached_json(
            request,
            lambda: self.detail_body(request, kwargs["slug"]),
            self.known_query_parameters(),
        )

    def answer_plainly(self, request, kwargs: dict):
        """A detail asked for plainly (`api.caching.asked_plainly`); a slug that is not
        found is left to DRF for the API's 404."""
        try:
            slug = kwargs[self.lookup_field]
            return cached_json(request, lambda: self.detail_body(request, slug))
        except Http404:
            return None

    def list_body(self, request) -> bytes:
        narrowing = set(request.query_params) - filters.NOT_NARROWING - DRF_CONVENTIONS
        if narrowing:
            records = self.filter_queryset(self.get_queryset())
            page = read.cards_of(self.paginator.paginate_keys(records, request))
        else:
            # Only the stage narrows: the read model's count, and a written-out page query
            # (building the queryset for it cost a fifth of the list).
            stage, ordering = self.stage_and_ordering(request)
            cards = read.ListedCards(self.kind, stage, ordering, public_count(self.kind, stage))
            page = self.paginator.paginate_counted(cards, request)
        return read.list_json(
            request,
            count=self.paginator.page.paginator.count,
            next_link=self.paginator.get_next_link(),
            previous_link=self.paginator.get_previous_link(),
            records=page,
        )

    def stage_and_ordering(self, request) -> tuple[str | None, tuple[str, ...]]:
        """The stage (None: all public stages) and the ordering a list shows. Without
        either parameter the defaults, with no filter set built: copying its filters and
        form cost a quarter of a plain uncached list in process."""
        if filters.ALWAYS_APPLIED.isdisjoint(request.query_params):
            return self.filterset_class.stage_shown(None), filters.DEFAULT_ORDERING
        chosen = RecordFilterBackend().valid_filterset(request, self)
        return chosen.chosen_stage(), chosen.chosen_ordering()

    def detail_body(self, request, slug: str) -> bytes:
        record = read.detail_record(self.kind, slug)
        body = read.detail_json(request, record) if record is not None else None
        if body is None:
            raise Http404
        return body


@documented(
    _("List the alliances"),
    _("One alliance"),
    _(
        "Arnsberg Alliances: project-based organisations of equal partners. The list shows "
        "active alliances unless `stage` says otherwise."
    ),
    _(
        "One Arnsberg Alliance, a project-based organisation of equal partners, in any public "
        "stage: its purpose, how to join, its members, services and impact, and what it "
        "still looks for."
    ),
)
class AllianceViewSet(PublicReadViewSet):
    """Arnsberg Alliances: project-based organisations of equal partners."""

    kind = Kind.ALLIANCE
    list_serializer_class = serializers.AllianceListSerializer
    detail_serializer_class = serializers.AllianceDetailSerializer
    filterset_class = filters.AllianceFilterSet


@documented(
    _("List the services"),
    _("One service"),
    _("Services: defined voluntary services that meet needs or use opportunities."),
)
class ServiceViewSet(PublicReadViewSet):
    """Services: defined voluntary services that meet needs or use opportunities."""

    kind = Kind.SERVICE
    list_serializer_class = serializers.ServiceListSerializer
    detail_serializer_class = serializers.ServiceDetailSerializer
    filterset_class = filters.ServiceFilterSet


@documented(
    _("List the needs"),
    _("One need"),
    _("Needs of people in the city, once the Kernteam has taken them up."),
)
class NeedViewSet(PublicReadViewSet):
    """Needs of people in the city, once the Kernteam has taken them up."""

    kind = Kind.NEED
    list_serializer_class = serializers.NeedListSerializer
    detail_serializer_class = serializers.NeedDetailSerializer
    filterset_class = filters.NeedFilterSet


@documented(
    _("List the opportunities"),
    _("One opportunity"),
    _("Development opportunities of the city, once the Kernteam has taken them up."),
)
class OpportunityViewSet(PublicReadViewSet):
    """Development opportunities of the city, once the Kernteam has taken them up."""

    kind = Kind.OPPORTUNITY
    list_serializer_class = serializers.OpportunityListSerializer
    detail_serializer_class = serializers.OpportunityDetailSerializer
    filterset_class = filters.OpportunityFilterSet


# A catalogue list takes the paging parameters of every list, and is one page.
CATALOGUE_PAGING = [
    OpenApiParameter(
        PAGE,
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
        OpenApiParameter.QUERY,
        description=_("A catalogue is one page: 1 or `last`; a higher page is a 404."),
    ),
    OpenApiParameter(
        PAGE_SIZE,
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
        OpenApiParameter.QUERY,
        description=format_lazy(
            _("Checked as on every list (1 to {maximum}); a catalogue is one page of all entries."),
            maximum=MAX_PAGE_SIZE,
        ),
    ),
]


class CatalogueViewSet(
    CheckedQueryMixin,
    CachedReadMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The whole catalogue in one list (it is short), and one entry by its slug.

    Its list is one page: the paging parameters are checked as on every list
    (`check_paging`, a 400 naming them); `page` above 1 is a 404 like a page past the end
    of a paged list, a valid `page_size` changes nothing. Any other parameter is a 400.
    """

    pagination_class = None
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"  # Unicode slugs, as Django's SlugField(allow_unicode=True)

    def known_query_parameters(self) -> frozenset:
        """The list reads the paging parameters (without a paginator); a detail none."""
        if (self.lookup_url_kwarg or self.lookup_field) in self.kwargs:
            return frozenset()
        return frozenset({PAGE, PAGE_SIZE})

    def accepted_query_parameters(self) -> frozenset:
        return self.known_query_parameters()

    @extend_schema(parameters=CATALOGUE_PAGING)
    def list(self, request, *args, **kwargs):
        check_paging(request.query_params)
        page = requested_page(request.query_params)  # a 404 beyond every list
        if page is not None and page > 1:
            raise NotFound(ApiPagination.invalid_page_message.format(page_number=page))
        return super().list(request, *args, **kwargs)


@documented(
    _("List the districts"),
    _("One district"),
    _("The districts (Stadtteile) of Arnsberg."),
)
class DistrictViewSet(CatalogueViewSet):
    """The districts (Stadtteile) of Arnsberg."""

    serializer_class = serializers.DistrictSerializer

    def get_queryset(self):
        return selectors.district_queryset()


@documented(
    _("List the topics"),
    _("One topic"),
    _("Topics (Themenfelder)."),
)
class TopicViewSet(CatalogueViewSet):
    """Topics (Themenfelder)."""

    serializer_class = serializers.TopicSerializer

    def get_queryset(self):
        return selectors.topic_queryset()


@documented(
    _("List the age groups"),
    _("One age group"),
    _("Age groups (Generationen)."),
)
class AgeGroupViewSet(CatalogueViewSet):
    """Age groups (Generationen)."""

    serializer_class = serializers.AgeGroupSerializer

    def get_queryset(self):
        return selectors.age_group_queryset()


@documented(
    _("List the competences"),
    _("One competence"),
    _("Competences that alliances need and people offer (e.g. first aid, Arabic)."),
)
class CompetenceViewSet(CatalogueViewSet):
    """Competences that alliances need and people offer (e.g. first aid, Arabic)."""

    serializer_class = serializers.OfferableSerializer

    def get_queryset(self):
        return selectors.competence_queryset()


@documented(
    _("List the resources"),
    _("One resource"),
    _("Resources that alliances need and people or organisations offer (rooms, a van, …)."),
)
class ResourceViewSet(CatalogueViewSet):
    """Resources that alliances need and people or organisations offer (rooms, a van, …)."""

    serializer_class = serializers.OfferableSerializer

    def get_queryset(self):
        return selectors.resource_queryset()


@documented(
    _("List the standards"),
    _("One standard (by id)"),
    _("Standards and goals that needs and opportunities are measured against."),
)
class StandardViewSet(CatalogueViewSet):
    """Standards and goals that needs and opportunities are measured against (by id)."""

    lookup_field = "pk"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9]{1,18}"  # within a 64-bit key
    serializer_class = serializers.StandardSerializer

    def get_queryset(self):
        return selectors.standard_queryset()
