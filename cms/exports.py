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

from django.contrib import messages
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

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


UNKNOWN_FORMAT = _(
    "No file was made: there is no such download format. The list can be downloaded as CSV or XLSX."
)
INVALID_FILTERS = _(
    "No file was made: the filters are not valid. Please correct them and download again."
)


class CheckedExportMixin:
    """For Wagtail's SpreadsheetExportMixin views: a file only for a request that is valid.

    Wagtail exports every row when a filter is invalid (the page at least shows the error)
    and shows the page when the format is unknown, as if no file had been asked for. Both
    answer 400 here: the page with the filters' errors and a message why no file was made.
    """

    def get(self, request, *args, **kwargs):
        refusal = self.export_refusal()
        if refusal is None:
            return super().get(request, *args, **kwargs)
        self.is_export = False  # the page, with the filters' errors
        if not getattr(self, "results_only", False):  # a fragment shows no messages
            messages.error(request, refusal)
        response = super().get(request, *args, **kwargs)
        response.status_code = 400
        return response

    def export_refusal(self):
        """Why the requested file cannot be made, or None (also when none is requested)."""
        if "export" not in self.request.GET:
            return None
        if self.request.GET["export"] not in self.FORMATS:
            return UNKNOWN_FORMAT
        forms = [getattr(self.filters, "form", None), getattr(self, "search_form", None)]
        if any(form is not None and form.is_bound and not form.is_valid() for form in forms):
            return INVALID_FILTERS
        return None


class GermanSpreadsheetMixin(CheckedExportMixin):
    """For Wagtail's SpreadsheetExportMixin views: German CSV and a named XLSX sheet, and
    only for a valid request (CheckedExportMixin).

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
