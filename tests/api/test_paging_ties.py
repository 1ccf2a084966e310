"""Walking every page of every ordering returns every public item exactly once, also when
a bulk import gave many items one timestamp (issue 12). On PostgreSQL, whose order among
ties varies between queries; SQLite happens to keep one."""

import datetime

import pytest
from django.utils import timezone

from alliances.models import AlliancePage, NeedPage
from api.filters import AllianceFilterSet, NeedFilterSet
from api.readmodel import services as readmodel
from tests.factories.api import make_public

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _orderings(filterset) -> list[str]:
    names = [value for value, _label in filterset.base_filters["ordering"].field.choices if value]
    return [None, *names]


def _walk(client, path: str, ordering: str | None) -> list[str]:
    params = {"page_size": 7, "stage": "all"}
    if ordering:
        params["ordering"] = ordering
    seen, url = [], path
    while url:
        body = client.get(url, params).json()
        seen += [item["slug"] for item in body["results"]]
        url, params = body["next"], None
    return seen


@pytest.mark.parametrize(
    ("model", "path", "filterset"),
    [
        (AlliancePage, "/api/v1/alliances/", AllianceFilterSet),
        (NeedPage, "/api/v1/needs/", NeedFilterSet),
    ],
)
def test_every_ordering_pages_through_every_item_once(client, model, path, filterset):
    pages = [make_public(model, title=f"Gleich {n % 3}-{n}") for n in range(45)]
    moment = timezone.now().replace(microsecond=0)
    fields = {"last_published_at": moment, "stage_changed_at": moment}
    if model is AlliancePage:
        fields["started_on"] = datetime.date(2026, 1, 1)
    model.objects.filter(pk__in=[page.pk for page in pages]).update(**fields)
    readmodel.sync([page.pk for page in pages], content=False)
    expected = sorted(page.slug for page in pages)
    for ordering in _orderings(filterset):
        walked = _walk(client, path, ordering)
        assert sorted(walked) == expected, ordering
