"""The migrations were squashed for the first release (one `0001_first_release` per app,
each `replaces` the history before it). A database that applied the old history goes on
with the squashed one; a fresh database ends as the old history left one.

`before_squash.sqlite3.gz` was migrated with the old history (commit f5fba4c, settings
`cms.settings.dev`) and filled by `seed_demo`; `fresh_database_facts.json` holds the
groups, permissions, pages and sites a fresh database had with the old history (commit
43628fa, settings `cms.settings.test`: `python -m tests.migration_history.facts`). A later
migration that changes them regenerates it the same way, and says so in its commit.
"""

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from .facts import facts
from .schema import schema, schema_of_file

HERE = Path(__file__).parent
SQUASHED = ["alliances", "api", "cms", "workflows"]


def _run(database: Path, *args: str) -> subprocess.CompletedProcess:
    """A management command or module on the SQLite file `database`, as a deployment runs it."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _content_before(database: Path) -> dict:
    """What the old database holds, read from its tables (no models of that time needed)."""
    db = sqlite3.connect(database)
    try:
        pages = [
            [url_path, model, title]
            for url_path, model, title in db.execute(
                "SELECT p.url_path, c.model, p.title FROM wagtailcore_page p "
                "JOIN django_content_type c ON c.id = p.content_type_id ORDER BY p.path"
            )
        ]
        return {
            "pages": pages,
            "consents": sorted(
                list(row) for row in db.execute("SELECT person_id, purpose FROM alliances_consent")
            ),
            "transition_log": db.execute("SELECT count(*) FROM workflows_transitionlog").fetchone()[
                0
            ],
            "public_records": db.execute(
                "SELECT count(*) FROM api_publicrecord WHERE public"
            ).fetchone()[0],
        }
    finally:
        db.close()


@pytest.mark.sqlite
@pytest.mark.django_db
def test_a_database_migrated_with_the_old_history_goes_on_with_the_squashed_one(tmp_path):
    existing = tmp_path / "existing.sqlite3"
    with gzip.open(HERE / "before_squash.sqlite3.gz") as packed, existing.open("wb") as out:
        shutil.copyfileobj(packed, out)
    before = _content_before(existing)
    assert len(before["pages"]) > 40 and before["consents"] and before["transition_log"]

    _ok(_run(existing, "manage.py", "migrate", "--noinput", "-v0"))

    _ok(_run(existing, "manage.py", "migrate", "--check", "-v0"))  # nothing left unapplied
    _ok(_run(existing, "manage.py", "makemigrations", "--check", "--dry-run", "-v0"))
    applied = sqlite3.connect(existing).execute(
        "SELECT app FROM django_migrations WHERE name = '0001_first_release'"
    )
    assert sorted(app for (app,) in applied) == SQUASHED
    connection.ensure_connection()  # this run's database, freshly migrated by the squash
    assert schema_of_file(existing) == schema(connection.connection)
    read = json.loads(_ok(_run(existing, "-m", "tests.migration_history.read_content")))
    assert [[url, title] for url, _model, title in read["pages"]] == [
        [url, title] for url, _model, title in before["pages"]
    ]
    assert [model.lower() for _url, model, _title in read["pages"]] == [
        model for _url, model, _title in before["pages"]
    ]
    assert {k: read[k] for k in ("consents", "transition_log", "public_records")} == {
        k: before[k] for k in ("consents", "transition_log", "public_records")
    }


@pytest.mark.django_db
def test_a_fresh_database_holds_the_groups_permissions_and_pages_the_old_history_made():
    expected = json.loads((HERE / "fresh_database_facts.json").read_text())
    assert facts() == expected


def test_the_history_is_linear_one_migration_per_app_before_later_ones():
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    assert not loader.detect_conflicts()
    for app in SQUASHED:
        names = sorted(name for label, name in loader.disk_migrations if label == app)
        assert names[0] == "0001_first_release"
        numbers = [name[:4] for name in names]
        assert len(numbers) == len(set(numbers)), names  # no number twice
        # Every later migration follows the one before it: a line, no merges.
        for previous, name in zip(names, names[1:], strict=False):
            dependencies = loader.disk_migrations[(app, name)].dependencies
            assert (app, previous) in dependencies, (name, dependencies)
            assert len([d for d in dependencies if d[0] == app]) == 1
