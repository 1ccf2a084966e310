"""German numbers and dates: the admin and the bulk import read the same formats."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from alliances.models import GapAssessment, NeedIndexPage, NeedPage, OpportunityPage
from cms.localized_input import GermanDateField, GermanDecimalField, number_text
from tests.alliances.test_pages import _form_for, _post_data
from tests.factories import DistrictFactory, StandardFactory

pytestmark = pytest.mark.django_db

# The German column names of the admin's template, as German Excel writes them.
HEADER = (
    "Art;Titel;Kurzbeschreibung;Stadtteile;Erfasst am;Standard;Istwert;Sollwert;Gemessen am;Quelle"
)
ROWS = [
    "Bedarf;Schatten am Spielplatz;Kein Baum weit und breit.;Neheim;12.03.26;"
    "Ratsbeschluss 2019/211;1.234,5;2 000,25;01.02.2026;Zählung",
    "ENTWICKLUNGSCHANCE;Leere Schule;Räume für Vereine.;Neheim;2026-03-12;;;;;",
    "Idee;Bücherschrank;Am Marktplatz.;;12.03.2026;;;;;",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,5", "1234.5"),
        ("1 234,5", "1234.5"),
        ("1\u00a0234,5", "1234.5"),
        ("12.345.678", "12345678"),
        ("1.234", "1234"),
        ("1234,5", "1234.5"),
        ("1234.5", "1234.5"),
        ("12.5", "12.5"),
        ("0.125", "0.125"),
        ("-1.234,5", "-1234.5"),
    ],
)
def test_number_text_reads_german_numbers(text, expected):
    assert number_text(text) == expected
    assert GermanDecimalField().clean(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["1,234.5", "1.23,4", "12,3,4", "abc", "1 23"])
def test_a_number_neither_german_nor_plain_is_refused_in_german(text):
    with pytest.raises(Exception, match="1.234,5"):
        GermanDecimalField().clean(text)


@pytest.mark.parametrize("text", ["12.03.26", "12.03.2026", "2026-03-12"])
def test_dates_german_short_long_and_iso(text):
    assert GermanDateField().clean(text) == date(2026, 3, 12)


@pytest.fixture
def catalogues():
    DistrictFactory(name="Neheim", slug="neheim")
    StandardFactory(reference="Ratsbeschluss 2019/211", target_value=Decimal("15"))


def _excel_csv(path, *, encoding: str, bom: bool = False, rows=ROWS):
    text = "\r\n".join([HEADER, *rows]) + "\r\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def _assert_imported():
    need = NeedPage.objects.get(title="Schatten am Spielplatz")
    assert need.captured_on == date(2026, 3, 12)
    gap = GapAssessment.objects.get(item=need)
    assert (gap.actual_value, gap.target_value) == (Decimal("1234.5"), Decimal("2000.25"))
    assert gap.measured_on == date(2026, 2, 1)
    assert OpportunityPage.objects.get(title="Leere Schule").captured_on == date(2026, 3, 12)
    assert OpportunityPage.objects.filter(title="Bücherschrank").exists()


@pytest.mark.parametrize(
    ("encoding", "bom"), [("cp1252", False), ("utf-8", True)], ids=["ansi", "utf8-bom"]
)
def test_csv_as_german_excel_saves_it(tmp_path, catalogues, encoding, bom, capsys):
    call_command(
        "import_items", str(_excel_csv(tmp_path / "umfrage.csv", encoding=encoding, bom=bom))
    )
    assert "3 von 3" in capsys.readouterr().out
    _assert_imported()


def test_xlsx_with_text_and_typed_cells(tmp_path, catalogues):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    sheet.append([
        "Bedarf", "Schatten am Spielplatz", "Kein Baum weit und breit.", "Neheim",
        "12.03.26", "Ratsbeschluss 2019/211", "1.234,5", 2000.25, date(2026, 2, 1), "Zählung",
    ])  # fmt: skip
    sheet.append(["Entwicklungschance", "Leere Schule", "Räume.", "Neheim", date(2026, 3, 12)])
    sheet.append(["idee", "Bücherschrank", "Am Marktplatz."])
    book.save(tmp_path / "umfrage.xlsx")
    call_command("import_items", str(tmp_path / "umfrage.xlsx"))
    _assert_imported()


def test_a_header_without_rows_is_said_in_german(tmp_path, catalogues, kernteam_client):
    path = _excel_csv(tmp_path / "leer.csv", encoding="cp1252", rows=[";;;;;;;;;"])
    with pytest.raises(CommandError, match="keine Zeilen darunter"):
        call_command("import_items", str(path))
    upload = SimpleUploadedFile("leer.csv", path.read_bytes(), "text/csv")
    html = kernteam_client.post("/admin/import/", {"file": upload}, follow=True).content.decode()
    assert "„leer.csv“ hat Spaltennamen, aber keine Zeilen darunter" in html
    assert "0 von 0" not in html


def test_a_folder_is_not_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="ist ein Ordner"):
        call_command("import_items", str(tmp_path))


def test_the_admin_reads_and_shows_german_numbers(redaktion_client):
    parent = NeedIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=["alliances", "needpage", parent.pk])
    data = _post_data(_form_for(NeedPage))
    data["gap_assessments-0-actual_value"] = "1.234,5"
    data["gap_assessments-0-target_value"] = "2 000"
    data["gap_assessments-0-measured_on"] = "12.03.26"
    response = redaktion_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    gap = GapAssessment.objects.get()
    assert (gap.actual_value, gap.target_value) == (Decimal("1234.5"), Decimal("2000"))
    assert gap.measured_on == date(2026, 3, 12)
    edit = redaktion_client.get(reverse("wagtailadmin_pages:edit", args=[gap.item_id]))
    html = edit.content.decode()
    assert 'value="1.234,5"' in html and 'value="2.000"' in html
    data["gap_assessments-0-actual_value"] = "1,234.5"
    response = redaktion_client.post(url, {**data, "title": "Zweiter", "slug": "zweiter"})
    assert response.status_code == 200
    assert "Bitte geben Sie eine Zahl wie 1.234,5 ein" in response.content.decode()
