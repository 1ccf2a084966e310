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
