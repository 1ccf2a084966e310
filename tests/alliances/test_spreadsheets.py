"""Import files made the way offices save them: each encoding, delimiter and workbook type."""

import zipfile
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from alliances.models import GapAssessment, NeedPage, OpportunityPage
from alliances.spreadsheets import UnreadableFile, read_sheet, shown
from tests.factories import DistrictFactory, StandardFactory

pytestmark = pytest.mark.django_db

HEADER = ["kind", "title", "summary", "districts", "captured_on", "standard", "actual_value",
          "measured_on", "source"]  # fmt: skip
ROWS = [
    ["need", "Straßenfest für Jung & Alt", "Grüße aus Hüsten: „Café“ – 5 €", "huesten",
     "12.03.2026", "", "", "", ""],
    ["opportunity", "Leerstand, Marktstraße 5", "Mehrzeilig:\nzweite Zeile; mit Semikolon",
     "neheim", "2026-04-01", "Ratsbeschluss 2019/211", "12,5", "01.02.2026", "Zählung"],
]  # fmt: skip


@pytest.fixture
def catalogues():
    DistrictFactory(name="Neheim", slug="neheim")
    DistrictFactory(name="Hüsten", slug="huesten")
    StandardFactory(reference="Ratsbeschluss 2019/211", target_value=Decimal("15"))


def _csv_text(delimiter: str, line_end: str = "\r\n") -> str:
    def cell(value: str) -> str:
        if any(c in value for c in (delimiter, '"', "\n")):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(delimiter.join(cell(v) for v in row) + line_end for row in [HEADER, *ROWS])


def _check_imported():
    need = NeedPage.objects.get()
    assert need.title == "Straßenfest für Jung & Alt"
    assert need.summary == "Grüße aus Hüsten: „Café“ – 5 €"
    assert need.captured_on == date(2026, 3, 12)
    opportunity = OpportunityPage.objects.get()
    assert opportunity.summary == "Mehrzeilig:\nzweite Zeile; mit Semikolon"
    assert [d.slug for d in opportunity.districts.all()] == ["neheim"]
    gap = GapAssessment.objects.get(item=opportunity)
    assert (gap.actual_value, gap.measured_on) == (Decimal("12.5"), date(2026, 2, 1))


# How the offices' programs save "CSV": (file name, encoding with BOM or not, delimiter).
OFFICE_CSV = [
    ("excel-csv-trennzeichen-getrennt.csv", "cp1252", ";"),  # German Excel's default CSV
    ("excel-csv-utf8.csv", "utf-8-sig", ";"),  # Excel "CSV UTF-8" (with BOM)
    ("excel-unicode-text.txt", "utf-16", "\t"),  # Excel "Unicode-Text" (UTF-16 LE, BOM)
    ("libreoffice.csv", "utf-8", ","),  # LibreOffice's default
    ("libreoffice-semikolon.csv", "utf-8", ";"),
    ("windows-tab.tsv", "cp1252", "\t"),
    ("komma-windows.csv", "cp1252", ","),
    ("utf16-semikolon.csv", "utf-16", ";"),
]


@pytest.mark.parametrize(("name", "encoding", "delimiter"), OFFICE_CSV)
def test_csv_as_offices_save_it(catalogues, tmp_path, name, encoding, delimiter):
    path = tmp_path / name
    path.write_bytes(_csv_text(delimiter).encode(encoding))
    call_command("import_items", str(path))
    _check_imported()


