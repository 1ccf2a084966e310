"""The admin's page listings say each programme page's stage and whether the public sees it,
asked once per listing (no query per row)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.models import NeedPage, ServicePage
from tests.factories import make_page
from tests.factories.api import make_public, set_stage

pytestmark = pytest.mark.django_db


def _status_cells(html: str) -> dict[str, str]:
    """Title → the text of its row's programme status (stage and public flag)."""
    rows = {}
    for row in re.findall(r"<tr.*?</tr>", html, flags=re.S):
        status = re.search(r"data-programme-status>(.*?)</div>", row, flags=re.S)
        title = re.search(r'id="page_\d+_title">\s*([^<]+?)\s*<', row)
        if status and title:
            rows[title.group(1)] = " ".join(re.sub(r"<[^>]+>", " ", status.group(1)).split())
    return rows


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_explorer_shows_stage_and_public_flag_per_page(kernteam_client):
    hidden = make_page(NeedPage, title="Frisch erfasst")  # live, stage "captured"
    public = make_public(NeedPage, title="In Analyse und sichtbar")
    parked = make_page(NeedPage, title="Zurückgestellt aus Analyse")
    set_stage(parked, "on_hold", on_hold_from="in_analysis")
    html = kernteam_client.get(
        reverse("wagtailadmin_explore", args=[hidden.get_parent().pk])
    ).content.decode()
    cells = _status_cells(html)
    assert cells[hidden.title] == "Stufe: Erfasst Öffentlich sichtbar: nein"
    assert cells[public.title] == "Stufe: In Analyse Öffentlich sichtbar: ja"
    assert cells[parked.title] == "Stufe: Zurückgestellt Öffentlich sichtbar: ja"
    # Wagtail's own status word agrees with the same answer.
    assert html.count("veröffentlicht, aber nicht öffentlich sichtbar") == 1


def test_page_search_shows_stage_and_public_flag(kernteam_client):
    make_page(ServicePage, title="Lesepaten gesucht")  # draft: not public
    html = kernteam_client.get(reverse("wagtailadmin_pages:search"), {"q": "Lesepaten"})
    cells = _status_cells(html.content.decode())
    assert cells == {"Lesepaten gesucht": "Stufe: Entwurf Öffentlich sichtbar: nein"}


def test_explorer_asks_once_per_listing_not_once_per_row(kernteam_client):
    first = make_public(NeedPage, title="Bedarf 0")
    url = reverse("wagtailadmin_explore", args=[first.get_parent().pk])
    kernteam_client.get(url)  # warm caches (content types, site root paths)
    few = _queries(kernteam_client, url)
    for number in range(1, 9):
        page = make_page(NeedPage, title=f"Bedarf {number}")
        if number % 2:
            set_stage(page, "in_analysis")
    assert _queries(kernteam_client, url) == few


@pytest.mark.parametrize(
    ("viewset", "model"), [("needs_listing", NeedPage), ("services_listing", ServicePage)]
)
def test_flat_listing_has_stage_and_public_columns_and_filters(kernteam_client, viewset, model):
    hidden = make_page(model, title="Noch nicht öffentlich")
    public = make_public(model, title="Schon öffentlich")
    url = reverse(f"{viewset}:index")
    html = kernteam_client.get(url).content.decode()
    assert "<th" in html and "Stufe" in html and "Öffentlich sichtbar" in html
    assert hidden.get_stage_display() in html and public.get_stage_display() in html

    only_public = kernteam_client.get(url, {"publicly_visible": "true"}).content.decode()
    assert public.title in only_public and hidden.title not in only_public
    only_hidden = kernteam_client.get(url, {"publicly_visible": "false"}).content.decode()
    assert hidden.title in only_hidden and public.title not in only_hidden
    by_stage = kernteam_client.get(url, {"stage": hidden.stage}).content.decode()
    assert hidden.title in by_stage and public.title not in by_stage


def test_flat_listing_query_count_does_not_grow_with_rows(kernteam_client):
    make_public(NeedPage, title="Bedarf 0")
    url = reverse("needs_listing:index")
    kernteam_client.get(url)
    few = _queries(kernteam_client, url)
    for number in range(1, 9):
        make_page(NeedPage, title=f"Bedarf {number}")
    assert _queries(kernteam_client, url) == few
