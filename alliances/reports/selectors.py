"""Reads behind the Kernteam reports and dashboard: counts over the whole programme.

Internal figures: they count every item by its stage, public or not.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Case, Count, DecimalField, F, Max, Min, Q, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from alliances.models import (
    AgeGroup,
    AlliancePage,
    AllianceServiceLink,
    District,
    GapAssessment,
    ItemPage,
    Membership,
    NeedPage,
    OpportunityPage,
    Organisation,
    ServiceItemLink,
    ServicePage,
    Standard,
)
from alliances.stages import AllianceStage, ItemStage, ServiceStage
from workflows.models import TransitionLog
from workflows.registry import stage_display, workflow_key, workflow_models
from workflows.selectors import lead_times, reminder_periods

# An item is open until it is closed or declined; on hold it is still open.
OPEN_ITEM_STAGES = frozenset(set(ItemStage) - {ItemStage.CLOSED, ItemStage.DECLINED})
# The order of the pipeline, as the funnel shows it.
PIPELINE_STAGES = (
    ItemStage.CAPTURED,
    ItemStage.IN_ANALYSIS,
    ItemStage.IN_DEFINITION,
    ItemStage.ALLIANCE_FORMING,
    ItemStage.ALLIANCE_ACTIVE,
    ItemStage.CLOSED,
)


def per_district(pages) -> Counter:
    """{district id: number of `pages`} for a queryset of one programme page type: one
    grouped query over the page type's district links."""
    field = pages.model._meta.get_field("districts")
    through = field.remote_field.through
    column = field.m2m_field_name()
    counted = (
        through.objects.filter(**{f"{column}__in": pages.values("pk")})
        .values("district_id")
        .annotate(n=Count("pk"))
        .values_list("district_id", "n")
    )
    return Counter(dict(counted))


def district_coverage(districts=None) -> list[District]:
    """Districts with their open needs and opportunities, active alliances and defined
    services (attributes of each district), neediest first; `is_blind_spot`: open needs or
    opportunities but no active alliance.

    Four grouped queries and one for the districts, whatever the number of pages: the
    districts are a short catalogue, the pages are many (a correlated count per district
    and page type cost 60 ms at 10,000 alliances, these 15 ms)."""
    districts = District.objects.all() if districts is None else districts
    counts = {
        "open_needs": per_district(NeedPage.objects.filter(stage__in=OPEN_ITEM_STAGES)),
        "open_opportunities": per_district(
            OpportunityPage.objects.filter(stage__in=OPEN_ITEM_STAGES)
        ),
        "active_alliances": per_district(AlliancePage.objects.filter(stage=AllianceStage.ACTIVE)),
        "services": per_district(ServicePage.objects.filter(stage=ServiceStage.DEFINED)),
    }
    rows = list(districts)
    for district in rows:
        for name, counted in counts.items():
            setattr(district, name, counted[district.pk])
        district.is_blind_spot = not district.active_alliances and bool(
            district.open_needs or district.open_opportunities
        )
    return sorted(rows, key=lambda d: (-d.open_needs, -d.open_opportunities, d.name))


def blind_spots(rows: list[District] | None = None) -> list[District]:
    """Districts with open needs or opportunities but no active alliance, neediest first."""
    return [d for d in (district_coverage() if rows is None else rows) if d.is_blind_spot]


def top_blind_spots(limit: int = 3) -> list[District]:
    """The districts with the most open needs and no active alliance."""
    return [d for d in blind_spots() if d.open_needs][:limit]


def items_per_stage(items=None) -> list[tuple[str, str, int]]:
    """(stage value, label, number of items) for every stage, in pipeline order."""
    items = ItemPage.objects.all() if items is None else items
    counts = dict(items.order_by().values_list("stage").annotate(n=Count("pk")))
    order = [*PIPELINE_STAGES, ItemStage.ON_HOLD, ItemStage.DECLINED]
    return [(stage.value, stage.label, counts.get(stage.value, 0)) for stage in order]


