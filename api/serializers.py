"""Read-only representations of the public data, shared by the API, embed and webhooks.

Serializers expect the querysets of `api.selectors` (which prefetch what they read) and a
`request` in their context for absolute URLs.
"""

import functools
from collections import Counter

from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alliances.matching import wanted_by_alliance
from alliances.models import Membership, Organisation
from alliances.stages import AllianceStage, ItemStage, ServiceStage
from api import selectors
from api.impact import AllianceImpactSerializer, alliance_impact_data
from cms.richtext import clean_html


def absolute(request, url: str | None) -> str | None:
    if not url:
        return None
    return request.build_absolute_uri(url) if request is not None else url


def nested(parent: serializers.Serializer, serializer_class: type, *, many: bool = False):
    """A serializer a method field nests, built once per parent: rendering a batch
    (`many=True`) then costs one construction, not one per object."""
    built = parent.__dict__.setdefault("_nested_serializers", {})
    key = (serializer_class, many)
    if key not in built:
        built[key] = serializer_class(many=many, context=parent.context)
    return built[key]


def related(obj, name: str) -> list:
    """`getattr(obj, name).all()` as a list: what bulk rendering attached
    (`obj.bulk_related`), or what a prefetch loaded, read directly (a related manager
    clones a queryset on every access, which costs more than a card)."""
    attached = getattr(obj, "bulk_related", None)
    if attached is not None and name in attached:
        return attached[name]
    cache = getattr(obj, "_prefetched_objects_cache", {})
    if name in cache:
        return list(cache[name])
    return list(getattr(obj, name).all())


def same_in_every_language(obj, name: str, request, compute):
    """A value of `obj` that no language changes (its URLs, its catalogue entries, whose
    names are not translated), computed once per object and request: bulk rendering
    serializes each page in German and in English."""
    memo = obj.__dict__.setdefault("_same_in_every_language", {})
    key = (name, id(request))
    if key not in memo:
        memo[key] = (request, compute())  # the request is kept, so its id stays its own
    return memo[key][1]


def once_per_page(request, page, name: str, compute):
    """A URL of `page` (`name`: which one), computed once per request whichever object
    holds the page: bulk rendering meets a page as itself and again in every detail that
    lists it, in each language. Without a request, computed each time."""
    if request is None:
        return compute()
    memo = request.__dict__.setdefault("_urls_of_pages", {})
    key = (name, page.pk)
    if key not in memo:
        memo[key] = compute()
    return memo[key]


class LabelledValueSerializer(serializers.Serializer):
    """A choice: its value, its label in the requested language, and both labels."""

    value = serializers.CharField()
    label = serializers.CharField()
    label_de = serializers.CharField()
    label_en = serializers.CharField()

    @staticmethod
    def of(choices, value: str) -> dict:
        return dict(_labelled(choices, value, translation.get_language()))


@functools.lru_cache(maxsize=1024)
def _labelled(choices, value: str, language: str | None) -> dict:
    label_de, label_en = _labels_de_en(choices, value)
    label = {"de": label_de, "en": label_en}.get(language)
    if label is None:
        label = str(choices(value).label)
    return {"value": value, "label": label, "label_de": label_de, "label_en": label_en}


@functools.lru_cache(maxsize=256)
def _labels_de_en(choices, value: str) -> tuple[str, str]:
    """Both labels of a choice (switching languages costs more than a whole card)."""
    label = choices(value).label
    with translation.override("de"):
        label_de = str(label)
    with translation.override("en"):
        label_en = str(label)
    return label_de, label_en


class ImageSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    alt = serializers.CharField(allow_blank=True)

    @staticmethod
    def of(image, spec: str, request) -> dict | None:
        if image is None:
            return None
        rendition = image.get_rendition(spec)
        return {
            "url": absolute(request, rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": image.default_alt_text,
        }


class CatalogueSummarySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class DistrictSerializer(CatalogueSummarySerializer):
    pass


class TopicSerializer(CatalogueSummarySerializer):
    description = serializers.CharField()


class AgeGroupSerializer(CatalogueSummarySerializer):
    pass


class OfferableSerializer(CatalogueSummarySerializer):
    """A competence or resource of the catalogue (what alliances need and people offer)."""

    category = serializers.CharField(help_text="Category key, e.g. “language”, “vehicle”.")
    category_name = serializers.CharField(source="get_category_display")
    description = serializers.CharField(allow_blank=True)


class StandardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.SerializerMethodField()
    reference = serializers.CharField()
    indicator = serializers.CharField()
    target_value = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True)
    unit = serializers.CharField()
    direction = serializers.SerializerMethodField()
    link = serializers.CharField(allow_blank=True, help_text="A URL, or empty.")
    valid_from = serializers.DateField(allow_null=True)
    description = serializers.CharField(allow_blank=True)

    @extend_schema_field(LabelledValueSerializer)
    def get_kind(self, obj) -> dict:
        return LabelledValueSerializer.of(type(obj).Kind, obj.kind)

    @extend_schema_field(LabelledValueSerializer)
    def get_direction(self, obj) -> dict:
        return LabelledValueSerializer.of(type(obj).Direction, obj.direction)


