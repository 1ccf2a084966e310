"""Point 6: the district overview — a schematic tile map of Arnsberg's 15 districts, shaded
by open needs or active alliances, each linking to its lists, with the same figures as a
table; public pages only."""

import re

import pytest
from django.core.management import call_command

from alliances.districts import TILES
from alliances.models import AlliancePage, District, NeedPage
from alliances.stages import AllianceStage, ItemStage
from tests.factories import DistrictFactory
from tests.factories.api import make_public

pytestmark = pytest.mark.django_db


def placed(page, district):
    page.districts.set([district])
    page.save_revision().publish()  # the stage stays: only the runner writes it


def row(html: str, slug: str) -> tuple[int, int]:
    match = re.search(
        rf'<tr id="district-{slug}">.*?>(\d+)</a></td>\s*<td class="number"><a [^>]+>(\d+)</a>',
        html,
        re.S,
    )
    return int(match.group(1)), int(match.group(2))


def test_every_demo_district_has_a_tile_and_no_two_share_one():
    call_command("seed_demo")
    assert set(District.objects.values_list("slug", flat=True)) == set(TILES)
    assert len(set(TILES.values())) == 15


def test_figures_count_public_open_needs_and_active_alliances_only(client):
    neheim = DistrictFactory(slug="neheim", name="Neheim")
    oeventrop = DistrictFactory(slug="oeventrop", name="Oeventrop")
    for title, stage in [("Offen", ItemStage.IN_ANALYSIS), ("Erledigt", ItemStage.CLOSED)]:
        placed(make_public(NeedPage, title=title, stage=stage), neheim)
    hidden = make_public(NeedPage, title="Erfasst", stage=ItemStage.CAPTURED)
    placed(hidden, neheim)
    for title, stage in [("Aktiv", AllianceStage.ACTIVE), ("Gründung", AllianceStage.FORMING),
                         ("Vorschlag", AllianceStage.PROPOSED)]:  # fmt: skip
        placed(make_public(AlliancePage, title=title, stage=stage), oeventrop)
    response = client.get("/stadtteile/")
    assert response.status_code == 200
    html = response.text
    assert row(html, "neheim") == (1, 0)
    assert row(html, "oeventrop") == (0, 1)
    # The map: a tile per district, linking to its lists, shaded by open needs by default.
    assert re.search(r'<a href="/suche/\?district=neheim" class="level-4"', html)
    assert re.search(r'<a href="/suche/\?district=oeventrop" class="level-0"', html)
    assert 'aria-label="Neheim: 1 offene Bedarfslagen, 0 aktive Allianzen"' in html
    by_alliances = client.get("/stadtteile/?zeige=allianzen").text
    assert re.search(r'<a href="/suche/\?district=oeventrop" class="level-4"', by_alliances)
    assert 'href="/allianzen/?district=oeventrop">1</a>' in by_alliances
    assert "http" not in html.split("<main", 1)[1].split("</main>")[0]  # nothing external
    assert client.get("/stadtteile/?zeige=<x>").status_code == 200
