"""Every spreadsheet the product writes: CSV that German Excel opens, cells that never run.

German Excel and LibreOffice open a CSV in one click when it starts with a byte order mark
and separates with semicolons. A cell that begins with =, +, -, @, a tab or a carriage
return would be taken as a formula ("CSV injection"); such a cell gets a leading apostrophe,
which spreadsheets show as text. Plain numbers such as -5 or +3,5 stay numbers.
"""

import csv
import datetime
import functools
import io
import itertools
import math
import re
from collections.abc import Hashable, Iterable, Iterator
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.query import QuerySet
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.mixins import list_to_str

from cms.listings import CheckedListingMixin
from cms.request_memo import memo, memo_of

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?\Z")
BOM = "\ufeff"
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_LIMIT = 31  # Excel's
DECIMAL_PLACES_LIMIT = 6  # of a float, whose binary value has more decimals than anyone typed


GERMAN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def download_name(title, extension: str) -> str:
    """The file name of every admin download: the German title in lower case, words
    joined by hyphens (ä as ae, …), and the day it was made ("weiterleitungen-2026-12-01.csv").
    Wagtail named them "spreadsheet-export", after a table ("alliances_needpage") or a
    route ("site-history")."""
    stem = slugify(force_str(title).lower().translate(GERMAN_LETTERS)) or "liste"
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"


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
    """A worksheet name Excel accepts: at most 31 characters, cut after the last whole
    word that fits (a single longer word is cut), none of []:*?/\\, no apostrophe at
    either end."""
    title = SHEET_TITLE_FORBIDDEN.sub("-", force_str(text)).strip().strip("'")
    if len(title) > SHEET_TITLE_LIMIT:
        space = title.rfind(" ", 0, SHEET_TITLE_LIMIT + 1)  # at 31: the word ends there
        title = title[:space] if space > 0 else title[:SHEET_TITLE_LIMIT]
        title = title.rstrip(" ,;:-–(").strip("'")
    return title or "Tabelle1"


# German office formats: a CSV cell German Excel and LibreOffice read as a date, time or
# number, and an XLSX cell's number format.
CSV_DATETIME = "%d.%m.%Y %H:%M"
CSV_DATE = "%d.%m.%Y"
CSV_TIME = "%H:%M"
XLSX_DATETIME = "DD.MM.YYYY HH:MM"
XLSX_DATE = "DD.MM.YYYY"
XLSX_TIME = "HH:MM"


def local_datetime(value: datetime.datetime) -> datetime.datetime:
    """Naive local time (the request's time zone, by default TIME_ZONE), whole seconds:
    openpyxl cannot store an aware datetime, and a sheet needs no microseconds."""
    if timezone.is_aware(value):
        value = timezone.make_naive(value)
    return value.replace(microsecond=0)


def local_time(value: datetime.time) -> datetime.time:
    return value.replace(microsecond=0, tzinfo=None)


def csv_datetime(value: datetime.datetime) -> str:
    return local_datetime(value).strftime(CSV_DATETIME)


def csv_date(value: datetime.date) -> str:
    return value.strftime(CSV_DATE)


def csv_time(value: datetime.time) -> str:
    return value.strftime(CSV_TIME)


def csv_yes_no(value: bool) -> str:
    return force_str(_("yes") if value else _("no"))


def csv_number(value) -> str:
    """A decimal comma: German Excel reads "1.5" as the first of May."""
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return text.replace(".", ",")


def decimal_places(value: Decimal | float) -> int | None:
    """The decimals a number has (Decimal("2.50"): 2, 0.1: 1, at most
    DECIMAL_PLACES_LIMIT for a float); None for infinity and NaN."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return None if isinstance(exponent, str) else max(0, -exponent)
    if not math.isfinite(value):
        return None
    fraction = format(value, f".{DECIMAL_PLACES_LIMIT}f").rstrip("0").split(".")[1]
    return len(fraction)


def xlsx_number_format(value) -> str | None:
    """An XLSX cell's number format: dates and times German, decimals with a thousands
    separator and their own decimals ("#,##0.00"; Excel shows "1.234,50" in German);
    None (General) for anything else, integers included (ids and years stay unseparated)."""
    if isinstance(value, Decimal | float):
        places = decimal_places(value)
        if places is None:
            return None
        return "#,##0." + "0" * places if places else "#,##0"
    if isinstance(value, datetime.datetime):
        return XLSX_DATETIME
    if isinstance(value, datetime.date):
        return XLSX_DATE
    if isinstance(value, datetime.time):
        return XLSX_TIME
    return None


def _choice_label(item, field: str, value):
    """A choice field's label for its stored value (`stage`: "Definiert", not "defined")."""
    *path, name = field.split(".")
    owner = item
    for part in path:
        owner = getattr(owner, part, None)
    if not isinstance(owner, models.Model):
        return value
    labels = _choice_labels(type(owner), name)
    if labels is None or not isinstance(value, Hashable):
        return value
    return labels.get(value, value)


