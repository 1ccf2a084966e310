"""The PostgreSQL index for full-text search over title and body belongs to `cms` (where
the search backend is configured), not to the partner API."""

from importlib import import_module

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

MIGRATION = import_module("cms.migrations.0001_first_release")


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'wagtailsearch_indexentry'"
        )
        return {name for (name,) in cursor.fetchall()}


def test_a_fresh_database_has_the_index_under_its_cms_name():
    assert MIGRATION.SEARCH_INDEX in _indexes()
    assert "api_search_title_body_gin" not in _indexes()  # its name before the first release


def test_creating_the_index_again_changes_nothing():
    with connection.schema_editor() as editor:
        MIGRATION.create_search_index(None, editor)
    assert MIGRATION.SEARCH_INDEX in _indexes()
