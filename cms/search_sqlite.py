"""The SQLite part of `cms.search`: imported only when the database is SQLite, as
modelsearch itself does (its SQLite module must not load on other databases)."""

from django.db.models import Case, IntegerField, When
from django.db.models.query import ModelIterable
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class _RankedOnce:
    """Relevance ordering from one full-text query (a mixin for the query compilers)."""

    def search(self, config, start, stop, score_field=None):
        query = sqlite.normalize(self.query)
        if (
            stop is None  # counting or facets: modelsearch leaves the scores out
            or not self.order_by_relevance
            or score_field is not None
            or isinstance(query, MatchAll | Not)
        ):
            return super().search(config, start, stop, score_field)
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
        allowed = list(
            self.queryset.filter(
                pk__in=entries.values_list("index_entry__object_id", flat=True)
            ).values_list("pk", flat=True)
        )
        self.matched_total = len(allowed)  # the count, should it be asked for next
        # Ascending score, then descending pk: modelsearch's order (bm25 is negative).
        ranked = sorted(allowed, key=lambda pk: (scores[str(pk)], -pk))[start:stop]
        if not ranked:
            return self.queryset.none()
        position = Case(
            *[When(pk=pk, then=n) for n, pk in enumerate(ranked)], output_field=IntegerField()
        )
        if not _plain(self.queryset):  # annotated, specific() or deferred (the admin's)
            return self.queryset.filter(pk__in=ranked).order_by(position)
        # A plain queryset (the site's): the shown page by id alone. Its rows passed the
        # queryset's filters just above, which need not run again (on SQLite they cost
        # more than the fetch itself).
        shown = self.queryset.model._default_manager.filter(pk__in=ranked)
        shown.query.select_related = self.queryset.query.select_related
        lookups = self.queryset._prefetch_related_lookups
        return shown.prefetch_related(*lookups).order_by(position)


def _plain(queryset) -> bool:
    """Rows of the model as they are: no annotations, no other iterable (specific(),
    values()), nothing deferred; filters, select_related and prefetches aside."""
    return (
        not queryset.query.annotations
        and queryset._iterable_class is ModelIterable
        and queryset.query.deferred_loading == (frozenset(), True)
    )


class SearchQueryCompiler(_RankedOnce, sqlite.SQLiteSearchQueryCompiler):
    pass


class AutocompleteQueryCompiler(_RankedOnce, sqlite.SQLiteAutocompleteQueryCompiler):
    pass


class SearchResults(sqlite.SQLiteSearchResults):
    """A count after a page of the same results reads what the ranking matched already
    (one full-text query instead of two: the site's search shows both per kind)."""

    def _do_count(self):
        total = getattr(self.query_compiler, "matched_total", None)
        return total if total is not None else super()._do_count()


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    results_class = SearchResults
    query_compiler_class = SearchQueryCompiler
    autocomplete_query_compiler_class = AutocompleteQueryCompiler