def test_xlsx_written_with_openpyxl_gives_the_values_as_shown(catalogues, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Erfassung"
    sheet.append(["Art", "Titel", "Kurzbeschreibung", "Stadtteile", "Erfasst am", "Standard",
                  "Istwert", "Gemessen am", "Quelle"])  # fmt: skip
    sheet.append(["need", "Straßenfest für Jung & Alt", "Grüße aus Hüsten: „Café“ – 5 €",
                  "huesten", datetime(2026, 3, 12), None, None, None, None])  # fmt: skip
    sheet.append(["opportunity", "Leerstand, Marktstraße 5",
                  "Mehrzeilig:\nzweite Zeile; mit Semikolon", "neheim", date(2026, 4, 1),
                  "Ratsbeschluss 2019/211", 12.5, date(2026, 2, 1), "Zählung"])  # fmt: skip
    sheet.append([])  # an empty row in between is skipped
    workbook.save(tmp_path / "kampagne.xlsx")
    call_command("import_items", str(tmp_path / "kampagne.xlsx"))
    _check_imported()


def _ods_cell(value) -> str:
    """A cell as LibreOffice Calc writes it: typed value plus the text it shows."""
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d.%m.%Y}</text:p></table:table-cell>"
        )
    if isinstance(value, float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{str(value).replace('.', ',')}</text:p></table:table-cell>"
        )
    paragraphs = "".join(f"<text:p>{escape(p)}</text:p>" for p in value.split("\n"))
    return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'


def _ods(path, rows):
    """A minimal OpenDocument spreadsheet, laid out as LibreOffice saves one."""
    body = "".join(
        "<table:table-row>"
        + "".join(_ods_cell(v) for v in row)
        + '<table:table-cell table:number-columns-repeated="1015"/></table:table-row>'
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        '<office:body><office:spreadsheet><table:table table:name="Tabelle1">'
        f'<table:table-column table:number-columns-repeated="{len(rows[0])}"/>{body}'
        '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.3"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_ods_from_libreoffice(catalogues, tmp_path):
    rows = [
        HEADER,
        [*ROWS[0][:4], date(2026, 3, 12), None, None, None, None],
        [*ROWS[1][:4], date(2026, 4, 1), "Ratsbeschluss 2019/211", 12.5, date(2026, 2, 1),
         "Zählung"],
    ]  # fmt: skip
    call_command("import_items", str(_ods(tmp_path / "kampagne.ods", rows)))
    _check_imported()


def test_cells_read_as_the_spreadsheet_shows_them():
    assert shown(12.0) == "12"
    assert shown(0.1 + 0.2) == "0.3"
    assert shown(12.5) == "12.5"
    assert shown(datetime(2026, 3, 12)) == "2026-03-12"
    assert shown(datetime(2026, 3, 12, 9, 30)) == "2026-03-12 09:30"
    assert shown("  05929 ") == "05929"  # a text cell keeps its leading zero
    assert shown(None) == ""


def test_leading_zeros_and_text_stay_as_typed_in_xlsx(tmp_path):
    workbook = Workbook()
    workbook.active.append(["plz", "anzahl", "anteil"])
    workbook.active.append(["05929", 3, 0.1 + 0.2])
    workbook.save(tmp_path / "zahlen.xlsx")
    assert list(read_sheet(tmp_path / "zahlen.xlsx")) == [
        (1, ["plz", "anzahl", "anteil"]),
        (2, ["05929", "3", "0.3"]),
    ]


UNREADABLE = [
    (
        "foto.csv",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 40,
        "können nicht gelesen",
    ),
    ("kaputt.xlsx", b"kind;title\nneed;x\n", "kann nicht als Tabelle"),
    ("kaputt.ods", b"PK\x03\x04 not really a zip", "kann nicht als Tabelle"),
    ("leer.csv", b"", "ist leer"),
    ("bericht.pdf", b"%PDF-1.7", "keine Tabelle"),
]


@pytest.mark.parametrize(("name", "content", "expected"), UNREADABLE)
def test_an_unreadable_file_is_one_german_sentence_with_its_name(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError) as failure:
        call_command("import_items", str(path))
    message = str(failure.value)
    assert f"„{name}“" in message or f"“{name}”" in message
    assert "\n" not in message and "Traceback" not in message
    assert "Bitte" in message


def test_the_reader_never_raises_anything_but_unreadable_file(tmp_path):
    path = tmp_path / "kaputt.csv"
    path.write_bytes(b'kind,title\n"need,unclosed\x00quote')
    with pytest.raises(UnreadableFile):
        list(read_sheet(path))
