"""Bulk rendering of the read model: the same bytes as one serializer per page, and a
number of queries that does not grow with the number of pages."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.renderers import JSONRenderer
from wagtail.models import Site

from api.readmodel import rendering, services
from api.readmodel.models import Kind, PublicRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    """The demo programme (impact reports, voices, linked pages, bodies) and generated pages."""
    call_command("seed_demo", "--scale", "40", stdout=io.StringIO())


def one_by_one(kind: str, ids: list[int], *, detail: bool) -> dict[int, dict[str, str]]:
    """What rendering did before: one serializer per page and language."""
    spec = services.REPRESENTATIONS[kind]
    queryset = (spec.detail_queryset if detail else spec.list_queryset)().filter(pk__in=ids)
    serializer = spec.detail_serializer if detail else spec.list_serializer
    request = rendering.RenderRequest("marker", Site.objects.get(is_default_site=True))
    result = {}
    for page in queryset:
        result[page.pk] = {}
        for language in rendering.LANGUAGES:
            with translation.override(language):
                data = serializer(page, context={"request": request}).data
            text = JSONRenderer().render(data).decode()
            result[page.pk][language] = text.replace("marker", rendering.ORIGIN)
    return result


def public_ids(kind: str, *, generated: bool | None = None) -> list[int]:
    records = PublicRecord.objects.filter(kind=kind, public=True).order_by("page_id")
    if generated is not None:
        records = (
            records.filter(slug__startswith="gen-")
            if generated
            else records.exclude(slug__startswith="gen-")
        )
    return list(records.values_list("page_id", flat=True))


REPRESENTATIONS = [(kind, detail) for kind in Kind for detail in (False, True)]


def test_bulk_rendering_gives_the_serializers_bytes(programme):
    for kind, detail in REPRESENTATIONS:
        ids = public_ids(kind)
        assert ids
        bulk = services.render(kind, ids, detail=detail)
        assert bulk == one_by_one(kind, ids, detail=detail), (kind, detail)


def test_bulk_rendering_costs_the_same_queries_for_few_and_many_pages(programme):
    for kind, detail in REPRESENTATIONS:
        ids = public_ids(kind, generated=True)
        assert len(ids) >= 8
        services.render(kind, ids[:2], detail=detail)  # per-process lookups (site, types)
        counts = []
        for batch in (ids[:4], ids):
            with CaptureQueriesContext(connection) as queries:
                assert len(services.render(kind, batch, detail=detail)) == len(batch)
            counts.append(len(queries))
        assert counts[0] == counts[1], (kind, detail, counts)
