"""The PostgreSQL index for full-text search over title and body belongs to `cms` (where
the search backend is configured), not to the partner API."""

from importlib import import_module

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

MIGRATION = import_module("cms.migrations.0006_search_index_for_title_and_body")


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'wagtailsearch_indexentry'"
        )
        return {name for (name,) in cursor.fetchall()}


def test_a_fresh_database_has_the_index_under_its_cms_name():
    assert MIGRATION.INDEX in _indexes()
    assert MIGRATION.FORMER not in _indexes()


def test_an_existing_database_keeps_its_index_under_the_new_name():
    with connection.cursor() as cursor:  # as api 0007 left it
        cursor.execute(f"ALTER INDEX {MIGRATION.INDEX} RENAME TO {MIGRATION.FORMER}")
    with connection.schema_editor() as editor:
        MIGRATION.create(None, editor)
        MIGRATION.create(None, editor)  # and again: nothing changes
    assert MIGRATION.INDEX in _indexes()
    assert MIGRATION.FORMER not in _indexes()


LEAVES_BEFORE = [
    ("alliances", "0013_i14_one_impact_concept"),
    ("api", "0010_i11_german_names_of_all_events"),
    ("cms", "0005_i15_duty_pages"),
    ("workflows", "0002_i14_cascade_and_automatic"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_existing_database_migrates_forward():
    """A database as it was before the engine named no group: back to the old leaves, the
    index under api's name, no run permission; then migrate forward as a deployment would."""
    from django.contrib.auth.models import Group
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(LEAVES_BEFORE)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER INDEX IF EXISTS {MIGRATION.INDEX} RENAME TO {MIGRATION.FORMER}")
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {MIGRATION.FORMER} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )
    kernteam = Group.objects.get(name="Kernteam")
    assert not kernteam.permissions.filter(codename="run_transition").exists()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert kernteam.permissions.filter(
        content_type__app_label="workflows", codename="run_transition"
    ).exists()
    assert kernteam.permissions.filter(codename="view_webhookendpoint").exists()
    assert MIGRATION.INDEX in _indexes()
    assert MIGRATION.FORMER not in _indexes()
