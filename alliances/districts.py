"""The district overview: Arnsberg's 15 districts as a schematic tile map (no boundaries,
no map tiles from anywhere), shaded by open needs or active alliances, with a table of the
same figures."""

from dataclasses import dataclass
from math import ceil

from django.db.models import Count

from alliances.models import AlliancePage, District, NeedPage
from alliances.stages import AllianceStage, ItemStage

# Tile (column, row) per district slug, north at the top. Derived from each district's
# approximate centre (latitude/longitude): west → east and north → south order is kept,
# distances are not. A schematic, not a map: no boundary is drawn or implied.
TILES = {
    "vosswinkel": (0, 0),
    "neheim": (2, 0),
    "breitenbruch": (7, 0),
    "bachum": (1, 1),
    "huesten": (3, 1),
    "bruchhausen": (4, 1),
    "niedereimer": (5, 1),
    "uentrop": (6, 1),
    "holzen": (1, 2),
    "herdringen": (2, 2),
    "arnsberg": (5, 2),
    "mueschede": (3, 3),
    "wennigloh": (4, 3),
    "rumbeck": (6, 3),
    "oeventrop": (7, 3),
}
# Demo data seeded before catalogue slugs spelt umlauts out (ü → u) keeps its slugs.
FORMER_SLUGS = {"husten": "huesten", "muschede": "mueschede"}
TILE_W, TILE_H, GAP = 92, 64, 6
LEVELS = 4
MEASURES = ("needs", "alliances")


@dataclass
class DistrictFigures:
    district: District
    open_needs: int
    active_alliances: int
    level: int = 0
    x: int | None = None
    y: int | None = None


def _counts(queryset) -> dict[int, int]:
    rows = queryset.values("districts").annotate(n=Count("pk", distinct=True))
    return {row["districts"]: row["n"] for row in rows if row["districts"] is not None}


def district_overview(*, measure: str = "needs") -> dict:
    """Figures per district from `publicly_visible()`: open needs (public, not closed) and
    active alliances. Two counting queries and one for the districts."""
    needs = _counts(NeedPage.objects.publicly_visible().exclude(stage=ItemStage.CLOSED))
    alliances = _counts(AlliancePage.objects.publicly_visible().filter(stage=AllianceStage.ACTIVE))
    rows = [
        DistrictFigures(district, needs.get(district.pk, 0), alliances.get(district.pk, 0))
        for district in District.objects.order_by("name")
    ]
    value = (lambda row: row.open_needs) if measure == "needs" else (lambda r: r.active_alliances)
    largest = max((value(row) for row in rows), default=0)
    for row in rows:
        row.level = ceil(LEVELS * value(row) / largest) if largest and value(row) else 0
        slug = FORMER_SLUGS.get(row.district.slug, row.district.slug)
        if slug in TILES:
            column, line = TILES[slug]
            row.x, row.y = column * (TILE_W + GAP), line * (TILE_H + GAP)
    columns = 1 + max(column for column, _line in TILES.values())
    lines = 1 + max(line for _column, line in TILES.values())
    return {
        "rows": rows,
        "tiles": [row for row in rows if row.x is not None],
        "width": columns * (TILE_W + GAP) - GAP,
        "height": lines * (TILE_H + GAP) - GAP,
        "measure": measure,
        "largest": largest,
    }
