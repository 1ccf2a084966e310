"""Point 1: search and filters on every index page and a site search, server-rendered from
GET parameters, paginated, over public pages only."""

import pytest

from alliances.models import AlliancePage, NeedPage, OpportunityPage, ServicePage
from alliances.stages import AllianceStage, ItemStage
from tests.factories import AgeGroupFactory, DistrictFactory, TopicFactory, make_page
from tests.factories.api import set_stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return {
        "neheim": DistrictFactory(slug="neheim", name="Neheim"),
        "huesten": DistrictFactory(slug="huesten", name="Hüsten"),
        "bildung": TopicFactory(slug="bildung", name="Bildung"),
        "umwelt": TopicFactory(slug="umwelt", name="Umwelt"),
        "kinder": AgeGroupFactory(slug="kinder", name="Kinder"),
        "senioren": AgeGroupFactory(slug="senioren", name="Seniorinnen und Senioren"),
    }


def classified(model, title, *, district, topic, age_group, stage=None, **fields):
    page = make_page(model, title=title, **fields)
    page.districts.set([district])
    page.topics.set([topic])
    page.age_groups.set([age_group])
    page.save_revision().publish()
    return set_stage(page, stage or _public_stage(model))


def _public_stage(model):
    from tests.factories.api import PUBLIC_STAGE

    return PUBLIC_STAGE[model]


def titles(response) -> list[str]:
    import re

    return re.findall(r'<h[23]><a href="[^"]+">([^<]+)</a></h[23]>', response.text)


@pytest.fixture
def alliances(catalogue):
    c = catalogue
    return {
        "lesepaten": classified(AlliancePage, "Lesepaten Neheim", district=c["neheim"],
                                topic=c["bildung"], age_group=c["kinder"]),
        "gaerten": classified(AlliancePage, "Gemeinschaftsgarten Hüsten", district=c["huesten"],
                              topic=c["umwelt"], age_group=c["senioren"]),
        "tablet": classified(AlliancePage, "Tablet-Treff Neheim", district=c["neheim"],
                             topic=c["bildung"], age_group=c["senioren"]),
        "geheim": classified(AlliancePage, "Lesekreis Neheim (Idee)", district=c["neheim"],
                             topic=c["bildung"], age_group=c["kinder"],
                             stage=AllianceStage.PROPOSED),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Gemeinschaftsgarten Hüsten", "Lesepaten Neheim", "Tablet-Treff Neheim"]),
        ("?district=neheim", ["Lesepaten Neheim", "Tablet-Treff Neheim"]),
        ("?topic=umwelt", ["Gemeinschaftsgarten Hüsten"]),
        ("?age_group=senioren", ["Gemeinschaftsgarten Hüsten", "Tablet-Treff Neheim"]),
        ("?district=neheim&age_group=kinder", ["Lesepaten Neheim"]),
        ("?district=huesten&topic=bildung", []),
    ],
)
def test_index_filters_show_public_matches_only(client, alliances, query, expected):
    response = client.get(f"/allianzen/{query}")
    assert response.status_code == 200
    assert titles(response) == expected
    assert "Idee" not in response.text


def test_index_search_finds_words_in_title_and_summary_of_public_pages(client, alliances):
    AlliancePage.objects.filter(pk=alliances["gaerten"].pk).update(summary="Wir pflanzen Tomaten.")
    page = AlliancePage.objects.get(pk=alliances["gaerten"].pk)
    page.save_revision().publish()
    assert titles(client.get("/allianzen/?q=Neheim")) == ["Lesepaten Neheim", "Tablet-Treff Neheim"]
    assert titles(client.get("/allianzen/?q=Tomaten")) == ["Gemeinschaftsgarten Hüsten"]
    assert titles(client.get("/allianzen/?q=Lesekreis")) == []
    assert titles(client.get("/allianzen/?q=Neheim&age_group=kinder")) == ["Lesepaten Neheim"]
    html = client.get("/allianzen/?q=Neheim").text
    assert 'value="Neheim"' in html  # the term stays in the field


@pytest.mark.parametrize(
    "query",
    [
        "?district=mond",
        "?district=neheim&district=huesten",
        "?page=abc",
        "?page=999",
        "?q=" + "x" * 500,
        "?topic[]=1",
        "?q=%00",
        "?q=\"'<script>",
    ],
)
def test_bad_parameters_never_break_the_page(client, alliances, query):
    response = client.get(f"/allianzen/{query}")
    assert response.status_code in {200, 400}
    assert "<script>" not in response.text.partition("<main")[2]


def test_quotes_and_operators_in_the_search_term_are_words_only(client, alliances):
    assert titles(client.get("/allianzen/?q=\"Lesepaten'")) == ["Lesepaten Neheim"]


