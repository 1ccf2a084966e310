"""Backups of the SQLite database and the media files, taken while the product runs.

The database is copied with SQLite's online backup API (a consistent snapshot even while
the web server and the worker write; WAL mode). Media files are copied after it: a file
uploaded in between is in the copy without a row naming it, never the other way round,
since Wagtail writes the file before the row. PostgreSQL is backed up with its own tools
(README, "Operations").
"""

import errno
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

DATABASE_FILE = "db.sqlite3"
MEDIA_DIR = "media"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """The backup or restore cannot be done (wrong database, unreadable backup)."""


def os_error_text(exc: OSError, path) -> str:
    """A German sentence for an operating system's error on `path` (its own is English)."""
    reasons = {
        errno.EACCES: _("no permission"),
        errno.EPERM: _("no permission"),
        errno.ENOENT: _("it does not exist"),
        errno.ENOSPC: _("the disk is full"),
        errno.EROFS: _("the file system is read-only"),
        errno.ENOTDIR: _("a part of the path is not a folder"),
        errno.EEXIST: _("it exists already"),
    }
    reason = reasons.get(exc.errno, _("system error %(code)s") % {"code": exc.errno})
    return _("%(path)s: %(reason)s.") % {"path": exc.filename or path, "reason": reason}


def _require_sqlite() -> Path:
    if connection.vendor != "sqlite":
        raise BackupError(
            _(
                "backup and restore handle SQLite only; back up PostgreSQL with pg_dump "
                "(README, section “Operations”)."
            )
        )
    return Path(connection.settings_dict["NAME"])


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def backup_create(*, target_dir: Path) -> Path:
    """Write `<target_dir>/allianzen-<UTC time>/` with the database, media and a manifest.

    Raises BackupError on a database other than SQLite, when `target_dir` is not an
    existing folder (a typing error must not scatter backups), or when writing fails.
    """
    _require_sqlite()
    if not str(target_dir).strip() or not Path(target_dir).is_dir():
        raise BackupError(
            _("“%(folder)s” is not an existing folder: create it first.") % {"folder": target_dir}
        )
    folder = Path(target_dir) / f"allianzen-{timezone.now():%Y%m%dT%H%M%S%fZ}"
    try:
        return _backup_into(folder)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)  # no half-written backup left behind
        raise BackupError(os_error_text(exc, folder)) from exc


def _backup_into(folder: Path) -> Path:
    folder.mkdir()
    database = folder / DATABASE_FILE
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        # 1024 pages per step: writers are blocked only for a step at a time.
        connection.connection.backup(copy, pages=1024)
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
    copy.close()
    if check != "ok":
        raise BackupError(
            _("The copy failed SQLite's integrity check: %(check)s") % {"check": check}
        )
    media = _media_root()
    files = 0
    if media.is_dir():
        shutil.copytree(media, folder / MEDIA_DIR, symlinks=False)
        files = sum(1 for p in (folder / MEDIA_DIR).rglob("*") if p.is_file())
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": {"file": DATABASE_FILE, "sha256": _sha256(database)},
        "media": {"dir": MEDIA_DIR if media.is_dir() else None, "files": files},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return folder


def backup_restore(*, source_dir: Path) -> dict:
    """Replace the database and the media files by those of a backup.

    Stop the web server and the worker first. Raises BackupError when the backup is
    incomplete or damaged.
    """
    _require_sqlite()
    source = Path(source_dir)
    not_a_backup = _("%(folder)s is not a backup (no readable %(manifest)s).") % {
        "folder": source,
        "manifest": MANIFEST,
    }
    try:
        manifest = json.loads((source / MANIFEST).read_text())
        database = source / manifest["database"]["file"]
        checksum, media_dir = manifest["database"]["sha256"], manifest["media"]["dir"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(not_a_backup) from exc
    if not database.is_file() or _sha256(database) != checksum:
        raise BackupError(
            _("%(file)s is missing or does not match its checksum.") % {"file": database}
        )
    connection.ensure_connection()
    with sqlite3.connect(database) as original:
        original.backup(connection.connection)
    original.close()
    connection.close()  # reopen with the restored schema
    media = _media_root()
    if media_dir:
        if media.is_dir():
            shutil.rmtree(media)
        shutil.copytree(source / media_dir, media)
    return manifest
