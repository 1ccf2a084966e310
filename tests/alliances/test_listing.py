"""The admin's page listings say each programme page's stage and whether the public sees it,
asked once per listing (no query per row)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.models import AlliancePage, NeedPage, ServicePage
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


def _download(client, url, export_format) -> tuple[int, int, bytes]:
    """(queries before the file's first byte, queries in all, the file's bytes)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"export": export_format})
        before = len(queries)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, (url, export_format)
    assert response["Content-Disposition"].startswith("attachment"), (url, export_format)
    return before, len(queries), body


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_downloading_all_alliances_takes_as_many_queries_for_more_alliances(
    kernteam_client, export_format
):
    """The rows are read in chunks with what they need in bulk: no query per row."""
    url = reverse("alliances_listing:index")
    make_public(AlliancePage, title="Allianz 0")
    _download(kernteam_client, url, export_format)  # per-process lookups (content types)
    _before, few, body = _download(kernteam_client, url, export_format)
    for number in range(1, 9):
        (make_public if number % 2 else make_page)(AlliancePage, title=f"Allianz {number}")
    _before, more, more_body = _download(kernteam_client, url, export_format)
    assert more == few
    if export_format == "csv":
        assert more_body.decode().count("Allianz ") == body.decode().count("Allianz ") + 8


def test_the_alliances_csv_streams_its_rows_as_it_reads_them(kernteam_client):
    """Wagtail counted the listing's rows with len(), which read every alliance (at 10,000:
    seconds) before the first line was written; now the rows are read while streaming."""
    for number in range(3):
        make_public(AlliancePage, title=f"Allianz {number}")
    url = reverse("alliances_listing:index")
    _download(kernteam_client, url, "csv")
    with CaptureQueriesContext(connection) as queries:
        response = kernteam_client.get(url, {"export": "csv"})
        before = [query["sql"] for query in queries.captured_queries]
        lines = b"".join(response.streaming_content).decode().splitlines()
    assert response.streaming
    assert not [sql for sql in before if 'FROM "alliances_alliancepage"' in sql]
    assert [line.split(";")[0] for line in lines[1:]] and len(lines) == 4
    assert {line.split(";")[1] for line in lines[1:]} == {"Aktiv"}


def test_the_alliances_csv_reads_its_rows_in_chunks(kernteam_client, monkeypatch):
    """A chunk at a time (Django's iterator), whatever its size: the same file."""
    from cms import exports

    for number in range(5):
        make_public(AlliancePage, title=f"Allianz {number}")
    url = reverse("alliances_listing:index")
    _before, _total, whole = _download(kernteam_client, url, "csv")
    read = []
    iterator = exports.QuerySet.iterator

    def reading(queryset, chunk_size=None):
        read.append(chunk_size)
        return iterator(queryset, chunk_size=chunk_size)

    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 2)
    monkeypatch.setattr(exports, "CSV_BATCH_SIZE", 2)
    monkeypatch.setattr(exports.QuerySet, "iterator", reading)
    _before, _total, chunked = _download(kernteam_client, url, "csv")
    assert read == [2]
    assert chunked == whole
