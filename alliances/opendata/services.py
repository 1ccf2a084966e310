"""Writing the open data files: CSV and JSON per resource, a README, and a zip of all."""

import fcntl
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from alliances.models import OpenDataRequest
from alliances.opendata import german
from alliances.opendata.resources import RESOURCES
from cms.exports import csv_bytes
from cms.generation import current_generation

LICENCE = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Stadt Arnsberg, Arnsberger Allianzen"
README_NAME = "README.md"
ZIP_NAME = "arnsberger-allianzen-open-data.zip"
TASK = "alliances.opendata.tasks.generate_open_data"
WRITING_LOCK_NAME = ".writing.lock"  # beside the files (a dot: never served or listed)


def file_names() -> list[str]:
    """Every file open data publishes, by its stable name."""
    names = [f"{r.name}.{ext}" for r in RESOURCES for ext in ("csv", "json")]
    return [*names, README_NAME, ZIP_NAME]


def open_data_dir() -> Path:
    return Path(settings.OPEN_DATA_DIR)


def title(resource) -> str:
    """German name with the English one alongside: "Bedarfslagen / Needs"."""
    german_title = german.TITLES.get(resource.name)
    return f"{german_title} / {resource.description}" if german_title else resource.description


def _csv_value(value):
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else value


def _csv(resource, rows: list[dict]) -> bytes:
    """German Excel's CSV: BOM, semicolons, formulas neutralised (cms.exports)."""
    fields = [name for name in resource.fields if name != "gaps"]
    if any("gaps" in row for row in rows) or "gaps" in resource.fields:
        fields.append("gap_count")

    def values(row):
        for name in fields:
            if name == "gap_count":
                yield len(row.get("gaps", []))
            else:
                yield _csv_value(row.get(name))

    return csv_bytes(fields, (values(row) for row in rows))


