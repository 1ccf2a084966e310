"""Server time of the public site's pages, search and filters included, with a full
database: Django's test client (the whole middleware stack), anonymous, production
settings; once to warm up, then BENCH_PUBLIC_RUNS times, the median counts."""

import json
import math
import os
import statistics
import time

SEARCH_WORD = "Garten"


def public_pages() -> list[tuple[str, str]]:
    from wagtail.models import Site

    from alliances.models import AlliancePage, District, NeedPage, OpportunityPage, ServicePage
    from alliances.sitemap import PAGES_PER_FILE
    from alliances.stages import ItemStage
    from cms.models import ProgrammeSettings

    alliance = AlliancePage.objects.publicly_visible().order_by("pk").first()
    needs = NeedPage.objects.publicly_visible().order_by("pk")
    # A need with its results: closed, re-measured, with the alliances that delivered.
    need = needs.filter(stage=ItemStage.CLOSED).first() or needs.first()
    service = ServicePage.objects.publicly_visible().order_by("pk").first()
    opportunity = OpportunityPage.objects.publicly_visible().order_by("pk").first()
    district = District.objects.order_by("name").first()
    slug = district.slug if district else ""
    public_alliances = AlliancePage.objects.publicly_visible().count()
    last_file = max(1, math.ceil(public_alliances / PAGES_PER_FILE))
    duty = ProgrammeSettings.for_site(Site.objects.get(is_default_site=True))
    pages = [
        ("home page", "/"),
        ("alliances index", "/allianzen/"),
        ("alliances index, page 50", "/allianzen/?page=50"),
        ("alliances index, filtered", f"/allianzen/?district={slug}&age_group=kinder"),
        ("alliances index, search", f"/allianzen/?q={SEARCH_WORD}"),
        ("needs index", "/bedarfslagen/"),
        ("needs index, filtered", f"/bedarfslagen/?district={slug}"),
        ("needs index, search", f"/bedarfslagen/?q={SEARCH_WORD}&topic=bildung"),
        ("services index", "/leistungen/"),
        ("services index, filtered", f"/leistungen/?district={slug}&topic=bildung"),
        ("opportunities index", "/entwicklungschancen/"),
        ("opportunities index, filtered", "/entwicklungschancen/?age_group=kinder"),
        ("an alliance", alliance.url),
        ("a need with results", need.url),
        ("a service", service.url),
        ("an opportunity", opportunity.url),
        ("Wirkung", "/wirkung/"),
        ("Wirkung, filtered", f"/wirkung/?district={slug}"),
        ("district overview", "/stadtteile/"),
        ("site search", f"/suche/?q={SEARCH_WORD}"),
        ("site search, district", f"/suche/?district={slug}"),
        ("Mitmachen", "/mitmachen/"),
        ("sign-up form", f"/mitmachen/allianz/{alliance.slug}/"),
        ("report form", "/mitmachen/melden/"),
        ("sitemap.xml (the index)", "/sitemap.xml"),
        ("sitemap, first file of alliances", "/sitemap-alliances.xml"),
        ("sitemap, last file of alliances", f"/sitemap-alliances.xml?p={last_file}"),
        ("not found", "/gibt-es-nicht/"),
    ]
    for name, page in [
        ("Impressum", duty.imprint_page),
        ("Datenschutz", duty.privacy_page),
        ("Barrierefreiheit", duty.accessibility_page),
    ]:
        if page is not None and page.live:
            pages.append((name, page.url))
    return pages


def measure() -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    runs = int(os.environ.get("BENCH_PUBLIC_RUNS", "5"))
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    results = []
    for name, url in public_pages():
        status = client.get(url, secure=True).status_code  # also warms the caches
        times = []
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(url, secure=True)
            times.append(time.perf_counter() - started)
        query_count = len(queries)
        for _ in range(runs - 1):
            started = time.perf_counter()
            client.get(url, secure=True)
            times.append(time.perf_counter() - started)
        results.append(
            {
                "name": name,
                "url": url,
                "status": status,
                "ms": statistics.median(times) * 1000,
                "queries": query_count,
            }
        )
    print(json.dumps(results))
