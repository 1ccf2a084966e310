"""Read the first sheet of a spreadsheet as offices save it, cell by cell as text.

CSV in any encoding an office writes (UTF-8 with or without BOM, Windows-1252 from German
Excel, UTF-16 "Unicode text", Mac Roman), with comma, semicolon or tab; XLSX, XLS and ODS
through calamine. A file that cannot be read raises `UnreadableFile` with one German
sentence naming the file and what to do.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

from charset_normalizer import from_bytes
from django.utils.formats import number_format
from django.utils.translation import gettext as _

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
# The encodings offices write. Left open, the detector takes short German Windows-1252
# text for Central European (cp1250); isolating the plausible ones makes it reliable.
ENCODINGS = ["utf_8", "utf_16", "utf_32", "cp1252", "mac_roman"]
DELIMITERS = ",;\t|"
SAMPLE = 64 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an .xls (Excel 97-2003) file
ZIP_MAGIC = b"PK\x03\x04"


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message names it and says what to do."""


def read_sheet(path: Path, *, name: str = "") -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, cells as text) for every row of the first sheet, empty rows too.

    `name`: the file name to show in messages (an upload's original name).
    Raises UnreadableFile.
    """
    name = name or path.name
    suffix = Path(name).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES or is_workbook(path):
        # A workbook saved or renamed as .csv is read as what it is.
        yield from _read_workbook(path, name)
    elif suffix in CSV_SUFFIXES:
        yield from _read_csv(path, name)
    else:
        raise UnreadableFile(
            _(
                "“%(name)s” is not a spreadsheet this import reads. Please save it as "
                "Excel workbook (.xlsx), OpenDocument spreadsheet (.ods) or CSV (.csv)."
            )
            % {"name": name}
        )


def is_workbook(path: Path) -> bool:
    """An XLSX, ODS or XLS file by its content, whatever its name says."""
    with path.open("rb") as handle:
        start = handle.read(8)
    if start == OLE_MAGIC:
        return True
    if not start.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return True
            if "mimetype" in names:
                return archive.read("mimetype").startswith(
                    b"application/vnd.oasis.opendocument.spreadsheet"
                )
    # zipfile raises RuntimeError for an encrypted member and NotImplementedError for a
    # compression method it lacks: not a workbook we can read either.
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return False  # then it is read as text and refused as one, in German
    return False


def decode(raw: bytes, *, name: str) -> str:
    """The text of a CSV file, its encoding detected (charset-normalizer). Raises UnreadableFile."""
    if not raw.strip():
        raise UnreadableFile(
            _("“%(name)s” is empty. Please choose the file that holds the rows.") % {"name": name}
        )
    match = from_bytes(raw, cp_isolation=ENCODINGS).best()
    if match is None or "\x00" in str(match):
        raise UnreadableFile(
            _(
                "The characters of “%(name)s” cannot be read (it may not be a text file). "
                "Please save it in your spreadsheet program as “CSV UTF-8” or as Excel "
                "workbook (.xlsx) and upload it again."
            )
            % {"name": name}
        )
    return str(match).removeprefix("\ufeff")


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon, tab or bar, as csv.Sniffer sees the first lines; else the header's."""
    sample = text[:SAMPLE]
    header = sample.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = ""
    if not delimiter or header.count(delimiter) == 0:
        # The Sniffer gives up on a few rows with quoted cells; the header has no quotes.
        delimiter = max(DELIMITERS, key=header.count)
    return delimiter


def _read_csv(path: Path, name: str):
    text = decode(path.read_bytes(), name=name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    header = None
    try:
        while True:
            line = reader.line_num + 1  # where the record starts; a cell may span lines
            values = next(reader, None)
            if values is None:
                return
            values = [value.strip() for value in values]
            if header is None and any(values):
                header = values
            yield line, values
    except csv.Error as error:
        raise _csv_error(text, line, name, error, header) from error


def _csv_error(text: str, line: int, name: str, error: csv.Error, header) -> UnreadableFile:
    """The csv module's English error as a German sentence naming the place."""
    limit = csv.field_size_limit()
    column = _overlong_column(text, line, limit) if "field limit" in str(error) else None
    if column is None:
        return UnreadableFile(
            _(
                "“%(name)s” cannot be read from line %(line)s on: the line is not valid CSV "
                "(for example a quotation mark is missing). Please check that line in your "
                "spreadsheet program and save the file again."
            )
            % {"name": name, "line": line}
        )
    values = {
        "name": name,
        "line": line,
        "column": column,
        "label": header[column - 1] if header and column <= len(header) else "",
        "limit": number_format(limit, force_grouping=True),
    }
    if values["label"]:
        message = _(
            "“%(name)s”, line %(line)s, column %(column)s (“%(label)s”): a cell may hold at "
            "most %(limit)s characters, this one holds more. Please shorten it in your "
            "spreadsheet program and save the file again."
        )
    else:
        message = _(
            "“%(name)s”, line %(line)s, column %(column)s: a cell may hold at most %(limit)s "
            "characters, this one holds more. Please shorten it in your spreadsheet program "
            "and save the file again."
        )
    return UnreadableFile(message % values)


def _overlong_column(text: str, line: int, limit: int) -> int | None:
    """The 1-based column of the first cell longer than `limit` in the record at `line`."""
    stream = io.StringIO(text, newline="")
    for _skipped in range(line - 1):
        stream.readline()
    delimiter = sniff_delimiter(text)
    column, length, quoted = 1, 0, False
    while char := stream.read(1):
        if char == '"':
            quoted = not quoted
            continue
        if not quoted and char == delimiter:
            column, length = column + 1, 0
            continue
        if not quoted and char in "\r\n":
            return None
        length += 1
        if length > limit:
            return column
    return None


def _read_workbook(path: Path, name: str):
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except PasswordError as error:
        raise UnreadableFile(
            _(
                "“%(name)s” is protected by a password. Please remove the password in your "
                "spreadsheet program, save it and upload it again."
            )
            % {"name": name}
        ) from error
    except Exception as error:  # calamine raises several kinds for a damaged file
        raise UnreadableFile(
            _(
                "“%(name)s” cannot be opened as a spreadsheet (it may be damaged or of "
                "another type). Please open it in your spreadsheet program, save it as Excel "
                "workbook (.xlsx) or OpenDocument spreadsheet (.ods) and upload it again."
            )
            % {"name": name}
        ) from error
    for line, values in enumerate(rows, start=1):
        yield line, [shown(value) for value in values]


def shown(value) -> str:
    """A cell's value as the spreadsheet shows it: 12 not 12.0, a date without midnight."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("TRUE") if value else _("FALSE")
    if isinstance(value, float):
        # A spreadsheet shows at most 15 significant digits: 0.1 + 0.2 is 0.3 there.
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()
