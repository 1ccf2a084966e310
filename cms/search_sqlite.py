"""The SQLite part of `cms.search`: imported only when the database is SQLite, as
modelsearch itself does (its SQLite module must not load on other databases)."""

from modelsearch.backends.database.sqlite import sqlite
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from cms.search_ranked import CountsRanked, RankedOnce


class _RankedOnce(RankedOnce):
    """The scores of all matches in one full-text query, instead of modelsearch's
    correlated subquery that runs the match again for every matching row."""

    def _plain_query(self) -> bool:
        return not isinstance(sqlite.normalize(self.query), MatchAll | Not)

    def _scores(self, config) -> dict:
        query = sqlite.normalize(self.query)
        match = sqlite.MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
        )
        entries = sqlite.SQLiteFTSIndexEntry.objects.filter(match).filter(
            index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model)
        )
        rank = self._build_rank_expression(self.get_search_vectors(), config)
        scores = {}
        for object_id, score in entries.annotate(score=rank).values_list(
            "index_entry__object_id", "score"
        ):
            scores.setdefault(object_id, score)  # an object's first entry, as modelsearch
        allowed = self.queryset.order_by().filter(
            pk__in=entries.values_list("index_entry__object_id", flat=True)
        )
        return {pk: scores[str(pk)] for pk in allowed.values_list("pk", flat=True)}

    @staticmethod
    def _sort_key(pk, score):
        return (score, -pk)  # ascending score, then descending pk (bm25 is negative)


class SearchQueryCompiler(_RankedOnce, sqlite.SQLiteSearchQueryCompiler):
    pass


class AutocompleteQueryCompiler(_RankedOnce, sqlite.SQLiteAutocompleteQueryCompiler):
    pass


class SearchResults(CountsRanked, sqlite.SQLiteSearchResults):
    pass


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    results_class = SearchResults
    query_compiler_class = SearchQueryCompiler
    autocomplete_query_compiler_class = AutocompleteQueryCompiler