class PageSummarySerializer(serializers.Serializer):
    """A linked page in a detail: enough to show a link and a line of text."""

    route_name: str = ""
    stages = None

    slug = serializers.CharField(help_text="Unique per kind; may contain non-ASCII letters.")
    title = serializers.CharField()
    summary = serializers.CharField()
    stage = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    @extend_schema_field(LabelledValueSerializer)
    def get_stage(self, obj) -> dict:
        return LabelledValueSerializer.of(self.stages, obj.stage)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str | None:
        request = self.context.get("request")
        return once_per_page(request, obj, "url", lambda: obj.get_full_url(request))

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj) -> str:
        request = self.context.get("request")
        return once_per_page(
            request,
            obj,
            self.route_name,
            lambda: absolute(request, reverse(self.route_name, args=[obj.slug])),
        )


class ServiceSummarySerializer(PageSummarySerializer):
    route_name = "api:service-detail"
    stages = ServiceStage


class NeedSummarySerializer(PageSummarySerializer):
    route_name = "api:need-detail"
    stages = ItemStage


class OpportunitySummarySerializer(PageSummarySerializer):
    route_name = "api:opportunity-detail"
    stages = ItemStage


class PageCardSerializer(PageSummarySerializer):
    """A list entry: what a partner site needs to render a card."""

    districts = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()
    age_groups = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField()
    updated_at = serializers.SerializerMethodField()

    def _catalogue(self, obj, name: str) -> list:
        return same_in_every_language(
            obj,
            name,
            self.context.get("request"),
            lambda: nested(self, CatalogueSummarySerializer, many=True).to_representation(
                related(obj, name)
            ),
        )

    @extend_schema_field(CatalogueSummarySerializer(many=True))
    def get_districts(self, obj) -> list:
        return self._catalogue(obj, "districts")

    @extend_schema_field(CatalogueSummarySerializer(many=True))
    def get_topics(self, obj) -> list:
        return self._catalogue(obj, "topics")

    @extend_schema_field(CatalogueSummarySerializer(many=True))
    def get_age_groups(self, obj) -> list:
        return self._catalogue(obj, "age_groups")

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, obj) -> dict | None:
        return ImageSerializer.of(obj.image, selectors.CARD_RENDITION, self.context.get("request"))

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_updated_at(self, obj) -> str | None:
        """The later of the last publication and the last stage change (see selectors)."""
        return serializers.DateTimeField().to_representation(obj.updated_at)


class BodyMixin(serializers.Serializer):
    body_html = serializers.SerializerMethodField()

    def get_body_html(self, obj) -> str:
        # Block templates resolve internal links as the public sees them (public_richtext);
        # the whole body is cleaned by the allowlist sanitizer, whatever wrote it.
        return str(clean_html(obj.body.render_as_block())) if obj.body else ""


# Alliances ------------------------------------------------------------------------------


class AllianceSummarySerializer(PageSummarySerializer):
    route_name = "api:alliance-detail"
    stages = AllianceStage


class AllianceListSerializer(AllianceSummarySerializer, PageCardSerializer):
    started_on = serializers.DateField(allow_null=True)


class OrganisationMemberSerializer(serializers.Serializer):
    """An organisation among the members (serializes a Membership)."""

    slug = serializers.SlugField(source="organisation.slug")
    name = serializers.CharField(source="organisation.name")
    kind = serializers.SerializerMethodField()
    website = serializers.CharField(
        source="organisation.website", allow_blank=True, help_text="A URL, or empty."
    )
    logo = serializers.SerializerMethodField()
    role = serializers.SerializerMethodField()

    @extend_schema_field(LabelledValueSerializer)
    def get_kind(self, membership) -> dict:
        return LabelledValueSerializer.of(Organisation.Kind, membership.organisation.kind)

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_logo(self, membership) -> dict | None:
        request = self.context.get("request")
        return ImageSerializer.of(membership.organisation.logo, selectors.LOGO_RENDITION, request)

    @extend_schema_field(LabelledValueSerializer)
    def get_role(self, membership) -> dict:
        return LabelledValueSerializer.of(Membership.Role, membership.role)


class NamedPersonSerializer(serializers.Serializer):
    name = serializers.CharField()


class AgeGroupCountSerializer(CatalogueSummarySerializer):
    count = serializers.IntegerField()


class CitizensSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="All citizens among the members.")
    named = NamedPersonSerializer(
        many=True, help_text="Only citizens who consented to their name being shown."
    )
    by_age_group = AgeGroupCountSerializer(
        many=True, help_text="All citizens counted per age group (no names)."
    )


class MembersSerializer(serializers.Serializer):
    organisations = OrganisationMemberSerializer(many=True)
    citizens = CitizensSerializer()


class ContactSerializer(serializers.Serializer):
    email = serializers.CharField(
        allow_blank=True, help_text="A role address of the alliance (e-mail), or empty."
    )
    phone = serializers.CharField(allow_blank=True)
    meeting_place = serializers.CharField(allow_blank=True)
    meeting_schedule = serializers.CharField(allow_blank=True)


