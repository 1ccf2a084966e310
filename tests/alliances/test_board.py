from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from alliances.demo.scale import seed_scale
from alliances.demo.seed import seed_catalogues
from alliances.models import District, ItemPage, NeedPage, OpportunityPage, Topic
from tests.factories import DistrictFactory, TopicFactory, make_page
from workflows.models import StageRule, TransitionLog
from workflows.services import run_transition

pytestmark = pytest.mark.django_db

BOARD = "/admin/kernteam/board/"
MAX_QUERIES = 30  # session, user, rules, counts, cards, districts, lead times, filters, menu


def _soup(response):
    assert response.status_code == 200, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


def _column(soup, stage):
    return soup.select_one(f'section[data-stage="{stage}"]')


def test_board_shows_cards_counts_filters_and_overdue(kernteam_client, kernteam_user):
    neheim = DistrictFactory(name="Neheim", slug="neheim")
    bildung = TopicFactory(name="Bildung", slug="bildung")
    need = make_page(NeedPage, title="Hausaufgabenhilfe")
    need.districts = [neheim]
    need.topics = [bildung]
    need.save_revision().publish()
    make_page(OpportunityPage, title="Leerstand nutzen")
    run_transition(need, "start_analysis", by=kernteam_user, assignee=kernteam_user)
    ItemPage.objects.filter(pk=need.pk).update(stage_changed_at=timezone.now() - timedelta(days=9))
    StageRule.objects.create(stage="alliances.itempage:in_analysis", reminder_days=7)

    soup = _soup(kernteam_client.get(BOARD))
    analysis = _column(soup, "in_analysis")
    assert "(1)" in analysis.h2.get_text()
    card = analysis.select_one(f'article[data-page="{need.pk}"]')
    text = card.get_text(" ", strip=True)
    assert "Hausaufgabenhilfe" in text
    assert "Neheim" in text
    assert "kim.kernteam" in text
    assert "9 Tage in der Stufe" in text
    assert "überfällig" in text
    assert "(1)" in _column(soup, "captured").h2.get_text()
    # transitions from the card: a form posting straight to the runner, or the dialog
    assert card.find(
        "form", action=reverse("stage_steps:transition", args=[need.pk, "complete_analysis"])
    )
    assert card.find("a", href=lambda h: h and "/put_on_hold/" in h)

    filtered = _soup(kernteam_client.get(BOARD, {"kind": "opportunity"}))
    assert filtered.select_one(f'article[data-page="{need.pk}"]') is None
    assert "Leerstand nutzen" in filtered.get_text()
    for params in (
        {"district": District.objects.get(slug="neheim").pk},
        {"topic": Topic.objects.get(slug="bildung").pk},
        {"assignee": kernteam_user.pk},
    ):
        soup = _soup(kernteam_client.get(BOARD, params))
        titles = [a.get_text(strip=True) for a in soup.select("article h3 a")]
        assert titles == ["Hausaufgabenhilfe"], params
    bad = kernteam_client.get(BOARD, {"district": "nope"})
    assert bad.status_code == 400


def test_board_shows_lead_time_per_stage(kernteam_client, kernteam_user):
    need = make_page(NeedPage)
    run_transition(need, "start_analysis", by=kernteam_user, assignee=kernteam_user)
    run_transition(need, "put_on_hold", by=kernteam_user, comment="x")
    TransitionLog.objects.filter(transition="start_analysis").update(
        created_at=timezone.now() - timedelta(days=4)
    )
    soup = _soup(kernteam_client.get(BOARD))
    assert (
        "Median 4,0 Tage, 90 % innerhalb von 4,0 Tagen" in _column(soup, "in_analysis").get_text()
    )


def test_board_tabs_for_services_and_alliances(kernteam_client):
    from alliances.models import AlliancePage, ServicePage

    make_page(ServicePage, title="Lesepatenschaft")
    make_page(AlliancePage, title="Allianz Hüsten")
    services = _soup(kernteam_client.get(BOARD, {"tab": "services"}))
    assert "Lesepatenschaft" in _column(services, "draft").get_text()
    alliances = _soup(kernteam_client.get(BOARD, {"tab": "alliances"}))
    assert "Allianz Hüsten" in _column(alliances, "proposed").get_text()


def test_board_is_for_the_kernteam_only(redaktion_client):
    response = redaktion_client.get(BOARD)  # Wagtail turns PermissionDenied into a redirect
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_board_query_count_does_not_grow_with_items(
    kernteam_client, django_assert_num_queries, django_assert_max_num_queries
):
    seed_catalogues()
    seed_scale(40, progress=lambda *a: None)
    kernteam_client.get(BOARD)  # warm the session
    with django_assert_max_num_queries(MAX_QUERIES) as first:
        soup = _soup(kernteam_client.get(BOARD))
    total = sum(int(c["data-count"]) for c in soup.select("section[data-stage]"))
    assert total == ItemPage.objects.count()
    seed_scale(400, progress=lambda *a: None, seed=7)
    with django_assert_num_queries(len(first.captured_queries)):
        soup = _soup(kernteam_client.get(BOARD))
    columns = soup.select("section[data-stage]")
    assert sum(int(c["data-count"]) for c in columns) == ItemPage.objects.count() > 400
    assert max(len(c.select("article")) for c in columns) == 25  # capped columns
    fullest = max(columns, key=lambda c: int(c["data-count"]))
    page = _soup(kernteam_client.get(BOARD, {"stage": fullest["data-stage"], "p": 2}))
    assert len(page.select("article")) == min(50, int(fullest["data-count"]) - 50)