@dataclass
class StandardGaps:
    standard: Standard
    items: int = 0
    gap_sum: Decimal = Decimal(0)
    gap_count: int = 0
    extremes: tuple = (None, None)  # smallest and largest gap
    middle: list = field(default_factory=list)  # the middle gap, or the two middle ones
    open_gaps: int = 0
    addressed_by_service: int = 0
    closed_by_remeasurement: int = 0

    @property
    def gap_min(self):
        return self.extremes[0]

    @property
    def gap_median(self):
        if not self.middle:
            return None
        return self.middle[0] if len(self.middle) == 1 else (self.middle[0] + self.middle[1]) / 2

    @property
    def gap_max(self):
        return self.extremes[1]

    @property
    def unit(self) -> str:
        return self.standard.unit


CENTS = Decimal("0.01")  # the decimal places of the values


def _gap(value):
    """A gap as `Standard.shortfall` returns it: in the values' decimal places (SQLite
    sums in floating point), and a target met or exceeded as a plain 0."""
    if value is None:
        return None
    value = Decimal(value).quantize(CENTS)
    return Decimal(0) if value == 0 else value


def _remeasured_gap():
    """`Standard.shortfall(remeasured_value, effective target)` as an expression (NULL, or
    on PostgreSQL 0, without a re-measurement: GREATEST skips a NULL there)."""
    target = Coalesce("target_value", "standard__target_value")
    actual = F("remeasured_value")
    missing = Case(
        When(standard__direction=Standard.Direction.AT_LEAST, then=target - actual),
        default=actual - target,
        output_field=DecimalField(max_digits=13, decimal_places=2),
    )
    return Greatest(missing, Value(Decimal(0)))


