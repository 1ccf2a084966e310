"""Explainable matching: what an alliance still needs, and who could bring it, and why.

Pure functions (`coverage`, `score`, `rank`) work on plain data; one selector
(`alliance_matching`) loads that data in a fixed number of queries, however many persons,
organisations and sign-ups there are. Persons are suggested only with their consent to be
asked (an active `Consent` for `Purpose.CONTACT`); nothing here leaves the admin.

Other apps add offerers (the API's confirmed sign-ups) with `register_source`, so this
module needs no import from them. The models are looked up by name: the edit views'
panel (`alliances.panels`, which the models import) calls this module.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from alliances.models.consent import Purpose, has_active_consent

Key = tuple[str, int]  # ("competence" | "resource", catalogue id)

POINTS_ESSENTIAL = 10
POINTS_OPTIONAL = 5
POINTS_SAME_DISTRICT = 6
POINTS_NEIGHBOUR = 3
POINTS_GENERATION = 4


@dataclass(frozen=True)
class Need:
    kind: str
    entry_id: int
    name: str
    slug: str
    needed: int
    covered: int
    essential: bool

    @property
    def key(self) -> Key:
        return (self.kind, self.entry_id)

    @property
    def still_needed(self) -> int:
        return max(self.needed - self.covered, 0)


@dataclass
class Offerer:
    """Someone who offers catalogue entries: a person, an organisation or a sign-up."""

    kind: str  # "person" | "organisation" | "signup"
    id: int
    name: str
    offers: set[Key]
    district_id: int | None = None
    age_group_id: int | None = None
    age_group_name: str = ""
    notes: dict[Key, str] = field(default_factory=dict)
    signed_up_for_this: bool = False


@dataclass
class Suggestion:
    offerer: Offerer
    score: int
    covers: list[Need]
    reasons: list[str]


@dataclass
class Context:
    """What scoring needs to know of the alliance."""

    district_ids: set[int]
    neighbour_ids: set[int]
    age_group_ids: set[int]
    age_group_names: list[str]
    district_names: dict[int, str]


def coverage(requirements: Iterable[dict], contributed: Counter) -> list[Need]:
    """Sum the requirements per entry and set them against what members contribute.

    `requirements`: dicts with kind, entry_id, name, slug, quantity, essential;
    `contributed`: Counter of keys (one per member who brings the entry).
    """
    summed: dict[Key, dict] = {}
    for row in requirements:
        key = (row["kind"], row["entry_id"])
        need = summed.setdefault(key, {**row, "quantity": 0, "essential": False})
        need["quantity"] += row["quantity"]
        need["essential"] = need["essential"] or row["essential"]
    return sorted(
        (
            Need(
                kind=row["kind"],
                entry_id=row["entry_id"],
                name=row["name"],
                slug=row["slug"],
                needed=row["quantity"],
                covered=min(contributed[key], row["quantity"]),
                essential=row["essential"],
            )
            for key, row in summed.items()
        ),
        key=lambda n: (not n.essential, n.kind, n.name),
    )


def score(offerer: Offerer, missing: list[Need], context: Context) -> Suggestion | None:
    """How well `offerer` fills the gaps, with every reason in German; None if not at all."""
    covers = [need for need in missing if need.key in offerer.offers]
    if not covers:
        return None
    points = sum(POINTS_ESSENTIAL if n.essential else POINTS_OPTIONAL for n in covers)
    offered = [
        f"{n.name} ({offerer.notes[n.key]})" if offerer.notes.get(n.key) else n.name for n in covers
    ]
    reasons = [_("Offers what is missing: %(entries)s") % {"entries": ", ".join(offered)}]
    if any(n.essential for n in covers):
        reasons[0] += " " + _("(essential)")
    district = offerer.district_id
    if district in context.district_ids:
        points += POINTS_SAME_DISTRICT
        reasons.append(
            _("From the same district: %(district)s")
            % {"district": context.district_names.get(district, "")}
        )
    elif district in context.neighbour_ids:
        points += POINTS_NEIGHBOUR
        reasons.append(
            _("From the neighbouring district %(district)s")
            % {"district": context.district_names.get(district, "")}
        )
    if (
        len(context.age_group_ids) == 1
        and offerer.age_group_id
        and offerer.age_group_id not in context.age_group_ids
    ):
        points += POINTS_GENERATION
        reasons.append(
            _("Brings another generation: %(group)s (so far only %(others)s)")
            % {"group": offerer.age_group_name, "others": context.age_group_names[0]}
        )
    if offerer.signed_up_for_this:
        reasons.append(_("Has signed up for this alliance and confirmed it."))
    return Suggestion(offerer=offerer, score=points, covers=covers, reasons=reasons)


KIND_ORDER = {"signup": 0, "person": 1, "organisation": 2}


def rank(offerers: Iterable[Offerer], missing: list[Need], context: Context, *, limit=20):
    """The best `limit` suggestions: highest score first, then sign-ups, persons, names."""
    scored = [s for s in (score(o, missing, context) for o in offerers) if s]
    scored.sort(key=lambda s: (-s.score, KIND_ORDER[s.offerer.kind], s.offerer.name))
    return scored[:limit]


# --- sources of offerers --------------------------------------------------------------

Source = Callable[..., list[Offerer]]
_SOURCES: list[Source] = []


def register_source(source: Source) -> None:
    """Add offerers from another app: `source(keys=…, alliance_id=…, exclude=…)`."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def _model(name: str):
    return apps.get_model("alliances", name)