@pytest.mark.parametrize(
    ("query", "error", "filters_at_fault"),
    [
        ("district=atlantis", "Stadtteil:", True),
        ("topic=1&topic=2", "Dieser Filter wurde mehrfach angegeben.", True),
        ("p=٢", "Bitte geben Sie die Seitenzahl mit den Ziffern 0 bis 9 an.", False),
        ("p=1&p=2", "Die Seitenzahl wurde mehrfach angegeben.", False),
        ("tab=zzz", "Eine Übersicht „zzz“ gibt es nicht.", False),
        ("tab=items&tab=services", "Die Übersicht wurde mehrfach angegeben.", False),
        ("stage=zzz", "Eine Stufe „zzz“ gibt es auf dieser Übersicht nicht.", False),
    ],
)
def test_an_invalid_request_shows_its_errors_and_no_cards(
    kernteam_client, query, error, filters_at_fault
):
    make_page(NeedPage, title="Lesecafé am Markt")
    assert "Lesecafé am Markt" in kernteam_client.get(BOARD).text
    response = kernteam_client.get(f"{BOARD}?{query}")
    assert response.status_code == 400
    html = response.text
    assert "Lesecafé am Markt" not in html
    assert error in html
    filters = "Die Filter sind ungültig, daher werden keine Karten angezeigt."
    details = "Die Angaben sind ungültig, daher werden keine Karten angezeigt."
    assert (filters if filters_at_fault else details) in html
    assert (details if filters_at_fault else filters) not in html


def test_a_valid_request_still_shows_its_cards(kernteam_client):
    make_page(NeedPage, title="Lesecafé am Markt")
    for query in ("tab=items", "tab=items&p=1", "stage=captured", "district="):
        response = kernteam_client.get(f"{BOARD}?{query}")
        assert response.status_code == 200, query
        assert "Lesecafé am Markt" in response.text, query


DIGITS_ONLY = "Bitte schreiben Sie Zahlen nur mit den Ziffern 0 bis 9."


@pytest.mark.parametrize("name", ["district", "topic", "assignee"])
@pytest.mark.parametrize("value", ["١", "²", "１"])
def test_the_filters_take_ids_in_digits_0_to_9_only(kernteam_client, kernteam_user, name, value):
    """Django's int() read "١" as the id 1: the board filtered by district 1."""
    from alliances.models import District, Topic

    District.objects.get_or_create(pk=1, defaults={"name": "Eins", "slug": "eins"})
    Topic.objects.get_or_create(pk=1, defaults={"name": "Eins", "slug": "eins"})
    make_page(NeedPage, title="Lesecafé am Markt")
    response = kernteam_client.get(BOARD, {name: value})
    assert response.status_code == 400, (name, value)
    assert DIGITS_ONLY in response.text, (name, value)
    assert "Lesecafé am Markt" not in response.text
    existing = {"district": 1, "topic": 1, "assignee": kernteam_user.pk}[name]  # PostgreSQL
    assert kernteam_client.get(BOARD, {name: str(existing)}).status_code == 200, name  # ids


def test_a_capped_column_shows_the_longest_waiting_first_with_the_filters_applied(
    kernteam_client,
):
    """Each column shows its first 25 by time in stage (oldest first, no time last), among
    the pages the filters let through: one LIMIT per stage (alliances.board)."""
    from alliances.models import ServicePage
    from alliances.stages import ServiceStage

    neheim, huesten = DistrictFactory(slug="neheim"), DistrictFactory(slug="huesten")
    now = timezone.now()
    expected = []
    for n in range(32):
        page = make_page(ServicePage, title=f"Leistung {n:02d}")
        page.districts.set([neheim if n % 4 else huesten])
        page.save()  # a page's districts are kept with the page (ParentalManyToManyField)
        waited = None if n % 8 == 0 else now - timedelta(days=n)
        ServicePage.objects.filter(pk=page.pk).update(stage_changed_at=waited)
        if n % 4:
            expected.append((waited is None, -n, page.title))
    make_page(ServicePage, title="Definierte Leistung", stage=ServiceStage.DEFINED)

    soup = _soup(kernteam_client.get(BOARD, {"tab": "services", "district": neheim.pk}))
    shown = [
        a.select_one("a").get_text(strip=True) for a in _column(soup, "draft").select("article")
    ]
    assert shown == [title for *_key, title in sorted(expected)][:25]
    assert _column(soup, "draft")["data-count"] == "24"
    assert "Definierte Leistung" not in _column(soup, "defined").get_text()  # not in Neheim


def test_every_link_of_a_filtered_board_answers(kernteam_client):
    """A column's "more" link and a stage's page links add the tab, stage and page they
    lead to to the filters alone: none of them is given twice (which is a 400)."""
    neheim = DistrictFactory(slug="neheim")
    for n in range(60):
        page = make_page(NeedPage, title=f"Bedarf {n:02d}")
        page.districts.set([neheim])
        page.save()
    soup = _soup(
        kernteam_client.get(BOARD, {"tab": "items", "kind": "need", "district": neheim.pk})
    )
    more = [a["href"] for a in soup.select("section[data-stage] > a")]
    assert more  # the first column holds 60 needs
    seen = set()
    for href in more:
        page = _soup(kernteam_client.get(BOARD + href))
        for link in page.select("main p a[href^='?']"):  # Previous / Next
            seen.add(link["href"])
            follow = kernteam_client.get(BOARD + link["href"])
            assert follow.status_code == 200, (link["href"], follow.content[:300])
    assert any("p=2" in href for href in seen)
