"""The board: filters only where they apply, bulk steps through the runner, per-card results."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from alliances.models import NeedPage, ServicePage
from tests.factories import make_page
from workflows.models import TransitionLog

pytestmark = pytest.mark.django_db


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_kind_filter_only_on_the_items_tab(kernteam_client):
    board = reverse("kernteam_board")
    assert _soup(kernteam_client.get(board)).select('.board-filters [name="kind"]')
    for tab in ("services", "alliances"):
        page = _soup(kernteam_client.get(f"{board}?tab={tab}"))
        assert not page.select('.board-filters [name="kind"]'), tab
        assert page.select('.board-filters [name="district"]')


def test_a_bulk_step_runs_each_card_through_the_runner_and_reports_each(
    kernteam_client, kernteam_user
):
    first, second = make_page(NeedPage, title="Eins"), make_page(NeedPage, title="Zwei")
    later = make_page(NeedPage, title="Drei")
    NeedPage.objects.filter(pk=later.pk).update(stage="in_definition")
    board = _soup(kernteam_client.get(reverse("kernteam_board")))
    assert board.select(f'input[type=checkbox][name=pages][value="{first.pk}"][form=board-bulk]')
    data = {
        "tab": "items",
        "transition": "decline",
        "comment": "Doppelt erfasst",
        "pages": [first.pk, second.pk, later.pk],
    }
    url = reverse("kernteam_board_bulk")
    refused = kernteam_client.post(url, data)
    assert refused.status_code == 400  # a weighty step: confirmation missing
    assert "Bitte bestätigen Sie diesen Schritt." in refused.content.decode()
    assert not TransitionLog.objects.exists()

    response = kernteam_client.post(url, {**data, "confirm": "on"})
    assert response.status_code == 200
    rows = {
        int(row["data-page"]): (row["data-done"], row.get_text(" ", strip=True))
        for row in _soup(response).select(".board-bulk__results tbody tr")
    }
    assert rows[first.pk][0] == rows[second.pk][0] == "1"
    assert rows[later.pk][0] == "0"
    assert "nicht möglich" in rows[later.pk][1]
    assert NeedPage.objects.get(pk=first.pk).stage == "declined"
    assert NeedPage.objects.get(pk=later.pk).stage == "in_definition"
    logs = TransitionLog.objects.filter(transition="decline")
    assert {log.page_id for log in logs} == {first.pk, second.pk}
    assert {log.comment for log in logs} == {"Doppelt erfasst"}


def test_a_bulk_step_reports_a_refused_guard_per_card(kernteam_client):
    service = make_page(ServicePage, title="Leer", offer="")
    response = kernteam_client.post(
        reverse("kernteam_board_bulk"),
        {"tab": "services", "transition": "define", "pages": [service.pk]},
    )
    text = _soup(response).select_one(".board-bulk__results").get_text(" ", strip=True)
    assert "Es fehlt die Beschreibung, was die Leistung anbietet." in text


def test_the_redaktion_cannot_run_bulk_steps(redaktion_client):
    need = make_page(NeedPage)
    response = redaktion_client.post(
        reverse("kernteam_board_bulk"),
        {
            "tab": "items",
            "transition": "decline",
            "comment": "x",
            "confirm": "on",
            "pages": [need.pk],
        },
    )
    assert response.status_code in (302, 403)
    assert NeedPage.objects.get(pk=need.pk).stage == "captured"


def test_a_bulk_comment_has_the_step_dialogs_length_limit(kernteam_client):
    """The board takes no longer comment than the step dialog and the workflow API."""
    from workflows.models import COMMENT_MAX_LENGTH

    need = make_page(NeedPage)
    data = {"tab": "items", "transition": "put_on_hold", "pages": [need.pk], "confirm": "on"}
    response = kernteam_client.post(
        reverse("kernteam_board_bulk"), {**data, "comment": "x" * (COMMENT_MAX_LENGTH + 1)}
    )
    assert response.status_code == 400
    assert f"höchstens {COMMENT_MAX_LENGTH} Zeichen" in response.content.decode()
    assert not TransitionLog.objects.exists()
    response = kernteam_client.post(
        reverse("kernteam_board_bulk"), {**data, "comment": "x" * COMMENT_MAX_LENGTH}
    )
    assert response.status_code == 200
    assert NeedPage.objects.get(pk=need.pk).stage == "on_hold"


DIGITS_ONLY = "Bitte schreiben Sie Zahlen nur mit den Ziffern 0 bis 9."
REASON_MISSING = "Bitte geben Sie eine Begründung an."


def test_a_too_long_reason_says_only_that_it_is_too_long(kernteam_client):
    """The length error left the comment out of the cleaned data, which then also read as
    "no reason given"."""
    from workflows.models import COMMENT_MAX_LENGTH

    need = make_page(NeedPage)
    data = {"tab": "items", "transition": "put_on_hold", "pages": [need.pk], "confirm": "on"}
    url = reverse("kernteam_board_bulk")
    response = kernteam_client.post(url, {**data, "comment": "x" * (COMMENT_MAX_LENGTH + 1)})
    assert response.status_code == 400
    errors = [li.get_text() for li in _soup(response).select(".board-bulk__errors li")]
    assert len(errors) == 1 and f"höchstens {COMMENT_MAX_LENGTH} Zeichen" in errors[0]
    for blank in ("", "   "):  # no reason: that message, as before
        response = kernteam_client.post(url, {**data, "comment": blank})
        errors = [li.get_text() for li in _soup(response).select(".board-bulk__errors li")]
        assert errors == [REASON_MISSING], blank
    assert not TransitionLog.objects.exists()


@pytest.mark.parametrize("value", ["١", "²", "１٢"])
def test_bulk_cards_in_other_digits_are_refused_saying_which_digits(kernteam_client, value):
    need = make_page(NeedPage)
    response = kernteam_client.post(
        reverse("kernteam_board_bulk"),
        {
            "tab": "items",
            "transition": "put_on_hold",
            "comment": "Warten auf Rückmeldung",
            "confirm": "on",
            "pages": [need.pk, value],
        },
    )
    assert response.status_code == 400
    errors = [li.get_text() for li in _soup(response).select(".board-bulk__errors li")]
    assert errors == [DIGITS_ONLY]
    assert not TransitionLog.objects.exists()


@pytest.mark.parametrize(
    ("tab", "error"),
    [
        (["zzz"], "Übersicht: Eine Übersicht „zzz“ gibt es nicht."),
        (["items", "services"], "Übersicht: Die Übersicht wurde mehrfach angegeben."),
    ],
)
def test_a_bulk_step_for_an_unknown_board_is_refused_as_the_board_refuses_it(
    kernteam_client, tab, error
):
    """It was read as the first board, and its step run on the cards."""
    need = make_page(NeedPage)
    data = {"tab": tab, "transition": "decline", "comment": "Doppelt", "confirm": "on"}
    response = kernteam_client.post(reverse("kernteam_board_bulk"), {**data, "pages": [need.pk]})
    assert response.status_code == 400
    errors = [li.get_text() for li in _soup(response).select(".board-bulk__errors li")]
    assert len(errors) == 1 and errors[0].startswith(error)
    assert NeedPage.objects.get(pk=need.pk).stage == "captured"
    assert not TransitionLog.objects.exists()
