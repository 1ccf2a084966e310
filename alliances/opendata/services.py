"""Writing the open data files: CSV and JSON per resource, a README, and a zip of all."""

import csv
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from alliances.opendata.resources import RESOURCES

LICENCE = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Stadt Arnsberg, Arnsberger Allianzen"
README_NAME = "README.md"
ZIP_NAME = "arnsberger-allianzen-open-data.zip"


def file_names() -> list[str]:
    """Every file open data publishes, by its stable name."""
    names = [f"{r.name}.{ext}" for r in RESOURCES for ext in ("csv", "json")]
    return [*names, README_NAME, ZIP_NAME]


def open_data_dir() -> Path:
    return Path(settings.OPEN_DATA_DIR)


def _csv_value(value):
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return "" if value is None else value


def _csv(resource, rows: list[dict]) -> bytes:
    fields = [name for name in resource.fields if name != "gaps"]
    if any("gaps" in row for row in rows) or "gaps" in resource.fields:
        fields.append("gap_count")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        values = {key: _csv_value(value) for key, value in row.items()}
        if "gap_count" in fields:
            values["gap_count"] = len(row.get("gaps", []))
        writer.writerow(values)
    return out.getvalue().encode("utf-8")


def _json(resource, rows: list[dict], generated_at: str) -> bytes:
    document = {
        "resource": resource.name,
        "description": resource.description,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "generated_at": generated_at,
        "count": len(rows),
        "items": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _readme(generated_at: str, counts: dict[str, int]) -> bytes:
    lines = [
        "# Arnsberger Allianzen — open data",
        "",
        f"Generated: {generated_at}. Updated daily.",
        "",
        f"Licence: {LICENCE}, {LICENCE_URL}",
        f"Attribution: “{ATTRIBUTION}”.",
        "",
        "Only public data: live, unrestricted pages in a public stage (the same rule as the",
        "partner API). No personal data: persons are counted, never named.",
        "",
        "Each resource comes as CSV (UTF-8, comma-separated, lists joined by ';') and as JSON",
        "(an object with metadata and `items`). All files together: " + ZIP_NAME + ".",
        "",
    ]
    for resource in RESOURCES:
        lines += [
            f"## {resource.name} ({counts[resource.name]} rows)",
            "",
            resource.description + f" — `{resource.name}.csv`, `{resource.name}.json`",
            "",
            "| field | meaning |",
            "|---|---|",
            *[f"| `{name}` | {meaning} |" for name, meaning in resource.fields.items()],
            "",
        ]
    return "\n".join(lines).encode("utf-8")


def open_data_generate(*, directory: Path | None = None) -> dict[str, int]:
    """Write every file anew; each file is replaced atomically, so readers never see half.

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