def _split(keys: set[Key]) -> tuple[list[int], list[int]]:
    return (
        sorted(i for k, i in keys if k == "competence"),
        sorted(i for k, i in keys if k == "resource"),
    )


def person_offerers(*, keys: set[Key], exclude_person_ids: set[int]) -> list[Offerer]:
    """Persons who offer any of `keys` and agreed to be asked (three queries)."""
    competence_ids, resource_ids = _split(keys)
    offers: dict[int, set[Key]] = defaultdict(set)
    for field_name, kind, ids in (
        ("offered_competences", "competence", competence_ids),
        ("offered_resources", "resource", resource_ids),
    ):
        if not ids:
            continue
        through = _model("Person")._meta.get_field(field_name).remote_field.through
        for person_id, entry_id in through.objects.filter(
            has_active_consent(Purpose.CONTACT, "person_id"), **{f"{kind}_id__in": ids}
        ).values_list("person_id", f"{kind}_id"):
            if person_id not in exclude_person_ids:
                offers[person_id].add((kind, entry_id))
    if not offers:
        return []
    return [
        Offerer(
            kind="person",
            id=row["id"],
            name=f"{row['first_name']} {row['last_name']}",
            offers=offers[row["id"]],
            district_id=row["district_id"],
            age_group_id=row["age_group_id"],
            age_group_name=row["age_group__name"] or "",
        )
        for row in _model("Person")
        .objects.filter(has_active_consent(Purpose.CONTACT), pk__in=offers)
        .values("id", "first_name", "last_name", "district_id", "age_group_id", "age_group__name")
    ]


def organisation_offerers(*, keys: set[Key], exclude_ids: set[int]) -> list[Offerer]:
    competence_ids, resource_ids = _split(keys)
    found: dict[int, Offerer] = {}
    rows = (
        _model("OrganisationOffer")
        .objects.filter(Q(competence_id__in=competence_ids) | Q(resource_id__in=resource_ids))
        .exclude(organisation_id__in=exclude_ids)
        .values(
            "organisation_id",
            "organisation__name",
            "organisation__district_id",
            "competence_id",
            "resource_id",
            "note",
        )
    )
    for row in rows:
        offerer = found.setdefault(
            row["organisation_id"],
            Offerer(
                kind="organisation",
                id=row["organisation_id"],
                name=row["organisation__name"],
                offers=set(),
                district_id=row["organisation__district_id"],
            ),
        )
        key = (
            ("competence", row["competence_id"])
            if row["competence_id"]
            else ("resource", row["resource_id"])
        )
        offerer.offers.add(key)
        if row["note"]:
            offerer.notes[key] = row["note"]
    return list(found.values())