@functools.cache
def _choice_labels(model: type, name: str) -> dict | None:
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not getattr(model_field, "choices", None):
        return None
    return dict(model_field.flatchoices)


# Rows of a download read per chunk (with the chunk's prefetches), not all at once.
EXPORT_CHUNK_SIZE = 2000
CSV_BATCH_SIZE = 200  # rows of a streamed CSV written in one go


def export_rows(rows):
    """The rows of a download, a queryset read EXPORT_CHUNK_SIZE rows at a time (each
    chunk's prefetches in one query per lookup, Django's `iterator`); anything else as it
    is."""
    if isinstance(rows, QuerySet) and rows._result_cache is None:
        return rows.iterator(chunk_size=EXPORT_CHUNK_SIZE)
    return iter(rows)


class GermanSpreadsheetMixin(CheckedListingMixin):
    """For Wagtail's SpreadsheetExportMixin views: German CSV and a named XLSX sheet, and
    only for a valid request (cms.listings.CheckedListingMixin).

    Wagtail writes comma-separated UTF-8 without BOM, passes formulas through in CSV,
    writes a choice field's stored value, and dates in UTC with microseconds. Here a value
    is as a German office reads it (`custom_value_preprocess`), a choice is its label, and
    the CSV's rows are written in the request's language, time zone and memo
    (cms.request_memo), although a streamed response is written after the view returned.

    A download reads its rows as it writes them, a chunk at a time (`export_rows`), and
    nothing else of the listing: Wagtail built the listing's table and counted its rows
    with `len()`, which read every row (10,000 alliances: seconds) before the first was
    written.
    """

    sheet_title = ""
    custom_value_preprocess = {
        datetime.datetime: {"csv": csv_datetime, "xlsx": local_datetime},
        datetime.date: {"csv": csv_date, "xlsx": None},
        datetime.time: {"csv": csv_time, "xlsx": local_time},
        bool: {"csv": csv_yes_no, "xlsx": None},
        (Decimal, float): {"csv": csv_number, "xlsx": None},
        list: {"csv": list_to_str, "xlsx": list_to_str},
    }

    def get_context_data(self, **kwargs):
        if not self.is_export:  # the page (also a refused download: is_export is off)
            return super().get_context_data(**kwargs)
        # What the download reads (`render_to_response`: the object list; a form page's
        # entries: under their name), not the listing's table, count, filters or chart.
        rows = self.object_list
        context = {"view": self, "object_list": rows, "paginator": None, "page_obj": None}
        name = self.get_context_object_name(rows)
        if name:
            context[name] = rows
        return context | kwargs

    def get_filename(self) -> str:
        """download_name of the list's title (Wagtail adds ".csv" or ".xlsx")."""
        return download_name(self.get_sheet_title(), "x").removesuffix(".x")

    def get_sheet_title(self) -> str:
        """`sheet_title`, else the page's title (a model listing's: its plural name)."""
        page_title = self.get_page_title() if hasattr(self, "get_page_title") else ""
        return sheet_title(self.sheet_title or page_title or "Tabelle1")

    def to_row_dict(self, item):
        return {
            field: _choice_label(item, field, value)
            for field, value in super().to_row_dict(item).items()
        }

    def stream_csv(self, queryset):
        header = [self.get_heading(queryset, field) for field in self.list_export]
        # Taken now: a generator's body runs on its first row, after the view returned.
        request = (translation.get_language(), timezone.get_current_timezone(), memo())
        return csv_lines(header, self._csv_rows(queryset, *request))

    def _csv_rows(self, queryset, language, zone, shared):
        """The CSV's rows, written a batch at a time in the request's settings (entered
        once per batch, and left before each batch is handed on to the server)."""
        objects = export_rows(queryset)
        while True:
            with translation.override(language), timezone.override(zone), memo_of(shared):
                batch = [
                    [
                        self.preprocess_field_value(field, value, self.FORMAT_CSV)
                        for field, value in self.to_row_dict(obj).items()
                    ]
                    for obj in itertools.islice(objects, CSV_BATCH_SIZE)
                ]
            yield from batch
            if len(batch) < CSV_BATCH_SIZE:
                return

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    def write_xlsx(self, queryset, output):
        """Wagtail's workbook, its sheet named after the list (not "Sheet1")."""
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        worksheet = workbook.create_sheet(title=self.get_sheet_title())
        worksheet.append(self.get_heading(queryset, field) for field in self.list_export)
        for obj in export_rows(queryset):
            worksheet.append(self.generate_xlsx_row(worksheet, self.to_row_dict(obj)))
        workbook.save(output)

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        """Cells that never run as formulas; dates and times as such, in German format."""
        from openpyxl.cell import WriteOnlyCell

        for field, value in row_dict.items():
            value = self.preprocess_field_value(field, value, self.FORMAT_XLSX)
            cell = WriteOnlyCell(worksheet, value)
            if cell.data_type == "f":
                cell.data_type = "s"
            number_format = xlsx_number_format(value)
            if number_format:
                cell.number_format = number_format
            yield cell
