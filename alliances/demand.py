"""The report "Gesucht": what forming and active alliances still need, per district, against
what persons (with consent to be asked) and organisations there offer.

The demand is kept in a table (`AllianceDemand`): whenever what an alliance needs or its
members bring changes, its rows are written again in the same transaction (`refresh`, from
the receivers below), so the report sums one narrow table instead of every alliance's
services and members (at 10,000 alliances: 5 ms instead of 60). `wanted_totals` computes the
same sums from the source tables; the tests hold the two equal.
"""

from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, QuerySet, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.translation import gettext as _

from alliances.matching import Key, WantedRow, district_join, entry_key, still_needed_sql
from alliances.models import (
    AllianceDemand,
    AlliancePage,
    AllianceServiceLink,
    Competence,
    District,
    Membership,
    OrganisationOffer,
    Person,
    Resource,
    ServicePage,
    ServiceRequirement,
)
from alliances.models.consent import Purpose, joined_active_consent
from alliances.signals import pages_written_in_bulk
from alliances.stages import ALLIANCE_JOINABLE_STAGES
from workflows.signals import stage_changed

_INSERT_SQL = """
INSERT INTO {demand} (alliance_id, district_id, kind, entry_id, still_needed)
SELECT still.alliance_id, place.district_id, still.kind, still.entry_id, still.still_needed
FROM still LEFT JOIN {districts} place ON place.{district_page} = still.alliance_id
WHERE still.still_needed > 0
"""


