from dataclasses import dataclass

from alliances.matching import wanted_totals
from alliances.models import AlliancePage, Competence, Resource
from alliances.stages import ALLIANCE_JOINABLE_STAGES
from api.selectors import alliance_list_queryset

# Alliances that look for people: only these say "Wir suchen".
LOOKING_STAGES = ALLIANCE_JOINABLE_STAGES


def _filtered(queryset, *, district: str = "", topic: str = "", age_group: str = ""):
    """Public alliances filtered by catalogue slugs, as the API filters them."""
    if district:
        queryset = queryset.filter(districts__slug=district)
    if topic:
        queryset = queryset.filter(topics__slug=topic)
    if age_group:
        queryset = queryset.filter(age_groups__slug=age_group)
    return queryset


def embed_alliances(
    *, district: str = "", topic: str = "", age_group: str = "", limit: int = 12
) -> list[AlliancePage]:
    """Public alliances for the widget, filtered by slugs as in the API (same base queryset)."""
    queryset = _filtered(
        alliance_list_queryset(), district=district, topic=topic, age_group=age_group
    )
    return list(queryset.distinct().order_by("title", "pk")[:limit])


@dataclass(frozen=True)
class WantedEntry:
    """One catalogue entry public alliances still look for: a name and counts, no person."""

    kind: str  # "competence" | "resource"
    slug: str
    name: str
    still_needed: int  # people or units, summed over the alliances
    alliances: int  # how many alliances look for it


def embed_wanted(
    *, district: str = "", topic: str = "", age_group: str = "", limit: int = 12
) -> list[WantedEntry]:
    """ "Wir suchen": what forming and active public alliances (filtered as the list) still
    need, per catalogue entry, most needed first; a fixed number of queries."""
    ids = (
        _filtered(
            AlliancePage.objects.publicly_visible(),
            district=district,
            topic=topic,
            age_group=age_group,
        )
        .filter(stage__in=LOOKING_STAGES)
        .order_by()
        .values("pk")
    )
    totals = wanted_totals(ids)
    catalogue = {
        (kind, pk): (slug, name)
        for kind, model in (("competence", Competence), ("resource", Resource))
        for pk, slug, name in model.objects.values_list("pk", "slug", "name")
    }
    entries = [
        WantedEntry(key[0], *catalogue[key], still_needed, alliances)
        for (_district, key), (still_needed, alliances) in totals.items()
    ]
    entries.sort(key=lambda e: (-e.still_needed, e.name))
    return entries[:limit]
