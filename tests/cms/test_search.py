"""The search backend ranks once per query and answers as modelsearch's does."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.backends.database import SearchBackend as modelsearch_backend
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from alliances.models import AlliancePage
from cms.search import searchable

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    call_command("seed_demo", "--scale", "40", stdout=io.StringIO())


def ids(results) -> list[int]:
    return [page.pk for page in results]


def test_results_and_their_order_are_modelsearchs(pages):
    ours, theirs = get_search_backend(), modelsearch_backend({})
    for query in ("Garten", "Allianz", "Lese", "Quartier Garten"):
        for method in ("search", "autocomplete"):
            for start, stop in ((0, 20), (20, 40), (5, 6)):
                mine = getattr(ours, method)(query, Page.objects.all())[start:stop]
                reference = getattr(theirs, method)(query, Page.objects.all())[start:stop]
                assert ids(mine) == ids(reference), (query, method, start)
            assert getattr(ours, method)(query, Page).count() == (
                getattr(theirs, method)(query, Page).count()
            )


def test_a_page_of_results_costs_the_same_queries_for_few_and_many_matches(pages):
    backend = get_search_backend()
    # Warm up: a process's first search looks up content types once (Django caches them),
    # which is no cost of either query and made this test fail when it ran first.
    ids(backend.autocomplete("Allianz", Page.objects.all())[:20])
    counts = []
    for query in ("Lesepaten", "Garten"):  # few pages match, many pages match
        with CaptureQueriesContext(connection) as queries:
            assert ids(backend.autocomplete(query, Page.objects.all())[:20])
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_search_of_one_kind_within_a_filter_answers_as_modelsearchs(pages):
    # The site's search (alliances.search.public_results): one kind of page, within the
    # public ones given as a filter on ids, a page of results and the count.
    ours, theirs = get_search_backend(), modelsearch_backend({})
    public = AlliancePage.objects.publicly_visible()
    for query in ("Garten", "Allianz", "Quartier Garten", "Lesepaten"):
        for start, stop in ((0, 5), (5, 10), (0, 50)):
            mine = ours.search(query, AlliancePage.objects.filter(searchable(public)))
            reference = theirs.search(
                query, AlliancePage.objects.filter(pk__in=public.values("pk"))
            )
            count = mine.count()  # asked first, as the paginator does
            assert ids(mine[start:stop]) == ids(reference[start:stop]), (query, start)
            assert count == reference.count() == mine.count(), query