def _middle_gaps(assessments, counts: dict[int, int]) -> list[tuple[int, Decimal]]:
    """(standard id, gap) of the middle assessment by gap of each standard, or of the two
    middle ones if it has an even number (as `statistics.median` takes them): one query,
    each part reading its standard's gaps in order from the index (standard, stored_gap)."""
    if not counts:
        return []
    gaps, gaps_params = (
        assessments.order_by().values_list("standard_id", "stored_gap").query.sql_with_params()
    )
    standard_id, gap = (connection.ops.quote_name(name) for name in ("standard_id", "stored_gap"))
    parts, params = [], []
    for number, (standard, count) in enumerate(sorted(counts.items())):
        parts.append(
            f"SELECT * FROM (SELECT g.{standard_id}, g.{gap} FROM ({gaps}) g "  # noqa: S608
            f"WHERE g.{standard_id} = %s ORDER BY g.{gap} LIMIT %s OFFSET %s) middle_{number}"
        )
        params += [*gaps_params, standard, 2 - count % 2, (count - 1) // 2]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


def gaps_per_standard(standards=None) -> list[StandardGaps]:
    """Per standard: items assessed, sum and spread of the gap, addressed, closed.

    "Addressed" means the item is met by a defined service; "closed by re-measurement" means
    the re-measured value meets the target. Four queries over the assessments' stored gaps
    (grouped; grouped among the addressed; among the re-measured; the middle one or two of
    each standard for the median), whatever their number: no row per assessment in Python.
    """
    standards = Standard.objects.all() if standards is None else standards
    rows = {s.pk: StandardGaps(standard=s) for s in standards}
    assessments = GapAssessment.objects.filter(standard__in=list(rows)).order_by()
    sums = assessments.values("standard_id").annotate(
        items=Count("item_id", distinct=True),
        assessments=Count("*"),
        gap_sum=Sum("stored_gap"),
        gap_min=Min("stored_gap"),
        gap_max=Max("stored_gap"),
        open_gaps=Count("pk", filter=Q(stored_gap__gt=0)),
    )
    for values in sums:
        row = rows[values["standard_id"]]
        row.items = values["items"]
        row.gap_sum = _gap(values["gap_sum"])
        row.gap_count = values["assessments"]
        row.extremes = (_gap(values["gap_min"]), _gap(values["gap_max"]))
        row.open_gaps = values["open_gaps"]
    addressed = ServiceItemLink.objects.filter(service__stage=ServiceStage.DEFINED)
    for standard_id, count in (
        assessments.filter(item_id__in=addressed.values("item_id"))
        .values_list("standard_id")
        .annotate(count=Count("pk"))
    ):
        rows[standard_id].addressed_by_service = count
    for standard_id, count in (
        assessments.filter(stored_gap__gt=0, remeasured_value__isnull=False)
        .annotate(remeasured_gap=_remeasured_gap())
        .filter(remeasured_gap=0)
        .values_list("standard_id")
        .annotate(count=Count("pk"))
    ):
        rows[standard_id].closed_by_remeasurement = count
    counts = {row.standard.pk: row.gap_count for row in rows.values() if row.gap_count}
    for standard_id, gap in _middle_gaps(assessments, counts):
        rows[standard_id].middle.append(_gap(gap))
    return sorted(rows.values(), key=lambda r: (-r.gap_sum, r.standard.title))


# How organisation kinds count in the partnership balance.
ORGANISATION_BUCKETS = {
    Organisation.Kind.COMPANY: "companies",
    Organisation.Kind.INSTITUTION: "institutions",
    Organisation.Kind.PUBLIC_BODY: "institutions",
    Organisation.Kind.ASSOCIATION: "associations",
    Organisation.Kind.INITIATIVE: "associations",
}


@dataclass
class Balance:
    alliance: AlliancePage
    citizens: int = 0
    companies: int = 0
    institutions: int = 0
    associations: int = 0
    by_age_group: dict = field(default_factory=dict)  # AgeGroup pk -> count

    @property
    def kinds(self) -> int:
        counts = (self.citizens, self.companies, self.institutions, self.associations)
        return sum(1 for n in counts if n)

    @property
    def generations(self) -> int:
        """Age groups with at least one citizen; a citizen without an age group adds none."""
        return sum(1 for n in self.by_age_group.values() if n)

    @property
    def is_mixed(self) -> bool:
        """Citizens and organisations together, and citizens of at least two generations.

        The same rule as `mixed_alliances()`, for the rows already loaded."""
        has_organisation = self.companies or self.institutions or self.associations
        return bool(self.citizens and has_organisation and self.generations >= 2)


def mixed_alliances():
    """The ids of mixed alliances (see `Balance.is_mixed`), as a subquery: one grouped
    pass over the memberships, so filtering or counting by it needs no rows in Python."""
    return (
        Membership.objects.order_by()
        .values("alliance_id")
        .annotate(
            citizens=Count("pk", filter=Q(person__isnull=False)),
            organisations=Count("pk", filter=Q(organisation__isnull=False)),
            generations=Count("person__age_group", distinct=True),
        )
        .filter(citizens__gt=0, organisations__gt=0, generations__gte=2)
        .values("alliance_id")
    )


def partnership_balance(alliances) -> list[Balance]:
    """Members of each of `alliances` (pages, in their order) by kind, citizens by age group.

    One query, whatever the number of alliances given: meant for the page of a report or a
    chunk of an export, not for the whole programme at once (see `iter_partnership_balance`).
    """
    rows = {a.pk: Balance(alliance=a) for a in alliances}
    memberships = Membership.objects.filter(alliance_id__in=list(rows)).values_list(
        "alliance_id", "person__age_group_id", "person_id", "organisation__kind"
    )
    for alliance_id, age_group_id, person_id, organisation_kind in memberships:
        row = rows[alliance_id]
        if person_id:
            row.citizens += 1
            if age_group_id is not None:
                row.by_age_group[age_group_id] = row.by_age_group.get(age_group_id, 0) + 1
        else:
            bucket = ORGANISATION_BUCKETS[organisation_kind]
            setattr(row, bucket, getattr(row, bucket) + 1)
    return list(rows.values())


def iter_partnership_balance(alliances, chunk_size: int = 1000):
    """`partnership_balance` over a whole queryset of alliances, `chunk_size` at a time."""
    chunk = []
    for alliance in alliances.iterator(chunk_size):
        chunk.append(alliance)
        if len(chunk) == chunk_size:
            yield from partnership_balance(chunk)
            chunk = []
    if chunk:
        yield from partnership_balance(chunk)


def partnership_totals(alliances) -> dict[str, int]:
    """Members of all `alliances` (a queryset) by kind, and how many are not mixed.

    {"citizens": n, "companies": n, "institutions": n, "associations": n, "not_mixed": n}
    """
    bucket_filters = {
        bucket: Q(
            organisation__kind__in=[k for k, b in ORGANISATION_BUCKETS.items() if b == bucket]
        )
        for bucket in dict.fromkeys(ORGANISATION_BUCKETS.values())
    }
    totals = Membership.objects.filter(alliance__in=alliances.values("pk")).aggregate(
        citizens=Count("pk", filter=Q(person__isnull=False)),
        **{bucket: Count("pk", filter=q) for bucket, q in bucket_filters.items()},
    )
    totals["not_mixed"] = alliances.exclude(pk__in=mixed_alliances()).count()
    return totals


def age_groups() -> list[AgeGroup]:
    return list(AgeGroup.objects.all())


def services_without_active_alliance():
    """Defined services that no active alliance delivers."""
    # One set of delivered services, not a correlated subquery per service (which SQLite
    # ran as a scan of the active alliances for each service: quadratic).
    delivered = AllianceServiceLink.objects.filter(alliance__stage=AllianceStage.ACTIVE)
    return ServicePage.objects.filter(stage=ServiceStage.DEFINED).exclude(
        pk__in=delivered.values("service_id")
    )


def overdue_per_stage(items=None, *, now=None) -> dict[str, int]:
    """Items that stayed longer than their stage's reminder period (stage rules)."""
    items = ItemPage.objects.all() if items is None else items
    now = now or timezone.now()
    return {
        stage: items.filter(stage=stage, stage_changed_at__lte=now - timedelta(days=days)).count()
        for stage, days in reminder_periods(ItemPage).items()
    }


def item_lead_times() -> dict[str, dict]:
    """Median and 90th percentile days per stage, from the transition log (workflows)."""
    return lead_times(ItemPage)


@dataclass
class RecentTransition:
    log: TransitionLog
    source_label: str
    target_label: str


def recent_transitions(*, days: int = 7, limit: int = 15, now=None) -> list[RecentTransition]:
    """The latest stage changes of the last `days` days, newest first."""
    now = now or timezone.now()
    models = {workflow_key(model): model for model in workflow_models()}
    logs = TransitionLog.objects.filter(created_at__gte=now - timedelta(days=days)).select_related(
        "page", "by"
    )[:limit]
    result = []
    for log in logs:
        model = models.get(log.workflow)
        result.append(
            RecentTransition(
                log=log,
                source_label=stage_display(model, log.source) if model else log.source,
                target_label=stage_display(model, log.target) if model else log.target,
            )
        )
    return result


def assigned_to(user, *, limit: int = 20, now=None) -> list:
    """The pages with a stage assigned to the user (needs, opportunities, services,
    alliances): overdue first, then longest waiting.

    Each page gets `is_overdue` (longer in its stage than the stage rule's reminder period).
    """
    now = now or timezone.now()
    pages = []
    for model in (ItemPage, ServicePage, AlliancePage):
        reminder_days = reminder_periods(model)
        for page in model.objects.filter(assignee=user):
            days = reminder_days.get(page.stage)
            page.is_overdue = bool(
                days
                and page.stage_changed_at
                and page.stage_changed_at <= now - timedelta(days=days)
            )
            pages.append(page)
    pages.sort(
        key=lambda page: (
            not page.is_overdue,
            page.stage_changed_at is None,
            page.stage_changed_at or now,
            page.pk,
        )
    )
    return pages[:limit]
