"""Partners see what is wanted: the catalogues, the `wanted` block, the filter. Never a
person: only catalogue names and counts leave the admin."""

import pytest

from alliances.models import (
    AlliancePage,
    AllianceServiceLink,
    Membership,
    ServicePage,
    ServiceRequirement,
)
from tests.factories import CompetenceFactory, PersonFactory, ResourceFactory
from tests.factories.api import make_public

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]


@pytest.fixture
def wanted():
    first_aid = CompetenceFactory(name="Erste Hilfe", slug="erste-hilfe", category="care")
    arabic = CompetenceFactory(name="Arabisch", slug="arabisch", category="language")
    CompetenceFactory(name="Schach", slug="schach", needs_review=True)
    van = ResourceFactory(name="Transporter", slug="transporter", category="vehicle")
    service = make_public(ServicePage, title="Besuche")
    ServiceRequirement.objects.create(service=service, competence=first_aid, quantity=3)
    ServiceRequirement.objects.create(service=service, competence=arabic)
    ServiceRequirement.objects.create(service=service, resource=van, essential=False)
    alliance = make_public(AlliancePage, title="Nachbarn")
    AllianceServiceLink.objects.create(alliance=alliance, service=service)
    person = PersonFactory(first_name="Geheim", last_name="Person", email="g@privat.example.org")
    member = Membership(alliance=alliance, person=person)
    member.competences = [first_aid, arabic]
    member.save()
    other = make_public(AlliancePage, title="Andere")
    alliance.save_revision().publish()  # the read model hears of the links
    service.save_revision().publish()
    return {"alliance": alliance, "other": other}


def test_the_catalogues_list_reviewed_entries_with_their_category(client, wanted):
    data = client.get("/api/v1/competences/", HTTP_ACCEPT_LANGUAGE="de").json()
    assert [(c["slug"], c["category"], c["category_name"]) for c in data] == [
        ("arabisch", "language", "Sprachen"),
        ("erste-hilfe", "care", "Gesundheit und Pflege"),
    ]
    resources = client.get("/api/v1/resources/").json()
    assert [r["slug"] for r in resources] == ["transporter"]
    assert client.get("/api/v1/competences/arabisch/").json()["name"] == "Arabisch"
    assert client.get("/api/v1/competences/schach/").status_code == 404


def test_the_alliance_detail_says_what_is_wanted_and_names_nobody(client, wanted):
    response = client.get(f"/api/v1/alliances/{wanted['alliance'].slug}/")
    assert response.json()["wanted"] == [
        {
            "kind": "competence",
            "slug": "erste-hilfe",
            "name": "Erste Hilfe",
            "still_needed": 2,
            "essential": True,
        },
        {
            "kind": "resource",
            "slug": "transporter",
            "name": "Transporter",
            "still_needed": 1,
            "essential": False,
        },
    ]
    assert "Geheim" not in response.text and "privat.example.org" not in response.text
    assert client.get(f"/api/v1/alliances/{wanted['other'].slug}/").json()["wanted"] == []


def test_alliances_can_be_filtered_by_a_wanted_competence(client, wanted):
    def slugs(query):
        return [a["slug"] for a in client.get(f"/api/v1/alliances/?{query}").json()["results"]]

    assert slugs("stage=all&wanted_competence=erste-hilfe") == [wanted["alliance"].slug]
    assert slugs("stage=all&wanted_competence=arabisch") == []  # covered by the member
    assert slugs("stage=all&wanted_competence=arabisch&wanted_competence=erste-hilfe") == [
        wanted["alliance"].slug
    ]
    bad = client.get("/api/v1/alliances/?wanted_competence=gibt-es-nicht")
    assert bad.status_code == 400
    assert "wanted_competence" in bad.text


