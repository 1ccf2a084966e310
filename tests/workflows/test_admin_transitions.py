import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from alliances.models import NeedPage
from tests.factories import make_page
from workflows.models import TransitionLog
from workflows.services import run_transition

pytestmark = pytest.mark.django_db


def _url(page, name, next_url=""):
    url = reverse("workflows:transition", args=[page.pk, name])
    return f"{url}?next={next_url}" if next_url else url


def test_edit_view_shows_stage_and_runnable_steps_in_new_tabs(kernteam_client):
    need = make_page(NeedPage, title="Bänke am Markt")
    response = kernteam_client.get(reverse("wagtailadmin_pages:edit", args=[need.pk]))
    soup = BeautifulSoup(response.content, "html.parser")
    panel = soup.select_one("[data-workflow-stage]")
    assert panel["data-workflow-stage"] == "captured"
    assert "Erfasst" in panel.get_text()
    links = {a.get_text(strip=True): a for a in panel.select("a.button")}
    assert set(links) == {"Analyse beginnen", "Ablehnen", "Zurückstellen"}
    for link in links.values():
        assert link["target"] == "_blank"  # the unsaved edit form stays in its own tab
    # the stage is not a field of the edit form
    form = soup.find("form", id="page-edit-form")
    assert form.find(attrs={"name": "stage"}) is None


def test_redaktion_sees_the_stage_but_no_steps(redaktion_client):
    need = make_page(NeedPage)
    response = redaktion_client.get(reverse("wagtailadmin_pages:edit", args=[need.pk]))
    soup = BeautifulSoup(response.content, "html.parser")
    panel = soup.select_one("[data-workflow-stage]")
    assert panel.select("a.button") == []
    # Wagtail turns PermissionDenied in the admin into a redirect with a message
    assert redaktion_client.get(_url(need, "decline"))["Location"] == "/admin/"
    assert redaktion_client.post(_url(need, "decline"), {"comment": "x"})["Location"] == "/admin/"
    assert NeedPage.objects.get(pk=need.pk).stage == "captured"


def test_dialog_asks_for_assignee_and_runs_the_step(kernteam_client, kernteam_user):
    need = make_page(NeedPage)
    response = kernteam_client.get(_url(need, "start_analysis"))
    assert response.status_code == 200
    assert b'name="assignee"' in response.content
    missing = kernteam_client.post(_url(need, "start_analysis"), {})
    assert missing.status_code == 400
    assert NeedPage.objects.get(pk=need.pk).stage == "captured"
    edit_url = reverse("wagtailadmin_pages:edit", args=[need.pk])
    done = kernteam_client.post(
        _url(need, "start_analysis"), {"assignee": kernteam_user.pk, "next": edit_url}
    )
    assert done.status_code == 302
    assert done["Location"] == edit_url
    need = NeedPage.objects.get(pk=need.pk)
    assert (need.stage, need.assignee) == ("in_analysis", kernteam_user)


def test_guard_failure_lists_its_reasons(kernteam_client, kernteam_user):
    need = make_page(NeedPage)
    run_transition(need, "start_analysis", by=kernteam_user, assignee=kernteam_user)
    preview = kernteam_client.get(_url(need, "complete_analysis"))
    assert "Es fehlt eine Ist-Soll-Bewertung gegen einen Standard." in preview.content.decode()
    response = kernteam_client.post(_url(need, "complete_analysis"), {})
    assert response.status_code == 422
    soup = BeautifulSoup(response.content, "html.parser")
    reasons = [li.get_text(strip=True) for li in soup.select(".workflow-reasons__text")]
    assert reasons == [
        "Es fehlt eine Ist-Soll-Bewertung gegen einen Standard.",
        "Es ist noch keine Priorität gesetzt.",
    ]


def test_conflict_says_someone_was_faster_and_shows_the_new_stage(
    kernteam_client, kernteam_user, monkeypatch
):
    need = make_page(NeedPage, title="Parkbank")
    from workflows import views

    real = views.run_transition

    def someone_else_first(item, name, **kwargs):
        run_transition(NeedPage.objects.get(pk=item.pk), "decline", by=None, comment="x")
        return real(item, name, **kwargs)

    monkeypatch.setattr(views, "run_transition", someone_else_first)
    response = kernteam_client.post(_url(need, "put_on_hold"), {"comment": "Pause"}, follow=True)
    content = response.content.decode()
    assert "Jemand anderes war schneller" in content
    assert "„Abgelehnt“" in content
    assert TransitionLog.objects.filter(page_id=need.pk).count() == 1


def test_unsaved_edits_survive_a_step_taken_meanwhile(
    kernteam_client, kernteam_user, post_edit_form
):
    need = make_page(NeedPage, title="Alt")
    # The editor has the form open; in another tab the step is taken ...
    kernteam_client.post(_url(need, "decline"), {"comment": "Doppelt", "confirm": "on"})
    # ... and then the edit form is saved: both the edit and the stage survive.
    response = post_edit_form(kernteam_client, need, publish=True, title="Neu")
    assert response.status_code == 302
    need = NeedPage.objects.get(pk=need.pk)
    assert (need.title, need.stage) == ("Neu", "declined")


def test_unknown_step_or_page_is_404(kernteam_client):
    need = make_page(NeedPage)
    assert kernteam_client.get(_url(need, "fly_away")).status_code == 404
    assert (
        kernteam_client.get(reverse("workflows:transition", args=[999999, "decline"])).status_code
        == 404
    )