def test_an_unknown_filter_is_named_and_the_others_still_apply(client, alliances):
    response = client.get("/allianzen/?district=mond&age_group=kinder")
    assert response.status_code == 200
    assert "Dieser Filter wird nicht angewendet." in response.text
    assert titles(response) == ["Lesepaten Neheim"]


def test_pagination_keeps_the_selection_in_shareable_links(client, catalogue):
    for number in range(14):
        classified(AlliancePage, f"Allianz {number:02d}", district=catalogue["neheim"],
                   topic=catalogue["bildung"], age_group=catalogue["kinder"])  # fmt: skip
    first = client.get("/allianzen/?district=neheim")
    assert len(titles(first)) == 12
    assert "14 Ergebnisse" in first.text
    assert 'href="?district=neheim&amp;page=2" rel="next"' in first.text
    second = client.get("/allianzen/?district=neheim&page=2")
    assert titles(second) == ["Allianz 12", "Allianz 13"]


def test_every_index_page_has_the_filters(client, catalogue):
    c = catalogue
    classified(NeedPage, "Schatten am Spielplatz", district=c["huesten"], topic=c["umwelt"],
               age_group=c["kinder"], stage=ItemStage.CLOSED)  # fmt: skip
    classified(OpportunityPage, "Leerstand als Treffpunkt", district=c["neheim"],
               topic=c["bildung"], age_group=c["senioren"])  # fmt: skip
    classified(ServicePage, "Vorlesen in Kitas", district=c["neheim"], topic=c["bildung"],
               age_group=c["kinder"])  # fmt: skip
    for url, hit in [
        ("/bedarfslagen/?district=huesten", "Schatten am Spielplatz"),
        ("/entwicklungschancen/?district=neheim", "Leerstand als Treffpunkt"),
        ("/leistungen/?age_group=kinder", "Vorlesen in Kitas"),
    ]:
        response = client.get(url)
        assert '<select name="district"' in response.text
        assert titles(response) == [hit]
    assert titles(client.get("/bedarfslagen/?district=neheim")) == []


def test_site_search_covers_all_kinds_and_links_to_the_full_lists(client, alliances, catalogue):
    c = catalogue
    classified(ServicePage, "Vorlesen in Neheim", district=c["neheim"], topic=c["bildung"],
               age_group=c["kinder"])  # fmt: skip
    captured = make_page(NeedPage, title="Neheim braucht Bänke")
    set_stage(captured, ItemStage.CAPTURED)
    response = client.get("/suche/?q=Neheim")
    assert response.status_code == 200
    assert titles(response) == ["Lesepaten Neheim", "Tablet-Treff Neheim", "Vorlesen in Neheim"]
    assert "Bänke" not in response.text
    assert "3 Ergebnisse" in response.text
    filtered = client.get("/suche/?district=huesten")
    assert titles(filtered) == ["Gemeinschaftsgarten Hüsten"]
    assert client.get("/suche/").status_code == 200


def test_site_search_links_to_the_index_when_a_kind_has_more(client, catalogue):
    for number in range(7):
        classified(AlliancePage, f"Garten {number}", district=catalogue["huesten"],
                   topic=catalogue["umwelt"], age_group=catalogue["kinder"])  # fmt: skip
    html = client.get("/suche/?district=huesten").text
    assert 'href="/allianzen/?district=huesten">Alle 7 Ergebnisse in „Allianzen“ zeigen</a>' in html


@pytest.mark.parametrize(
    ("query", "notice", "shown"),
    [
        ("page=%D9%A2", "Bitte geben Sie die Seitenzahl mit den Ziffern 0 bis 9 an. "
         "Die erste Seite wird gezeigt.", "Allianz 00"),
        ("page=abc", "Bitte geben Sie die Seitenzahl mit den Ziffern 0 bis 9 an. "
         "Die erste Seite wird gezeigt.", "Allianz 00"),
        ("page=0", "Die Seiten werden ab 1 gezählt. Die erste Seite wird gezeigt.",
         "Allianz 00"),
        ("page=1&page=2", "Die Seitenzahl wurde mehrfach angegeben. Bitte geben Sie nur "
         "eine an. Die erste Seite wird gezeigt.", "Allianz 00"),
        ("page=99", "Diese Liste hat nur 2 Seiten; die letzte wird gezeigt.", "Allianz 12"),
    ],
)  # fmt: skip
def test_a_bad_page_number_gets_a_notice_like_a_bad_filter(client, catalogue, query, notice, shown):
    for number in range(14):
        classified(AlliancePage, f"Allianz {number:02d}", district=catalogue["neheim"],
                   topic=catalogue["bildung"], age_group=catalogue["kinder"])  # fmt: skip
    response = client.get(f"/allianzen/?{query}")
    assert response.status_code == 200
    assert f"Seite: {notice}" in response.text
    assert titles(response)[0] == shown
    good = client.get("/allianzen/?page=2")
    assert 'id="page-notice"' not in good.text and titles(good)[0] == "Allianz 12"
