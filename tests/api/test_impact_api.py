from datetime import date
from decimal import Decimal

import pytest

from alliances.models import AlliancePage, ImpactReport
from alliances.stages import AllianceStage
from tests.factories import DistrictFactory, TopicFactory, make_page

pytestmark = pytest.mark.django_db

URL = "/api/v1/impact/"


def _alliance(title, districts, topics=(), stage=AllianceStage.ACTIVE, **fields):
    alliance = make_page(AlliancePage, title=title, stage=stage, **fields)
    alliance.districts.set(districts)
    alliance.topics.set(topics)
    alliance.save()
    return alliance


def _report(alliance, people, start, end, hours="10"):
    return ImpactReport.objects.create(
        alliance=alliance,
        period_start=start,
        period_end=end,
        people_reached=people,
        volunteer_hours=Decimal(hours),
        what_changed=f"{people} Menschen erreicht.",
    )


@pytest.fixture
def impact():
    neheim = DistrictFactory(name="Neheim", slug="neheim")
    huesten = DistrictFactory(name="Hüsten", slug="huesten")
    bildung = TopicFactory(name="Bildung", slug="bildung")
    reading = _alliance("Lesepaten", [neheim, huesten], [bildung])
    _report(reading, 30, date(2026, 1, 1), date(2026, 6, 30), hours="12.5")
    _report(reading, 5, date(2025, 1, 1), date(2025, 12, 31))
    garden = _alliance("Gartenfreunde", [neheim])
    _report(garden, 7, date(2026, 1, 1), date(2026, 3, 31))
    hidden = _alliance("Vorschlag", [neheim], stage=AllianceStage.PROPOSED)
    _report(hidden, 1000, date(2026, 1, 1), date(2026, 3, 31))
    draft = _alliance("Entwurf", [neheim], publish=False)
    _report(draft, 1000, date(2026, 1, 1), date(2026, 3, 31))


def test_impact_aggregates_public_alliances_per_district_and_topic(client, impact):
    response = client.get(URL)
    assert response.status_code == 200
    data = response.json()
    assert data["people_reached"] == 42
    assert data["volunteer_hours"] == "32.5"
    assert data["alliance_count"] == 2
    by_district = {row["district"]["slug"]: row for row in data["by_district"]}
    assert by_district["neheim"]["people_reached"] == 42
    assert [a["slug"] for a in by_district["neheim"]["alliances"]] == ["gartenfreunde", "lesepaten"]
    assert by_district["huesten"]["report_count"] == 2
    assert [(t["topic"]["slug"], t["people_reached"]) for t in data["by_topic"]] == [
        ("bildung", 35)
    ]
    assert "Vorschlag" not in response.text and "Entwurf" not in response.text


@pytest.mark.parametrize(
    ("params", "people"),
    [
        ({"district": "huesten"}, 35),
        ({"topic": "bildung"}, 35),
        ({"period_from": "2025-02-01", "period_to": "2025-03-01"}, 5),
        ({"period_from": "2026-04-01"}, 30),
    ],
)
def test_impact_filters(client, impact, params, people):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response.json()["people_reached"] == people


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"district": "atlantis"}, "district"),
        ({"period_from": "gestern"}, "period_from"),
        ({"period_from": "2026-05-01", "period_to": "2026-01-01"}, "period_to"),
    ],
)
def test_bad_filters_are_a_400_with_field_messages(client, impact, params, field):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_impact_query_count_does_not_grow_with_reports(client, impact, django_assert_num_queries):
    # Reports with their alliances, then districts and topics; the site root is cached
    # (warmed first: with a shared cache another test may just have cleared it).
    client.get(URL)
    with django_assert_num_queries(3):
        assert client.get(URL).status_code == 200
    _report(AlliancePage.objects.get(title="Gartenfreunde"), 3, date(2024, 1, 1), date(2024, 2, 1))
    with django_assert_num_queries(3):
        assert client.get(URL).status_code == 200


def test_alliance_detail_shows_its_impact_and_consented_voices_only(client):
    from alliances.models import Voice
    from tests.factories import PersonFactory

    alliance = _alliance("Lesepaten", [])
    _report(alliance, 48, date(2026, 1, 1), date(2026, 6, 30), hours="120")
    Voice.objects.create(
        alliance=alliance,
        quote="Ich lerne jeden Tag dazu.",
        person=PersonFactory(first_name="Nicht", last_name="Genannt", voice_consent=True),
        attribution="Lesepatin, 68",
        consent_given=True,
        consent_on=date(2026, 2, 1),
    )
    Voice.objects.create(alliance=alliance, quote="Ohne Zustimmung.", attribution="x")

    response = client.get(f"/api/v1/alliances/{alliance.slug}/")
    assert response.status_code == 200
    impact = response.json()["impact"]
    assert impact["people_reached"] == 48
    assert impact["volunteer_hours"] == "120.0"
    assert impact["reports"][0]["what_changed"] == "48 Menschen erreicht."
    assert impact["reports"][0]["gaps_remeasured"] == []
    assert impact["voices"] == [
        {"quote": "Ich lerne jeden Tag dazu.", "attribution": "Lesepatin, 68"}
    ]
    assert "Genannt" not in response.text and "Ohne Zustimmung" not in response.text
