"""Rendering representations in bulk: a batch of pages, each language once, shared lookups.

The API's serializers stay the one definition of a representation; this module only feeds
them so that a batch costs a constant number of queries: the pages with what their cards
read (the selectors' querysets), the linked pages of every detail in one query per
relation, and the impact block only for alliances that have impact (the others share
the empty one). Serializers are built once per batch and language (`many=True`), not once
per page. The catalogue entries of the cards and the members of alliances are attached
from one query each (`bulk_related`) instead of prefetched (a prefetch builds a queryset
per page and relation); a detail's data also gives its card (`render_details_and_cards`).
"""

import functools
import secrets
from collections import defaultdict

from django.http import HttpRequest
from django.utils import translation
from rest_framework.renderers import JSONRenderer
from wagtail.models import Site

from alliances.matching import wanted_by_alliance
from alliances.models import AlliancePage, ImpactReport, Voice
from alliances.models.consent import Consent
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


def _attach_catalogues(model: type, pages: list) -> None:
    """What a prefetch of the cards' catalogue entries would give, from one query per
    relation and the (small) catalogues loaded once: entries are shared between pages and
    in each page in the catalogue's order."""
    ids = [page.pk for page in pages]
    for page in pages:
        page.bulk_related = {}
    for name in selectors.CATALOGUES:
        field = model._meta.get_field(name)
        through = field.remote_field.through
        page_column = f"{field.m2m_field_name()}_id"
        entry_column = f"{field.m2m_reverse_field_name()}_id"
        entries = list(field.related_model.objects.all())  # in the catalogue's order
        position = {entry.pk: n for n, entry in enumerate(entries)}
        by_page = defaultdict(list)
        for page_id, entry_id in through.objects.filter(**{f"{page_column}__in": ids}).values_list(
            page_column, entry_column
        ):
            by_page[page_id].append(position[entry_id])
        for page in pages:
            page.bulk_related[name] = [entries[n] for n in sorted(by_page[page.pk])]


def _attach_memberships(alliances: list) -> None:
    """The members each alliance's detail lists, with their persons' consents (three
    queries: memberships, logo renditions, consents)."""
    by_alliance = defaultdict(list)
    memberships = list(
        selectors.memberships_queryset(consents=False).filter(
            alliance_id__in=[page.pk for page in alliances]
        )
    )
    consents = defaultdict(list)
    persons = {m.person_id for m in memberships if m.person_id}
    for consent in Consent.objects.filter(person_id__in=persons):
        consents[consent.person_id].append(consent)
    for membership in memberships:
        if membership.person_id:
            membership.person.bulk_consents = consents[membership.person_id]
        by_alliance[membership.alliance_id].append(membership)
    for page in alliances:
        page.bulk_related["memberships"] = by_alliance[page.pk]


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
    them with `bulk=True`), rendered with `serializer_class`."""
    return _render(pages, serializer_class, detail=detail)[0]


def render_details_and_cards(
    pages: list, detail_serializer: type, card_serializer: type
) -> tuple[dict[int, dict], dict[int, dict]]:
    """({page id: {language: detail JSON}}, {page id: {language: card JSON}}) of pages
    loaded by a detail queryset. A card is the detail's data cut to the card's fields (the
    detail serializer extends the card's, so its fields give the same values): the pages
    are loaded and serialized once for both."""
    return _render(pages, detail_serializer, detail=True, card_fields=_fields(card_serializer))


@functools.cache
def _fields(serializer_class: type) -> tuple[str, ...]:
    return tuple(serializer_class().fields)


def _render(
    pages: list, serializer_class: type, *, detail: bool, card_fields: tuple[str, ...] = ()
) -> tuple[dict[int, dict], dict[int, dict]]:
    if not pages:
        return {}, {}
    model = type(pages[0])
    _attach_catalogues(model, pages)
    if detail:
        _attach_linked(model, pages)
        if model is AlliancePage:
            _attach_memberships(pages)
            _attach_impact(pages)
            wanted = wanted_by_alliance(page.pk for page in pages)  # three queries a batch
            for page in pages:
                page.prefetched_wanted = wanted.get(page.pk, [])
    marker = f"origin{secrets.token_hex(16)}"
    request = RenderRequest(marker, Site.objects.filter(is_default_site=True).first())
    renderer = JSONRenderer()
    rendered: dict[int, dict[str, str]] = defaultdict(dict)
    cards: dict[int, dict[str, str]] = defaultdict(dict)
    for language in LANGUAGES:
        with translation.override(language):
            data = serializer_class(pages, many=True, context={"request": request}).data
            for page, representation in zip(pages, data, strict=True):
                text = renderer.render(representation).decode()
                rendered[page.pk][language] = text.replace(marker, ORIGIN)
                if card_fields:
                    card = renderer.render(
                        {name: representation[name] for name in card_fields}
                    ).decode()
                    cards[page.pk][language] = card.replace(marker, ORIGIN)
    return dict(rendered), dict(cards)


def render(queryset, serializer_class: type, *, detail: bool) -> dict[int, dict]:
    """Render the pages of `queryset` (a selector's list or detail queryset, filtered)."""
    return render_pages(list(queryset), serializer_class, detail=detail)
