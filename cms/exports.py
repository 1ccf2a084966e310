"""Every spreadsheet the product writes: CSV that German Excel opens, cells that never run.

German Excel and LibreOffice open a CSV in one click when it starts with a byte order mark
and separates with semicolons. A cell that begins with =, +, -, @, a tab or a carriage
return would be taken as a formula ("CSV injection"); such a cell gets a leading apostrophe,
which spreadsheets show as text. Plain numbers such as -5 or +3,5 stay numbers.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator

from django.utils.encoding import force_str

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?\Z")
BOM = "\ufeff"
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class GermanExcel(csv.excel):
    delimiter = ";"
    lineterminator = "\r\n"


def neutralise(value):
    """The value, made inert if a spreadsheet would take it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def csv_lines(header: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """The CSV line by line (for streaming): BOM, semicolons, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect=GermanExcel)

    def line(values) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralise("" if v is None else force_str(v)) for v in values])
        return buffer.getvalue()

    yield BOM + line(header)
    for row in rows:
        yield line(row)


def csv_bytes(header: Iterable, rows: Iterable[Iterable]) -> bytes:
    return "".join(csv_lines(header, rows)).encode("utf-8")


def sheet_title(text) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return SHEET_TITLE_FORBIDDEN.sub("-", force_str(text)).strip("'")[:31] or "Tabelle1"


class GermanSpreadsheetMixin:
    """For Wagtail's SpreadsheetExportMixin views: German CSV and a named XLSX sheet.

    Wagtail writes comma-separated UTF-8 without BOM and passes formulas through in CSV.
    """

    sheet_title = ""

    def get_sheet_title(self) -> str:
        return sheet_title(self.sheet_title or getattr(self, "page_title", "") or "Tabelle1")

    def stream_csv(self, queryset):
        header = [self.get_heading(queryset, field) for field in self.list_export]
        rows = (
            [
                self.preprocess_field_value(field, value, self.FORMAT_CSV)
                for field, value in self.to_row_dict(obj).items()
            ]
            for obj in queryset
        )
        return csv_lines(header, rows)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    def write_xlsx(self, queryset, output):
        from openpyxl import load_workbook

        super().write_xlsx(queryset, output)
        output.seek(0)
        workbook = load_workbook(output)
        workbook.worksheets[0].title = self.get_sheet_title()
        output.seek(0)
        output.truncate()
        workbook.save(output)