def members_of(alliance) -> dict:
    """Organisations in full; citizens by name only with consent, otherwise counted."""
    memberships = related(alliance, "memberships")
    persons = [m.person for m in memberships if m.person_id]
    by_age_group = Counter(p.age_group for p in persons if p.age_group_id)
    return {
        "organisations": [m for m in memberships if m.organisation_id],
        "citizens": {
            "count": len(persons),
            "named": [{"name": p.public_name} for p in persons if p.public_name],
            "by_age_group": [
                {"slug": group.slug, "name": group.name, "count": count}
                for group, count in sorted(
                    by_age_group.items(), key=lambda kv: (kv[0].sort_order, kv[0].name)
                )
            ],
        },
    }


class WantedSerializer(serializers.Serializer):
    """A competence or resource the alliance still looks for: never a person, only counts."""

    kind = serializers.ChoiceField(choices=["competence", "resource"])
    slug = serializers.SlugField()
    name = serializers.CharField()
    still_needed = serializers.IntegerField(min_value=1)
    essential = serializers.BooleanField()


class AllianceDetailSerializer(BodyMixin, AllianceListSerializer):
    purpose = serializers.CharField()
    how_to_join = serializers.CharField(allow_blank=True)
    contact = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()
    services = serializers.SerializerMethodField()
    impact = serializers.SerializerMethodField()
    wanted = serializers.SerializerMethodField()

    @extend_schema_field(WantedSerializer(many=True))
    def get_wanted(self, obj) -> list:
        """What the alliance still looks for ("Wir suchen"), essential first."""
        needs = getattr(obj, "prefetched_wanted", None)  # bulk rendering's, if any
        if needs is None:
            needs = wanted_by_alliance([obj.pk]).get(obj.pk, [])
        return [
            {
                "kind": n.kind,
                "slug": n.slug,
                "name": n.name,
                "still_needed": n.still_needed,
                "essential": n.essential,
            }
            for n in needs
        ]

    @extend_schema_field(ContactSerializer)
    def get_contact(self, obj) -> dict:
        return {
            "email": obj.contact_email,
            "phone": obj.contact_phone,
            "meeting_place": obj.meeting_place,
            "meeting_schedule": obj.meeting_schedule,
        }

    @extend_schema_field(MembersSerializer)
    def get_members(self, obj) -> dict:
        return nested(self, MembersSerializer).to_representation(members_of(obj))

    @extend_schema_field(ServiceSummarySerializer(many=True))
    def get_services(self, obj) -> list:
        services = selectors.public_services_of_alliance(obj)
        return nested(self, ServiceSummarySerializer, many=True).to_representation(services)

    @extend_schema_field(AllianceImpactSerializer)
    def get_impact(self, obj) -> dict:
        prefetched = getattr(obj, "prefetched_impact", None)  # bulk rendering's, if any
        return alliance_impact_data(obj) if prefetched is None else prefetched


# Services -------------------------------------------------------------------------------


class ServiceListSerializer(ServiceSummarySerializer, PageCardSerializer):
    pass


class ServiceDetailSerializer(BodyMixin, ServiceListSerializer):
    offer = serializers.CharField(allow_blank=True)
    required_competences = serializers.ListField(
        child=serializers.CharField(), source="competence_list"
    )
    required_resources = serializers.ListField(
        child=serializers.CharField(), source="resource_list"
    )
    needs = serializers.SerializerMethodField()
    opportunities = serializers.SerializerMethodField()
    alliances = serializers.SerializerMethodField()

    @extend_schema_field(NeedSummarySerializer(many=True))
    def get_needs(self, obj) -> list:
        needs = selectors.public_needs_of_service(obj)
        return nested(self, NeedSummarySerializer, many=True).to_representation(needs)

    @extend_schema_field(OpportunitySummarySerializer(many=True))
    def get_opportunities(self, obj) -> list:
        items = selectors.public_opportunities_of_service(obj)
        return nested(self, OpportunitySummarySerializer, many=True).to_representation(items)

    @extend_schema_field(AllianceSummarySerializer(many=True))
    def get_alliances(self, obj) -> list:
        alliances = selectors.public_alliances_of_service(obj)
        return nested(self, AllianceSummarySerializer, many=True).to_representation(alliances)


# Needs and opportunities ----------------------------------------------------------------


class ItemDetailMixin(BodyMixin):
    services = serializers.SerializerMethodField()

    @extend_schema_field(ServiceSummarySerializer(many=True))
    def get_services(self, obj) -> list:
        services = selectors.public_services_of_item(obj)
        return nested(self, ServiceSummarySerializer, many=True).to_representation(services)


class NeedListSerializer(NeedSummarySerializer, PageCardSerializer):
    pass


class NeedDetailSerializer(ItemDetailMixin, NeedListSerializer):
    pass


class OpportunityListSerializer(OpportunitySummarySerializer, PageCardSerializer):
    pass


class OpportunityDetailSerializer(ItemDetailMixin, OpportunityListSerializer):
    pass