# --- the selector ---------------------------------------------------------------------


@dataclass
class Matching:
    needs: list[Need]
    suggestions: list[Suggestion]

    @property
    def covered(self) -> list[Need]:
        return [n for n in self.needs if not n.still_needed]

    @property
    def missing(self) -> list[Need]:
        return [n for n in self.needs if n.still_needed]


def requirement_rows(requirements) -> list[dict]:
    return [
        {
            "kind": "competence" if r["competence_id"] else "resource",
            "entry_id": r["competence_id"] or r["resource_id"],
            "name": r["competence__name"] or r["resource__name"],
            "slug": r["competence__slug"] or r["resource__slug"],
            "quantity": r["quantity"],
            "essential": r["essential"],
            "service_id": r["service_id"],
        }
        for r in requirements.values(
            "service_id",
            "competence_id",
            "resource_id",
            "competence__name",
            "resource__name",
            "competence__slug",
            "resource__slug",
            "quantity",
            "essential",
        )
    ]


def contributions(memberships) -> Counter:
    """One count per member who brings an entry (two queries)."""
    counted: Counter = Counter()
    for field_name, kind in (("competences", "competence"), ("resources", "resource")):
        through = _model("Membership")._meta.get_field(field_name).remote_field.through
        for entry_id in through.objects.filter(membership__in=memberships).values_list(
            f"{kind}_id", flat=True
        ):
            counted[(kind, entry_id)] += 1
    return counted


def _ids(values) -> QuerySet | list:
    """Ids as given: a queryset of ids stays a subquery (no list of thousands of ids is
    sent, which SQLite limits and PostgreSQL plans slowly); anything else becomes a list."""
    return values if isinstance(values, QuerySet) else list(values)


def page_district_ids(model, page_ids: Iterable[int] | QuerySet) -> dict[int, set[int]]:
    """The districts of pages of one programme page type, by page id (one query)."""
    field = model._meta.get_field("districts")
    through = field.remote_field.through
    page_column = f"{field.m2m_field_name()}_id"
    districts: dict[int, set[int]] = defaultdict(set)
    for page_id, district_id in through.objects.filter(
        **{f"{page_column}__in": _ids(page_ids)}
    ).values_list(page_column, "district_id"):
        districts[page_id].add(district_id)
    return districts


def _context(district_ids: set[int], age_groups: dict[int, str]) -> Context:
    neighbour_ids = set(
        _model("District")
        .neighbours.through.objects.filter(from_district_id__in=district_ids)
        .exclude(to_district_id__in=district_ids)
        .values_list("to_district_id", flat=True)
    )
    return Context(
        district_ids=district_ids,
        neighbour_ids=neighbour_ids,
        age_group_ids=set(age_groups),
        age_group_names=sorted(age_groups.values()),
        district_names=dict(_model("District").objects.values_list("id", "name")),
    )


def _suggest(missing: list[Need], context: Context, *, alliance_id, members, limit):
    keys = {need.key for need in missing}
    if not keys:
        return []
    person_ids = {p for p, _o in members if p}
    organisation_ids = {o for _p, o in members if o}
    offerers = person_offerers(keys=keys, exclude_person_ids=person_ids)
    offerers += organisation_offerers(keys=keys, exclude_ids=organisation_ids)
    for source in _SOURCES:
        offerers += source(keys=keys, alliance_id=alliance_id)
    return rank(offerers, missing, context, limit=limit)


