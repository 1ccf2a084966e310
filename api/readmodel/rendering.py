"""Rendering representations in bulk: a batch of pages, each language once, shared lookups.

The API's serializers stay the one definition of a representation; this module only feeds
them so that a batch costs a constant number of queries: the pages with what their cards
read (the selectors' querysets), the linked pages of every detail in one query per
relation, and the impact block only for alliances that have impact (the others share
the empty one). Serializers are built once per batch and language (`many=True`), not once
per page.
"""

import secrets
from collections import defaultdict

from django.http import HttpRequest
from django.utils import translation
from rest_framework.renderers import JSONRenderer
from wagtail.models import Site

from alliances.matching import wanted_by_alliance
from alliances.models import AlliancePage, ImpactReport, Voice
from api import selectors
from api.impact import alliance_impact_data

ORIGIN = "\x01"  # stands for scheme://host in stored JSON (JSON text never holds it raw)
LANGUAGES = ("de", "en")


class RenderRequest(HttpRequest):
    """What the serializers get as `request` when rendering outside a request: absolute
    URLs start with a marker that becomes ORIGIN, so each read puts its own host in."""

    def __init__(self, marker: str, site: Site | None):
        super().__init__()
        self.marker = marker
        self._wagtail_site = site

    def build_absolute_uri(self, location=None):
        if location and location.startswith("/") and not location.startswith("//"):
            return self.marker + location
        return location


def _attach_linked(model: type, pages: list) -> None:
    """The public pages each detail lists, one query per relation for the whole batch."""
    ids = [page.pk for page in pages]
    for attribute, linked in selectors.linked_summaries(model, ids).items():
        for page in pages:
            setattr(page, attribute, linked.get(page.pk, []))


def _attach_impact(alliances: list) -> None:
    """The impact block, computed once per alliance (it is the same in every language);
    alliances without impact reports and publishable voices share one empty block."""
    ids = [page.pk for page in alliances]
    with_impact = set(
        ImpactReport.objects.filter(alliance_id__in=ids).values_list("alliance_id", flat=True)
    )
    with_impact.update(
        Voice.objects.filter(alliance_id__in=ids)
        .publishable()
        .values_list("alliance_id", flat=True)
    )
    empty = None
    for page in alliances:
        if page.pk in with_impact:
            page.prefetched_impact = alliance_impact_data(page)
        else:
            if empty is None:
                empty = alliance_impact_data(page)
            page.prefetched_impact = empty


def render_pages(pages: list, serializer_class: type, *, detail: bool) -> dict[int, dict]:
    """{page id: {language: JSON text}} of these pages (as the selectors' querysets load
    them), rendered with `serializer_class`."""
    if not pages:
        return {}
    model = type(pages[0])
    if detail:
        _attach_linked(model, pages)
        if model is AlliancePage:
            _attach_impact(pages)
            wanted = wanted_by_alliance(page.pk for page in pages)  # three queries a batch
            for page in pages:
                page.prefetched_wanted = wanted.get(page.pk, [])
    marker = f"origin{secrets.token_hex(16)}"
    request = RenderRequest(marker, Site.objects.filter(is_default_site=True).first())
    renderer = JSONRenderer()
    rendered: dict[int, dict[str, str]] = defaultdict(dict)
    for language in LANGUAGES:
        with translation.override(language):
            data = serializer_class(pages, many=True, context={"request": request}).data
            for page, representation in zip(pages, data, strict=True):
                text = renderer.render(representation).decode()
                rendered[page.pk][language] = text.replace(marker, ORIGIN)
    return dict(rendered)


def render(queryset, serializer_class: type, *, detail: bool) -> dict[int, dict]:
    """Render the pages of `queryset` (a selector's list or detail queryset, filtered)."""
    return render_pages(list(queryset), serializer_class, detail=detail)
