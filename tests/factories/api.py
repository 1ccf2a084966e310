"""Builders for API tests: public pages in a given stage, linked the Wagtail way."""

from django.utils import timezone

from alliances.models import (
    AlliancePage,
    AllianceServiceLink,
    NeedPage,
    OpportunityPage,
    ServiceItemLink,
    ServicePage,
)
from api import stream
from tests.factories import make_page

PUBLIC_STAGE = {
    AlliancePage: "active",
    ServicePage: "defined",
    NeedPage: "in_analysis",
    OpportunityPage: "in_analysis",
}


def refreshed(*pages):
    """What the signals of the ordinary paths (publish, transition) tell the change stream
    (read model, webhooks, cache), for pages or links written directly by a test."""
    stream.pages_changed([page.pk for page in pages])
    return pages[0] if len(pages) == 1 else pages


def set_stage(page, stage: str, **fields):
    """Write the stage as the transition runner would (a column update, not a save)."""
    type(page).objects.filter(pk=page.pk).update(
        stage=stage, stage_changed_at=timezone.now(), **fields
    )
    page.refresh_from_db()
    return refreshed(page)


def make_public(model, *, stage: str | None = None, **fields):
    """A live page in a public stage."""
    return set_stage(make_page(model, **fields), stage or PUBLIC_STAGE[model])


def link_service(alliance, service):
    link = AllianceServiceLink.objects.create(alliance=alliance, service=service)
    refreshed(alliance)  # as publishing the alliance with its new inline would
    return link


def link_item(service, item):
    link = ServiceItemLink.objects.create(service=service, item=item)
    refreshed(service)
    return link


def listening_to_other_processes(seconds: float = 10) -> None:
    """After a change of caches: the signal that fits them (cms.generation) listens, so
    that this process may answer from memory (on PostgreSQL and Redis a thread connects)."""
    import time

    from cms.generation import LOCAL_GENERATION

    LOCAL_GENERATION.reset()
    deadline = time.monotonic() + seconds
    while LOCAL_GENERATION.signal.pushed() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert LOCAL_GENERATION.signal.pushed() is not None, "the signal never listened"


def use_database_caches(settings) -> None:
    """The production default without Redis (cms.cache.DatabaseCache) in test tables, a
    limit no test reaches, and the signal that fits them listening."""
    from django.core.management import call_command

    settings.CACHES = {
        "default": {"BACKEND": "cms.cache.DatabaseCache", "LOCATION": "test_answers"},
        "throttle": {"BACKEND": "cms.cache.DatabaseCache", "LOCATION": "test_counters"},
    }
    call_command("createcachetable", verbosity=0)
    settings.API_THROTTLE_RATES = {"anonymous": "1000/min", "partner": "1000/min"}
    listening_to_other_processes()
