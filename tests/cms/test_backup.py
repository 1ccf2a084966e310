"""manage.py backup / restore: SQLite's online backup API while writes go on, plus media."""

import json
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from alliances.models import AlliancePage, Membership
from alliances.stages import AllianceStage
from tests.cms import processes
from tests.factories import OrganisationFactory, PersonFactory, make_page

# serialized_rollback: the index pages the migrations create survive earlier flushes.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.sqlite,
]

CHECK = """
import json
from django.test import Client
from alliances.models import AlliancePage, Person
from api.readmodel.models import PublicRecord
client = Client(HTTP_HOST="localhost")
detail = client.get("/api/v1/alliances/backup-probe/")
print(json.dumps({
    "titles": sorted(AlliancePage.objects.values_list("title", flat=True)),
    "emails": sorted(Person.objects.exclude(email="").values_list("email", flat=True)),
    "records": PublicRecord.objects.filter(page__slug="backup-probe").count(),
    "api": detail.status_code,
    "api_title": detail.json().get("title") if detail.status_code == 200 else None,
}))
"""


def _manage(env, *args, timeout=300):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=processes.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _state(env):
    result = _manage(env, "shell", "-c", CHECK)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_backup_while_writing_then_wipe_and_restore_finds_the_same_content(tmp_path):
    alliance = make_page(
        AlliancePage, title="Backup-Probe", slug="backup-probe", stage=AllianceStage.ACTIVE
    )
    Membership.objects.create(alliance=alliance, person=PersonFactory(email="b@example.org"))
    Membership.objects.create(alliance=alliance, organisation=OrganisationFactory())
    db_url = processes.database_url(tmp_path)
    db_file = tmp_path / "db.sqlite3"
    media = tmp_path / "media"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "logo.png").write_bytes(b"\x89PNG fake image")
    env = processes.environment(db_url, DJANGO_MEDIA_ROOT=media)

    before = _state(env)
    assert before["titles"] == ["Backup-Probe"] and before["records"] == 1
    assert before["api"] == 200 and before["api_title"] == "Backup-Probe"

    # Another process writes while the backup runs (as the web server and the worker do).
    stop = threading.Event()
    written = []

    def writer():
        with sqlite3.connect(db_file, timeout=20) as db:
            db.execute("PRAGMA journal_mode=WAL")
            while not stop.is_set():
                db.execute(
                    "INSERT INTO cms_workerheartbeat (name, beat_at, host) VALUES (?, ?, '')",
                    (f"w{len(written)}", "2026-01-01 00:00:00"),
                )
                db.commit()
                written.append(1)
                time.sleep(0.01)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        (tmp_path / "backups").mkdir()
        result = _manage(env, "backup", str(tmp_path / "backups"))
    finally:
        stop.set()
        thread.join()
    assert result.returncode == 0, result.stderr[-3000:]
    folder = result.stdout.strip().splitlines()[-1].split(": ", 1)[1]  # "Sicherung geschrieben: …"
    assert written, "the writer never wrote"

    # Wipe: the database and the media are gone.
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"db.sqlite3{suffix}").unlink(missing_ok=True)
    (media / "original_images" / "logo.png").unlink()

    result = _manage(env, "restore", folder, "--noinput")
    assert result.returncode == 0, result.stderr[-3000:]
    after = _state(env)
    assert after == before
    assert (media / "original_images" / "logo.png").read_bytes() == b"\x89PNG fake image"
    with sqlite3.connect(db_file) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_restore_refuses_a_damaged_backup_with_one_readable_line(tmp_path):
    env = processes.environment(processes.database_url(tmp_path))
    (tmp_path / "backups").mkdir()
    result = _manage(env, "backup", str(tmp_path / "backups"))
    assert result.returncode == 0, result.stderr[-3000:]
    folder = result.stdout.strip().splitlines()[-1].split(": ", 1)[1]  # "Sicherung geschrieben: …"
    with open(f"{folder}/db.sqlite3", "ab") as damaged:
        damaged.write(b"garbage")
    result = _manage(env, "restore", folder, "--noinput")
    assert result.returncode != 0
    assert "stimmt nicht mit ihrer Prüfsumme überein" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "manifest", ["kein JSON", '{"created_at": "2026-11-29"}', '{"database": {"file": 7}}']
)
def test_restore_of_a_folder_that_is_no_backup_says_so_in_german(tmp_path, manifest):
    from django.core.management import CommandError, call_command

    (tmp_path / "manifest.json").write_text(manifest)
    with pytest.raises(CommandError, match="ist keine Sicherung"):
        call_command("restore", str(tmp_path), "--noinput")


@pytest.mark.parametrize(
    "target", ["missing/folder", "", "a-file"], ids=["missing", "empty", "file"]
)
def test_backup_into_no_existing_folder_is_refused_and_creates_nothing(tmp_path, target):
    from django.core.management import CommandError, call_command

    (tmp_path / "a-file").write_text("not a folder")
    path = str(tmp_path / target) if target else ""
    with pytest.raises(CommandError, match="ist kein vorhandener Ordner"):
        call_command("backup", path)
    assert not (tmp_path / "missing").exists()
    assert not list(tmp_path.glob("allianzen-*")) and not list(processes.ROOT.glob("allianzen-*"))


def test_a_failed_write_says_why_in_german_and_leaves_no_half_backup(tmp_path, monkeypatch):
    import errno

    from django.core.management import CommandError, call_command

    from cms import backup

    def disk_full(folder):
        folder.mkdir()
        (folder / "db.sqlite3").write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device", str(folder / "db.sqlite3"))

    monkeypatch.setattr(backup, "_backup_into", disk_full)
    with pytest.raises(CommandError, match="der Datenträger ist voll"):
        call_command("backup", str(tmp_path))
    assert list(tmp_path.iterdir()) == []