def test_the_schema_documents_the_catalogues_and_the_wanted_block(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    for text in ("/api/v1/competences/", "/api/v1/resources/", "wanted_competence", "still_needed"):
        assert text in schema


def _districted(wanted, slug="neheim"):
    from tests.factories import DistrictFactory

    district = DistrictFactory(name="Neheim", slug=slug)
    for key in ("alliance", "other"):
        wanted[key].districts.set([district])
        wanted[key].save_revision().publish()
    return district


def test_the_embed_shows_wir_suchen_for_a_district_with_counts_and_names_only(client, wanted):
    _districted(wanted)
    response = client.get("/embed/alliances/?view=wanted&district=neheim")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Wir suchen in Neheim" in text
    assert "<strong>Erste Hilfe</strong>" in text and "2 Personen gesucht" in text
    assert "<strong>Transporter</strong>" in text and "1 benötigt" in text
    assert "Arabisch" not in text  # covered by the member
    assert "Geheim" not in text and "privat.example.org" not in text
    assert "Nachbarn" not in text  # counts and names, no alliance
    assert "/mitmachen/" in text

    # Only public alliances that look for people count.
    wanted["alliance"].unpublish()
    text = client.get("/embed/alliances/?view=wanted&district=neheim").content.decode()
    assert "Erste Hilfe" not in text and "sucht gerade keine" in text


@pytest.mark.parametrize(
    "query",
    [
        "view=wanted&district=gibt-es-nicht",
        "view=gesucht&district=neheim",
        "view=wanted&district=neheim&limit=0",
        "view=wanted&district=neheim&limit=x",
        "view=wanted&age_group=unbekannt",
    ],
)
def test_every_embed_parameter_is_validated(client, wanted, query):
    _districted(wanted)
    response = client.get(f"/embed/alliances/?{query}")
    assert response.status_code == 400
    assert "Das Widget ist nicht richtig eingerichtet" in response.content.decode()


def test_the_public_page_says_what_it_looks_for_next_to_the_prefilled_form(client, wanted):
    alliance = wanted["alliance"]
    text = client.get(alliance.url).content.decode()
    block = text.split('id="wanted-heading"', 1)[1].split("</ul>", 1)[0]
    assert "Wir suchen" in text
    assert 'href="?bringe=erste-hilfe#join-form-heading">Erste Hilfe</a>' in block
    assert "2 Personen gesucht" in block and "Arabisch" not in block
    assert "Geheim" not in text and "privat.example.org" not in text
    assert not re_checked(text.encode(), "erste-hilfe")

    prefilled = client.get(f"{alliance.url}?bringe=erste-hilfe&bringe=transporter").content
    assert re_checked(prefilled, "erste-hilfe") and re_checked(prefilled, "transporter")
    assert not re_checked(prefilled, "arabisch")
    join = client.get(f"/mitmachen/allianz/{alliance.slug}/?bringe=erste-hilfe").content
    assert re_checked(join, "erste-hilfe")
    for bad in ("gibt-es-nicht", "%3Cscript%3E", "a" * 500, "erste hilfe"):
        response = client.get(f"{alliance.url}?bringe={bad}")
        assert response.status_code == 200 and not re_checked(response.content, r"[^\"]+")


def re_checked(content: bytes, slug: str) -> bool:
    import re

    return bool(re.search(rf'<input[^>]*value="{slug}"[^>]*checked', content.decode()))


def test_an_alliance_no_longer_looking_shows_no_wir_suchen(client, wanted):
    from tests.factories.api import set_stage

    alliance = set_stage(wanted["alliance"], "paused")
    assert 'id="wanted-heading"' not in client.get(alliance.url).content.decode()


def test_the_embed_keeps_its_sums_until_public_data_changes(client, wanted, settings):
    """The sums run over every public alliance: computed once per change of public data,
    like a cached API answer, and gone the moment an alliance leaves the public."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.API_RESPONSE_CACHE_TIMEOUT = 600
    _districted(wanted)
    url = "/embed/alliances/?view=wanted&district=neheim"
    with CaptureQueriesContext(connection) as first:
        assert "Erste Hilfe" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as second:
        assert "Erste Hilfe" in client.get(url).content.decode()
    demand = [q for q in first.captured_queries if "still_needed" in q["sql"]]
    assert len(demand) == 1
    assert not [q for q in second.captured_queries if "still_needed" in q["sql"]]

    wanted["alliance"].unpublish()
    text = client.get(url).content.decode()
    assert "Erste Hilfe" not in text and "sucht gerade keine" in text
