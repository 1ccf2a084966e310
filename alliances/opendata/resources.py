"""What open data publishes: one explicit field list per resource, public rows only.

Every page resource starts from `publicly_visible()`, the same rule as the partner API.
Persons never appear; reporters of needs are left out.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import HttpRequest
from wagtail.models import Site

from alliances.models import (
    AlliancePage,
    AllianceServiceLink,
    District,
    GapAssessment,
    ItemPage,
    Membership,
    NeedPage,
    OpportunityPage,
    ServiceItemLink,
    ServicePage,
    ServiceRequirement,
    Standard,
)


@dataclass(frozen=True)
class Resource:
    name: str
    description: str
    fields: dict  # field name -> description (the README lists them)
    rows: Callable[[], Iterable[dict]]


def _slugs(related) -> list[str]:
    return [obj.slug for obj in related.all()]


def _decimal(value) -> str | None:
    return None if value is None else str(value)


def _date(value) -> str | None:
    return None if value is None else value.isoformat()


PAGE_FIELDS = {
    "id": "stable numeric id",
    "slug": "stable name in URLs",
    "title": "title",
    "url": "address on the public site",
    "summary": "short description",
    "stage": "workflow stage (code)",
    "districts": "district slugs (CSV: separated by ';')",
    "topics": "topic slugs",
    "age_groups": "age group slugs",
    "last_published_at": "last published (ISO 8601)",
}


def _url_request() -> HttpRequest:
    """What page URLs are built with outside a request: Wagtail keeps the site root paths
    on the request it gets, so an export reads them once, not once per page (a query
    each with the database cache). The site is the default one, as for `full_url`."""
    request = HttpRequest()
    request._wagtail_site = Site.objects.filter(is_default_site=True).first()
    return request


def _page_row(page, request: HttpRequest) -> dict:
    return {
        "id": page.pk,
        "slug": page.slug,
        "title": page.title,
        "url": page.get_full_url(request),
        "summary": page.summary,
        "stage": page.stage,
        "districts": _slugs(page.districts),
        "topics": _slugs(page.topics),
        "age_groups": _slugs(page.age_groups),
        "last_published_at": page.last_published_at.isoformat() if page.last_published_at else None,
    }


def _pages(model):
    return (
        model.objects.publicly_visible()
        .prefetch_related("districts", "topics", "age_groups")
        .order_by("pk")
    )


def alliance_rows():
    public_services = ServicePage.objects.publicly_visible()
    # Prefetch(…, select_related) rather than "memberships__organisation": prefetching
    # the organisations of modelcluster's memberships asked "id = %s OR id = %s …", which
    # SQLite refuses beyond 1,000 organisations (the open data export failed from there).
    alliances = _pages(AlliancePage).prefetch_related(
        Prefetch("memberships", Membership.objects.select_related("organisation")),
        Prefetch("service_links", AllianceServiceLink.objects.select_related("service")),
    )
    public_service_ids = set(public_services.values_list("pk", flat=True))
    request = _url_request()
    for alliance in alliances:
        memberships = list(alliance.memberships.all())
        yield {
            **_page_row(alliance, request),
            "purpose": alliance.purpose,
            "started_on": _date(alliance.started_on),
            "services": [
                link.service.slug
                for link in alliance.service_links.all()
                if link.service_id in public_service_ids
            ],
            "organisations": [m.organisation.name for m in memberships if m.organisation_id],
            "citizens": sum(1 for m in memberships if m.person_id),
        }


def service_rows():
    public_items = set(ItemPage.objects.publicly_visible().values_list("pk", flat=True))
    public_alliances = set(AlliancePage.objects.publicly_visible().values_list("pk", flat=True))
    services = _pages(ServicePage).prefetch_related(
        Prefetch("item_links", ServiceItemLink.objects.select_related("item")),
        Prefetch("alliance_links", AllianceServiceLink.objects.select_related("alliance")),
        Prefetch(
            "requirements", ServiceRequirement.objects.select_related("competence", "resource")
        ),
    )
    request = _url_request()
    for service in services:
        yield {
            **_page_row(service, request),
            "offer": service.offer,
            "required_competences": service.competence_list,
            "required_resources": service.resource_list,
            "needs_and_opportunities": [
                link.item.slug for link in service.item_links.all() if link.item_id in public_items
            ],
            "alliances": [
                link.alliance.slug
                for link in service.alliance_links.all()
                if link.alliance_id in public_alliances
            ],
        }


GAP_FIELDS = {
    "standard": "id of the standard",
    "actual_value": "actual value",
    "target_value": "target value",
    "unit": "unit",
    "gap": "shortfall against the target (0 = met)",
    "measured_on": "date of measurement",
    "source": "source of the measurement",
    "remeasured_value": "re-measured actual value",
    "remeasured_on": "date of the re-measurement",
}


def _gap_row(gap: GapAssessment) -> dict:
    return {
        "standard": gap.standard_id,
        "actual_value": _decimal(gap.actual_value),
        "target_value": _decimal(gap.effective_target),
        "unit": gap.effective_unit,
        "gap": _decimal(gap.gap),
        "measured_on": _date(gap.measured_on),
        "source": gap.source,
        "remeasured_value": _decimal(gap.remeasured_value),
        "remeasured_on": _date(gap.remeasured_on),
    }


def _item_rows(model):
    gaps = Prefetch("gap_assessments", GapAssessment.objects.select_related("standard"))
    request = _url_request()
    for item in _pages(model).prefetch_related(gaps):
        yield {
            **_page_row(item, request),
            "priority": item.priority,
            "captured_on": _date(item.captured_on),
            "relative_gap": _decimal(item.relative_gap),
            "gaps": [_gap_row(gap) for gap in item.gap_assessments.all()],
        }


def gap_rows():
    items = ItemPage.objects.publicly_visible()
    gaps = (
        GapAssessment.objects.filter(item__in=items.values("pk"))
        .select_related("standard", "item")
        .order_by("item_id", "sort_order", "pk")
    )
    for gap in gaps:
        yield {"item": gap.item_id, "item_slug": gap.item.slug, **_gap_row(gap)}


def standard_rows():
    for standard in Standard.objects.order_by("pk"):
        yield {
            "id": standard.pk,
            "title": standard.title,
            "kind": standard.kind,
            "reference": standard.reference,
            "indicator": standard.indicator,
            "target_value": _decimal(standard.target_value),
            "unit": standard.unit,
            "direction": standard.direction,
            "link": standard.link,
            "valid_from": _date(standard.valid_from),
        }


def district_rows():
    for district in District.objects.order_by("pk"):
        yield {"id": district.pk, "slug": district.slug, "name": district.name}


def impact_rows():
    from alliances.impact import public_impact_reports

    for report in public_impact_reports().order_by("alliance_id", "period_start", "pk"):
        yield {
            "alliance": report.alliance_id,
            "alliance_slug": report.alliance.slug,
            "alliance_title": report.alliance.title,
            "period_start": _date(report.period_start),
            "period_end": _date(report.period_end),
            "people_reached": report.people_reached,
            "volunteer_hours": _decimal(report.volunteer_hours),
            "what_changed": report.what_changed,
            "districts": _slugs(report.alliance.districts),
            "topics": _slugs(report.alliance.topics),
        }


ITEM_FIELDS = {
    **PAGE_FIELDS,
    "priority": "priority 1 (low) to 4 (urgent)",
    "captured_on": "date captured",
    "relative_gap": "mean shortfall of all gaps as a share of their targets (0 = met)",
    "gaps": "gap assessments (JSON only; CSV: see gaps.csv)",
}

RESOURCES = [
    Resource(
        "alliances",
        "Arnsberg alliances",
        {
            **PAGE_FIELDS,
            "purpose": "what the alliance joins forces for",
            "started_on": "founded on",
            "services": "slugs of the services it delivers",
            "organisations": "names of the member organisations",
            "citizens": "number of citizen members (never names)",
        },
        alliance_rows,
    ),
    Resource(
        "services",
        "Services",
        {
            **PAGE_FIELDS,
            "offer": "what the service offers",
            "required_competences": "competences required",
            "required_resources": "resources required",
            "needs_and_opportunities": "slugs of the needs and opportunities it meets",
            "alliances": "slugs of the alliances delivering it",
        },
        service_rows,
    ),
    Resource("needs", "Needs", ITEM_FIELDS, lambda: _item_rows(NeedPage)),
    Resource(
        "opportunities",
        "Development opportunities",
        ITEM_FIELDS,
        lambda: _item_rows(OpportunityPage),
    ),
    Resource(
        "gaps",
        "Gap assessments of the public needs and opportunities",
        {"item": "id of the need or opportunity", "item_slug": "its slug", **GAP_FIELDS},
        gap_rows,
    ),
    Resource(
        "standards",
        "Standards and goals",
        {
            "id": "stable numeric id",
            "title": "title",
            "kind": "law, regulation, council_resolution, city_goal or professional",
            "reference": "reference (paragraph, resolution number)",
            "indicator": "what is measured",
            "target_value": "target value",
            "unit": "unit",
            "direction": "at_least or at_most",
            "link": "link to the source",
            "valid_from": "valid from",
        },
        standard_rows,
    ),
    Resource(
        "districts",
        "The districts of Arnsberg",
        {"id": "stable numeric id", "slug": "slug", "name": "name"},
        district_rows,
    ),
    Resource(
        "impact",
        "Published impact reports of the public alliances",
        {
            "alliance": "id of the alliance",
            "alliance_slug": "its slug",
            "alliance_title": "its title",
            "period_start": "period from",
            "period_end": "period until",
            "people_reached": "people reached",
            "volunteer_hours": "volunteer hours",
            "what_changed": "what changed",
            "districts": "district slugs of the alliance",
            "topics": "topic slugs of the alliance",
        },
        impact_rows,
    ),
]
