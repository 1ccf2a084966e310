"""Every admin report's download (Wagtail's shadowed reports and the Kernteam's) speaks
German: German column headings, a choice's label, dates in local time as German offices
write them. Wagtail's workflow reports had headings such as "requested_by", the page types
report an empty file, "Leistungen ohne aktive Allianz" the stage "defined", and every date
was UTC with microseconds ("2026-11-30 13:05:07.123456+00:00")."""

import csv
import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.admin.urls import reports as wagtail_reports
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.models import Page
from wagtail.users.models import UserProfile

from alliances.models import AgeGroup, ServicePage
from alliances.reports.views import REPORTS
from alliances.stages import ServiceStage
from cms.exports import GermanSpreadsheetMixin, csv_number
from tests.factories import UserFactory, make_page

pytestmark = pytest.mark.django_db

REPORT_URL_NAMES = [
    *(
        f"wagtailadmin_reports:{pattern.name}"
        for pattern in wagtail_reports.urlpatterns
        if not pattern.name.endswith("_results")
    ),
    *(f"kernteam_reports:{view.url_name}" for view in REPORTS),
]
# German words that English spells the same.
SAME_IN_GERMAN = {"ID", "Name", "Standard", "Status"}
UTC = datetime.UTC


@pytest.fixture
def admin(db):
    return UserFactory(username="ada.admin", is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def download(client, url, export_format="csv", **params) -> list[list]:
    """Every row of the file, the heading first."""
    response = client.get(url, {**params, "export": export_format})
    assert response.status_code == 200, url
    assert response["Content-Disposition"].startswith("attachment"), url
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_walk_finds_every_report_with_a_download():
    assert len(REPORT_URL_NAMES) == 6 + len(REPORTS)
    assert "wagtailadmin_reports:page_types_usage" in REPORT_URL_NAMES


@pytest.mark.parametrize("url_name", REPORT_URL_NAMES)
def test_every_column_heading_of_every_report_is_german(admin, admin_client, url_name):
    url = reverse(url_name)
    german = download(admin_client, url)[0]
    assert download(admin_client, url, "xlsx")[0] == german
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "en"
    profile.save()
    english = download(admin_client, url)[0]

    assert german, f"{url_name}: a download without columns"
    assert len(german) == len(english)
    # Headings that are data, not words of ours: the age groups of the partnership balance.
    data = set(AgeGroup.objects.values_list("name", flat=True))
    for heading, source in zip(german, english, strict=True):
        assert heading.strip(), url_name
        assert "_" not in heading, f"{url_name}: a field's name, {heading!r}"
        if heading not in SAME_IN_GERMAN | data:
            assert heading != source, f"{url_name}: {heading!r} is not German"


def _service(title, *, edited_at, stage=ServiceStage.DEFINED):
    service = make_page(ServicePage, title=title, stage=stage)
    Page.objects.filter(pk=service.pk).update(
        latest_revision_created_at=edited_at, last_published_at=edited_at
    )
    return service


def test_a_choice_is_its_german_label_not_its_value(admin_client):
    _service("Lesepatenschaft", edited_at=datetime.datetime(2026, 11, 30, 13, 5, tzinfo=UTC))
    url = reverse("kernteam_reports:services_without_alliance")
    for export_format in ("csv", "xlsx"):
        header, *rows = download(admin_client, url, export_format)
        assert rows == [["Lesepatenschaft", "Definiert", rows[0][2]]]
        assert header[1] == "Stufe"


def test_a_choice_behind_a_dotted_path_is_its_label_too():
    class View(GermanSpreadsheetMixin, SpreadsheetExportMixin):
        list_export = ["service.stage", "service.title", "note"]

    row = SimpleNamespace(service=ServicePage(title="Lesepatenschaft", stage="retired"), note="x")
    assert View().to_row_dict(row) == {
        "service.stage": ServiceStage.RETIRED.label,
        "service.title": "Lesepatenschaft",
        "note": "x",
    }


@pytest.mark.parametrize(
    ("utc", "csv_text", "local"),
    [
        # Winter (CET, UTC+1) and summer (CEST, UTC+2), microseconds dropped.
        (
            datetime.datetime(2026, 11, 30, 13, 5, 7, 123456, tzinfo=UTC),
            "30.11.2026 14:05",
            datetime.datetime(2026, 11, 30, 14, 5, 7),
        ),
        (
            datetime.datetime(2026, 7, 1, 22, 30, 0, 999999, tzinfo=UTC),
            "02.07.2026 00:30",
            datetime.datetime(2026, 7, 2, 0, 30, 0),
        ),
    ],
)
@pytest.mark.parametrize(
    ("url_name", "column"),
    [
        ("kernteam_reports:services_without_alliance", "Aktualisiert"),
        ("wagtailadmin_reports:aging_pages", "Zuletzt veröffentlicht am"),
        ("wagtailadmin_reports:page_types_usage", "Zuletzt bearbeitet am"),
    ],
)
def test_dates_are_german_local_time(admin_client, url_name, column, utc, csv_text, local):
    _service("Lesepatenschaft", edited_at=utc)
    url = reverse(url_name)

    header, *rows = download(admin_client, url)
    index = header.index(column)
    assert csv_text in [row[index] for row in rows]

    header, *rows = download(admin_client, url, "xlsx")
    assert local in [row[header.index(column)] for row in rows]
    content = b"".join(admin_client.get(url, {"export": "xlsx"}).streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [row[index] for row in sheet.iter_rows(min_row=2) if row[index].value == local]
    assert cells
    assert cells[0].number_format == "DD.MM.YYYY HH:MM"


def test_the_site_history_is_in_local_time(admin, admin_client):
    from wagtail.log_actions import log
    from wagtail.models import PageLogEntry

    page = Page.objects.filter(depth=3).first()
    entry = log(instance=page, action="wagtail.edit", user=admin)
    PageLogEntry.objects.filter(pk=entry.pk).update(
        timestamp=datetime.datetime(2026, 11, 30, 23, 59, 59, 500000, tzinfo=UTC)
    )
    header, *rows = download(admin_client, reverse("wagtailadmin_reports:site_history"))
    assert "01.12.2026 00:59" in [row[header.index("Datum/Zeit")] for row in rows]


def test_numbers_dates_and_yes_no_in_a_csv_are_as_german_offices_read_them():
    view = type("View", (GermanSpreadsheetMixin, SpreadsheetExportMixin), {})()
    assert csv_number(Decimal("12.50")) == "12,50"
    assert csv_number(1.5) == "1,5"
    for value, text in [
        (Decimal("-3.25"), "-3,25"),
        (2.0, "2,0"),
        (True, "ja"),
        (False, "nein"),
        (datetime.date(2026, 3, 9), "09.03.2026"),
        (datetime.time(8, 5, 30, 120), "08:05"),
        (["Neheim", "Hüsten"], "Neheim, Hüsten"),
    ]:
        assert view.preprocess_field_value("field", value, "csv") == text, value


def _export_queries(client, url_names) -> dict[tuple[str, str], int]:
    counts = {}
    for url_name in url_names:
        url = reverse(url_name)
        for export_format in ("csv", "xlsx"):
            client.get(url, {"export": export_format})  # warm-up: content types, permissions
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, {"export": export_format})
                b"".join(response.streaming_content)  # a CSV's rows are read as it streams
            counts[url_name, export_format] = len(queries)
    return counts


def test_a_download_does_not_ask_the_database_per_row(admin, admin_client):
    from wagtail.log_actions import log

    def services(count, start):
        for number in range(start, start + count):
            service = _service(
                f"Leistung {number}",
                edited_at=datetime.datetime(2026, 11, 30, 13, number, tzinfo=UTC),
            )
            Page.objects.filter(pk=service.pk).update(locked=True, locked_by=admin)
            log(instance=service, action="wagtail.edit", user=admin)

    services(2, 0)
    few = _export_queries(admin_client, REPORT_URL_NAMES)
    services(6, 2)
    many = _export_queries(admin_client, REPORT_URL_NAMES)
    assert few == many
