from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from alliances.models import AlliancePage, NeedPage, ServicePage
from api.filters import (
    AllianceFilterSet,
    NeedFilterSet,
    OpportunityFilterSet,
    ServiceFilterSet,
)
from api.readmodel.models import PublicRecord
from api.urls import router
from tests.factories import DistrictFactory, OrganisationFactory, TopicFactory, add_member
from tests.factories.api import link_item, link_service, make_public, refreshed, set_stage

pytestmark = pytest.mark.django_db


def slugs(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def test_alliances_default_to_active_and_stage_all_shows_every_public_stage(client):
    active = make_public(AlliancePage, title="Aktiv")
    forming = make_public(AlliancePage, title="In Gruendung", stage="forming")
    make_public(AlliancePage, title="Vorgeschlagen", stage="proposed")
    assert slugs(client, "/api/v1/alliances/") == [active.slug]
    assert slugs(client, "/api/v1/alliances/", stage="forming") == [forming.slug]
    assert slugs(client, "/api/v1/alliances/", stage="all") == [active.slug, forming.slug]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"stage": "proposed"}, "stage"),
        ({"stage": "nonsense"}, "stage"),
        ({"district": "atlantis"}, "district"),
        ({"topic": "nope"}, "topic"),
        ({"age_group": "nope"}, "age_group"),
        ({"organisation": "nope"}, "organisation"),
        ({"service": "nope"}, "service"),
        ({"need": "nope"}, "need"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"ordering": "priority"}, "ordering"),
    ],
)
def test_unknown_filter_value_is_a_400_naming_the_parameter(client, params, parameter):
    response = client.get("/api/v1/alliances/", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert list(body["errors"]) == [parameter]
    assert body["errors"][parameter][0]


def test_a_non_public_service_is_an_unknown_value(client):
    draft = make_public(ServicePage, title="Entwurf", stage="draft")
    response = client.get("/api/v1/alliances/", {"service": draft.slug})
    assert response.status_code == 400
    assert "service" in response.json()["errors"]


def test_filter_by_district_topic_and_organisation(client):
    neheim, huesten = DistrictFactory(slug="neheim"), DistrictFactory(slug="huesten")
    topic = TopicFactory(slug="bildung")
    club = OrganisationFactory(slug="bv-neheim")
    a = make_public(AlliancePage, title="A")
    b = make_public(AlliancePage, title="B")
    a.districts.set([neheim])
    a.topics.set([topic])
    a.save_revision().publish()
    b.districts.set([huesten, neheim])
    b.save_revision().publish()
    add_member(b, organisation=club)

    assert slugs(client, "/api/v1/alliances/", district="neheim") == [a.slug, b.slug]
    assert slugs(client, "/api/v1/alliances/", district="huesten") == [b.slug]
    assert slugs(client, "/api/v1/alliances/", district="neheim", topic="bildung") == [a.slug]
    assert slugs(client, "/api/v1/alliances/", organisation="bv-neheim") == [b.slug]
    assert slugs(client, "/api/v1/alliances/?district=huesten&district=neheim") == [
        a.slug,
        b.slug,
    ]


def test_filter_by_service_and_need(client):
    alliance = make_public(AlliancePage, title="Lesepaten")
    make_public(AlliancePage, title="Andere")
    service = make_public(ServicePage, title="Vorlesen")
    need = make_public(NeedPage, title="Leseförderung")
    link_service(alliance, service)
    link_item(service, need)
    assert slugs(client, "/api/v1/alliances/", service=service.slug) == [alliance.slug]
    assert slugs(client, "/api/v1/alliances/", need=need.slug) == [alliance.slug]
    assert slugs(client, "/api/v1/services/", need=need.slug) == [service.slug]
    assert slugs(client, "/api/v1/services/", alliance=alliance.slug) == [service.slug]
    assert slugs(client, "/api/v1/needs/", service=service.slug) == [need.slug]
    assert slugs(client, "/api/v1/needs/", alliance=alliance.slug) == [need.slug]


def test_full_text_search_combines_with_filters(client, django_assert_max_num_queries):
    district = DistrictFactory(slug="neheim")
    reading = make_public(AlliancePage, title="Lesepaten", summary="Vorlesen in Kitas")
    reading.districts.set([district])
    reading.save_revision().publish()
    make_public(AlliancePage, title="Repair-Café", summary="Reparieren statt wegwerfen")
    hidden = make_public(AlliancePage, title="Lesekreis", summary="Vorlesen", stage="proposed")

    assert slugs(client, "/api/v1/alliances/", q="Vorlesen") == [reading.slug]
    assert slugs(client, "/api/v1/alliances/", q="Vorlesen", district="neheim") == [reading.slug]
    assert slugs(client, "/api/v1/alliances/", q="reparieren") != []
    assert hidden.slug not in slugs(client, "/api/v1/alliances/", q="Lesekreis", stage="all")
    with django_assert_max_num_queries(7):
        client.get("/api/v1/alliances/", {"q": "Vorlesen", "district": "neheim"})


def test_updated_since_sees_publications_and_stage_changes(client):
    old = make_public(AlliancePage, title="Alt")
    recent = make_public(AlliancePage, title="Neu")
    long_ago = timezone.now() - timedelta(days=30)
    AlliancePage.objects.filter(pk=old.pk).update(
        last_published_at=long_ago, stage_changed_at=long_ago
    )
    AlliancePage.objects.filter(pk=recent.pk).update(last_published_at=long_ago)
    refreshed(old, recent)
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert slugs(client, "/api/v1/alliances/", updated_since=since) == [recent.slug]
    set_stage(old, "paused")
    assert slugs(client, "/api/v1/alliances/", updated_since=since, stage="all") == [
        old.slug,
        recent.slug,
    ]


def test_ordering_and_pagination(client):
    from datetime import date

    pages = [
        make_public(AlliancePage, title=title, started_on=date(2020 + n, 1, 1))
        for n, title in enumerate(["Beta", "Alpha", "Gamma"])
    ]
    assert slugs(client, "/api/v1/alliances/") == ["alpha", "beta", "gamma"]
    assert slugs(client, "/api/v1/alliances/", ordering="-title") == ["gamma", "beta", "alpha"]
    assert slugs(client, "/api/v1/alliances/", ordering="started") == [p.slug for p in pages]
    first = client.get("/api/v1/alliances/", {"page_size": 2}).json()
    assert first["count"] == 3
    assert first["previous"] is None
    assert "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert [a["slug"] for a in second["results"]] == ["gamma"]
    for wrong in ("1000", "0", "-1", "zwei", "２"):
        response = client.get("/api/v1/alliances/", {"page_size": wrong})
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"page_size"}


