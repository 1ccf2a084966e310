"""The prepared, public-only querysets behind the API, the embed widget and webhooks.

Each starts from the model's `publicly_visible()` (the one definition of "public") and adds
what the serializers read, so a list costs the same handful of queries at any page size.
"""

from collections import defaultdict

from django.db.models import F, Prefetch, QuerySet
from django.db.models.functions import Coalesce, Greatest
from wagtail.images import get_image_model

from alliances.models import (
    AgeGroup,
    AlliancePage,
    Competence,
    District,
    Membership,
    NeedPage,
    OpportunityPage,
    Resource,
    ServicePage,
    ServiceRequirement,
    Standard,
    Topic,
)

KIND_OF_MODEL = {
    AlliancePage: "alliance",
    ServicePage: "service",
    NeedPage: "need",
    OpportunityPage: "opportunity",
}

# One rendition per image in lists and details: a card-sized crop, and a logo size.
CARD_RENDITION = "fill-640x400"
LOGO_RENDITION = "max-240x120"


def requirements_prefetch() -> Prefetch:
    return Prefetch(
        "requirements",
        queryset=ServiceRequirement.objects.select_related("competence", "resource"),
    )


def renditions_prefetch(path: str, spec: str) -> Prefetch:
    """Prefetch the one rendition the serializers use, on an image reached by `path`."""
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        f"{path}__renditions",
        queryset=rendition_model.objects.filter(filter_spec=spec),
        to_attr="prefetched_renditions",
    )


def with_updated_at(queryset: QuerySet) -> QuerySet:
    """Annotate `updated_at`: the later of the last publication and the last stage change."""
    published, staged = F("last_published_at"), F("stage_changed_at")
    return queryset.annotate(
        updated_at=Greatest(Coalesce(published, staged), Coalesce(staged, published))
    )


# The catalogue entries every card lists. Bulk rendering (`bulk=True` below) attaches them
# itself from shared lookups (api.readmodel.rendering): a prefetch builds a queryset per
# page and relation, which costs more than the rest of a card.
CATALOGUES = ("districts", "topics", "age_groups")


def _catalogues(bulk: bool) -> tuple:
    return () if bulk else CATALOGUES


def _cards(queryset: QuerySet, *, bulk: bool = False) -> QuerySet:
    return (
        with_updated_at(queryset)
        .select_related("image")
        .defer("body")
        .prefetch_related(*_catalogues(bulk), renditions_prefetch("image", CARD_RENDITION))
    )


def _summaries(queryset: QuerySet) -> QuerySet:
    return queryset.only(
        "id", "title", "slug", "url_path", "summary", "stage", "last_published_at"
    ).order_by("title", "pk")


def alliance_list_queryset(*, bulk: bool = False) -> QuerySet:
    return _cards(AlliancePage.objects.publicly_visible(), bulk=bulk)


def memberships_queryset(*, consents: bool = True) -> QuerySet:
    """Memberships as an alliance's detail lists them (logo rendition, and the persons'
    consents unless the caller attaches them)."""
    return Membership.objects.select_related(
        "organisation__logo", "person__age_group"
    ).prefetch_related(
        renditions_prefetch("organisation__logo", LOGO_RENDITION),
        *(("person__consents",) if consents else ()),
    )


def alliance_detail_queryset(*, bulk: bool = False) -> QuerySet:
    """`bulk`: without the catalogues and memberships, which bulk rendering attaches."""
    members = () if bulk else (Prefetch("memberships", queryset=memberships_queryset()),)
    return (
        with_updated_at(AlliancePage.objects.publicly_visible())
        .select_related("image")
        .prefetch_related(
            *_catalogues(bulk), renditions_prefetch("image", CARD_RENDITION), *members
        )
    )


def service_list_queryset(*, bulk: bool = False) -> QuerySet:
    return _cards(ServicePage.objects.publicly_visible(), bulk=bulk)


def service_detail_queryset(*, bulk: bool = False) -> QuerySet:
    return (
        with_updated_at(ServicePage.objects.publicly_visible())
        .select_related("image")
        .prefetch_related(
            *_catalogues(bulk),
            renditions_prefetch("image", CARD_RENDITION),
            requirements_prefetch(),
        )
    )


