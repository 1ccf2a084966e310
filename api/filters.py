"""Query parameters of the list endpoints. An unknown value is a 400 naming the parameter."""

import re
from datetime import UTC, datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext
from django_filters.fields import IsoDateTimeField

from alliances.matching import alliances_wanting
from alliances.models import (
    AgeGroup,
    AlliancePage,
    AllianceServiceLink,
    Competence,
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
from cms.localized_input import ISO_DATETIME_ERROR
from cms.numbers import AsciiDigitsMixin, AsciiModelMultipleChoiceField
from cms.query_input import INVISIBLE_TERM, only_invisible

ALL_STAGES = "all"
# Search: at most this many characters, so at most 100 words (every word narrows, AND);
# both databases' query compilers take that many (a long text made them recurse too deep).
Q_MAX_LENGTH = 200
WORD = re.compile(r"\w+")
# The calendar both databases and every time zone can hold.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
# Parameters that keep a list on its index (see ApiPagination.paginate_keys); so do the
# conventions every endpoint passes (api.parameters.DRF_CONVENTIONS).
NOT_NARROWING = frozenset({"stage", "ordering", "page", "page_size"})
# Filters a list applies whether or not the request names them (the stage has a default).
ALWAYS_APPLIED = frozenset({"stage", "ordering"})
DEFAULT_ORDERING = ("title", "pk")  # by title; the page key last, for ties
EMPTY_VALUE = _("Please give a value, or leave the parameter out.")


def unknown_values_error(values: list[str]) -> ValidationError:
    """The error naming every unknown value of a multi-valued filter (the values as its
    params: a message is %-formatted once more by django-filter)."""
    quoted = pgettext("a value the client sent, quoted", "“%(value)s”")
    listed = ", ".join(quoted % {"value": value} for value in values)
    # Translators: the values are listed in quotes, separated by commas
    message = ngettext(
        "There is no such entry: %(values)s.", "There are no such entries: %(values)s.", len(values)
    )
    return ValidationError(message, code="invalid_choice", params={"values": listed})


def empty_parameters(query_params, names) -> dict:
    """The parameters among `names` sent without a value (`?stage=`), as errors: an empty
    value is neither the default nor a value, so it is named rather than guessed at."""
    return {
        name: [str(EMPTY_VALUE)]
        for name in names
        if name in query_params and "" in query_params.getlist(name)
    }


def stage_filter(stages, public: frozenset, default: str) -> django_filters.ChoiceFilter:
    """The public stages in pipeline order, and `all`."""
    choices = [(s.value, s.label) for s in stages if s in public]
    return django_filters.ChoiceFilter(
        method="filter_stage",
        choices=[*choices, (ALL_STAGES, _("every public stage"))],
        help_text=format_lazy(
            _("One public stage, or `all`. Default: {default}."), default=default
        ),
    )


def search_words(value: str) -> list[str]:
    """The words of a search: letters and digits only, so no character of it reaches a
    database's query syntax (quotes, operators, parentheses)."""
    return WORD.findall(value)


class SearchField(forms.CharField):
    def __init__(self, *args, **kwargs):
        # Counted as sent (Django would strip spaces first, which a schema cannot say).
        super().__init__(*args, max_length=Q_MAX_LENGTH, strip=False, **kwargs)

    def validate(self, value):
        """A term of only invisible characters (a zero-width space) is a mistake to name,
        not a search for nothing (as emoji or punctuation are)."""
        super().validate(value)
        if only_invisible(value):
            raise ValidationError(INVISIBLE_TERM, code="invisible")


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class MomentField(AsciiDigitsMixin, IsoDateTimeField):
    """An ISO 8601 moment of the years 1900 to 8999 (a naive one in Berlin time), in digits
    0-9 (Django's parsing reads "٢٠٢٦-٠١-٠١T10:00" as a moment). Refused with an ISO
    example (cms.localized_input), not the admin's German one."""

    default_error_messages = {"invalid": ISO_DATETIME_ERROR}

    def clean(self, value):
        try:
            moment = super().clean(value)
        except (OverflowError, ValueError) as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if moment is None:
            return None
        # The year as written (before any offset is applied), as the schema's pattern says.
        if not EARLIEST.year <= moment.year < LATEST.year:
            raise ValidationError(
                _("Please give a moment between the years 1900 and 8999."), code="range"
            )
        # In UTC: RFC 3339 allows offsets up to 23:59, PostgreSQL only up to 15:59 (a
        # "+23:36" reached it as a 500). An offset may carry a moment of 1900 or 8999
        # across the edge: nothing of ours is older or newer than the edge, so it filters
        # alike.
        return min(max(moment.astimezone(UTC), EARLIEST), LATEST)


class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentField


class PublicSlugsField(AsciiModelMultipleChoiceField):
    """Slugs of `queryset`, narrowed by `public` only when values are given: building the
    narrowed queryset on every request cost more than the rest of a list."""

    def __init__(self, *args, public=None, **kwargs):
        self.public = public
        super().__init__(*args, **kwargs)

    def _check_values(self, value):
        """The entries of `value` (one query), or a ValidationError naming every value that
        is unknown (or not public) at once; Django's own names only the first."""
        if self.public is not None:
            self.queryset = self.public(self.queryset)
        key = self.to_field_name or "pk"
        values = list(dict.fromkeys(str(entry) for entry in value))
        entries = self.queryset.filter(**{f"{key}__in": values})
        found = {str(getattr(entry, key)) for entry in entries}  # the slugs: text
        if unknown := [entry for entry in values if entry not in found]:
            raise unknown_values_error(unknown)
        return entries


class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """One or more slugs (repeat the parameter); every one must exist and be public."""

    field_class = PublicSlugsField


def slugs(model, help_text: str, *, public: bool = False) -> SlugsFilter:
    return SlugsFilter(
        queryset=model.objects.all(),
        public=_public_pages if public else None,
        to_field_name="slug",
        method="filter_related",
        help_text=help_text,
    )


def _public_pages(queryset: QuerySet) -> QuerySet:
    """The public pages among `queryset`, through the read model (which
    `publicly_visible()` keeps exact), at the moment the values are checked."""
    from api.readmodel.models import visible_q
    from api.selectors import KIND_OF_MODEL

    return queryset.filter(visible_q(KIND_OF_MODEL[queryset.model]))


class ProgrammePageFilterSet(django_filters.FilterSet):
    """Filters every kind of programme page has.

    Declared for a page model (`Meta.model`), applied to its records in the API's read
    model (`api.readmodel`), whose primary key is the page's.
    """

    default_stage: str = ALL_STAGES

    stage = None  # each subclass lists its public stages
    district = slugs(District, _("District slug; repeat the parameter for several (any of)."))
    topic = slugs(Topic, _("Topic slug; repeat the parameter for several (any of)."))
    age_group = slugs(AgeGroup, _("Age group slug; repeat the parameter for several (any of)."))
    q = SearchFilter(
        method="filter_search",
        help_text=format_lazy(
            _(
                "Full-text search in title, summary and content: items containing every "
                "word (letters and digits; other characters separate words, and a q of no "
                "word, only emoji, punctuation or spaces, finds nothing; one of only "
                "invisible characters, such as a zero-width space, is refused). At most "
                "{limit} characters."
            ),
            limit=Q_MAX_LENGTH,
        ),
    )
    updated_since = MomentFilter(
        method="filter_updated_since",
        help_text=_(
            "Only what was published or changed stage at or after this ISO 8601 moment "
            "(years 1900 to 8999; without an offset: Berlin time)."
        ),
    )
    ordering = django_filters.OrderingFilter(
        fields=(("title", "title"), ("updated_at", "updated")),
        help_text=_("title, updated; prefix with - for descending. Default: title."),
    )

    # Which related rows link a page to the values of a filter: (model, page field, value field).
    links: dict = {}

    class Meta:
        fields: list = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # Only the filters a request names, and the two that always apply: django-filter
        # deep-copies every declared filter (with its queryset) and builds a form field for
        # each, which cost a plain list as much as its two queries. The schema still reads
        # the class's base_filters.
        if data is not None:
            self.base_filters = {
                name: declared
                for name, declared in type(self).base_filters.items()
                if name in data or name in ALWAYS_APPLIED
            }
        super().__init__(data, queryset, request=request, prefix=prefix)

    @classmethod
    def repeatable_parameters(cls) -> frozenset:
        """The filters that take several values (the slugs: repeat the parameter); every
        other one is a 400 when given more than once (`api.parameters`)."""
        return frozenset(
            name
            for name, declared in cls.base_filters.items()
            if isinstance(declared, django_filters.MultipleChoiceFilter)
        )

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, errors in empty_parameters(self.data, self.filters).items():
            self.form.errors.pop(name, None)  # the field's own complaint about "" says less
            self.form.add_error(name, errors)
        return valid and not self.form.errors

    def filter_stage(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset if value == ALL_STAGES else queryset.filter(stage=value)

    def filter_related(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        if name == "wanted_competence":
            return queryset.filter(
                pk__in=alliances_wanting(competence_ids=[entry.pk for entry in value])
            )
        if name in self.links:
            model, page_field, value_field = self.links[name]
            pks = model.objects.filter(**{f"{value_field}__in": value}).values(page_field)
            return queryset.filter(pk__in=pks)
        # The page's own classification (districts, topics, age groups): straight from the
        # relation's table, with the ids the validation has just looked up.
        field = self._meta.model._meta.get_field(
            {"district": "districts", "topic": "topics", "age_group": "age_groups"}[name]
        )
        pks = field.remote_field.through.objects.filter(
            **{f"{field.m2m_reverse_field_name()}__in": [entry.pk for entry in value]}
        ).values(field.m2m_field_name())
        return queryset.filter(pk__in=pks)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        words = search_words(value)
        if not words:  # only emoji, punctuation or spaces: nothing to find (as on the site)
            return queryset.none()
        results = self._meta.model.objects.all().search(
            " ".join(words), operator="and", order_by_relevance=False
        )
        # The database backends give a queryset: search and filter in one SQL statement.
        matches = (
            results.get_queryset().values("pk")
            if hasattr(results, "get_queryset")
            else [page.pk for page in results]
        )
        return queryset.filter(pk__in=matches)

    def filter_updated_since(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # The read model's updated_at is the later of the two.
        return queryset.filter(updated_at__gte=value)

    def chosen_stage(self) -> str | None:
        """The stage the list shows (the request's, or the default); None: every public
        stage. Call after is_valid()."""
        return self.stage_shown(self.form.cleaned_data.get("stage"))

    @classmethod
    def stage_shown(cls, asked: str | None) -> str | None:
        """The stage a list shows when `asked` (a valid stage, or None) is asked for."""
        stage = asked or cls.default_stage
        return None if stage == ALL_STAGES else stage

    def chosen_ordering(self) -> tuple[str, ...]:
        """The list's order as a queryset's ordering names (`("-updated_at", "pk")`), the
        request's or by title. Call after is_valid().

        The page key last: many pages share a timestamp or a start date (a bulk import),
        and paging through ties without it skips some and repeats others."""
        if not (ordering := self.form.cleaned_data.get("ordering")):
            return DEFAULT_ORDERING
        chosen = self.filters["ordering"]
        return (*(chosen.get_ordering_value(name) for name in ordering if name), "pk")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """The stage (or its default), the filters the request names, the ordering."""
        cleaned = self.form.cleaned_data
        if (stage := self.chosen_stage()) is not None:
            queryset = queryset.filter(stage=stage)
        for name, value in cleaned.items():
            if name not in ("stage", "ordering") and name in self.data:
                queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by(*self.chosen_ordering())


class AllianceFilterSet(ProgrammePageFilterSet):
    default_stage = AllianceStage.ACTIVE

    stage = stage_filter(AllianceStage, ALLIANCE_PUBLIC_STAGES, AllianceStage.ACTIVE)

    organisation = slugs(Organisation, _("Alliances with this member organisation (slug)."))
    wanted_competence = slugs(
        Competence,
        _(
            "Alliances that still look for this competence (slug from /competences/); repeat "
            "the parameter for several (any of)."
        ),
    )
    service = slugs(
        ServicePage,
        _("Alliances delivering this service (slug)."),
        public=True,
    )
    need = slugs(
        NeedPage,
        _("Alliances delivering a service that meets this need (slug)."),
        public=True,
    )
    opportunity = slugs(
        OpportunityPage,
        _("Alliances delivering a service that uses this opportunity (slug)."),
        public=True,
    )
    ordering = django_filters.OrderingFilter(
        fields=(("title", "title"), ("updated_at", "updated"), ("started_on", "started")),
        help_text=_("title, updated, started; prefix with - for descending. Default: title."),
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
        Organisation, _("Services delivered by an alliance this organisation is a member of.")
    )
    alliance = slugs(
        AlliancePage,
        _("Services delivered by this alliance (slug)."),
        public=True,
    )
    need = slugs(NeedPage, _("Services that meet this need (slug)."), public=True)
    opportunity = slugs(
        OpportunityPage,
        _("Services that use this opportunity (slug)."),
        public=True,
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
        _("Met or used by this service (slug)."),
        public=True,
    )
    alliance = slugs(
        AlliancePage,
        _("Met or used by a service this alliance delivers (slug)."),
        public=True,
    )
    organisation = slugs(
        Organisation,
        _("Met or used by a service of an alliance this organisation is a member of."),
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