def test_a_list_builds_only_the_filters_its_request_names():
    # django-filter copies every declared filter, with its queryset, per request; a list
    # takes only those it was asked for, and the stage and ordering that always apply.
    filterset = AllianceFilterSet(QueryDict("district=mitte&page=2"), PublicRecord.objects.all())
    assert set(filterset.filters) == {"stage", "ordering", "district"}
    assert {"organisation", "wanted_competence", "q"} <= set(AllianceFilterSet.base_filters)


# Every list of the router with a filter set, so a new one is covered without editing here.
_LIST_FILTERSETS = [
    (f"/api/v1/{prefix}/", viewset.filterset_class)
    for prefix, viewset, _basename in router.registry
    if getattr(viewset, "filterset_class", None) is not None
]


def test_the_filtered_lists_are_all_there():
    assert {filterset for _path, filterset in _LIST_FILTERSETS} >= {
        AllianceFilterSet,
        ServiceFilterSet,
        NeedFilterSet,
        OpportunityFilterSet,
    }


@pytest.mark.parametrize(
    ("path", "name"),
    [
        (path, name)
        for path, filterset in _LIST_FILTERSETS
        for name in sorted(filterset.repeatable_parameters())
    ],
)
def test_every_unknown_value_of_a_multi_valued_filter_is_named(client, path, name):
    """Django names only the first value it does not know; a partner fixing a list of
    slugs would have to ask once per mistake."""
    response = client.get(f"{path}?{name}=erstens&{name}=zweitens&{name}=erstens")
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {
        name: ["Diese Einträge gibt es nicht: „erstens“, „zweitens“."]
    }
    one = client.get(path, {name: "erstens"})
    assert one.json()["errors"] == {name: ["Diesen Eintrag gibt es nicht: „erstens“."]}
    percent = client.get(path, {name: ["50%", "%(values)s %s"]})  # a message is %-formatted
    assert percent.json()["errors"] == {
        name: ["Diese Einträge gibt es nicht: „50%“, „%(values)s %s“."]
    }


def test_only_the_unknown_values_are_named_and_one_query_checks_them(
    client, django_assert_num_queries
):
    neheim = DistrictFactory(slug="neheim")
    alliance = make_public(AlliancePage, title="A")
    alliance.districts.set([neheim])
    alliance.save_revision().publish()
    response = client.get("/api/v1/alliances/?district=neheim&district=atlantis")
    assert response.json()["errors"] == {"district": ["Diesen Eintrag gibt es nicht: „atlantis“."]}
    client.get("/api/v1/alliances/?district=neheim")  # warm: the generation, the clock
    # The slugs checked in one query, the page with its count, the page's cards.
    for query in ["district=neheim", "district=neheim&district=neheim"]:
        with django_assert_num_queries(3):
            assert client.get(f"/api/v1/alliances/?{query}").json()["count"] == 1
    with django_assert_num_queries(1):
        client.get("/api/v1/alliances/?district=neheim&district=atlantis&district=nirgends")