def need_list_queryset(*, bulk: bool = False) -> QuerySet:
    return _cards(NeedPage.objects.publicly_visible(), bulk=bulk)


def need_detail_queryset(*, bulk: bool = False) -> QuerySet:
    return need_list_queryset(bulk=bulk).defer(None)


def opportunity_list_queryset(*, bulk: bool = False) -> QuerySet:
    return _cards(OpportunityPage.objects.publicly_visible(), bulk=bulk)


def opportunity_detail_queryset(*, bulk: bool = False) -> QuerySet:
    return opportunity_list_queryset(bulk=bulk).defer(None)


def _bulk(page, attribute: str):
    """What bulk rendering fetched for the whole batch (api.readmodel.rendering), if any."""
    return getattr(page, attribute, None)


def public_services_of_alliance(alliance: AlliancePage) -> QuerySet | list:
    found = _bulk(alliance, "public_services")
    if found is not None:
        return found
    return _summaries(
        ServicePage.objects.publicly_visible().filter(alliance_links__alliance=alliance)
    )


def public_alliances_of_service(service: ServicePage) -> QuerySet | list:
    found = _bulk(service, "public_alliances")
    if found is not None:
        return found
    return _summaries(
        AlliancePage.objects.publicly_visible().filter(service_links__service=service)
    )


def public_needs_of_service(service: ServicePage) -> QuerySet | list:
    found = _bulk(service, "public_needs")
    if found is not None:
        return found
    return _summaries(NeedPage.objects.publicly_visible().filter(service_links__service=service))


def public_opportunities_of_service(service: ServicePage) -> QuerySet | list:
    found = _bulk(service, "public_opportunities")
    if found is not None:
        return found
    return _summaries(
        OpportunityPage.objects.publicly_visible().filter(service_links__service=service)
    )


def public_services_of_item(item) -> QuerySet | list:
    found = _bulk(item, "public_services")
    if found is not None:
        return found
    return _summaries(ServicePage.objects.publicly_visible().filter(item_links__item=item))


# What a detail lists, per page type: (attribute, listed model, link from the listed page).
LINKED = {
    AlliancePage: [("public_services", ServicePage, "alliance_links__alliance")],
    ServicePage: [
        ("public_needs", NeedPage, "service_links__service"),
        ("public_opportunities", OpportunityPage, "service_links__service"),
        ("public_alliances", AlliancePage, "service_links__service"),
    ],
    NeedPage: [("public_services", ServicePage, "item_links__item")],
    OpportunityPage: [("public_services", ServicePage, "item_links__item")],
}


def linked_summaries(model: type, page_ids: list[int]) -> dict[str, dict[int, list]]:
    """{attribute: {page id: the public pages its detail lists}} for a batch of pages of one
    type, one query per relation, in the order of the single-page selectors above."""
    result = {}
    for attribute, listed, link in LINKED[model]:
        # The listed pages' ids first, from the link table: otherwise SQLite checked every
        # page of the listed type for visibility before joining the batch's links (a batch
        # of 500 alliances cost 0.4 s at 10,000 alliances and 5 s at 100,000).
        linked_ids = listed.objects.filter(**{f"{link}__in": page_ids}).values_list("pk", flat=True)
        rows = _summaries(
            listed.objects.filter(pk__in=list(linked_ids))
            .publicly_visible()
            .filter(**{f"{link}__in": page_ids})
        ).annotate(listed_for=F(link))
        grouped = defaultdict(list)
        for row in rows:
            grouped[row.listed_for].append(row)
        result[attribute] = grouped
    return result


def district_queryset() -> QuerySet:
    return District.objects.order_by("name", "pk")


def competence_queryset() -> QuerySet:
    """The reviewed catalogue; entries made from free text wait for the Kernteam."""
    return Competence.objects.reviewed().order_by("name", "pk")


def resource_queryset() -> QuerySet:
    return Resource.objects.reviewed().order_by("name", "pk")


def topic_queryset() -> QuerySet:
    return Topic.objects.order_by("name", "pk")


def age_group_queryset() -> QuerySet:
    return AgeGroup.objects.order_by("sort_order", "name", "pk")


def standard_queryset() -> QuerySet:
    return Standard.objects.order_by("title", "pk")