@transaction.atomic(savepoint=False)
def refresh(alliance_ids: Iterable[int] | QuerySet | None = None) -> None:
    """Write the demand rows of these alliances (ids, or a queryset of ids) again from their
    services, members and districts; all alliances if None. Three queries.

    The alliances' rows are locked first (PostgreSQL; SQLite writes one at a time anyway),
    so two transactions that change one alliance write its rows one after the other."""
    rows = AllianceDemand.objects.all()
    alliances = AlliancePage.objects.filter(stage__in=ALLIANCE_JOINABLE_STAGES)
    if alliance_ids is not None:
        ids = alliance_ids if isinstance(alliance_ids, QuerySet) else list(alliance_ids)
        locked = AlliancePage.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        ids = list(locked.values_list("pk", flat=True))
        if not ids:
            return
        rows = rows.filter(alliance_id__in=ids)
        alliances = alliances.filter(pk__in=ids)
    rows.delete()  # one DELETE: nothing refers to these rows, nobody listens to them
    still, params = still_needed_sql(alliances.order_by().values("pk"))
    districts, district_page = district_join()
    sql = still + _INSERT_SQL.format(
        demand=connection.ops.quote_name(AllianceDemand._meta.db_table),
        districts=districts,
        district_page=district_page,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def fill_if_empty(**kwargs) -> None:
    """After migrate (post_migrate): a database without demand rows gets those of the
    alliances there are; the receivers keep them from then on. Three queries when there is
    nothing to fill, one when there are rows."""
    if not AllianceDemand.objects.exists():
        refresh()


def demand_totals() -> dict[tuple[int | None, Key], tuple[int, int]]:
    """{(district id or None, entry key): (still needed, alliances needing it)} over the
    forming and active alliances: `wanted_totals(…, by_district=True)`, from the table."""
    rows = (
        AllianceDemand.objects.order_by()
        .values_list("district_id", "kind", "entry_id")
        .annotate(still_needed=Sum("still_needed"), alliances=Count("*"))
    )
    return {
        (district_id, (kind, entry_id)): (still_needed, alliances)
        for district_id, kind, entry_id, still_needed, alliances in rows
    }


def supply_totals() -> Counter:
    """{(district id, entry key): offers}: persons who agreed to be asked, by their district,
    and organisations' standing offers, by the organisation's district (three queries)."""
    supply: Counter = Counter()
    for field_name, kind in (
        ("offered_competences", "competence"),
        ("offered_resources", "resource"),
    ):
        through = Person._meta.get_field(field_name).remote_field.through
        for district_id, entry_id, persons in (
            through.objects.filter(joined_active_consent(Purpose.CONTACT))
            .values_list("person__district_id", f"{kind}_id")
            .annotate(persons=Count("*"))
            .order_by()
        ):
            supply[(district_id, (kind, entry_id))] += persons
    for district_id, competence_id, resource_id, offers in (
        OrganisationOffer.objects.values_list(
            "organisation__district_id", "competence_id", "resource_id"
        )
        .annotate(offers=Count("*"))
        .order_by()
    ):
        supply[(district_id, entry_key(competence_id, resource_id))] += offers
    return supply


def wanted_report() -> list[WantedRow]:
    """Still needed per district and entry over forming and active alliances, against the
    supply there: a fixed number of queries, none of them over the alliances' services."""
    demand = demand_totals()
    supply = supply_totals()
    names = dict(District.objects.values_list("id", "name"))
    entry_names = {  # two short catalogues
        (kind, pk): name
        for kind, model in (("competence", Competence), ("resource", Resource))
        for pk, name in model.objects.values_list("pk", "name")
    }
    labels = {"competence": _("Competence"), "resource": _("Resource")}
    no_district = _("No district")
    rows = [
        WantedRow(
            district=names.get(district_id, no_district),
            kind=key[0],
            kind_label=labels[key[0]],
            name=entry_names[key],
            still_needed=still_needed,
            alliances=alliances,
            supply=supply[(district_id, key)],
        )
        for (district_id, key), (still_needed, alliances) in demand.items()
    ]
    return sorted(rows, key=lambda r: (r.district, -r.still_needed, r.name))


# --- keeping the table: every write that changes what an alliance needs or brings --------


def _alliances_of_services(service_ids) -> QuerySet:
    return AllianceServiceLink.objects.filter(service_id__in=service_ids).values("alliance_id")


def _alliances_of_memberships(membership_ids) -> QuerySet:
    return Membership.objects.filter(pk__in=membership_ids).values("alliance_id")


def _on_stage_changed(sender, instance, **kwargs):
    refresh([instance.pk])


def _on_bulk_write(sender, pages, **kwargs):
    """A batch written without Page.save (demo, scale seed, erasure)."""
    ids = [page.pk for page in pages]
    if issubclass(sender, AlliancePage):
        refresh(ids)
    elif issubclass(sender, ServicePage):
        refresh(_alliances_of_services(ids))


def _on_link_changed(sender, instance, **kwargs):
    refresh([instance.alliance_id])


def _on_requirement_changed(sender, instance, **kwargs):
    refresh(_alliances_of_services([instance.service_id]))


_CHANGED = ("post_add", "post_remove", "post_clear")


def _on_entries_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Entries of a membership changed; `reverse`: memberships of an entry."""
    if not reverse:
        if action in _CHANGED:
            refresh([instance.alliance_id])
    elif action == "pre_clear":
        instance._demand_alliances = list(
            instance.memberships.values_list("alliance_id", flat=True)
        )
    elif action == "post_clear":
        refresh(instance._demand_alliances)
    elif action in _CHANGED:
        refresh(_alliances_of_memberships(pk_set))


def _on_districts_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Districts of an alliance changed; `reverse`: alliances of a district."""
    if not reverse:
        if action in _CHANGED:
            refresh([instance.pk])
    elif action == "pre_clear":
        instance._demand_alliances = list(_alliances_of_district(instance))
    elif action == "post_clear":
        refresh(instance._demand_alliances)
    elif action in _CHANGED:
        refresh(pk_set)


def _on_membership_deleted(sender, instance, **kwargs):
    refresh([instance.alliance_id])


def _alliances_of_district(district) -> QuerySet:
    return AlliancePage.objects.filter(districts=district).values_list("pk", flat=True)


def _before_catalogue_deletion(sender, instance, **kwargs):
    """Deleting a district, competence or resource deletes the m2m rows that name it, and
    Django sends no signal for those: which alliances they belong to is noted before."""
    if isinstance(instance, District):
        ids = _alliances_of_district(instance)
    else:
        ids = instance.memberships.values_list("alliance_id", flat=True)
    instance._demand_alliances = list(ids)


def _after_catalogue_deletion(sender, instance, **kwargs):
    refresh(instance._demand_alliances)


def connect() -> None:
    """Listen to every write the demand depends on: links, requirements, members' entries,
    districts, stages, and batches written without signals. Django sends no delete signals
    for the rows of m2m tables, so their deletions are caught where they start."""
    uid = "alliance-demand"
    stage_changed.connect(_on_stage_changed, sender=AlliancePage, dispatch_uid=f"{uid}-stage")
    pages_written_in_bulk.connect(_on_bulk_write, dispatch_uid=f"{uid}-bulk")
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            _on_link_changed, sender=AllianceServiceLink, dispatch_uid=f"{uid}-link-{name}"
        )
        signal.connect(
            _on_requirement_changed,
            sender=ServiceRequirement,
            dispatch_uid=f"{uid}-requirement-{name}",
        )
    for field_name in ("competences", "resources"):
        m2m_changed.connect(
            _on_entries_changed,
            sender=Membership._meta.get_field(field_name).remote_field.through,
            dispatch_uid=f"{uid}-{field_name}",
        )
    m2m_changed.connect(
        _on_districts_changed,
        sender=AlliancePage._meta.get_field("districts").remote_field.through,
        dispatch_uid=f"{uid}-districts",
    )
    # Deleting a membership deletes its entries' rows (an m2m table: no signal of its own).
    post_delete.connect(_on_membership_deleted, sender=Membership, dispatch_uid=f"{uid}-member")
    for model in (District, Competence, Resource):
        pre_delete.connect(
            _before_catalogue_deletion, sender=model, dispatch_uid=f"{uid}-{model.__name__}-pre"
        )
        post_delete.connect(
            _after_catalogue_deletion, sender=model, dispatch_uid=f"{uid}-{model.__name__}"
        )
