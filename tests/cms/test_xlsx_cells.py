"""XLSX as a German office reads it (cms/exports.py): a sheet name cut after a whole word,
not mid-word at Excel's 31 characters; decimals with a number format, not General."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from cms.exports import GermanSpreadsheetMixin, sheet_title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # 42 characters: Excel's limit of 31 fell inside "Stadtteil".
        ("Offene Bedarfslagen je Stadtteil und Thema", "Offene Bedarfslagen je"),
        ("Leistungen ohne aktive Allianz", "Leistungen ohne aktive Allianz"),  # 30: kept
        ("Leistungen ohne aktive Allianzen", "Leistungen ohne aktive"),  # 32
        ("Einunddreißig Zeichen genau hier", "Einunddreißig Zeichen genau"),
        ("Lückenauswertung: Stand, Soll und Ist", "Lückenauswertung- Stand, Soll"),
        ("Lücken (Ist-Soll-Differenzen) je Standard", "Lücken (Ist-Soll-Differenzen)"),
        ("Donaudampfschifffahrtsgesellschaftskapitän", "Donaudampfschifffahrtsgesellsch"),
        ("'Zitat'", "Zitat"),
        ("", "Tabelle1"),
    ],
)
def test_a_sheet_name_is_cut_after_a_whole_word(text, title):
    assert sheet_title(text) == title
    assert len(sheet_title(text)) <= 31


def test_a_word_ending_at_the_limit_is_kept():
    assert sheet_title("A" * 26 + " Bcde fgh") == "A" * 26 + " Bcde"  # "Bcde" ends at 31
    assert sheet_title("A" * 31 + " B") == "A" * 31


class _Sheet(GermanSpreadsheetMixin, SpreadsheetExportMixin):
    sheet_title = "Lückensummen je Standard und Stadtteil"
    list_export = ["label", "value"]

    def to_row_dict(self, item):
        return {"label": item[0], "value": item[1]}


def _cells(rows):
    output = io.BytesIO()
    _Sheet().write_xlsx(rows, output)
    workbook = load_workbook(io.BytesIO(output.getvalue()))
    [sheet] = workbook.worksheets
    return sheet.title, {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}


def test_decimals_have_a_german_readable_number_format():
    title, cells = _cells(
        [
            ("Betrag", Decimal("1234.50")),
            ("Drei Stellen", Decimal("0.125")),
            ("Ganz", Decimal("12")),
            ("Median", 3.5),
            ("Binär", 0.1 + 0.2),
            ("Anzahl", 1234),
            ("Jahr", 2026),
        ]
    )
    assert title == "Lückensummen je Standard und"
    assert cells["Betrag"].number_format == "#,##0.00"
    assert cells["Betrag"].value == 1234.5
    assert cells["Drei Stellen"].number_format == "#,##0.000"
    assert cells["Ganz"].number_format == "#,##0"
    assert cells["Median"].number_format == "#,##0.0"
    assert cells["Binär"].number_format == "#,##0.0"  # 0.30000000000000004 as typed
    # Integers stay General: ids and years without a thousands separator.
    assert cells["Anzahl"].number_format == "General"
    assert cells["Jahr"].number_format == "General"
