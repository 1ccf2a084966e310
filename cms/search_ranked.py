"""Relevance ordering from one full-text query, for both database backends (`cms.search`).

The scores of all rows of the queryset that match are read in one query and ordered in
Python; the requested slice is then fetched by id, and a count (asked before or after the
slice) is their number. modelsearch instead runs the match twice per page shown (the
page, ordered by score in the database, and a count), and on SQLite its ordering runs the
match again for every matching row."""

from django.db.models import Case, IntegerField, When
from django.db.models.query import ModelIterable


class RankedOnce:
    """A mixin for the query compilers. Subclasses give `_scores(config)`: an object's id
    and its score for every matching row of the queryset (an object's first entry counts),
    and `_sort_key(pk, score)`: the order modelsearch gives them."""

    def ranks_once(self, score_field=None) -> bool:
        """Whether this search is ordered here: by relevance, without scores asked for."""
        return self.order_by_relevance and score_field is None and self._plain_query()

    def ranked(self, config) -> list:
        """The ids of all matching rows, best first (read once per search)."""
        if getattr(self, "_ranked", None) is None:
            scores = self._scores(config)
            self._ranked = sorted(scores, key=lambda pk: self._sort_key(pk, scores[pk]))
        return self._ranked

    def search(self, config, start, stop, score_field=None, **kwargs):
        if stop is None or not self.ranks_once(score_field):  # counts, facets, scores
            return super().search(config, start, stop, score_field, **kwargs)
        ranked = self.ranked(config)[start:stop]
        if not ranked:
            return self.queryset.none()
        position = Case(
            *[When(pk=pk, then=n) for n, pk in enumerate(ranked)], output_field=IntegerField()
        )
        if not _plain(self.queryset):  # annotated, specific() or deferred (the admin's)
            return self.queryset.filter(pk__in=ranked).order_by(position)
        # A plain queryset (the site's): the shown page by id alone. Its rows passed the
        # queryset's filters in the ranking, which need not run again.
        shown = self.queryset.model._default_manager.filter(pk__in=ranked)
        shown.query.select_related = self.queryset.query.select_related
        lookups = self.queryset._prefetch_related_lookups
        return shown.prefetch_related(*lookups).order_by(position)


class CountsRanked:
    """A mixin for the search results: a count reads what the ranking matched (one
    full-text query for a page and its count, whichever is asked first)."""

    def _do_count(self):
        compiler = self.query_compiler
        if compiler.ranks_once():
            return len(compiler.ranked(compiler.get_config(self.backend)))
        return super()._do_count()


def _plain(queryset) -> bool:
    """Rows of the model as they are: no annotations, no other iterable (specific(),
    values()), nothing deferred; filters, select_related and prefetches aside."""
    return (
        not queryset.query.annotations
        and queryset._iterable_class is ModelIterable
        and queryset.query.deferred_loading == (frozenset(), True)
    )
