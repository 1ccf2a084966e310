"""Bulk rendering of the read model: the same bytes as one serializer per page, and a
number of queries that does not grow with the number of pages."""

import io
import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.renderers import JSONRenderer
from wagtail.models import Site

from alliances.models import AlliancePage, Competence, District
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


def test_cards_rendered_with_their_details_are_the_cards(programme):
    for kind in Kind:
        ids = public_ids(kind)
        details, cards = services.render_details_and_cards(kind, ids)
        assert details == one_by_one(kind, ids, detail=True), kind
        assert cards == one_by_one(kind, ids, detail=False), kind


def test_details_and_cards_cost_the_same_queries_for_few_and_many_pages(programme):
    for kind in Kind:
        ids = public_ids(kind, generated=True)
        services.render_details_and_cards(kind, ids[:2])
        counts = []
        for batch in (ids[:4], ids):
            with CaptureQueriesContext(connection) as queries:
                details, cards = services.render_details_and_cards(kind, batch)
            assert len(details) == len(cards) == len(batch)
            counts.append(len(queries))
        assert counts[0] == counts[1], (kind, counts)


def _cards_naming(district) -> tuple[int, int, int]:
    """(records of pages in the district, their cards naming it, cards with its old name)."""
    records = PublicRecord.objects.filter(public=True)
    pages = 0
    named = 0
    for record in records:
        slugs = {
            d["slug"]: d["name"]
            for d in json.loads(record.card_de.replace(services.ORIGIN, ""))["districts"]
        }
        if district.slug in slugs:
            pages += 1
            named += slugs[district.slug] == district.name
            assert district.name in record.detail_de
    return pages, named, sum("Altname" in r.card_de for r in records)


def test_a_district_renamed_reaches_every_card_through_the_worker(
    django_capture_on_commit_callbacks,
):
    """The rename clears every representation; the render task (run at once here, as the
    worker would after the commit) renders them all again, in a number of queries that
    grows with the batches (500 records), not with the cards."""
    counts = []
    for scale in (30, 120):
        out = io.StringIO()
        call_command("seed_demo", "--scale", str(scale), stdout=out)
        services.sync_all(content=True)
        services.render_pending()
        through = AlliancePage._meta.get_field("districts").remote_field.through
        most = through.objects.values("district_id").annotate(n=Count("id")).order_by("-n")[0]
        district = District.objects.get(pk=most["district_id"])
        district.name = "Altname"
        district.save()
        services.render_pending()
        district.name = f"Neuer Name {scale}"
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True) as callbacks,
        ):
            district.save()
        assert callbacks  # the render task, enqueued after the commit
        counts.append(len(queries))
        pages, named, stale = _cards_naming(district)
        assert pages >= scale // 15 and named == pages and stale == 0
    assert PublicRecord.objects.filter(public=True).count() < services.BATCH
    assert counts[0] == counts[1], counts


def test_a_competence_renamed_reaches_every_wanted_block_through_the_worker(
    django_capture_on_commit_callbacks,
):
    call_command("seed_demo", "--scale", "30", stdout=io.StringIO())
    services.sync_all(content=True)
    services.render_pending()
    wanted = Counter(
        entry["slug"]
        for detail in PublicRecord.objects.filter(kind=Kind.ALLIANCE, public=True).values_list(
            "detail_de", flat=True
        )
        for entry in json.loads(detail.replace(services.ORIGIN, ""))["wanted"]
        if entry["kind"] == "competence"
    )
    competence = Competence.objects.get(slug=wanted.most_common(1)[0][0])
    competence.name = "Neu benannte Kompetenz"
    with django_capture_on_commit_callbacks(execute=True):
        competence.save()
    names = [
        entry["name"]
        for detail in PublicRecord.objects.filter(kind=Kind.ALLIANCE, public=True).values_list(
            "detail_de", flat=True
        )
        for entry in json.loads(detail.replace(services.ORIGIN, ""))["wanted"]
        if entry["slug"] == competence.slug
    ]
    assert names == ["Neu benannte Kompetenz"] * wanted[competence.slug]


def test_a_pages_urls_are_worked_out_once_per_batch_however_often_it_is_listed(programme):
    """A service listed by many alliances: its URL and API URL are worked out once for
    the batch, not once per detail and language that lists it, and the texts are still
    those of one serializer per page."""
    from alliances.models import ServicePage

    ids = list(AlliancePage.objects.live().values_list("pk", flat=True)[:20])
    calls = Counter()
    real = ServicePage.get_full_url

    def counted(page, request=None):
        calls[page.slug] += 1
        return real(page, request)

    spec = services.REPRESENTATIONS[Kind.ALLIANCE]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ServicePage, "get_full_url", counted)
        rendered, _cards = rendering.render_details_and_cards(
            list(spec.detail_queryset(bulk=True).filter(pk__in=ids)),
            spec.detail_serializer,
            spec.list_serializer,
        )
    listed = Counter(
        service["slug"]
        for texts in rendered.values()
        for service in json.loads(texts["de"].replace(rendering.ORIGIN, ""))["services"]
    )
    assert max(listed.values()) > 1  # the fixture lists a service in several alliances
    assert calls == Counter(set(listed))  # once each, in both languages
    assert rendered == one_by_one(Kind.ALLIANCE, list(rendered), detail=True)


def test_each_render_batch_holds_one_kind_and_is_full(programme, monkeypatch):
    """Pending records are batched per kind: each render call shares its lookups over a
    whole batch of one kind's pages, not over the few of a kind among mixed page ids."""
    services.sync_all(content=True)
    monkeypatch.setattr(services, "BATCH", 20)
    calls = []
    fill = services.fill

    def recording(records, *, detail):
        calls.append((detail, Counter(record.kind for record in records)))
        fill(records, detail=detail)

    monkeypatch.setattr(services, "fill", recording)
    PublicRecord.objects.update(card_de=None, card_en=None, detail_de=None, detail_en=None)
    services.render_pending()
    public = Counter(PublicRecord.objects.filter(public=True).values_list("kind", flat=True))
    assert all(len(kinds) == 1 for _detail, kinds in calls), calls
    for kind, count in public.items():
        sizes = [kinds[kind] for detail, kinds in calls if detail and kind in kinds]
        assert sum(sizes) == count
        assert sizes[:-1] == [20] * (len(sizes) - 1)  # only a kind's last batch is short
    assert not PublicRecord.objects.filter(public=True, detail_de__isnull=True).exists()
