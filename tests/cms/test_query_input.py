"""Query strings the site and the partner API cannot read as meant (break tests): `q=%FF`
(not UTF-8) and `q=%E2%80%8B` (a zero-width space only) answered `count: 0` without a
word, and the site took one of `?q=a&q=b` silently. Each is now named where it was sent."""

import pytest

from alliances.models import AlliancePage, ImpactPage
from cms.models import HomePage
from cms.query_input import only_invisible
from tests.factories import DistrictFactory
from tests.factories.api import make_public

pytestmark = pytest.mark.django_db

NOT_UTF8_DE = "nicht als UTF-8 gesendet"
INVISIBLE_DE = "Der Suchbegriff besteht nur aus unsichtbaren Zeichen"
REPEATED_FILTER_DE = "Mehrmals in der Adresse angegeben; bitte wählen Sie einen Wert."
# A zero-width space, a byte-order mark, joiners with a space, the Braille blank, a
# Hangul filler, a soft hyphen, a direction mark.
INVISIBLE = ["%E2%80%8B", "%EF%BB%BF", "%E2%80%8D+%E2%80%8C", "%E2%A0%80", "%E3%85%A4",
             "%C2%AD", "%E2%80%8F"]  # fmt: skip


@pytest.fixture
def alliance():
    DistrictFactory(slug="neheim", name="Neheim")
    return make_public(AlliancePage, title="Lesepaten Neheim")


def test_what_counts_as_invisible():
    assert only_invisible("\u200b")
    assert only_invisible(" \ufeff\u2060 ")
    assert not only_invisible("")
    assert not only_invisible("   ")  # spaces only: an empty field, not a mistake
    assert not only_invisible("\u200bLesepaten")
    assert not only_invisible("😀")


@pytest.mark.parametrize("value", ["%FF", "Lese%FCpaten", "%C3"])
def test_the_api_names_a_value_not_sent_as_utf8(client, alliance, value):
    for path in ("/api/v1/alliances/", "/api/v1/needs/"):
        response = client.get(f"{path}?q={value}")
        assert response.status_code == 400, path
        [message] = response.json()["errors"]["q"]
        assert NOT_UTF8_DE in message
    # Every parameter alike, whether a filter or not.
    response = client.get("/api/v1/alliances/?district=%FF")
    assert NOT_UTF8_DE in response.json()["errors"]["district"][0]


def test_a_replacement_character_sent_as_utf8_is_text(client, alliance):
    response = client.get("/api/v1/alliances/?q=%EF%BF%BD")
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize("value", INVISIBLE)
def test_the_api_names_a_search_term_of_invisible_characters(client, alliance, value):
    response = client.get(f"/api/v1/alliances/?q={value}")
    assert response.status_code == 400
    [message] = response.json()["errors"]["q"]
    assert message.startswith(INVISIBLE_DE)
    assert client.get("/api/v1/alliances/?q=%E2%80%8BLesepaten").json()["count"] == 1


def test_the_embed_names_a_value_not_sent_as_utf8(client, alliance):
    response = client.get("/embed/alliances/?district=%FF")
    assert response.status_code == 400
    assert NOT_UTF8_DE in response.text


@pytest.mark.parametrize("path", ["/suche/", "/allianzen/"])
@pytest.mark.parametrize(
    ("value", "expected"), [("%FF", "nicht als UTF-8"), *[(v, INVISIBLE_DE) for v in INVISIBLE]]
)
def test_the_site_shows_the_search_term_error(client, alliance, path, value, expected):
    response = client.get(f"{path}?q={value}")
    assert response.status_code == 200
    errors = response.text.partition('id="filter-errors"')[2].partition("</div>")[0]
    assert "Suchbegriff:" in errors
    assert expected in errors


@pytest.mark.parametrize(
    "query", ["q=Lesepaten&q=Neheim", "district=neheim&district=neheim", "topic=a&topic=b"]
)
@pytest.mark.parametrize("path", ["/suche/", "/allianzen/"])
def test_the_site_names_a_filter_given_twice(client, alliance, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200
    errors = response.text.partition('id="filter-errors"')[2].partition("</div>")[0]
    assert REPEATED_FILTER_DE in errors


def test_the_impact_page_names_a_filter_given_twice(client, alliance):
    home = HomePage.objects.get()
    page = home.add_child(instance=ImpactPage(title="Wirkung", slug="wirkung"))
    page.save_revision().publish()
    response = client.get("/wirkung/?district=neheim&district=neheim")
    assert REPEATED_FILTER_DE in response.text


@pytest.mark.parametrize(
    "address",
    [
        "/stadtteile/?zeige=allianzen&zeige=bedarf",
        "/mitmachen/melden/danke/?ref=a&ref=b",
        "/sitemap-alliances.xml?p=1&p=2",
    ],
)
def test_the_sites_other_views_refuse_a_parameter_given_twice(client, alliance, address):
    response = client.get(address)
    assert response.status_code == 400
    assert (
        "Ein Parameter steht mehrmals in der Adresse, obwohl er nur einen Wert annimmt."
        in response.text
    )
    assert "<code>" + address.partition("?")[2].partition("=")[0] + "</code>" in response.text


def test_the_schema_says_which_search_terms_the_api_takes(client):
    """The schema's pattern of `q` is the rule (schemathesis generates from it): spaces only,
    or at least one character that is not invisible; checked on every BMP character."""
    import re

    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    [q] = [
        p for p in schema["paths"]["/api/v1/alliances/"]["get"]["parameters"] if p["name"] == "q"
    ]
    pattern = re.compile(q["schema"]["pattern"])
    for code in range(1, 0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        for term in (chr(code), f" {chr(code)} ", f"a{chr(code)}"):
            assert bool(pattern.match(term)) is not only_invisible(term), hex(code)