def _json(resource, rows: list[dict], generated_at: str) -> bytes:
    document = {
        "resource": resource.name,
        "title_de": german.TITLES.get(resource.name, ""),
        "description": resource.description,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "generated_at": generated_at,
        "count": len(rows),
        "items": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def records_in_words(count: int) -> str:
    """How many records a file holds, German and English: "noch leer / empty so far" for
    none (files written before any content was public, e.g. before the demo data)."""
    if count == 0:
        return "noch leer / empty so far"
    if count == 1:
        return "1 Eintrag / record"
    return f"{count} Einträge / records"


def _readme(generated_at: str, counts: dict[str, int]) -> bytes:
    # Written once, read later: it says what it holds and from when, and promises nothing
    # of a worker it cannot know runs (the site's page says whether the files are current).
    lines = [
        "# Arnsberger Allianzen — Offene Daten / open data",
        "",
        f"Stand / state of: {generated_at}.",
        "",
        "Spätere Änderungen schreibt die automatische Aktualisierung in die Dateien, solange",
        "sie läuft, meist binnen ein bis zwei Minuten. Ob diese Dateien aktuell sind, sagt die",
        "Seite /open-data/ der Website.",
        "Later changes are written into the files by the automatic update while it runs,",
        "usually within a minute or two. Whether these files are current, the site's page",
        "/open-data/ says.",
        "",
        f"Lizenz / licence: {LICENCE}, {LICENCE_URL}",
        f"Namensnennung / attribution: „{ATTRIBUTION}“.",
        "",
        "Nur öffentliche Daten: veröffentlichte, nicht geschützte Seiten in einer öffentlichen",
        "Stufe (dieselbe Regel wie die Partner-Schnittstelle). Keine personenbezogenen Daten:",
        "Personen werden gezählt, nie genannt.",
        "Only public data: live, unrestricted pages in a public stage (the same rule as the",
        "partner API). No personal data: persons are counted, never named.",
        "",
        "## CSV",
        "",
        "Jede Datenreihe als CSV (UTF-8 mit BOM, Semikolon als Trennzeichen, Listen mit",
        "Komma getrennt; öffnet sich so in deutschem Excel und LibreOffice) und als JSON",
        "(ein Objekt mit Metadaten und `items`). Alle Dateien zusammen: " + ZIP_NAME + ".",
        "Zellen, die mit =, +, -, @, Tabulator oder Wagenrücklauf beginnen (außer reinen",
        "Zahlen wie -5), erhalten ein vorangestelltes Apostroph ('), damit kein",
        "Tabellenprogramm sie als Formel ausführt.",
        "",
        "Each data set as CSV (UTF-8 with BOM, semicolon-separated, lists separated by commas;",
        "opens as is in German Excel and LibreOffice) and as JSON (an object with metadata and",
        "`items`). Cells that begin with =, +, -, @, tab or carriage return (except plain",
        "numbers such as -5) get a leading apostrophe ('), so no spreadsheet runs them as a",
        "formula.",
        "",
    ]
    for resource in RESOURCES:
        lines += [
            f"## {title(resource)}",
            "",
            f"`{resource.name}.csv`, `{resource.name}.json`: "
            f"{records_in_words(counts[resource.name])}",
            "",
            "| Feld / field | Bedeutung | meaning |",
            "|---|---|---|",
            *[
                f"| `{name}` | {german.FIELDS.get(name, '')} | {meaning} |"
                for name, meaning in resource.fields.items()
            ],
            "",
        ]
    return "\n".join(lines).encode("utf-8")


STAMP_NAME = ".stamp"  # what the files were written from (not served: not in file_names)
COUNTS_NAME = ".counts.json"  # how many records each resource's files hold (not served)


def written_counts(directory: Path | None = None) -> dict[str, int] | None:
    """{resource name: records} of the files last written, or None (not written, or by a
    release that did not note them)."""
    try:
        return json.loads(((directory or open_data_dir()) / COUNTS_NAME).read_text())
    except (FileNotFoundError, ValueError):
        return None


def written_stamp(directory: Path | None = None) -> str | None:
    """The `stamp` the files were last written with, or None."""
    try:
        return ((directory or open_data_dir()) / STAMP_NAME).read_text().strip() or None
    except FileNotFoundError:
        return None


def open_data_generate(
    *, directory: Path | None = None, stamp: str | None = None
) -> dict[str, int]:
    """Write every file anew; each file is replaced atomically, so readers never see half.
    `stamp` (what the caller read the data under: `written_stamp` gives it back) is
    written last, after every file; without one the stamp is removed.

    Returns the number of rows per resource.
    """
    directory = directory or open_data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    generated_at = timezone.now().replace(microsecond=0).isoformat()
    contents: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for resource in RESOURCES:
        rows = list(resource.rows())
        counts[resource.name] = len(rows)
        contents[f"{resource.name}.csv"] = _csv(resource, rows)
        contents[f"{resource.name}.json"] = _json(resource, rows, generated_at)
    contents[README_NAME] = _readme(generated_at, counts)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in contents.items():
            zipped.writestr(name, data)
    contents[ZIP_NAME] = archive.getvalue()
    for name, data in contents.items():
        _write_atomically(directory / name, data)
    _write_atomically(directory / COUNTS_NAME, json.dumps(counts).encode())
    if stamp is None:
        (directory / STAMP_NAME).unlink(missing_ok=True)
    else:
        _write_atomically(directory / STAMP_NAME, stamp.encode())
    return counts


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def open_data_follow() -> bool:
    """Write the files anew when what the public sees changed since they were written (the
    generation moved: every change to a public channel moves it, in the change's
    transaction and after its commit, and an expiry or go-live through the clock job) or
    a request waits (`open_data_request`); mark the requests it saw done. A change while
    they are written moves the generation again, so the next run writes once more. Runs
    never overlap: at 100,000 alliances writing takes minutes, longer than the minute job's
    turn. Returns whether it wrote them."""
    generation = str(current_generation())
    waiting = list(OpenDataRequest.objects.filter(done_at=None).values_list("pk", flat=True))
    if not waiting and written_stamp() == generation:
        return False
    with writing_lock() as acquired:
        if not acquired:
            return False
        open_data_generate(stamp=generation)
    OpenDataRequest.objects.filter(pk__in=waiting).update(done_at=timezone.now())
    return True


@contextmanager
def writing_lock(directory: Path | None = None) -> Iterator[bool]:
    """Held by the one process writing the files; yields whether this one got it (it never
    waits). An exclusive `flock` on a file beside them: the kernel releases it when the
    process ends, however it ends, so a worker stopped or killed while writing blocks no
    later run (a lock with a lifetime in the cache blocked them for that lifetime, also
    across restarts). Every writer shares the directory, so it shares the lock (flock(2))."""
    directory = directory or open_data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / WRITING_LOCK_NAME, "ab") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_data_request(*, user=None) -> tuple[OpenDataRequest, bool]:
    """Ask for the files to be written now: a row the minute job finds even when the
    wake-up is lost, and a wake-up after commit. While one waits, that one is returned and
    nothing is added (returns the request and whether it is new)."""
    with transaction.atomic():
        waiting = OpenDataRequest.objects.filter(done_at=None).order_by("requested_at").first()
        if waiting is not None:
            return waiting, False
        request = OpenDataRequest.objects.create(requested_by=user)
        transaction.on_commit(_wake)
    return request, True


def _wake() -> None:
    from django_q.tasks import async_task

    async_task(TASK, task_name="open-data-now", group="open-data")
