"""Point 10: every public page answers with a pinned number of queries that does not grow
with the number of pages listed (search and filters included): the same counts with 5 and
with 50 of each kind of page."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliances.demo.duty_pages import seed_duty_pages
from alliances.models import AlliancePage, ImpactPage, NeedPage, OpportunityPage, ServicePage
from alliances.stages import ItemStage
from cms.models import HomePage
from tests.factories import (
    AgeGroupFactory,
    DistrictFactory,
    StandardFactory,
    TopicFactory,
    make_gap,
)
from tests.factories.api import link_item, link_service, make_public

pytestmark = pytest.mark.django_db

# url -> queries; "{alliance}" etc. are filled in with the slugs of the first pages.
PINNED = {
    "/": 13,
    "/allianzen/": 14,
    "/allianzen/?district=neheim&topic=bildung&age_group=kinder": 17,
    "/allianzen/?q=Lesepaten&district=neheim": 15,
    "/allianzen/?district=mond&page=2": 15,
    "/leistungen/": 14,
    "/leistungen/?district=neheim&topic=bildung": 16,
    "/bedarfslagen/": 14,
    "/bedarfslagen/?age_group=kinder": 15,
    "/bedarfslagen/?q=Lesepaten&topic=bildung": 15,
    "/entwicklungschancen/": 14,
    "/entwicklungschancen/?age_group=kinder": 15,
    "{alliance}": 24,  # 4 of them: "Wir suchen" (links, requirements, contributions)
    "{service}": 17,
    "{need}": 16,
    "{opportunity}": 15,
    "/wirkung/": 11,
    "/wirkung/?district=neheim": 12,
    "/stadtteile/": 5,
    "/suche/?q=Lesepaten": 18,
    "/suche/?district=neheim&topic=bildung": 20,
    "/mitmachen/": 4,
    "/mitmachen/allianz/{alliance_slug}/": 6,
    "/mitmachen/melden/": 4,
    "/impressum/": 7,
    "/datenschutz/": 7,
    "/barrierefreiheit/": 7,
    "/sitemap.xml": 6,
    "/sitemap-pages.xml": 3,
    "/sitemap-alliances.xml": 3,
    "/sitemap-needs.xml": 3,
    "/robots.txt": 0,
    "/gibt-es-nicht/": 5,
}

# The full-text search (cms/search.py) ranks once and fetches the page of results by id;
# a count, asked before or after the page, reads what the ranking matched. On SQLite the
# ranking takes two queries (the scores, then which matches the filters let through): one
# more per searched list than PostgreSQL.
SQLITE_EXTRA = {
    "/allianzen/?q=Lesepaten&district=neheim": 1,
    "/bedarfslagen/?q=Lesepaten&topic=bildung": 1,
    "/suche/?q=Lesepaten": 4,
}


FEW, MANY = 5, 50


def _batch(catalogue, number: int):
    district, topic, age_group = catalogue
    pages = {}
    for model, stage in [
        (AlliancePage, None),
        (ServicePage, None),
        (NeedPage, ItemStage.CLOSED),
        (OpportunityPage, None),
    ]:
        page = make_public(model, title=f"Lesepaten {model.__name__} {number}", stage=stage)
        page.districts.set([district])
        page.topics.set([topic])
        page.age_groups.set([age_group])
        page.save_revision().publish()
        pages[model] = page
    need = pages[NeedPage]
    make_gap(need, StandardFactory(target_value=Decimal(60)), actual="20",
             remeasured_value=Decimal(50), remeasured_on=date(2026, 6, 1))  # fmt: skip
    link_item(pages[ServicePage], need)
    link_service(pages[AlliancePage], pages[ServicePage])
    return pages


def _counts(client, urls) -> dict:
    counts = {}
    for url in urls:
        client.get(url)  # warm Wagtail's site-root cache and the settings
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code in {200, 404}, url
        counts[url] = len(queries)
    return counts


def test_public_pages_answer_with_pinned_query_counts(client):
    for alias_cache in caches.all():
        alias_cache.clear()
    seed_duty_pages()
    if not ImpactPage.objects.exists():
        HomePage.objects.get().add_child(instance=ImpactPage(title="Wirkung", slug="wirkung"))
    catalogue = (
        DistrictFactory(slug="neheim", name="Neheim"),
        TopicFactory(slug="bildung", name="Bildung"),
        AgeGroupFactory(slug="kinder", name="Kinder"),
    )
    first = _batch(catalogue, 1)
    for number in range(2, FEW + 1):
        _batch(catalogue, number)
    urls = {
        template: template.format(
            alliance=first[AlliancePage].url,
            service=first[ServicePage].url,
            need=first[NeedPage].url,
            opportunity=first[OpportunityPage].url,
            alliance_slug=first[AlliancePage].slug,
        )
        for template in PINNED
    }
    few = _counts(client, urls.values())
    for number in range(FEW + 1, MANY + 1):
        _batch(catalogue, number)
    many = _counts(client, urls.values())
    assert {t: few[u] for t, u in urls.items()} == {t: many[u] for t, u in urls.items()}
    extra = SQLITE_EXTRA if connection.vendor == "sqlite" else {}
    expected = {template: count + extra.get(template, 0) for template, count in PINNED.items()}
    assert {template: many[url] for template, url in urls.items()} == expected
