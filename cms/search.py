"""Wagtail's database search backend, with relevance ordering that scales on SQLite.

On SQLite, modelsearch orders results by a correlated subquery that runs the full-text
match again for every matching row: quadratic in the matches (the admin page search for a
common word took 16 s at 10,000 alliances). Here the match runs once: the scores of all
matches in one query, ordered in Python, then the requested slice fetched by id. Other
databases keep modelsearch's own backend (PostgreSQL ranks in a join).

Settings: `WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search"}}`.
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as database_backend


def SearchBackend(params):
    backend = database_backend(params)
    if connection.vendor == "sqlite":
        from cms import search_sqlite

        if isinstance(backend, search_sqlite.sqlite.SQLiteSearchBackend):
            return search_sqlite.SQLiteSearchBackend(params)
    return backend
