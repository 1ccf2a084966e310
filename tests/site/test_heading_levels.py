"""Headings never skip a level on a public page (WCAG 1.3.1; Wagtail's accessibility
checker flags "Falsche Überschriftenhierarchie"): one h1, then each heading at most one
level below the one before. Every public page type, its lists with and without results,
and the forms with their errors."""

import re

import pytest
from django.core.cache import caches

from alliances.demo.duty_pages import seed_duty_pages
from alliances.models import AlliancePage, ImpactPage, NeedPage, OpportunityPage, ServicePage
from cms.models import HomePage
from tests.factories import AgeGroupFactory, DistrictFactory, TopicFactory
from tests.site.test_query_counts import PINNED, _batch

pytestmark = pytest.mark.django_db

HEADING = re.compile(r"<h([1-6])\b")
# Public pages beside the pinned ones: the alerts form, the widget, open data, API docs.
MORE = [
    "/mitmachen/benachrichtigungen/",
    "/embed/alliances/",
    "/embed/alliances/?view=wanted",
    "/open-data/",
    "/api/v1/docs/",
]
FORMS = [
    "/mitmachen/allianz/{alliance_slug}/",
    "/mitmachen/melden/",
    "/mitmachen/benachrichtigungen/",
]


def skipped_levels(html: str) -> list[str]:
    levels = [int(level) for level in HEADING.findall(html)]
    problems = []
    if levels and levels[0] != 1:
        problems.append(f"starts with h{levels[0]}")
    if levels.count(1) > 1:
        problems.append("more than one h1")
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            problems.append(f"h{before} → h{after}")
    return problems


def test_the_checker_finds_a_skipped_level():
    assert skipped_levels("<h1>a</h1><h3>b</h3>") == ["h1 → h3"]
    assert skipped_levels("<h1>a</h1><h2>b</h2><h3>c</h3><h2>d</h2>") == []


def test_no_public_page_skips_a_heading_level(client):
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
    _batch(catalogue, 2)
    values = {
        "alliance": first[AlliancePage].url,
        "service": first[ServicePage].url,
        "need": first[NeedPage].url,
        "opportunity": first[OpportunityPage].url,
        "alliance_slug": first[AlliancePage].slug,
    }
    found = {}
    for template in [*PINNED, *MORE]:
        url = template.format(**values)
        response = client.get(url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        assert response.status_code in {200, 404}, url
        found[url] = skipped_levels(response.content.decode())
    for template in FORMS:
        url = template.format(**values)
        response = client.post(url, {})  # the form again, with its error summary
        assert response.status_code in {200, 400}, url
        found[f"POST {url}"] = skipped_levels(response.content.decode())
    problems = [f"{url}: {', '.join(found[url])}" for url in found if found[url]]
    assert not problems, "\n".join(problems)