def alliance_matching(alliance, *, limit: int = 20) -> Matching:
    """What the alliance's services need, what its members cover, who could fill the gaps."""
    memberships = _model("Membership").objects.filter(alliance=alliance)
    needs = coverage(
        requirement_rows(
            _model("ServiceRequirement").objects.filter(service__alliance_links__alliance=alliance)
        ),
        contributions(memberships),
    )
    members = list(memberships.values_list("person_id", "organisation_id"))
    age_groups = dict(
        memberships.filter(person__age_group__isnull=False).values_list(
            "person__age_group_id", "person__age_group__name"
        )
    )
    context = _context(page_district_ids(type(alliance), [alliance.pk])[alliance.pk], age_groups)
    missing = [n for n in needs if n.still_needed]
    return Matching(
        needs,
        _suggest(missing, context, alliance_id=alliance.pk, members=members, limit=limit),
    )


def service_matching(service, *, limit: int = 20) -> Matching:
    """A service on its own: members of the alliances delivering it count as covering."""
    memberships = _model("Membership").objects.filter(alliance__service_links__service=service)
    needs = coverage(
        requirement_rows(_model("ServiceRequirement").objects.filter(service=service)),
        contributions(memberships),
    )
    context = _context(page_district_ids(type(service), [service.pk])[service.pk], {})
    missing = [n for n in needs if n.still_needed]
    members = list(memberships.values_list("person_id", "organisation_id"))
    return Matching(
        needs, _suggest(missing, context, alliance_id=None, members=members, limit=limit)
    )


# --- what is wanted, for many alliances at once (API read model, filter, report) ---------


def wanted_by_alliance(alliance_ids: Iterable[int] | QuerySet) -> dict[int, list[Need]]:
    """Per alliance the entries still needed, in three queries for any number of alliances
    (`alliance_ids`: ids, or a queryset of ids, which stays a subquery)."""
    ids = _ids(alliance_ids)
    links = _model("AllianceServiceLink").objects.filter(alliance_id__in=ids)
    service_of = defaultdict(list)
    for alliance_id, service_id in links.values_list("alliance_id", "service_id"):
        service_of[service_id].append(alliance_id)
    rows_by_alliance = defaultdict(list)
    requirements = _model("ServiceRequirement").objects.filter(
        service_id__in=links.values("service_id")
    )
    for row in requirement_rows(requirements):
        for alliance_id in service_of[row["service_id"]]:
            rows_by_alliance[alliance_id].append(row)
    contributed = defaultdict(Counter)
    for field_name, kind in (("competences", "competence"), ("resources", "resource")):
        through = _model("Membership")._meta.get_field(field_name).remote_field.through
        for alliance_id, entry_id in through.objects.filter(
            membership__alliance_id__in=ids
        ).values_list("membership__alliance_id", f"{kind}_id"):
            contributed[alliance_id][(kind, entry_id)] += 1
    return {
        alliance_id: [
            need for need in coverage(rows, contributed[alliance_id]) if need.still_needed
        ]
        for alliance_id, rows in rows_by_alliance.items()
    }


def alliances_wanting(*, competence_ids: Iterable[int]) -> list[int]:
    """Alliances that still need any of these competences."""
    wanted = set(competence_ids)
    candidates = (
        _model("AllianceServiceLink")
        .objects.filter(service__requirements__competence_id__in=wanted)
        .values_list("alliance_id", flat=True)
        .distinct()
    )
    return sorted(
        alliance_id
        for alliance_id, needs in wanted_by_alliance(candidates).items()
        if any(n.kind == "competence" and n.entry_id in wanted for n in needs)
    )


@dataclass
class WantedRow:
    """One line of the Kernteam report "Gesucht": demand and supply of one entry in a district."""

    district: str
    kind: str
    kind_label: str
    name: str
    still_needed: int
    alliances: int
    supply: int

    @property
    def short(self) -> bool:
        return self.supply < self.still_needed


def entry_key(competence_id: int | None, resource_id: int | None) -> Key:
    return ("competence", competence_id) if competence_id else ("resource", resource_id)


