"""The PostgreSQL part of `cms.search`: modelsearch's backend, ranked once per search
(`cms.search_ranked`) instead of a ranked page and a count that both run the match."""

from modelsearch.backends.database.postgres import postgres
from modelsearch.query import Fuzzy, MatchAll, Not

from cms.search_ranked import CountsRanked, RankedOnce


class _RankedOnce(RankedOnce):
    def _plain_query(self) -> bool:
        query = self.query
        return not (
            isinstance(query, MatchAll | Fuzzy)
            or (isinstance(query, Not) and isinstance(query.subquery, MatchAll))
        )

    def _scores(self, config) -> dict:
        # What modelsearch's `search` matches and orders by, read as (id, score).
        search_query = self.build_tsquery(self.query, config=config)
        vectors = self.get_search_vectors(search_query)
        rank = self._build_rank_expression(vectors, config)
        combined = vectors[0][0]
        for vector, _boost in vectors[1:]:
            combined = combined._combine(vector, "||", False)
        matches = self.queryset.annotate(_vector_=combined).filter(_vector_=search_query)
        scores = {}
        for pk, score in matches.annotate(_score_=rank).order_by().values_list("pk", "_score_"):
            scores.setdefault(pk, score)
        return scores

    @staticmethod
    def _sort_key(pk, score):
        # Descending score, then descending pk; no score (a query of no lexeme ranks NULL)
        # first, as PostgreSQL sorts NULL in a descending order.
        return (score is not None, -(score or 0.0), -pk)


class SearchQueryCompiler(_RankedOnce, postgres.PostgresSearchQueryCompiler):
    pass


class AutocompleteQueryCompiler(_RankedOnce, postgres.PostgresAutocompleteQueryCompiler):
    pass


class SearchResults(CountsRanked, postgres.PostgresSearchResults):
    pass


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    results_class = SearchResults
    query_compiler_class = SearchQueryCompiler
    autocomplete_query_compiler_class = AutocompleteQueryCompiler