# Per alliance and entry: the quantities its services require, less one per member who
# brings the entry (what `coverage` does for one alliance); what is still needed is then
# summed per entry, or per district of the alliance and entry (NULL: no district), with
# the number of alliances needing it.
_DEMAND_SQL = """
WITH alliance AS ({alliances}),
required AS (
    SELECT link.alliance_id,
           CASE WHEN req.competence_id IS NULL THEN 'resource' ELSE 'competence' END AS kind,
           COALESCE(req.competence_id, req.resource_id) AS entry_id,
           SUM(req.quantity) AS needed
    FROM {link} link JOIN {requirement} req ON req.service_id = link.service_id
    WHERE link.alliance_id IN (SELECT * FROM alliance)
    GROUP BY 1, 2, 3
),
brought AS (
    SELECT member.alliance_id, 'competence' AS kind, entry.competence_id AS entry_id,
           COUNT(*) AS members
    FROM {competences} entry JOIN {membership} member ON member.id = entry.membership_id
    WHERE member.alliance_id IN (SELECT * FROM alliance)
    GROUP BY 1, 2, 3
    UNION ALL
    SELECT member.alliance_id, 'resource', entry.resource_id, COUNT(*)
    FROM {resources} entry JOIN {membership} member ON member.id = entry.membership_id
    WHERE member.alliance_id IN (SELECT * FROM alliance)
    GROUP BY 1, 2, 3
),
still AS (
    SELECT required.alliance_id, required.kind, required.entry_id,
           required.needed - COALESCE(brought.members, 0) AS still_needed
    FROM required LEFT JOIN brought
      ON brought.alliance_id = required.alliance_id
     AND brought.kind = required.kind AND brought.entry_id = required.entry_id
)
"""
_BY_DISTRICT_SQL = """
SELECT place.district_id, still.kind, still.entry_id, SUM(still.still_needed), COUNT(*)
FROM still LEFT JOIN {districts} place ON place.{district_page} = still.alliance_id
WHERE still.still_needed > 0
GROUP BY 1, 2, 3
"""
_BY_ENTRY_SQL = """
SELECT NULL, still.kind, still.entry_id, SUM(still.still_needed), COUNT(*)
FROM still
WHERE still.still_needed > 0
GROUP BY 2, 3
"""


def still_needed_sql(alliance_ids: QuerySet) -> tuple[str, list]:
    """The SQL of `still` (per alliance of `alliance_ids`, a queryset of their ids, and
    entry: what is still needed, possibly 0 or less) as a WITH clause, and its params."""
    membership = _model("Membership")

    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    def through(model, name):
        return model._meta.get_field(name).remote_field.through

    alliances_sql, params = alliance_ids.query.sql_with_params()
    sql = _DEMAND_SQL.format(
        alliances=alliances_sql,
        link=table(_model("AllianceServiceLink")),
        requirement=table(_model("ServiceRequirement")),
        membership=table(membership),
        competences=table(through(membership, "competences")),
        resources=table(through(membership, "resources")),
    )
    return sql, list(params)


def district_join() -> tuple[str, str]:
    """The table of the alliances' districts and its alliance column, quoted."""
    districts = _model("AlliancePage")._meta.get_field("districts")
    return (
        connection.ops.quote_name(districts.remote_field.through._meta.db_table),
        connection.ops.quote_name(f"{districts.m2m_field_name()}_id"),
    )


def wanted_totals(
    alliance_ids: QuerySet, *, by_district: bool = False
) -> dict[tuple[int | None, Key], tuple[int, int]]:
    """What the alliances (a queryset of their ids) still need, summed in one query:
    {(district id, entry key): (still needed, alliances needing it)}; the district is the
    alliance's (an alliance in two counts in both, one in none under None), or None for
    all when not `by_district`."""
    still, params = still_needed_sql(alliance_ids)
    districts, district_page = district_join()
    sql = still + (_BY_DISTRICT_SQL if by_district else _BY_ENTRY_SQL).format(
        districts=districts, district_page=district_page
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            # PostgreSQL sums a bigint to a numeric (a Decimal): a whole number here.
            (district_id, (kind, entry_id)): (int(still_needed), alliances)
            for district_id, kind, entry_id, still_needed, alliances in cursor.fetchall()
        }
